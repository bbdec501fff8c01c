//! How a simulator is set up: which merchant it serves, with which secret, and how fast orders move.

use std::time::Duration;

use stabletill_gateway::ApiSecret;

/// The merchant the demo mode (app and CLI) uses. Not a real PayStableCoin merchant.
pub const DEMO_MERCHANT_ID: &str = "MCH_DEMO_STABLETILL";
/// The demo merchant's API secret. It only ever unlocks this local simulator, so printing it is fine.
pub const DEMO_SECRET: &str = "demo-secret-not-for-real-money";

/// Everything a [`crate::RunningSimulator`] needs to start. `Debug` is safe to log: the secret
/// prints as `<redacted>`.
#[derive(Debug, Clone)]
pub struct SimulatorConfig {
    /// Port on 127.0.0.1; 0 picks a free one (see [`crate::RunningSimulator::url`]).
    pub port: u16,
    /// The only merchant ID the simulator answers for; any other gets UNKNOWN_MERCHANT.
    pub merchant_id: String,
    pub secret: ApiSecret,
    /// When set, every order is paid (exactly its cryptoPaymentAmount) this long after creation,
    /// unless it has expired by then: a demo payment needs no customer.
    pub auto_pay_after: Option<Duration>,
    /// How long a paid order stays PROCESSING (transaction seen, confirming) before SUCCEEDED.
    pub confirmation_delay: Duration,
    /// False makes every authenticated call answer 50010 (API_PERMISSION_DISABLED), like a merchant
    /// whose API Checkout has not been switched on yet.
    pub api_checkout_enabled: bool,
}

impl SimulatorConfig {
    /// The demo merchant and secret on a free port, no auto-pay, 1 s confirmation (so a demo payment
    /// shows Paid within about two poll intervals), API Checkout enabled.
    pub fn demo() -> Self {
        Self {
            port: 0,
            merchant_id: DEMO_MERCHANT_ID.to_owned(),
            secret: ApiSecret::new(DEMO_SECRET),
            auto_pay_after: None,
            confirmation_delay: Duration::from_secs(1),
            api_checkout_enabled: true,
        }
    }
}

impl Default for SimulatorConfig {
    fn default() -> Self {
        Self::demo()
    }
}
