//! "Can this computer reach the gateway, and is its clock right?" for `stabletill doctor` and the
//! app's diagnostics: one unsigned GET of the gateway's base URL. Any HTTP answer means it is
//! reachable; its `Date` header gives the clock offset. No credentials are involved, so a probe
//! works (and can leak nothing) before a secret is set.

use std::time::{Duration, Instant};

use jiff::{SignedDuration, Timestamp};
use url::Url;

use crate::clock::offset_from;
use crate::transport::transport_error;
use crate::{GatewayError, GatewayKind};

/// What one probe saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probe {
    pub url: Url,
    /// The HTTP status of the answer (any status: the gateway answered).
    pub status: u16,
    /// `local - gateway`, when the answer had a readable `Date` header.
    pub clock_offset: Option<SignedDuration>,
    pub elapsed: Duration,
}

/// The base URL a till of `kind` talks to in `environment`.
pub fn gateway_url(kind: GatewayKind, environment: &crate::GatewayEnvironment) -> Url {
    match (kind, environment) {
        (GatewayKind::BlockAtm, crate::GatewayEnvironment::Production) => {
            Url::parse(crate::blockatm::PRODUCTION_URL).unwrap_or_else(|_| environment.base_url())
        }
        _ => environment.base_url(),
    }
}

/// One GET of `url`, at most `timeout` long.
pub async fn probe(url: &Url, timeout: Duration) -> Result<Probe, GatewayError> {
    let http = reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout)
        .user_agent(concat!("StableTill/", env!("CARGO_PKG_VERSION"), " (doctor)"))
        .build()
        .map_err(|e| GatewayError::Unreachable { detail: format!("HTTP client could not start: {e}") })?;
    let started = Instant::now();
    let response = http.get(url.clone()).send().await.map_err(transport_error)?;
    Ok(Probe {
        url: url.clone(),
        status: response.status().as_u16(),
        clock_offset: offset_from(response.headers(), Timestamp::now()),
        elapsed: started.elapsed(),
    })
}
