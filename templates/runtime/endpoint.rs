//! Endpoints: the servers a spec names, their variables, and the base URL requests go to.

use super::error::BuildError;

/// What a generated service module tells the runtime about itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Service {
    /// The service's name, as traces show it.
    pub name: &'static str,
    /// The servers the spec names, the default first; empty when the caller must give the
    /// endpoint.
    pub servers: &'static [Server],
    /// Values the operations take from the credentials (`x-credential-field`), e.g.
    /// `project_id`: a client whose credentials can neither give nor learn one is not built.
    pub fields: &'static [&'static str],
}

/// A server of the spec: a URL, absolute or relative to the host, with `{variables}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Server {
    /// The URL template, e.g. `https://{region}.example.com/v1` or `/api/v3`.
    pub url: &'static str,
    /// The variables in the template.
    pub variables: &'static [ServerVariable],
}

/// A variable of a server URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerVariable {
    /// Its name in the template.
    pub name: &'static str,
    /// The value used when none is set.
    pub default: &'static str,
    /// The values allowed (the spec's `enum`); empty when any value is.
    pub allowed: &'static [&'static str],
}

impl Server {
    /// Whether the URL has no scheme and host, only a path to join to the host given.
    pub fn is_relative(&self) -> bool {
        !self.url.contains("://")
    }

    /// The URL with every `{variable}` filled: the value set for it, else its default.
    pub fn url_with(&self, values: &[(String, String)]) -> String {
        let mut url = self.url.to_owned();
        for variable in self.variables {
            let value = values
                .iter()
                .rev()
                .find(|(name, _)| name == variable.name)
                .map_or(variable.default, |(_, value)| value.as_str());
            url = url.replace(&format!("{{{}}}", variable.name), value);
        }
        url
    }
}

/// Where requests go: the origin and the path before every operation's path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Base {
    /// `scheme://authority`, the authority as written.
    pub(crate) origin: String,
    /// The authority, sent (and signed) as `Host`.
    pub(crate) host: String,
    /// The path prefix, without a trailing `/`; empty for none.
    pub(crate) path: String,
}

impl Base {
    /// Checks an endpoint URL and splits it: `http(s)`, a host, no user info, query or
    /// fragment. `http` needs `allow_http`. Error messages never show user info.
    pub(crate) fn parse(endpoint: &str, allow_http: bool) -> Result<Self, BuildError> {
        let shown = without_user_info(endpoint);
        let invalid = |why: String| BuildError::InvalidEndpoint(format!("`{shown}` {why}"));
        let url =
            reqwest::Url::parse(endpoint).map_err(|e| invalid(format!("is not a URL: {e}")))?;
        match url.scheme() {
            "https" => {}
            "http" if allow_http => {}
            "http" => {
                return Err(invalid(
                    "is plain http; call allow_http(true) to permit it".into(),
                ))
            }
            other => return Err(invalid(format!("has scheme `{other}`, not http(s)"))),
        }
        if url.host_str().is_none() {
            return Err(invalid("has no host".into()));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(invalid(
                "holds user info; set credentials on the builder instead".into(),
            ));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(invalid("must not have a query or fragment".into()));
        }
        // The authority as written (the official Huawei SDK signs the endpoint's netloc
        // unchanged), and the path as written, without trailing slashes.
        let rest = endpoint.split_once("://").map_or("", |(_, rest)| rest);
        let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        Ok(Self {
            origin: format!("{}://{host}", url.scheme()),
            host: host.to_owned(),
            path: path.trim_end_matches('/').to_owned(),
        })
    }

    /// The base for `server`: its own URL when it is absolute and no endpoint was given,
    /// else the endpoint given, with a relative server's path appended when the endpoint has
    /// no path of its own.
    pub(crate) fn resolve(
        given: Option<&Base>,
        server: Option<&Server>,
        values: &[(String, String)],
        allow_http: bool,
    ) -> Result<Self, BuildError> {
        match (given, server) {
            (Some(given), Some(server)) if server.is_relative() && given.path.is_empty() => {
                let path = server.url_with(values);
                let path = path.trim_end_matches('/');
                let slash = if path.starts_with('/') || path.is_empty() {
                    ""
                } else {
                    "/"
                };
                Ok(Self {
                    path: format!("{slash}{path}"),
                    ..given.clone()
                })
            }
            (Some(given), _) => Ok(given.clone()),
            (None, Some(server)) if server.is_relative() => {
                Err(BuildError::RelativeServer(server.url.to_owned()))
            }
            (None, Some(server)) => Self::parse(&server.url_with(values), allow_http),
            (None, None) => Err(BuildError::NoEndpoint),
        }
    }

    /// The full URL of `path` (already encoded) with an encoded `query` string.
    pub(crate) fn url(&self, path: &str, query: &str) -> String {
        let mut url = String::with_capacity(
            self.origin.len() + self.path.len() + path.len() + query.len() + 1,
        );
        url.push_str(&self.origin);
        url.push_str(&self.path);
        url.push_str(path);
        if !query.is_empty() {
            url.push('?');
            url.push_str(query);
        }
        url
    }
}

/// Checks values set for server variables: each must be a variable of one of `servers`, and
/// one of its allowed values where the spec lists them.
pub(crate) fn check_variables(
    servers: &[Server],
    values: &[(String, String)],
) -> Result<(), BuildError> {
    for (name, value) in values {
        let mut known = servers
            .iter()
            .flat_map(|s| s.variables)
            .filter(|v| v.name == name)
            .peekable();
        if known.peek().is_none() {
            let mut names = servers
                .iter()
                .flat_map(|s| s.variables)
                .map(|v| v.name.to_owned())
                .collect::<Vec<_>>();
            names.sort();
            names.dedup();
            return Err(BuildError::UnknownServerVariable {
                name: name.clone(),
                known: names,
            });
        }
        for variable in known {
            if !variable.allowed.is_empty() && !variable.allowed.contains(&value.as_str()) {
                return Err(BuildError::InvalidServerVariable {
                    name: name.clone(),
                    value: value.clone(),
                    allowed: variable.allowed.iter().map(|a| (*a).to_owned()).collect(),
                });
            }
        }
    }
    Ok(())
}

/// The text with anything between `://` and its last `@` left out, shown as `…`. A password
/// may hold `/`, `?` or `#` (which end the authority when the URL is parsed), so the last `@`
/// anywhere counts: a path with an `@` loses a little of what is shown, a secret never shows.
fn without_user_info(text: &str) -> String {
    let Some((scheme, rest)) = text.split_once("://") else {
        return text.to_owned();
    };
    match rest.rfind('@') {
        Some(at) => format!("{scheme}://…@{}", &rest[at + 1..]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REGIONAL: Server = Server {
        url: "https://api.{region}.example.com/{version}",
        variables: &[
            ServerVariable {
                name: "region",
                default: "eu-1",
                allowed: &["eu-1", "us-2"],
            },
            ServerVariable {
                name: "version",
                default: "v1",
                allowed: &[],
            },
        ],
    };
    const RELATIVE: Server = Server {
        url: "/api/v3/",
        variables: &[],
    };

    fn base(origin: &str, path: &str) -> Base {
        let host = origin.split_once("://").map_or("", |(_, h)| h).to_owned();
        Base {
            origin: origin.into(),
            host,
            path: path.into(),
        }
    }

    #[test]
    fn endpoints_keep_their_path_and_need_https() {
        assert_eq!(
            Base::parse("https://dcs.cn-north-4.myhuaweicloud.com", false),
            Ok(base("https://dcs.cn-north-4.myhuaweicloud.com", ""))
        );
        assert_eq!(
            Base::parse("http://127.0.0.1:8080/", true),
            Ok(base("http://127.0.0.1:8080", ""))
        );
        assert_eq!(
            Base::parse("https://h/api/v3//", false),
            Ok(base("https://h", "/api/v3"))
        );
        assert!(Base::parse("http://127.0.0.1:8080", false).is_err());
        assert!(Base::parse("ftp://x", true).is_err());
        assert!(Base::parse("not a url", true).is_err());
        assert!(Base::parse("https://h/x?a=1", false).is_err());
        assert!(Base::parse("https://h/x#top", false).is_err());
    }

    #[test]
    fn user_info_is_refused_and_never_shown() {
        for url in [
            "https://me:hunter2@h/x",
            "https://me:hunter2@h:99",
            "https://hunter2@h",
            "https://me:hun/ter2@h/x",
            "https://me:hun?ter2@h",
            "https://me:hun#ter2@h",
            "https://me:hun@ter2@h",
        ] {
            let err = Base::parse(url, false).expect_err("user info").to_string();
            assert!(!err.contains("hunter2") && !err.contains("ter2"), "{err}");
        }
        let err = Base::parse("https://me:hunter2@ bad host/", false)
            .expect_err("bad")
            .to_string();
        assert!(!err.contains("hunter2"), "{err}");
    }

    #[test]
    fn urls_join_base_and_operation_paths() {
        let b = Base::parse("https://h/base/", false).expect("valid");
        assert_eq!(b.url("/pets", ""), "https://h/base/pets");
        assert_eq!(b.url("/pets", "a=1"), "https://h/base/pets?a=1");
    }

    #[test]
    fn servers_fill_variables_and_join_relative_paths() {
        let values = vec![("region".to_owned(), "us-2".to_owned())];
        assert_eq!(
            Base::resolve(None, Some(&REGIONAL), &values, false),
            Ok(base("https://api.us-2.example.com", "/v1"))
        );
        let given = base("http://127.0.0.1:9", "");
        assert_eq!(
            Base::resolve(Some(&given), Some(&RELATIVE), &[], true),
            Ok(base("http://127.0.0.1:9", "/api/v3"))
        );
        let with_path = base("http://127.0.0.1:9", "/mine");
        assert_eq!(
            Base::resolve(Some(&with_path), Some(&RELATIVE), &[], true),
            Ok(with_path.clone())
        );
        assert_eq!(
            Base::resolve(Some(&given), Some(&REGIONAL), &[], true),
            Ok(given)
        );
        assert_eq!(
            Base::resolve(None, Some(&RELATIVE), &[], true),
            Err(BuildError::RelativeServer("/api/v3/".into()))
        );
        assert_eq!(
            Base::resolve(None, None, &[], true),
            Err(BuildError::NoEndpoint)
        );
    }

    #[test]
    fn variables_are_checked() {
        let servers = [REGIONAL];
        assert!(check_variables(&servers, &[("region".into(), "eu-1".into())]).is_ok());
        assert!(check_variables(&servers, &[("version".into(), "anything".into())]).is_ok());
        let err = check_variables(&servers, &[("region".into(), "mars".into())])
            .expect_err("not allowed");
        assert!(err.to_string().contains("eu-1, us-2"), "{err}");
        let err = check_variables(&servers, &[("zone".into(), "a".into())]).expect_err("unknown");
        assert!(matches!(err, BuildError::UnknownServerVariable { .. }));
    }
}
