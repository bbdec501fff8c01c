//! The till's settings file (`config.toml` in the data directory), shared by the app and the CLI.
//! Raw TOML is read into [`ConfigFile`] and checked into [`TillConfig`]: a bad value is refused
//! with a message that says what to write instead, and nothing is changed.

use std::str::FromStr;
use std::time::Duration;

use jiff::civil::Time;
use jiff::tz::TimeZone;
use rand::Rng;
use serde::{Deserialize, Serialize};
use stabletill_gateway::{GatewayEnvironment, GatewayKind, DEFAULT_REQUESTS_PER_MINUTE};

use crate::atomic_file::write_text_atomically;
use crate::business_day::{format_day_cutoff, parse_day_cutoff, parse_time_zone};
use crate::cashiers::{check_cashier_name, Cashier};
use crate::pin::PinHash;
use crate::{BusinessCalendar, TillError, TillHome};

mod counter;

use counter::{
    format_method_list, format_return_after, format_switch, parse_method_list, parse_return_after,
    parse_switch,
};
pub use counter::{CounterSettings, CustomerDisplay, MethodChoice, DEFAULT_RETURN_AFTER};

/// The version of the settings format this build reads and writes. 2 added the time zone, the
/// day cut-off and the manager PIN: an older build refuses the file rather than rewriting it
/// without them (and so without the PIN). 3 added the counter's settings (default and hidden
/// methods, customer display, payment links, receipt, chime, return delay), for the same reason.
/// 4 added `privacy-mode`: an older build would drop it and log full addresses again. 5 added
/// cashier sign-in and the cashiers: an older build would drop them and let anyone charge.
pub const CONFIG_VERSION: u32 = 5;

/// The file as written on disk. Every field is optional so an older or hand-edited file still reads.
#[derive(Debug, Default, Serialize, Deserialize)]
struct ConfigFile {
    version: Option<u32>,
    till_id: Option<String>,
    merchant_id: Option<String>,
    gateway: Option<String>,
    shop_name: Option<String>,
    /// How long a customer has to pay, e.g. "15m".
    order_lifetime: Option<String>,
    /// This till's share of the API key's request budget.
    requests_per_minute: Option<u32>,
    /// An IANA zone name; absent: the system's zone.
    time_zone: Option<String>,
    /// "HH:MM", when the business day starts.
    day_cutoff: Option<String>,
    /// The manager PIN's argon2id PHC string.
    manager_pin: Option<String>,
    /// "paystablecoin" (absent) or "blockatm".
    gateway_kind: Option<String>,
    /// The counter's settings (see `config/counter.rs`), each as `config set` takes it.
    default_method: Option<String>,
    hidden_methods: Option<Vec<String>>,
    customer_display: Option<String>,
    payment_links: Option<bool>,
    auto_print: Option<bool>,
    chime: Option<bool>,
    return_after: Option<String>,
    /// Deposit addresses shortened in log lines at info level and above.
    privacy_mode: Option<bool>,
    /// A cashier signs in (name + PIN) at the counter before any charge.
    cashier_sign_in: Option<bool>,
    /// Who may sign in; last, as TOML writes tables after plain values.
    cashiers: Option<Vec<CashierEntry>>,
}

/// One cashier as stored: the name and the PIN's argon2id PHC string.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct CashierEntry {
    name: String,
    pin: String,
}

/// Checked settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TillConfig {
    /// Short random id of this till; part of every merchantOrderId so ids never collide across tills.
    pub till_id: String,
    pub merchant_id: Option<String>,
    pub gateway: GatewayEnvironment,
    pub shop_name: Option<String>,
    /// How long a customer has to pay an order (the order's `expiresAt`).
    pub order_lifetime: Duration,
    /// Requests per minute this till may send with the key. Several tills sharing one key each
    /// take a share of the gateway's limit (e.g. 3 tills × 33).
    pub requests_per_minute: u32,
    /// The shop's time zone for business days and local times; `None` follows the system's zone.
    pub time_zone: Option<TimeZone>,
    /// When the business day starts on the shop's clock: midnight, or e.g. 04:00 for a bar.
    pub day_cutoff: Time,
    /// The manager PIN's hash; `None` until a PIN is set.
    pub manager_pin: Option<PinHash>,
    /// Which gateway the shop uses; `gateway` says where it is.
    pub gateway_kind: GatewayKind,
    /// What the cashier's and the customer's screens do.
    pub counter: CounterSettings,
    /// Log lines (info and above) and diagnostics show deposit addresses shortened (`TQn9…bLSE`).
    pub privacy_mode: bool,
    /// A cashier must sign in at the counter before a charge; each sale records who.
    pub cashier_sign_in: bool,
    /// The cashiers who may sign in, in the order they were added.
    pub cashiers: Vec<Cashier>,
}

/// The order lifetime when none is set: long enough to open a wallet and send, short enough that
/// a customer who walked away does not leave an address open for hours.
pub const DEFAULT_ORDER_LIFETIME: Duration = Duration::from_secs(15 * 60);
const SHORTEST_ORDER_LIFETIME: Duration = Duration::from_secs(20);
const LONGEST_ORDER_LIFETIME: Duration = Duration::from_secs(24 * 3600);

/// The settings `stabletill config set` can change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigKey {
    MerchantId,
    Gateway,
    ShopName,
    OrderLifetime,
    RequestsPerMinute,
    TimeZone,
    DayCutoff,
    GatewayKind,
    DefaultMethod,
    HiddenMethods,
    CustomerDisplay,
    PaymentLinks,
    AutoPrint,
    Chime,
    ReturnAfter,
    PrivacyMode,
    CashierSignIn,
}

impl ConfigKey {
    /// The name `stabletill config set` takes.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::MerchantId => "merchant-id",
            Self::Gateway => "gateway",
            Self::ShopName => "shop-name",
            Self::OrderLifetime => "order-lifetime",
            Self::RequestsPerMinute => "requests-per-minute",
            Self::TimeZone => "time-zone",
            Self::DayCutoff => "day-cutoff",
            Self::GatewayKind => "gateway-kind",
            Self::DefaultMethod => "default-method",
            Self::HiddenMethods => "hidden-methods",
            Self::CustomerDisplay => "customer-display",
            Self::PaymentLinks => "payment-links",
            Self::AutoPrint => "auto-print",
            Self::Chime => "chime",
            Self::ReturnAfter => "return-after",
            Self::PrivacyMode => "privacy-mode",
            Self::CashierSignIn => "cashier-sign-in",
        }
    }
}

impl FromStr for ConfigKey {
    type Err = TillError;

    fn from_str(key: &str) -> Result<Self, Self::Err> {
        match key {
            "merchant-id" => Ok(Self::MerchantId),
            "gateway" => Ok(Self::Gateway),
            "shop-name" => Ok(Self::ShopName),
            "order-lifetime" => Ok(Self::OrderLifetime),
            "requests-per-minute" => Ok(Self::RequestsPerMinute),
            "time-zone" => Ok(Self::TimeZone),
            "day-cutoff" => Ok(Self::DayCutoff),
            "gateway-kind" => Ok(Self::GatewayKind),
            "default-method" => Ok(Self::DefaultMethod),
            "hidden-methods" => Ok(Self::HiddenMethods),
            "customer-display" => Ok(Self::CustomerDisplay),
            "payment-links" => Ok(Self::PaymentLinks),
            "auto-print" => Ok(Self::AutoPrint),
            "chime" => Ok(Self::Chime),
            "return-after" => Ok(Self::ReturnAfter),
            "privacy-mode" => Ok(Self::PrivacyMode),
            "cashier-sign-in" => Ok(Self::CashierSignIn),
            other => Err(TillError::InvalidSetting(format!(
                "unknown setting {other:?}: use merchant-id, gateway, gateway-kind, shop-name, order-lifetime, requests-per-minute, time-zone, day-cutoff, default-method, hidden-methods, customer-display, payment-links, auto-print, chime, return-after, privacy-mode or cashier-sign-in"
            ))),
        }
    }
}

impl TillConfig {
    /// Reads the settings, creating the file (with a new till id) the first time.
    pub fn load_or_create(home: &TillHome) -> Result<Self, TillError> {
        let (config, needs_saving) = Self::read(home)?;
        if needs_saving {
            config.save(home)?;
        }
        Ok(config)
    }

    /// Reads the settings without writing anything: for readers (listings, reports, the PIN
    /// check) that must not create files. Without a file, the defaults with a throwaway till id.
    pub fn load(home: &TillHome) -> Result<Self, TillError> {
        Ok(Self::read(home)?.0)
    }

    /// The checked settings, and whether the file still needs a till id written to it.
    fn read(home: &TillHome) -> Result<(Self, bool), TillError> {
        let path = home.config_file();
        match std::fs::read_to_string(&path) {
            Ok(text) => Self::from_toml_text(&text, &path.display().to_string()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                Ok((Self::check(ConfigFile::default(), &path.display().to_string())?, true))
            }
            Err(e) => Err(TillError::Storage(format!("cannot read {}: {e}", path.display()))),
        }
    }

    /// The checked settings in `text` (the settings file's content, `origin` naming it in
    /// messages), and whether the text lacks a till id. What [`TillConfig::load`] does after
    /// reading the file; the fuzz target `settings` feeds it arbitrary text.
    pub fn from_toml_text(text: &str, origin: &str) -> Result<(Self, bool), TillError> {
        let file = toml::from_str::<ConfigFile>(text).map_err(|e| {
            TillError::InvalidSetting(format!("{origin} cannot be read: {e}. Fix or delete the file."))
        })?;
        let needs_saving = file.till_id.is_none();
        Ok((Self::check(file, origin)?, needs_saving))
    }

    fn check(file: ConfigFile, origin: &str) -> Result<Self, TillError> {
        if let Some(version) = file.version.filter(|v| *v > CONFIG_VERSION) {
            return Err(TillError::InvalidSetting(format!(
                "{origin} was written by a newer StableTill (format {version}, this build reads {CONFIG_VERSION}): update StableTill"
            )));
        }
        let counter = check_counter(&file, origin)?;
        let gateway = match file.gateway.as_deref() {
            Some(text) => {
                text.parse().map_err(|e| TillError::InvalidSetting(format!("{origin}: gateway: {e}")))?
            }
            None => GatewayEnvironment::Production,
        };
        let merchant_id = match file.merchant_id {
            Some(id) => Some(check_merchant_id(&id)?),
            None => None,
        };
        let order_lifetime = match file.order_lifetime.as_deref() {
            Some(text) => {
                parse_lifetime(text).map_err(|e| TillError::InvalidSetting(format!("{origin}: {e}")))?
            }
            None => DEFAULT_ORDER_LIFETIME,
        };
        let requests_per_minute = match file.requests_per_minute {
            Some(n) => check_requests_per_minute(n)
                .map_err(|e| TillError::InvalidSetting(format!("{origin}: {e}")))?,
            None => DEFAULT_REQUESTS_PER_MINUTE,
        };
        let time_zone = match file.time_zone.as_deref() {
            Some(name) => {
                parse_time_zone(name).map_err(|e| TillError::InvalidSetting(format!("{origin}: {e}")))?
            }
            None => None,
        };
        let day_cutoff = match file.day_cutoff.as_deref() {
            Some(text) => {
                parse_day_cutoff(text).map_err(|e| TillError::InvalidSetting(format!("{origin}: {e}")))?
            }
            None => Time::midnight(),
        };
        let manager_pin = file.manager_pin.as_deref().map(PinHash::parse).transpose()?;
        let gateway_kind = match file.gateway_kind.as_deref() {
            Some(text) => {
                parse_gateway_kind(text).map_err(|e| TillError::InvalidSetting(format!("{origin}: {e}")))?
            }
            None => GatewayKind::PayStableCoin,
        };
        let cashiers = check_cashiers(file.cashiers.as_deref().unwrap_or_default(), origin)?;
        Ok(Self {
            counter,
            privacy_mode: file.privacy_mode.unwrap_or(false),
            cashier_sign_in: file.cashier_sign_in.unwrap_or(false),
            cashiers,
            gateway_kind,
            time_zone,
            day_cutoff,
            manager_pin,
            requests_per_minute,
            till_id: file.till_id.unwrap_or_else(new_till_id),
            merchant_id,
            gateway,
            shop_name: file.shop_name.filter(|s| !s.trim().is_empty()),
            order_lifetime,
        })
    }

    /// Checks and stores one setting. A bad value changes nothing.
    pub fn set(home: &TillHome, key: ConfigKey, value: &str) -> Result<Self, TillError> {
        let mut config = Self::load_or_create(home)?;
        let value = value.trim();
        match key {
            ConfigKey::MerchantId => config.merchant_id = Some(check_merchant_id(value)?),
            ConfigKey::Gateway => {
                config.gateway =
                    value.parse().map_err(|e| TillError::InvalidSetting(format!("gateway: {e}")))?
            }
            ConfigKey::ShopName => {
                if value.chars().count() > 80 {
                    return Err(TillError::InvalidSetting(
                        "the shop name is longer than 80 characters".into(),
                    ));
                }
                config.shop_name = Some(value.to_owned()).filter(|s| !s.is_empty());
            }
            ConfigKey::OrderLifetime => config.order_lifetime = parse_lifetime(value)?,
            ConfigKey::RequestsPerMinute => {
                let n = value.parse::<u32>().map_err(|_| {
                    TillError::InvalidSetting(format!(
                        "{value:?} is not a whole number of requests per minute, e.g. 100"
                    ))
                })?;
                config.requests_per_minute = check_requests_per_minute(n)?;
            }
            ConfigKey::TimeZone => config.time_zone = parse_time_zone(value)?,
            ConfigKey::DayCutoff => config.day_cutoff = parse_day_cutoff(value)?,
            ConfigKey::GatewayKind => config.gateway_kind = parse_gateway_kind(value)?,
            ConfigKey::DefaultMethod => {
                config.counter.default_method = match value {
                    "" | "none" => None,
                    text => Some(text.parse()?),
                };
            }
            ConfigKey::HiddenMethods => config.counter.hidden_methods = parse_method_list(value)?,
            ConfigKey::CustomerDisplay => config.counter.customer_display = value.parse()?,
            ConfigKey::PaymentLinks => config.counter.payment_links = parse_switch(key.as_str(), value)?,
            ConfigKey::AutoPrint => config.counter.auto_print = parse_switch(key.as_str(), value)?,
            ConfigKey::Chime => config.counter.chime = parse_switch(key.as_str(), value)?,
            ConfigKey::ReturnAfter => config.counter.return_after = parse_return_after(value)?,
            ConfigKey::PrivacyMode => config.privacy_mode = parse_switch(key.as_str(), value)?,
            ConfigKey::CashierSignIn => {
                let on = parse_switch(key.as_str(), value)?;
                if on && config.cashiers.is_empty() {
                    return Err(TillError::InvalidSetting(
                        "add a cashier first (name and PIN), then turn cashier sign-in on: with nobody to sign in, no sale could be taken".into(),
                    ));
                }
                config.cashier_sign_in = on;
            }
        }
        config.counter.check_default_not_hidden()?;
        config.save(home)?;
        Ok(config)
    }

    /// Stores a new manager PIN hash. Not a [`ConfigKey`]: a PIN never travels as a command-line
    /// argument, and who may change it is checked by the caller.
    pub(crate) fn set_manager_pin(home: &TillHome, hash: PinHash) -> Result<Self, TillError> {
        let mut config = Self::load_or_create(home)?;
        config.manager_pin = Some(hash);
        config.save(home)?;
        Ok(config)
    }

    /// Stores the list of cashiers. Not a [`ConfigKey`]: their PINs never travel as command-line
    /// arguments; `cashiers.rs` checks names and who may change the list.
    pub(crate) fn set_cashiers(home: &TillHome, cashiers: Vec<Cashier>) -> Result<Self, TillError> {
        let mut config = Self::load_or_create(home)?;
        config.cashiers = cashiers;
        config.save(home)?;
        Ok(config)
    }

    /// The value of `key` as `config set` takes it and `config show` prints it.
    pub fn value_text(&self, key: ConfigKey) -> String {
        match key {
            ConfigKey::MerchantId => self.merchant_id.clone().unwrap_or_default(),
            ConfigKey::Gateway => self.gateway.to_string(),
            ConfigKey::ShopName => self.shop_name.clone().unwrap_or_default(),
            ConfigKey::OrderLifetime => format_lifetime(self.order_lifetime),
            ConfigKey::RequestsPerMinute => self.requests_per_minute.to_string(),
            ConfigKey::TimeZone => match &self.time_zone {
                Some(zone) => zone.iana_name().unwrap_or_default().to_owned(),
                None => format!("system ({})", self.calendar().zone_name()),
            },
            ConfigKey::DayCutoff => format_day_cutoff(self.day_cutoff),
            ConfigKey::GatewayKind => self.gateway_kind.to_string(),
            ConfigKey::DefaultMethod => {
                self.counter.default_method.as_ref().map_or_else(|| "none".to_owned(), ToString::to_string)
            }
            ConfigKey::HiddenMethods => format_method_list(&self.counter.hidden_methods),
            ConfigKey::CustomerDisplay => self.counter.customer_display.to_string(),
            ConfigKey::PaymentLinks => format_switch(self.counter.payment_links),
            ConfigKey::AutoPrint => format_switch(self.counter.auto_print),
            ConfigKey::Chime => format_switch(self.counter.chime),
            ConfigKey::ReturnAfter => format_return_after(self.counter.return_after),
            ConfigKey::PrivacyMode => format_switch(self.privacy_mode),
            ConfigKey::CashierSignIn => format_switch(self.cashier_sign_in),
        }
    }

    /// The shop's business days: its zone (the system's when none is set) and cut-off.
    pub fn calendar(&self) -> BusinessCalendar {
        BusinessCalendar::new(self.time_zone.clone().unwrap_or_else(TimeZone::system), self.day_cutoff)
    }

    /// Writes the file atomically (temporary file, then rename) so a crash never leaves half a file.
    pub fn save(&self, home: &TillHome) -> Result<(), TillError> {
        home.ensure_exists()?;
        let text = self.to_toml_text()?;
        write_text_atomically(&home.config_file(), &text)
    }

    /// The settings file's text for these settings: what [`TillConfig::save`] writes, and what
    /// [`TillConfig::from_toml_text`] reads back into equal settings.
    pub fn to_toml_text(&self) -> Result<String, TillError> {
        let file = ConfigFile {
            version: Some(CONFIG_VERSION),
            till_id: Some(self.till_id.clone()),
            merchant_id: self.merchant_id.clone(),
            gateway: Some(self.gateway.to_string()),
            shop_name: self.shop_name.clone(),
            order_lifetime: Some(format_lifetime(self.order_lifetime)),
            requests_per_minute: Some(self.requests_per_minute),
            time_zone: self.time_zone.as_ref().and_then(TimeZone::iana_name).map(str::to_owned),
            day_cutoff: Some(format_day_cutoff(self.day_cutoff)),
            manager_pin: self.manager_pin.as_ref().map(|hash| hash.as_str().to_owned()),
            gateway_kind: Some(self.gateway_kind.to_string()),
            default_method: self.counter.default_method.as_ref().map(ToString::to_string),
            hidden_methods: Some(self.counter.hidden_methods.iter().map(ToString::to_string).collect()),
            customer_display: Some(self.counter.customer_display.to_string()),
            payment_links: Some(self.counter.payment_links),
            auto_print: Some(self.counter.auto_print),
            chime: Some(self.counter.chime),
            return_after: Some(format_return_after(self.counter.return_after)),
            privacy_mode: Some(self.privacy_mode),
            cashier_sign_in: Some(self.cashier_sign_in),
            cashiers: Some(
                self.cashiers
                    .iter()
                    .map(|cashier| CashierEntry {
                        name: cashier.name.clone(),
                        pin: cashier.pin.as_str().to_owned(),
                    })
                    .collect(),
            ),
        };
        let text = toml::to_string(&file)
            .map_err(|e| TillError::Storage(format!("settings cannot be written: {e}")))?;
        Ok(format!("# StableTill settings, shared by the app and the `stabletill` CLI.\n{text}"))
    }

    pub fn require_merchant_id(&self) -> Result<&str, TillError> {
        self.merchant_id.as_deref().ok_or_else(|| {
            TillError::NotConfigured(
                "no merchant ID is set: run `stabletill config set merchant-id YOUR_ID` or finish the setup"
                    .into(),
            )
        })
    }
}

/// The counter's settings from the file; absent ones take their defaults.
fn check_counter(file: &ConfigFile, origin: &str) -> Result<CounterSettings, TillError> {
    let in_file = |e: TillError| TillError::InvalidSetting(format!("{origin}: {e}"));
    let defaults = CounterSettings::default();
    let hidden_methods = match &file.hidden_methods {
        Some(list) => parse_method_list(&list.join(",")).map_err(in_file)?,
        None => defaults.hidden_methods,
    };
    let counter = CounterSettings {
        default_method: file.default_method.as_deref().map(str::parse).transpose().map_err(in_file)?,
        hidden_methods,
        customer_display: match file.customer_display.as_deref() {
            Some(text) => text.parse().map_err(in_file)?,
            None => defaults.customer_display,
        },
        payment_links: file.payment_links.unwrap_or(defaults.payment_links),
        auto_print: file.auto_print.unwrap_or(defaults.auto_print),
        chime: file.chime.unwrap_or(defaults.chime),
        return_after: match file.return_after.as_deref() {
            Some(text) => parse_return_after(text).map_err(in_file)?,
            None => defaults.return_after,
        },
    };
    counter.check_default_not_hidden().map_err(in_file)?;
    Ok(counter)
}

/// The stored cashiers, each name checked and each PIN hash an argon2id PHC string.
fn check_cashiers(entries: &[CashierEntry], origin: &str) -> Result<Vec<Cashier>, TillError> {
    entries
        .iter()
        .map(|entry| {
            let name = check_cashier_name(&entry.name)
                .map_err(|e| TillError::InvalidSetting(format!("{origin}: {e}")))?;
            let pin = PinHash::parse(&entry.pin).map_err(|_| {
                TillError::InvalidSetting(format!(
                    "{origin}: the PIN of cashier {name} is damaged: remove the cashier from the file and add them again"
                ))
            })?;
            Ok(Cashier { name, pin })
        })
        .collect()
}

fn parse_gateway_kind(text: &str) -> Result<GatewayKind, TillError> {
    GatewayKind::parse(text).ok_or_else(|| {
        TillError::InvalidSetting(format!("{text:?} is not a gateway kind: use paystablecoin or blockatm"))
    })
}

fn check_merchant_id(id: &str) -> Result<String, TillError> {
    let id = id.trim();
    let ok = !id.is_empty()
        && id.len() <= 64
        && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if ok {
        Ok(id.to_owned())
    } else {
        Err(TillError::InvalidSetting(format!(
            "{id:?} is not a merchant ID: it is up to 64 letters, digits, '_' or '-', like MCH_20240101_ABC123"
        )))
    }
}

/// "15m", "90s", "1h 30m" → a lifetime between 20 s and 24 h.
fn parse_lifetime(text: &str) -> Result<Duration, TillError> {
    let advice = "write the order lifetime like 15m, 90s or 1h (between 20s and 24h)";
    let signed: jiff::SignedDuration =
        text.trim().parse().map_err(|_| TillError::InvalidSetting(format!("{text:?}: {advice}")))?;
    let lifetime =
        Duration::try_from(signed).map_err(|_| TillError::InvalidSetting(format!("{text:?}: {advice}")))?;
    if !(SHORTEST_ORDER_LIFETIME..=LONGEST_ORDER_LIFETIME).contains(&lifetime) {
        return Err(TillError::InvalidSetting(format!("{text:?}: {advice}")));
    }
    Ok(lifetime)
}

fn check_requests_per_minute(n: u32) -> Result<u32, TillError> {
    if (6..=100_000).contains(&n) {
        Ok(n)
    } else {
        Err(TillError::InvalidSetting(format!(
            "{n} requests per minute is out of range: use 6 to 100000 (the gateway allows 100 per key; share them between tills)"
        )))
    }
}

fn format_lifetime(lifetime: Duration) -> String {
    jiff::SignedDuration::try_from(lifetime).map(|d| format!("{d:#}")).unwrap_or_else(|_| "15m".to_owned())
}

fn new_till_id() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTVWXYZ23456789";
    let mut rng = rand::rng();
    (0..6).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char).collect()
}

#[cfg(test)]
mod tests;
