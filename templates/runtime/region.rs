//! Regions, their endpoints, and how a client picks one.

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

/// What a generated service module tells the runtime about itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Service {
    /// Service name as the official SDKs use it in environment variables, e.g. `DCS`.
    pub name: &'static str,
    /// Regions that offer the service.
    pub regions: &'static [Region],
}

impl Service {
    /// Name of the variable that overrides a region's endpoint:
    /// `HUAWEICLOUD_SDK_REGION_<SERVICE>_<REGION>`, upper case, `-` as `_`.
    pub fn env_var(&self, region_id: &str) -> String {
        format!(
            "HUAWEICLOUD_SDK_REGION_{}_{}",
            self.name.to_uppercase(),
            region_id.replace('-', "_").to_uppercase()
        )
    }

    /// The endpoint for `region_id`: the environment variable if it is set (its first entry
    /// when it lists several, comma-separated), else the built-in table.
    pub fn endpoint(&self, region_id: &str) -> Option<String> {
        let from_env = std::env::var(self.env_var(region_id))
            .ok()
            .and_then(|v| v.split(',').map(str::trim).find(|s| !s.is_empty()).map(str::to_owned));
        from_env.or_else(|| {
            self.regions
                .iter()
                .find(|r| r.id == region_id)
                .map(|r| r.endpoint.to_owned())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SERVICE: Service = Service {
        name: "Demo",
        regions: &[Region::new("xx-north-1", "https://demo.xx-north-1.example.com")],
    };

    #[test]
    fn env_var_name_follows_the_sdk() {
        assert_eq!(SERVICE.env_var("cn-north-4"), "HUAWEICLOUD_SDK_REGION_DEMO_CN_NORTH_4");
    }

    #[test]
    fn table_and_environment() {
        assert_eq!(
            SERVICE.endpoint("xx-north-1").as_deref(),
            Some("https://demo.xx-north-1.example.com")
        );
        assert_eq!(SERVICE.endpoint("xx-south-9"), None);
        std::env::set_var("HUAWEICLOUD_SDK_REGION_DEMO_XX_SOUTH_9", " https://a.example.com ,https://b");
        assert_eq!(SERVICE.endpoint("xx-south-9").as_deref(), Some("https://a.example.com"));
        std::env::remove_var("HUAWEICLOUD_SDK_REGION_DEMO_XX_SOUTH_9");
    }
}
