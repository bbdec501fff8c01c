//! How a BlockATM simulator is set up: which API key and public key it accepts, how fast orders
//! move, how strictly it rate-limits, and which faults it injects.

use std::time::Duration;

use stabletill_gateway::blockatm::{ApiKey, KeyError, PublicKey, SigningKey};

use crate::config::{DEFAULT_BLOCK_AFTER_REFUSALS, DEFAULT_BLOCK_COOL_DOWN, DEFAULT_RATE_LIMIT_PER_MINUTE};
use crate::faults::FaultConfig;

/// The demo merchant's API key. It only ever unlocks this local simulator, so printing it is fine.
pub const DEMO_API_KEY: &str = "demo-blockatm-key-not-for-real-money";
/// The demo merchant's P-256 private key (PKCS#8 PEM). Fixed rather than generated so that a till
/// and a simulator started apart (the CLI's demo) agree on it without passing it around, like
/// [`crate::DEMO_SECRET`]. It signs for this local simulator and nothing else: never register it
/// with a real gateway.
pub const DEMO_PRIVATE_KEY_PEM: &str = "-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg2COH3c7gnzhcVkgi
6Rw1UxYZebvJlklCvz5j0t/LVJuhRANCAAQy3ME8KAjoRTA+1IEFMsLvoSgT/z6q
01Mr6sS91+jcVPWw/b4XxdNhVyfrjRw2ptdncfZYcPaG9DIBpvOBQ4RB
-----END PRIVATE KEY-----
";
/// The largest `BlockATM-Rec_Window` accepted (a larger one is refused), so a client cannot
/// switch the replay check off. Invented, like Binance's 60 s cap on its `recvWindow`.
pub const MAX_REC_WINDOW_MS: u64 = 60_000;

/// Everything a [`super::RunningBlockAtmSimulator`] needs to start. `Debug` is safe to log: the
/// API key and the private key print as `<redacted>`.
#[derive(Debug, Clone)]
pub struct BlockAtmSimulatorConfig {
    /// Port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// The only API key the simulator answers.
    pub api_key: ApiKey,
    /// The merchant's registered public key: creates must be signed with its private half.
    pub public_key: PublicKey,
    /// The merchant's private key when the simulator knows it (the demo), so demo mode can hand
    /// it to a till; None when only the public key was registered.
    pub merchant_key: Option<SigningKey>,
    /// When set, every order is paid (exactly its amount) this long after creation, unless it has
    /// expired by then: a demo payment needs no customer.
    pub auto_pay_after: Option<Duration>,
    /// How long a paid order stays PROCESSING before SUCCESS.
    pub confirmation_delay: Duration,
    /// False makes every call with a valid key answer API_NOT_ENABLED.
    pub api_enabled: bool,
    /// Requests per API key in any 60 s window; past it, HTTP 429 with `Retry-After`. None: no limit.
    pub rate_limit_per_minute: Option<u32>,
    /// Once a key has had more than this many requests refused with 429 in a row, it is blocked.
    pub block_after_refusals: u32,
    /// A blocked key gets HTTP 418 for everything for this long.
    pub block_cool_down: Duration,
    /// Misbehaviour added to API requests (never to control routes or the cashier page).
    pub faults: FaultConfig,
}

impl BlockAtmSimulatorConfig {
    /// The demo merchant (API key [`DEMO_API_KEY`], key pair [`DEMO_PRIVATE_KEY_PEM`]) on a free
    /// port: no auto-pay, 1 s confirmation, API enabled, 100 requests per minute, no faults.
    pub fn demo() -> Self {
        Self::for_merchant(ApiKey::new(DEMO_API_KEY), demo_key())
    }

    /// The demo settings for another merchant, whose private key the simulator keeps.
    pub fn for_merchant(api_key: ApiKey, merchant_key: SigningKey) -> Self {
        Self {
            port: 0,
            api_key,
            public_key: merchant_key.public_key(),
            merchant_key: Some(merchant_key),
            auto_pay_after: None,
            confirmation_delay: Duration::from_secs(1),
            api_enabled: true,
            rate_limit_per_minute: Some(DEFAULT_RATE_LIMIT_PER_MINUTE),
            block_after_refusals: DEFAULT_BLOCK_AFTER_REFUSALS,
            block_cool_down: DEFAULT_BLOCK_COOL_DOWN,
            faults: FaultConfig::default(),
        }
    }

    /// The demo settings with a freshly generated merchant key pair (tests that must not share a key).
    pub fn with_new_key() -> Result<Self, KeyError> {
        Ok(Self::for_merchant(ApiKey::new(DEMO_API_KEY), SigningKey::generate()?))
    }
}

impl Default for BlockAtmSimulatorConfig {
    fn default() -> Self {
        Self::demo()
    }
}

fn demo_key() -> SigningKey {
    // A constant that the test below parses: it cannot fail at run time.
    SigningKey::from_pkcs8_pem(DEMO_PRIVATE_KEY_PEM)
        .unwrap_or_else(|_| unreachable!("the demo key is valid PEM"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_key_parses_and_the_config_never_prints_it() {
        assert!(SigningKey::from_pkcs8_pem(DEMO_PRIVATE_KEY_PEM).is_ok());
        let config = BlockAtmSimulatorConfig::demo();
        let printed = format!("{config:?}");
        assert!(!printed.contains(DEMO_API_KEY), "{printed}");
        assert!(!printed.contains("PRIVATE KEY"), "{printed}");
        assert_eq!(config.merchant_key.map(|k| k.public_key()), Some(config.public_key));
    }
}
