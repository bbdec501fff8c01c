//! The settings screen: every setting `stabletill config set` knows, with its value and a line
//! of help, changed one at a time through the back office (checked, and recorded in the audit
//! log); and the API secret, which the UI can set, replace or clear, and only ask whether one
//! is stored — it never comes back.

use serde::Serialize;
use stabletill_till::{ApiSecret, ConfigKey, PrivacySwitch, SecretStore, TillConfig, TillError};
use tauri::{AppHandle, Manager, Runtime, State};

use super::{blocking, BackOfficeSlot};
use crate::slots::{DemoSlot, TillSlot};
use crate::IpcError;

/// How the screen lets a setting be typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Input {
    Text,
    /// `on` or `off`.
    Switch,
    /// One of `choices`.
    Choice,
}

/// One setting as the screen shows it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Setting {
    /// The name `stabletill config set` takes, e.g. `day-cutoff`.
    pub key: &'static str,
    pub group: &'static str,
    pub label: &'static str,
    pub help: &'static str,
    pub input: Input,
    pub choices: &'static [&'static str],
    /// The value as `config set` takes it.
    pub value: String,
}

/// The settings screen.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SettingsView {
    pub settings: Vec<Setting>,
    /// Whether an API secret is stored; null when the keyring cannot be asked.
    pub secret_set: Option<bool>,
    /// Why the keyring cannot be asked.
    pub keyring_problem: Option<IpcError>,
    /// A till is open: it keeps the settings it opened with until StableTill restarts.
    pub restart_needed: bool,
    pub demo: bool,
}

/// What a change did.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SettingChanged {
    pub setting: Setting,
    pub restart_needed: bool,
}

struct Described {
    key: &'static str,
    group: &'static str,
    label: &'static str,
    help: &'static str,
    input: Input,
    choices: &'static [&'static str],
}

const fn text(key: &'static str, group: &'static str, label: &'static str, help: &'static str) -> Described {
    Described { key, group, label, help, input: Input::Text, choices: &[] }
}

const fn switch(key: &'static str, label: &'static str, help: &'static str) -> Described {
    Described { key, group: "Counter", label, help, input: Input::Switch, choices: &["on", "off"] }
}

/// Every setting the screen offers, in its order. A name the till does not know (yet) is left
/// out; a test checks that none the till knows is missing.
const SETTINGS: &[Described] = &[
    text("shop-name", "Shop", "Shop name", "Shown at the top of the cashier screen and on reports. Up to 80 characters."),
    text("time-zone", "Shop", "Time zone", "An IANA name such as Europe/Berlin, or \"system\" for this computer's zone. Business days and report times use it."),
    text("day-cutoff", "Shop", "Business day starts at", "HH:MM. 00:00 for most shops; a bar open past midnight might use 04:00."),
    text("merchant-id", "Gateway", "Merchant ID", "From the merchant portal, like MCH_20240101_ABC123."),
    text("gateway", "Gateway", "Gateway address", "production, sandbox, or the https:// address of a compatible gateway."),
    Described {
        key: "gateway-kind",
        group: "Gateway",
        label: "Gateway kind",
        help: "Which payment gateway the shop has an account with.",
        input: Input::Choice,
        choices: &["paystablecoin", "blockatm"],
    },
    text("order-lifetime", "Gateway", "Time to pay", "How long a customer has to pay an order, like 15m (20s to 24h)."),
    text("requests-per-minute", "Gateway", "Requests per minute", "This till's share of the API key's limit (100 a minute per key): 33 each for three tills."),
    text("default-method", "Counter", "Default method", "The tile chosen first, like USDT/tron, or none."),
    text("hidden-methods", "Counter", "Hidden methods", "Methods this shop does not take, comma-separated, like USDC/ethereum, USD1/bsc."),
    text("customer-display", "Counter", "Customer display", "auto (a second monitor when there is one), off, or a monitor number from 1."),
    switch("payment-links", "Payment links in the QR", "Wallet links instead of the bare address; some wallets cannot read them."),
    switch("auto-print", "Print receipts", "Print the receipt as soon as a sale is paid."),
    switch("chime", "Chime when paid", "A sound when a sale is paid."),
    text("return-after", "Counter", "Back to a new sale after", "How long a finished sale stays on screen, like 20s or 1m, or off to stay."),
    Described {
        key: "privacy-mode",
        group: "Shop",
        label: "Privacy in logs",
        help: "on: log files and diagnostics for support show deposit addresses shortened, like TQn9…bLSE.",
        input: Input::Switch,
        choices: &["on", "off"],
    },
    switch("cashier-sign-in", "Cashiers sign in", "A cashier signs in with name and PIN before taking payments; each sale records who. Add cashiers under Cashiers first."),
];

fn described() -> impl Iterator<Item = (&'static Described, ConfigKey)> {
    SETTINGS
        .iter()
        .filter_map(|described| described.key.parse::<ConfigKey>().ok().map(|key| (described, key)))
}

fn setting(described: &'static Described, key: ConfigKey, config: &TillConfig) -> Setting {
    Setting {
        key: described.key,
        group: described.group,
        label: described.label,
        help: described.help,
        input: described.input,
        choices: described.choices,
        value: config.value_text(key),
    }
}

#[tauri::command]
pub async fn manager_settings<R: Runtime>(
    app: AppHandle<R>,
    slot: State<'_, TillSlot>,
    demo: State<'_, DemoSlot>,
    desk: State<'_, BackOfficeSlot>,
) -> Result<SettingsView, IpcError> {
    let unlocked = desk.unlocked(&app).await?;
    let home = unlocked.home;
    let (settings, secret) = blocking(move || {
        let config = TillConfig::load(&home)?;
        let settings = described().map(|(described, key)| setting(described, key, &config)).collect();
        let secret = SecretStore::platform(&home).and_then(|store| store.is_set());
        Ok((settings, secret))
    })
    .await?;
    let (secret_set, keyring_problem) = match secret {
        Ok(set) => (Some(set), None),
        Err(error) => (None, Some(IpcError::from(error))),
    };
    Ok(SettingsView {
        settings,
        secret_set,
        keyring_problem,
        restart_needed: slot.is_open(),
        demo: demo.is_running(),
    })
}

/// Changes one setting; a bad value changes nothing and answers `invalid_setting` saying what
/// to write instead.
#[tauri::command]
pub async fn change_setting<R: Runtime>(
    app: AppHandle<R>,
    key: String,
    value: String,
    slot: State<'_, TillSlot>,
    desk: State<'_, BackOfficeSlot>,
) -> Result<SettingChanged, IpcError> {
    let (described, config_key) = described()
        .find(|(described, _)| described.key == key)
        .ok_or_else(|| IpcError::from(TillError::InvalidSetting(format!("there is no setting {key:?}"))))?;
    let unlocked = desk.unlocked(&app).await?;
    let config = blocking(move || unlocked.office.change_setting(&unlocked.pass, config_key, &value)).await?;
    // Privacy in the logs takes effect at once; everything else when the till reopens.
    if let (ConfigKey::PrivacyMode, Some(privacy)) = (config_key, app.try_state::<PrivacySwitch>()) {
        privacy.set(config.privacy_mode);
    }
    // Sign-in too: the counter shows or drops its sign-in screen now.
    if config_key == ConfigKey::CashierSignIn {
        super::cashiers::tell_the_counter(&app);
    }
    Ok(SettingChanged { setting: setting(described, config_key, &config), restart_needed: slot.is_open() })
}

/// Stores or replaces the API secret in the OS keyring. The answer says only that one is set.
#[tauri::command]
pub async fn set_api_secret<R: Runtime>(
    app: AppHandle<R>,
    secret: String,
    demo: State<'_, DemoSlot>,
    desk: State<'_, BackOfficeSlot>,
) -> Result<bool, IpcError> {
    refuse_in_demo(&demo)?;
    let unlocked = desk.unlocked(&app).await?;
    let secret = ApiSecret::new(secret);
    blocking(move || {
        let store = SecretStore::platform(&unlocked.home)?;
        unlocked.office.set_secret(&unlocked.pass, &store, &secret)?;
        Ok(true)
    })
    .await
}

/// Removes the API secret; answers whether one is still stored (false).
#[tauri::command]
pub async fn clear_api_secret<R: Runtime>(
    app: AppHandle<R>,
    demo: State<'_, DemoSlot>,
    desk: State<'_, BackOfficeSlot>,
) -> Result<bool, IpcError> {
    refuse_in_demo(&demo)?;
    let unlocked = desk.unlocked(&app).await?;
    blocking(move || {
        let store = SecretStore::platform(&unlocked.home)?;
        unlocked.office.clear_secret(&unlocked.pass, &store)?;
        store.is_set()
    })
    .await
}

pub(crate) fn refuse_in_demo(demo: &DemoSlot) -> Result<(), IpcError> {
    if demo.is_running() {
        return Err(IpcError::not_available(
            "the demo uses the demo gateway's own credentials: set the API secret in a real till (start StableTill without --demo)",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The till lists its settings in the message for an unknown one; each must be on the screen.
    #[test]
    fn every_setting_the_till_knows_is_on_the_screen() {
        let Err(error) = "no-such-setting".parse::<ConfigKey>() else { panic!("an unknown key parsed") };
        let message = error.to_string();
        let list = message.split("use ").nth(1).unwrap_or_default();
        let names: Vec<&str> =
            list.split([',', ' ']).map(str::trim).filter(|word| !word.is_empty() && *word != "or").collect();
        assert!(names.len() >= 7, "the till's list of settings could not be read from {message:?}");
        for name in names {
            assert!(SETTINGS.iter().any(|s| s.key == name), "the settings screen lacks {name:?}");
        }
    }

    #[test]
    fn each_listed_name_reads_back_as_itself() {
        for (described, key) in described() {
            assert_eq!(key.as_str(), described.key);
        }
        assert!(described().count() >= 7);
    }
}
