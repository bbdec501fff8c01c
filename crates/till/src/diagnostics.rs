//! What support asks for first, in one block of text the shop can paste into a message: the
//! version, the system, where the data lives, the settings, whether the keyring and the gateway
//! answer, the clock's offset, and the last log lines. `stabletill doctor` prints it; the app's
//! "Copy diagnostics" puts it on the clipboard.
//!
//! Never in it: the API secret, the signing key or the manager PIN's hash. The keyring is only
//! asked *whether* a secret is stored, the gateway is probed without credentials, and with
//! `privacy-mode` on every deposit address in it is shortened.

use std::fmt::Write as _;
use std::time::Duration;

use stabletill_gateway::{describe_offset, gateway_url, probe};
use url::Url;

use crate::logging::last_log_lines;
use crate::privacy::mask_addresses_in;
use crate::{ConfigKey, SecretStore, TillConfig, TillError, TillHome};

/// How many log lines support gets.
const LOG_LINES: usize = 40;
/// The gateway refuses signed requests from a clock this far off.
const CLOCK_LIMIT: Duration = Duration::from_secs(5 * 60);

/// The settings shown, in the order `config show` and the manager screen use.
const SHOWN_SETTINGS: [ConfigKey; 16] = [
    ConfigKey::GatewayKind,
    ConfigKey::Gateway,
    ConfigKey::MerchantId,
    ConfigKey::ShopName,
    ConfigKey::OrderLifetime,
    ConfigKey::RequestsPerMinute,
    ConfigKey::TimeZone,
    ConfigKey::DayCutoff,
    ConfigKey::DefaultMethod,
    ConfigKey::HiddenMethods,
    ConfigKey::CustomerDisplay,
    ConfigKey::PaymentLinks,
    ConfigKey::AutoPrint,
    ConfigKey::Chime,
    ConfigKey::ReturnAfter,
    ConfigKey::PrivacyMode,
];

/// A till's diagnostics. [`Diagnostics::read`] looks at the files and the keyring (blocking),
/// [`Diagnostics::check_gateway`] asks the gateway; [`Diagnostics::to_text`] is what is shown.
#[derive(Debug, Clone)]
pub struct Diagnostics {
    program: String,
    home: TillHome,
    /// `Some(reason)` when the app runs in demo mode (its sales are in `demo/`).
    mode: Option<String>,
    config: Result<TillConfig, String>,
    keyring: String,
    gateway: Option<Url>,
    gateway_answer: String,
    clock: String,
    logs: Option<(String, Vec<String>)>,
}

impl Diagnostics {
    /// Reads the settings, asks the keyring whether a secret is stored (`secrets` opens it, so
    /// tests can pass a mock), and reads the last log lines. Blocking; writes nothing.
    pub fn read(
        program: &str,
        home: &TillHome,
        secrets: impl FnOnce(&TillHome) -> Result<SecretStore, TillError>,
    ) -> Self {
        let config = if home.config_file().exists() {
            TillConfig::load(home).map_err(|e| e.to_string())
        } else {
            Err(format!("no settings yet ({} does not exist)", home.config_file().display()))
        };
        let keyring = match secrets(home).and_then(|store| store.is_set()) {
            Ok(true) => "reachable; an API secret is stored (not shown)".to_owned(),
            Ok(false) => "reachable; no API secret is stored".to_owned(),
            Err(error) => format!("NOT reachable: {error}"),
        };
        let gateway = config.as_ref().ok().map(|config| gateway_url(config.gateway_kind, &config.gateway));
        Self {
            program: program.to_owned(),
            home: home.clone(),
            mode: None,
            config,
            keyring,
            gateway,
            gateway_answer: "not asked".to_owned(),
            clock: "unknown (the gateway was not asked)".to_owned(),
            logs: last_log_lines(&home.logs_dir(), LOG_LINES),
        }
    }

    /// Notes that the app runs in demo mode.
    pub fn in_demo_mode(mut self) -> Self {
        self.mode = Some("demo (the built-in simulated gateway; demo sales are kept in demo/)".to_owned());
        self
    }

    /// One unsigned request to the configured gateway: does it answer, and how far off is this
    /// computer's clock from the gateway's.
    pub async fn check_gateway(&mut self, timeout: Duration) {
        let Some(url) = self.gateway.clone() else {
            self.gateway_answer = "not asked: the settings cannot be read".to_owned();
            return;
        };
        match probe(&url, timeout).await {
            Ok(answer) => {
                self.gateway_answer =
                    format!("reachable (HTTP {} in {} ms)", answer.status, answer.elapsed.as_millis());
                self.clock = match answer.clock_offset {
                    Some(offset) => {
                        let off = offset.unsigned_abs() > CLOCK_LIMIT;
                        let verdict = if off { "TOO FAR OFF: the gateway refuses requests" } else { "fine" };
                        format!("{} ({verdict}; the gateway allows 5 min)", describe_offset(offset))
                    }
                    None => "unknown (the gateway's answer had no Date header)".to_owned(),
                };
            }
            Err(error) => {
                self.gateway_answer = format!("NOT reachable: {error}");
                self.clock = "unknown (the gateway did not answer)".to_owned();
            }
        }
    }

    /// The text support gets.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "StableTill diagnostics (contains no secret)");
        let _ = writeln!(out, "program:   {}", self.program);
        let _ = writeln!(out, "system:    {}", system_description());
        let _ = writeln!(out, "data dir:  {}", self.home.root().display());
        let _ = writeln!(out, "logs:      {}", self.home.logs_dir().display());
        if let Some(mode) = &self.mode {
            let _ = writeln!(out, "mode:      {mode}");
        }
        let privacy = match &self.config {
            Ok(config) => {
                let _ = writeln!(out, "settings:");
                let _ = writeln!(out, "  till-id: {}", config.till_id);
                for key in SHOWN_SETTINGS {
                    let value = config.value_text(key);
                    let value = if value.is_empty() { "(not set)".to_owned() } else { value };
                    let _ = writeln!(out, "  {}: {value}", key.as_str());
                }
                let pin = if config.manager_pin.is_some() { "set (not shown)" } else { "not set" };
                let _ = writeln!(out, "  manager-pin: {pin}");
                config.privacy_mode
            }
            Err(problem) => {
                let _ = writeln!(out, "settings:  {problem}");
                false
            }
        };
        let _ = writeln!(out, "keyring:   {}", self.keyring);
        match &self.gateway {
            Some(url) => {
                let _ = writeln!(out, "gateway:   {url} — {}", self.gateway_answer);
            }
            None => {
                let _ = writeln!(out, "gateway:   {}", self.gateway_answer);
            }
        }
        let _ = writeln!(out, "clock:     {}", self.clock);
        match &self.logs {
            Some((file, lines)) => {
                let _ = writeln!(out, "last {} log lines ({file}):", lines.len());
                for line in lines {
                    // Support gets every line masked when the shop asked for privacy, debug
                    // lines included.
                    let line = if privacy { mask_addresses_in(line) } else { line.into() };
                    let _ = writeln!(out, "  {line}");
                }
            }
            None => {
                let _ = writeln!(out, "last log lines: none yet");
            }
        }
        out
    }
}

/// "linux x86_64, Debian GNU/Linux 12 (bookworm)".
fn system_description() -> String {
    let base = format!("{} {}", std::env::consts::OS, std::env::consts::ARCH);
    match os_release_name() {
        Some(name) => format!("{base}, {name}"),
        None => base,
    }
}

#[cfg(target_os = "linux")]
fn os_release_name() -> Option<String> {
    let text = std::fs::read_to_string("/etc/os-release").ok()?;
    let value = text.lines().find_map(|line| line.strip_prefix("PRETTY_NAME="))?;
    Some(value.trim_matches('"').to_owned())
}

#[cfg(not(target_os = "linux"))]
fn os_release_name() -> Option<String> {
    None
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use keyring_core::CredentialStore;
    use stabletill_gateway::{ApiSecret, GatewayKind};

    use super::*;

    const SECRET: &str = "sk_live_9f8e7d6c5b4a39281706f5e4d3c2b1a0";
    const TRON: &str = "TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE";

    fn till_with_a_secret() -> (tempfile::TempDir, TillHome, Arc<CredentialStore>) {
        let dir = tempfile::tempdir().expect("tempdir");
        let home = TillHome::at(dir.path());
        TillConfig::set(&home, ConfigKey::MerchantId, "MCH_20240101_ABC123").expect("merchant id");
        let store: Arc<CredentialStore> = keyring_core::mock::Store::new().expect("mock store");
        SecretStore::with_store(store.clone(), &home).set(&ApiSecret::new(SECRET)).expect("secret");
        std::fs::create_dir_all(home.logs_dir()).expect("logs");
        std::fs::write(
            home.logs_dir().join("stabletill.2026-11-21.log"),
            format!("INFO order created merchant_order_id=ST-ABC234-01J address={TRON}\n"),
        )
        .expect("log");
        (dir, home, store)
    }

    #[test]
    fn the_diagnostics_say_a_secret_is_stored_and_never_show_it() {
        let (_dir, home, store) = till_with_a_secret();
        let text =
            Diagnostics::read("stabletill 0.1.0", &home, |home| Ok(SecretStore::with_store(store, home)))
                .to_text();
        assert!(!text.contains(SECRET), "{text}");
        assert!(!text.contains(&SECRET[8..20]), "not even part of it: {text}");
        assert!(text.contains("an API secret is stored (not shown)"), "{text}");
        assert!(text.contains("merchant-id: MCH_20240101_ABC123"), "{text}");
        assert!(text.contains(&format!("data dir:  {}", home.root().display())), "{text}");
        assert!(text.contains("order created"), "the last log lines are there: {text}");
        assert!(text.contains(TRON), "privacy-mode is off: {text}");
        assert!(text.contains("gateway-kind: paystablecoin"), "{text}");
    }

    #[test]
    fn privacy_mode_masks_addresses_and_a_pin_hash_is_never_shown() {
        let (_dir, home, store) = till_with_a_secret();
        TillConfig::set(&home, ConfigKey::PrivacyMode, "on").expect("privacy");
        let hash = crate::PinHash::of(&crate::Pin::new("4711").expect("pin")).expect("pin hash");
        TillConfig::set_manager_pin(&home, hash.clone()).expect("pin");
        let text =
            Diagnostics::read("stabletill 0.1.0", &home, |home| Ok(SecretStore::with_store(store, home)))
                .to_text();
        assert!(text.contains("TQn9…bLSE") && !text.contains(TRON), "{text}");
        assert!(text.contains("privacy-mode: on"), "{text}");
        assert!(text.contains("manager-pin: set (not shown)") && !text.contains(hash.as_str()), "{text}");
    }

    #[test]
    fn an_unreachable_keyring_and_gateway_are_reported_not_fatal() {
        let dir = tempfile::tempdir().expect("tempdir");
        let home = TillHome::at(dir.path());
        TillConfig::set(&home, ConfigKey::Gateway, "http://127.0.0.1:9").expect("a closed port");
        let mut diagnostics = Diagnostics::read("stabletill 0.1.0", &home, |_| {
            Err(TillError::KeyringUnavailable("no Secret Service".into()))
        });
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        runtime.block_on(diagnostics.check_gateway(Duration::from_secs(2)));
        let text = diagnostics.to_text();
        assert!(text.contains("keyring:   NOT reachable: no Secret Service"), "{text}");
        assert!(text.contains("gateway:   http://127.0.0.1:9/ — NOT reachable"), "{text}");
        assert!(text.contains("last log lines: none yet"), "{text}");
    }

    #[test]
    fn a_reachable_gateway_gives_the_clock_offset() {
        let dir = tempfile::tempdir().expect("tempdir");
        let home = TillHome::at(dir.path());
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        let text = runtime.block_on(async {
            let gateway =
                crate::DemoGateway::start(GatewayKind::PayStableCoin).await.expect("the demo gateway");
            let crate::ShopGateway::PayStableCoin(setup) = gateway.setup().expect("setup") else {
                panic!("the PayStableCoin demo gateway gave another kind of setup");
            };
            let url = setup.environment.base_url();
            TillConfig::set(&home, ConfigKey::Gateway, url.as_str()).expect("gateway");
            let mut diagnostics = Diagnostics::read("stabletill 0.1.0", &home, |_| {
                Err(TillError::KeyringUnavailable("-".into()))
            });
            diagnostics.check_gateway(Duration::from_secs(5)).await;
            gateway.shutdown().await;
            diagnostics.to_text()
        });
        assert!(text.contains("— reachable (HTTP "), "{text}");
        assert!(text.contains("clock:     this computer's clock is "), "{text}");
        assert!(text.contains("(fine; the gateway allows 5 min)"), "{text}");
    }

    #[test]
    fn diagnostics_of_a_new_home_create_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let home = TillHome::at(&dir.path().join("never-used"));
        let text = Diagnostics::read("stabletill 0.1.0", &home, |_| {
            Err(TillError::KeyringUnavailable("not asked".into()))
        })
        .to_text();
        assert!(text.contains("no settings yet"), "{text}");
        assert!(!home.root().exists());
    }
}
