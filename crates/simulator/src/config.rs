//! How a simulator is set up: which merchant it serves, with which secret, how fast orders move,
//! how strictly it rate-limits, and which faults it injects.

use std::path::PathBuf;
use std::time::Duration;

use stabletill_gateway::ApiSecret;

use crate::faults::FaultConfig;

/// The merchant the demo mode (app and CLI) uses. Not a real PayStableCoin merchant.
pub const DEMO_MERCHANT_ID: &str = "MCH_DEMO_STABLETILL";
/// The demo merchant's API secret. It only ever unlocks this local simulator, so printing it is fine.
pub const DEMO_SECRET: &str = "demo-secret-not-for-real-money";

/// The environment variable whose fault spec (e.g. `hostile-names=1`, see [`FaultConfig`]) the
/// demo gateway starts with: how an end-to-end test makes the real app's built-in gateway
/// misbehave from its very first answer (the till caches the methods list, so a fault switched
/// on later through `/_simulator/faults` would come too late for it). Unset in normal use.
pub const DEMO_FAULTS_ENV: &str = "STABLETILL_DEMO_FAULTS";

/// When a customer of [`SimulatorConfig::realistic`] pays: somewhere between these, after the
/// order was created (a person reading the QR, opening a wallet, confirming).
pub const REALISTIC_AUTO_PAY: (Duration, Duration) = (Duration::from_secs(5), Duration::from_secs(20));
/// The rate limit assumed for PayStableCoin until it is known (the second gateway's documented one).
pub const DEFAULT_RATE_LIMIT_PER_MINUTE: u32 = 100;
/// How long after expiresAt an unpaid order is closed, in gateway time (× `time_scale`). Invented:
/// gateways close expired orders in a periodic sweep, so a payment can still land just after expiry.
pub const DEFAULT_CLOSE_GRACE: Duration = Duration::from_secs(120);
/// Requests refused with 429 before the key is blocked with 418. Invented: the real gateway only
/// says "continued overuse".
pub const DEFAULT_BLOCK_AFTER_REFUSALS: u32 = 10;
/// How long a 418 block lasts, in gateway time (× `time_scale`). Invented, like the threshold.
pub const DEFAULT_BLOCK_COOL_DOWN: Duration = Duration::from_secs(60);

/// Everything a [`crate::RunningSimulator`] needs to start. `Debug` is safe to log: the secret
/// prints as `<redacted>`.
///
/// Times come in two kinds. *Gateway times* (per-network confirmation, `close_grace`,
/// `block_cool_down`) are multiplied by `time_scale`. *Explicit times* (`confirmation_delay`,
/// auto-pay, fault latency and hang, the one-minute rate-limit window) are wall-clock times and
/// never scaled: they are what a test or a demo asked for, or what the client measures itself.
#[derive(Debug, Clone)]
pub struct SimulatorConfig {
    /// Port on 127.0.0.1; 0 picks a free one (see [`crate::RunningSimulator::url`]).
    pub port: u16,
    /// The only merchant ID the simulator answers for; any other gets UNKNOWN_MERCHANT.
    pub merchant_id: String,
    pub secret: ApiSecret,
    /// When set, every order is paid (exactly its cryptoPaymentAmount) this long after creation
    /// plus a random part of `auto_pay_spread`, unless it has expired by then: a demo payment
    /// needs no customer.
    pub auto_pay_after: Option<Duration>,
    /// The auto-payment comes at `auto_pay_after` + a uniformly random 0..=`auto_pay_spread`.
    /// Zero (the demo) is a fixed delay. See [`SimulatorConfig::with_auto_pay_between`].
    pub auto_pay_spread: Duration,
    /// How long a paid order stays PROCESSING before SUCCEEDED when `per_network_confirmation`
    /// is false. Wall-clock time, not scaled: the explicit override for demos and tests.
    pub confirmation_delay: Duration,
    /// True: a paid order stays PROCESSING for its network's `estimatedConfirmationTimeSec` (as
    /// the payment-methods endpoint lists it) × `time_scale`, and `confirmation_delay` is ignored.
    pub per_network_confirmation: bool,
    /// Speed of the gateway times: 1.0 is real time, 0.01 runs them 100× faster. Finite, ≥ 0.
    pub time_scale: f64,
    /// An unpaid order turns CLOSED this long (× `time_scale`) after its expiresAt; a payment in
    /// between is still accepted and the order ends SUCCEEDED, paid late.
    pub close_grace: Duration,
    /// False makes every authenticated call answer 50010 (API_PERMISSION_DISABLED), like a merchant
    /// whose API Checkout has not been switched on yet.
    pub api_checkout_enabled: bool,
    /// Requests per merchant key in any 60 s window; past it, HTTP 429 with `Retry-After` and code
    /// 42901. None: no limit.
    pub rate_limit_per_minute: Option<u32>,
    /// Once a key has had more than this many requests refused with 429 in a row, it is blocked.
    pub block_after_refusals: u32,
    /// A blocked key gets HTTP 418 for everything for this long (× `time_scale`).
    pub block_cool_down: Duration,
    /// Misbehaviour added to API requests (never to the `/_simulator/` control routes); can be
    /// changed while running with [`crate::RunningSimulator::set_faults`].
    pub faults: FaultConfig,
    /// When set, every logged API request is also appended to this file as one JSON line.
    pub request_log_file: Option<PathBuf>,
}

/// A configuration the simulator cannot run with.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ConfigError {
    #[error("time_scale must be a finite number of 0 or more, not {0}")]
    TimeScale(f64),
    #[error(transparent)]
    Faults(#[from] crate::faults::FaultConfigError),
    #[error("{DEMO_FAULTS_ENV}={0:?} is not a fault spec ({1}); unset it for a normal demo")]
    EnvFaults(String, crate::faults::FaultConfigError),
}

impl SimulatorConfig {
    /// The demo merchant and secret on a free port, no auto-pay, 1 s confirmation (so a demo payment
    /// shows Paid within about two poll intervals), API Checkout enabled, the gateway's assumed
    /// rate limit (100 per minute per key), real-time close grace, no faults.
    pub fn demo() -> Self {
        Self {
            port: 0,
            merchant_id: DEMO_MERCHANT_ID.to_owned(),
            secret: ApiSecret::new(DEMO_SECRET),
            auto_pay_after: None,
            auto_pay_spread: Duration::ZERO,
            confirmation_delay: Duration::from_secs(1),
            per_network_confirmation: false,
            time_scale: 1.0,
            close_grace: DEFAULT_CLOSE_GRACE,
            api_checkout_enabled: true,
            rate_limit_per_minute: Some(DEFAULT_RATE_LIMIT_PER_MINUTE),
            block_after_refusals: DEFAULT_BLOCK_AFTER_REFUSALS,
            block_cool_down: DEFAULT_BLOCK_COOL_DOWN,
            faults: FaultConfig::default(),
            request_log_file: None,
        }
    }

    /// [`SimulatorConfig::demo`] with the faults [`DEMO_FAULTS_ENV`] names, if it is set. A spec
    /// that does not parse is refused, not ignored: a test asking for faults must get them.
    pub fn demo_with_env_faults() -> Result<Self, ConfigError> {
        let mut config = Self::demo();
        if let Some(spec) = std::env::var_os(DEMO_FAULTS_ENV) {
            let spec = spec.to_string_lossy();
            config.faults = spec.parse().map_err(|error| ConfigError::EnvFaults(spec.into_owned(), error))?;
        }
        Ok(config)
    }

    /// A demo that behaves like the real thing at `time_scale`: each network confirms in its own
    /// time, and the customer pays by themselves 5–20 s (wall clock) after the order is created.
    pub fn realistic(time_scale: f64) -> Self {
        let (min, max) = REALISTIC_AUTO_PAY;
        Self { per_network_confirmation: true, time_scale, ..Self::demo() }.with_auto_pay_between(min, max)
    }

    /// Auto-pay every order at a uniformly random moment between `min` and `max` after its
    /// creation (`max` below `min` counts as `min`).
    pub fn with_auto_pay_between(mut self, min: Duration, max: Duration) -> Self {
        self.auto_pay_after = Some(min);
        self.auto_pay_spread = max.saturating_sub(min);
        self
    }

    /// Refuses settings the simulator cannot honour, before anything listens.
    pub fn check(&self) -> Result<(), ConfigError> {
        if !self.time_scale.is_finite() || self.time_scale < 0.0 {
            return Err(ConfigError::TimeScale(self.time_scale));
        }
        self.faults.validate()?;
        Ok(())
    }

    /// A gateway time at this configuration's speed. Saturates: an absurdly long result simply
    /// never elapses.
    pub(crate) fn scaled(&self, gateway_time: Duration) -> Duration {
        let seconds = gateway_time.as_secs_f64() * self.time_scale;
        Duration::try_from_secs_f64(seconds).unwrap_or(Duration::MAX)
    }
}

impl Default for SimulatorConfig {
    fn default() -> Self {
        Self::demo()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gateway_times_scale_and_bad_scales_are_refused() {
        let config = SimulatorConfig { time_scale: 0.01, ..SimulatorConfig::demo() };
        assert_eq!(config.scaled(Duration::from_secs(120)), Duration::from_millis(1200));
        assert_eq!(config.check(), Ok(()));
        for bad in [-1.0, f64::NAN, f64::INFINITY] {
            let config = SimulatorConfig { time_scale: bad, ..SimulatorConfig::demo() };
            assert!(matches!(config.check(), Err(ConfigError::TimeScale(_))), "{bad}");
        }
        let huge = SimulatorConfig { time_scale: 1e300, ..SimulatorConfig::demo() };
        assert_eq!(huge.scaled(Duration::from_secs(60)), Duration::MAX);
    }

    /// The only test that touches the variable: the others build configurations from `demo()`,
    /// which never reads it.
    #[test]
    fn the_demo_takes_its_faults_from_the_environment_and_refuses_a_bad_spec() {
        std::env::set_var(DEMO_FAULTS_ENV, "hostile-names=1");
        let config = SimulatorConfig::demo_with_env_faults();
        std::env::set_var(DEMO_FAULTS_ENV, "hostile-names=2");
        let bad = SimulatorConfig::demo_with_env_faults();
        std::env::remove_var(DEMO_FAULTS_ENV);
        let plain = SimulatorConfig::demo_with_env_faults();

        assert_eq!(config.map(|c| c.faults.hostile_names), Ok(1.0));
        let message = bad.map(|_| ()).unwrap_err().to_string();
        assert!(
            message.starts_with("STABLETILL_DEMO_FAULTS=\"hostile-names=2\" is not a fault spec"),
            "{message}"
        );
        assert_eq!(plain.map(|c| c.faults), Ok(FaultConfig::default()));
    }

    #[test]
    fn realistic_pays_between_five_and_twenty_seconds() {
        let config = SimulatorConfig::realistic(0.5);
        assert_eq!(config.auto_pay_after, Some(Duration::from_secs(5)));
        assert_eq!(config.auto_pay_spread, Duration::from_secs(15));
        assert!(config.per_network_confirmation);
        let fixed = SimulatorConfig::demo().with_auto_pay_between(Duration::from_secs(3), Duration::ZERO);
        assert_eq!(
            (fixed.auto_pay_after, fixed.auto_pay_spread),
            (Some(Duration::from_secs(3)), Duration::ZERO)
        );
    }
}
