//! The default credentials chain, in the official SDKs' order: the environment, the profile
//! file, the ECS metadata service (the SDKs try OIDC federation first, which is not done
//! here, see `env.rs`; and pod identity last, which is not done either). The first that gives
//! credentials wins; when none does, the error lists why each did not.

use std::fmt;
use std::sync::Arc;

use super::credentials::{BasicCredentials, Credentials, GlobalCredentials};
use super::env::CredentialsError;
use super::federated::FederatedCredentials;
use super::metadata::MetadataCredentials;
use super::profile::{self, path_from};
use super::PROJECT_ID;
use crate::runtime::Service;

/// The variable a region is read from by generated clients' `from_env()` (ours; the SDKs
/// take the region in code).
const REGION_VARIABLE: &str = "HUAWEICLOUD_SDK_REGION";
const PROJECT_VARIABLE: &str = "HUAWEICLOUD_SDK_PROJECT_ID";
const DOMAIN_VARIABLE: &str = "HUAWEICLOUD_SDK_DOMAIN_ID";
const IDP_VARIABLE: &str = "HUAWEICLOUD_SDK_IDP_ID";
const ID_TOKEN_VARIABLE: &str = "HUAWEICLOUD_SDK_ID_TOKEN_FILE";
const IAM_VARIABLE: &str = "HUAWEICLOUD_SDK_IAM_ENDPOINT";

/// What federated credentials are made of.
struct Federation {
    idp: String,
    file: String,
    project: String,
    domain: Option<String>,
}

/// Looks a variable up.
type Lookup = dyn Fn(&str) -> Option<String> + Send + Sync;

/// Where the default chain looks. [`CredentialsChain::default`] reads the process
/// environment, the profile file it names (else `~/.huaweicloud/credentials`) and the
/// metadata service at `http://169.254.169.254`.
#[derive(Clone)]
pub struct CredentialsChain {
    lookup: Arc<Lookup>,
    metadata_endpoint: Option<String>,
}

impl Default for CredentialsChain {
    fn default() -> Self {
        Self::with_lookup(|name| std::env::var(name).ok())
    }
}

impl fmt::Debug for CredentialsChain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialsChain")
            .field("metadata_endpoint", &self.metadata_endpoint)
            .finish_non_exhaustive()
    }
}

impl CredentialsChain {
    /// A chain reading variables through `lookup` instead of the process environment.
    pub fn with_lookup(lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        Self {
            lookup: Arc::new(lookup),
            metadata_endpoint: None,
        }
    }

    /// Asks the metadata service at `endpoint` (e.g. a test server).
    pub fn with_metadata_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.metadata_endpoint = Some(endpoint.into());
        self
    }

    /// The region named by `HUAWEICLOUD_SDK_REGION`, if set.
    pub fn region(&self) -> Option<String> {
        (self.lookup)(REGION_VARIABLE).filter(|r| !r.trim().is_empty())
    }

    /// Credentials of the scope `service` needs: project-scoped when its operations take a
    /// project id, else domain-scoped.
    pub async fn credentials_for(
        &self,
        service: &Service,
    ) -> Result<Credentials, CredentialsError> {
        if service.fields.contains(&PROJECT_ID) {
            self.basic().await
        } else {
            self.global().await
        }
    }

    /// Federated credentials' settings, from the environment, else from `section` of the
    /// profile file, where they name an identity provider and an id token file (the SDKs
    /// prefer these to AK/SK).
    fn federated(&self, section: &str) -> Option<Federation> {
        let set = |name: &str| (self.lookup)(name).filter(|v| !v.is_empty());
        if let (Some(idp), Some(file)) = (set(IDP_VARIABLE), set(ID_TOKEN_VARIABLE)) {
            return Some(Federation {
                idp,
                file,
                project: set(PROJECT_VARIABLE).unwrap_or_default(),
                domain: set(DOMAIN_VARIABLE),
            });
        }
        let keys = profile::federated(&path_from(&*self.lookup).ok()?, section)?;
        let get = |key: &str| keys.get(key).filter(|v| !v.is_empty()).cloned();
        Some(Federation {
            idp: get("idp_id")?,
            file: get("id_token_file")?,
            project: get("project_id").unwrap_or_default(),
            domain: get("domain_id"),
        })
    }

    /// `credentials` with the IAM endpoint the variables name, if any.
    fn with_iam(&self, credentials: FederatedCredentials) -> Credentials {
        match (self.lookup)(IAM_VARIABLE).filter(|e| !e.is_empty()) {
            Some(endpoint) => credentials.with_iam_endpoint(endpoint).into(),
            None => credentials.into(),
        }
    }

    /// Project-scoped credentials, for regional services. Without a project id they learn it
    /// from IAM for the client's region.
    pub async fn basic(&self) -> Result<Credentials, CredentialsError> {
        let lookup = &*self.lookup;
        if let Some(f) = self.federated("basic") {
            return Ok(self.with_iam(FederatedCredentials::basic(f.idp, f.file, f.project)));
        }
        let mut why = Vec::new();
        match BasicCredentials::from_lookup(lookup) {
            Ok(c) => return Ok(c.into()),
            Err(e) => why.push(format!("environment: {e}")),
        }
        match path_from(lookup).and_then(BasicCredentials::from_profile_file) {
            Ok(c) => return Ok(c.into()),
            Err(e) => why.push(format!("profile: {e}")),
        }
        let project = lookup(PROJECT_VARIABLE).unwrap_or_default();
        self.metadata(MetadataCredentials::basic(project), why)
            .await
    }

    /// Domain-scoped credentials, for global services.
    pub async fn global(&self) -> Result<Credentials, CredentialsError> {
        let lookup = &*self.lookup;
        if let Some(f) = self.federated("global") {
            let mut federated = FederatedCredentials::global(f.idp, f.file);
            if let Some(domain) = f.domain {
                federated = federated.with_domain_id(domain);
            }
            return Ok(self.with_iam(federated));
        }
        let mut why = Vec::new();
        match GlobalCredentials::from_lookup(lookup) {
            Ok(c) => return Ok(c.into()),
            Err(e) => why.push(format!("environment: {e}")),
        }
        match path_from(lookup).and_then(GlobalCredentials::from_profile_file) {
            Ok(c) => return Ok(c.into()),
            Err(e) => why.push(format!("profile: {e}")),
        }
        let mut metadata = MetadataCredentials::global();
        if let Some(domain) = lookup(DOMAIN_VARIABLE).filter(|d| !d.is_empty()) {
            metadata = metadata.with_domain_id(domain);
        }
        self.metadata(metadata, why).await
    }

    /// The metadata service's keys, fetched now so that a machine without one fails here.
    async fn metadata(
        &self,
        source: MetadataCredentials,
        mut why: Vec<String>,
    ) -> Result<Credentials, CredentialsError> {
        let source = match &self.metadata_endpoint {
            Some(endpoint) => source.with_endpoint(endpoint.clone()),
            None => source,
        };
        match source.credentials().await {
            Ok(_) => Ok(source.into()),
            Err(e) => {
                why.push(format!("ECS metadata: {e}"));
                Err(CredentialsError::new(format!(
                    "no credentials found by the default chain:\n{}",
                    why.join("\n")
                )))
            }
        }
    }
}
