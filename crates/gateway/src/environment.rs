//! Which PayStableCoin to talk to: production, sandbox, or any compatible base URL.

use std::fmt;
use std::str::FromStr;

use url::Url;

pub const PRODUCTION_URL: &str = "https://api.paystablecoin.global";
pub const SANDBOX_URL: &str = "https://api.sandbox.paystablecoin.global";

/// The gateway a till is set up for. Written and read as `production`, `sandbox` or a URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GatewayEnvironment {
    Production,
    Sandbox,
    /// Any PayStableCoin-compatible base URL: https anywhere, plain http only on this machine
    /// (the simulator), because a status read over plain http could be forged on the way.
    Custom(Url),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct InvalidGatewayUrl(String);

impl GatewayEnvironment {
    pub fn base_url(&self) -> Url {
        match self {
            // Both constants are valid URLs; the test below proves it.
            Self::Production => Url::parse(PRODUCTION_URL).unwrap_or_else(|_| unreachable!()),
            Self::Sandbox => Url::parse(SANDBOX_URL).unwrap_or_else(|_| unreachable!()),
            Self::Custom(url) => url.clone(),
        }
    }
}

impl FromStr for GatewayEnvironment {
    type Err = InvalidGatewayUrl;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        match text {
            "production" => return Ok(Self::Production),
            "sandbox" => return Ok(Self::Sandbox),
            _ => {}
        }
        let url = Url::parse(text).map_err(|_| {
            InvalidGatewayUrl(format!(
                "{text:?} is not a gateway: use production, sandbox, or a URL such as https://api.example.com"
            ))
        })?;
        let loopback = matches!(url.host_str(), Some("localhost" | "127.0.0.1" | "[::1]" | "::1"));
        match url.scheme() {
            "https" => {}
            "http" if loopback => {}
            "http" => {
                return Err(InvalidGatewayUrl(format!(
                    "{text} uses plain http: use https (plain http is only allowed for a simulator on this machine)"
                )))
            }
            _ => return Err(InvalidGatewayUrl(format!("{text} is not an http(s) URL"))),
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(InvalidGatewayUrl(format!("{text}: give the base URL only, without ? or #")));
        }
        Ok(Self::Custom(url))
    }
}

impl fmt::Display for GatewayEnvironment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Production => f.write_str("production"),
            Self::Sandbox => f.write_str("sandbox"),
            Self::Custom(url) => f.write_str(url.as_str().trim_end_matches('/')),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_environments_and_urls_parse() {
        assert_eq!("production".parse(), Ok(GatewayEnvironment::Production));
        assert_eq!(
            "sandbox".parse::<GatewayEnvironment>().map(|e| e.base_url().to_string()),
            Ok("https://api.sandbox.paystablecoin.global/".to_string())
        );
        assert_eq!(GatewayEnvironment::Production.base_url().as_str(), "https://api.paystablecoin.global/");
        let local: GatewayEnvironment = "http://127.0.0.1:8080".parse().expect("loopback http is fine");
        assert_eq!(local.to_string(), "http://127.0.0.1:8080");
    }

    #[test]
    fn plain_http_to_another_host_and_garbage_are_refused_with_advice() {
        let err = "http://gateway.example.com".parse::<GatewayEnvironment>().unwrap_err();
        assert!(err.to_string().contains("use https"), "{err}");
        let err = "prod".parse::<GatewayEnvironment>().unwrap_err();
        assert!(err.to_string().contains("production, sandbox, or a URL"), "{err}");
    }
}
