//! The till's settings file (`config.toml` in the data directory), shared by the app and the CLI.
//! Raw TOML is read into [`ConfigFile`] and checked into [`TillConfig`]: a bad value is refused
//! with a message that says what to write instead, and nothing is changed.

use std::str::FromStr;
use std::time::Duration;

use jiff::civil::Time;
use jiff::tz::TimeZone;
use rand::Rng;
use serde::{Deserialize, Serialize};
use stabletill_gateway::{GatewayEnvironment, DEFAULT_REQUESTS_PER_MINUTE};

use crate::atomic_file::write_text_atomically;
use crate::business_day::{format_day_cutoff, parse_day_cutoff, parse_time_zone};
use crate::pin::PinHash;
use crate::{BusinessCalendar, TillError, TillHome};

/// The version of the settings format this build reads and writes. 2 added the time zone, the
/// day cut-off and the manager PIN: an older build refuses the file rather than rewriting it
/// without them (and so without the PIN).
pub const CONFIG_VERSION: u32 = 2;

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
            other => Err(TillError::InvalidSetting(format!(
                "unknown setting {other:?}: use merchant-id, gateway, shop-name, order-lifetime, requests-per-minute, time-zone or day-cutoff"
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
        let file = match std::fs::read_to_string(&path) {
            Ok(text) => toml::from_str::<ConfigFile>(&text).map_err(|e| {
                TillError::InvalidSetting(format!(
                    "{} cannot be read: {e}. Fix or delete the file.",
                    path.display()
                ))
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => ConfigFile::default(),
            Err(e) => return Err(TillError::Storage(format!("cannot read {}: {e}", path.display()))),
        };
        let needs_saving = file.till_id.is_none();
        let config = Self::check(file, &path.display().to_string())?;
        Ok((config, needs_saving))
    }

    fn check(file: ConfigFile, origin: &str) -> Result<Self, TillError> {
        if let Some(version) = file.version.filter(|v| *v > CONFIG_VERSION) {
            return Err(TillError::InvalidSetting(format!(
                "{origin} was written by a newer StableTill (format {version}, this build reads {CONFIG_VERSION}): update StableTill"
            )));
        }
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
        Ok(Self {
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
        }
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
        }
    }

    /// The shop's business days: its zone (the system's when none is set) and cut-off.
    pub fn calendar(&self) -> BusinessCalendar {
        BusinessCalendar::new(self.time_zone.clone().unwrap_or_else(TimeZone::system), self.day_cutoff)
    }

    /// Writes the file atomically (temporary file, then rename) so a crash never leaves half a file.
    pub fn save(&self, home: &TillHome) -> Result<(), TillError> {
        home.ensure_exists()?;
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
        };
        let text = toml::to_string(&file)
            .map_err(|e| TillError::Storage(format!("settings cannot be written: {e}")))?;
        let text = format!("# StableTill settings, shared by the app and the `stabletill` CLI.\n{text}");
        write_text_atomically(&home.config_file(), &text)
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
