//! Regions (a spec's `x-regions`): their endpoints, and how a client picks one, as the
//! official Huawei Cloud SDKs do.

use super::error::BuildError;
use super::ClientBuilder;

/// A region and the endpoint of one service in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Region {
    /// Region id, e.g. `cn-north-4`.
    pub id: &'static str,
    /// Endpoint URL, e.g. `https://dcs.cn-north-4.myhuaweicloud.com`.
    pub endpoint: &'static str,
}

impl Region {
    /// A region with its endpoint.
    pub const fn new(id: &'static str, endpoint: &'static str) -> Self {
        Self { id, endpoint }
    }
}

/// The regions of one service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Regions {
    /// Service name as the official SDKs use it in environment variables, e.g. `DCS`.
    pub service: &'static str,
    /// Regions that offer the service.
    pub all: &'static [Region],
}

impl Regions {
    /// Name of the variable that overrides a region's endpoint:
    /// `HUAWEICLOUD_SDK_REGION_<SERVICE>_<REGION>`, upper case, `-` as `_`.
    pub fn env_var(&self, region_id: &str) -> String {
        format!(
            "HUAWEICLOUD_SDK_REGION_{}_{}",
            self.service.to_uppercase(),
            region_id.replace('-', "_").to_uppercase()
        )
    }

    /// The endpoint for `region_id`: the environment variable if it is set (its first entry
    /// when it lists several, comma-separated), else the built-in table.
    pub fn endpoint(&self, region_id: &str) -> Option<String> {
        let from_env = std::env::var(self.env_var(region_id)).ok().and_then(|v| {
            v.split(',')
                .map(str::trim)
                .find(|s| !s.is_empty())
                .map(str::to_owned)
        });
        from_env.or_else(|| {
            self.all
                .iter()
                .find(|r| r.id == region_id)
                .map(|r| r.endpoint.to_owned())
        })
    }
}

/// A service client whose spec lists regions.
pub trait Regional {
    /// The service's regions.
    const REGIONS: Regions;
}

impl<C: Regional> ClientBuilder<C> {
    /// A region from the service's `regions` module.
    ///
    /// `HUAWEICLOUD_SDK_REGION_<SERVICE>_<REGION>` overrides its endpoint, as in the official
    /// SDKs; [`endpoint`](Self::endpoint) wins over both.
    pub fn region(mut self, region: Region) -> Self {
        let endpoint = C::REGIONS
            .endpoint(region.id)
            .unwrap_or_else(|| region.endpoint.to_owned());
        self.located = Some(Ok(endpoint));
        self.region = Some(region.id.to_owned());
        self
    }

    /// A region by id, e.g. `cn-north-4`: first from the environment
    /// (`HUAWEICLOUD_SDK_REGION_<SERVICE>_<REGION>`), then from the service's table. An
    /// unknown region fails the build.
    pub fn region_id(mut self, id: impl Into<String>) -> Self {
        let id = id.into();
        self.region = Some(id.clone());
        let regions = C::REGIONS;
        self.located = Some(
            regions
                .endpoint(&id)
                .ok_or_else(|| BuildError::UnknownRegion {
                    region: id,
                    known: regions.all.iter().map(|r| r.id.to_owned()).collect(),
                }),
        );
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEMO: Regions = Regions {
        service: "Demo",
        all: &[Region::new(
            "xx-north-1",
            "https://demo.xx-north-1.example.com",
        )],
    };

    #[test]
    fn env_var_name_follows_the_sdk() {
        assert_eq!(
            DEMO.env_var("cn-north-4"),
            "HUAWEICLOUD_SDK_REGION_DEMO_CN_NORTH_4"
        );
    }

    #[test]
    fn table_and_environment() {
        assert_eq!(
            DEMO.endpoint("xx-north-1").as_deref(),
            Some("https://demo.xx-north-1.example.com")
        );
        assert_eq!(DEMO.endpoint("xx-south-9"), None);
        std::env::set_var(
            "HUAWEICLOUD_SDK_REGION_DEMO_XX_SOUTH_9",
            " https://a.example.com ,https://b",
        );
        assert_eq!(
            DEMO.endpoint("xx-south-9").as_deref(),
            Some("https://a.example.com")
        );
        std::env::remove_var("HUAWEICLOUD_SDK_REGION_DEMO_XX_SOUTH_9");
    }
}
