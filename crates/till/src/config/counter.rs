//! The counter's settings: which method the tiles pick first and which they leave out, where the
//! customer display goes, payment links in the QR, the receipt, the chime and the return to a new
//! sale. Each is read from its text (as `config set` takes it and the file stores it) into a
//! checked value here, and written back the same way.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use serde::Serialize;

use crate::TillError;

/// How long the paid screen stays before the counter goes back to a new sale, when not set.
pub const DEFAULT_RETURN_AFTER: Duration = Duration::from_secs(20);
const SHORTEST_RETURN_AFTER: Duration = Duration::from_secs(3);
const LONGEST_RETURN_AFTER: Duration = Duration::from_secs(600);

/// The checked counter settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CounterSettings {
    /// The tile chosen first when it can take the amount (`USDT/tron`).
    pub default_method: Option<MethodChoice>,
    /// Methods the gateway offers but this shop does not take: no tile, and no sale.
    pub hidden_methods: Vec<MethodChoice>,
    /// Where the customer display opens.
    pub customer_display: CustomerDisplay,
    /// EIP-681 / Solana Pay links in the QR instead of the bare address (off by default).
    pub payment_links: bool,
    /// Print the receipt as soon as a sale is paid.
    pub auto_print: bool,
    /// A chime when a sale is paid.
    pub chime: bool,
    /// After a paid or cancelled sale, back to a new sale after this long; `None`: stay.
    #[serde(serialize_with = "seconds")]
    pub return_after: Option<Duration>,
}

impl Default for CounterSettings {
    fn default() -> Self {
        Self {
            default_method: None,
            hidden_methods: Vec::new(),
            customer_display: CustomerDisplay::Auto,
            payment_links: false,
            auto_print: false,
            chime: true,
            return_after: Some(DEFAULT_RETURN_AFTER),
        }
    }
}

impl CounterSettings {
    /// True when the shop hid this currency on this network.
    pub fn is_hidden(&self, currency: &str, network: &str) -> bool {
        self.hidden_methods.iter().any(|m| m.is(currency, network))
    }

    /// A default method must be one the tiles show.
    pub(crate) fn check_default_not_hidden(&self) -> Result<(), TillError> {
        match &self.default_method {
            Some(default) if self.is_hidden(&default.currency, &default.network) => {
                Err(TillError::InvalidSetting(format!(
                    "the default method {default} is also hidden: unhide it or choose another default"
                )))
            }
            _ => Ok(()),
        }
    }
}

/// The UI reads whole seconds (null: stay on the finished sale).
fn seconds<S: serde::Serializer>(value: &Option<Duration>, serializer: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(duration) => serializer.serialize_some(&duration.as_secs()),
        None => serializer.serialize_none(),
    }
}

/// A currency on a network, as a shop writes it in its settings: `USDT/tron`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MethodChoice {
    pub currency: String,
    pub network: String,
}

impl MethodChoice {
    /// Compares with a gateway method's currency and network code, ignoring case.
    pub fn is(&self, currency: &str, network: &str) -> bool {
        self.currency.eq_ignore_ascii_case(currency) && self.network.eq_ignore_ascii_case(network)
    }
}

impl FromStr for MethodChoice {
    type Err = TillError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || {
            TillError::InvalidSetting(format!(
                "{text:?} is not a payment method: write CURRENCY/network as the gateway names them, like USDT/tron"
            ))
        };
        let (currency, network) = text.trim().split_once('/').ok_or_else(bad)?;
        let (currency, network) = (currency.trim(), network.trim());
        let word = |s: &str, max: usize| {
            (1..=max).contains(&s.len())
                && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        };
        if !word(currency, 12) || !word(network, 40) {
            return Err(bad());
        }
        Ok(Self { currency: currency.to_ascii_uppercase(), network: network.to_ascii_lowercase() })
    }
}

impl fmt::Display for MethodChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.currency, self.network)
    }
}

/// `USDT/ethereum, USDC/bsc` → the list; `none` or nothing → empty. Duplicates are dropped.
pub(crate) fn parse_method_list(text: &str) -> Result<Vec<MethodChoice>, TillError> {
    let text = text.trim();
    if text.is_empty() || text.eq_ignore_ascii_case("none") {
        return Ok(Vec::new());
    }
    let mut list: Vec<MethodChoice> = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let choice: MethodChoice = part.parse()?;
        if !list.contains(&choice) {
            list.push(choice);
        }
    }
    Ok(list)
}

pub(crate) fn format_method_list(list: &[MethodChoice]) -> String {
    if list.is_empty() {
        return "none".to_owned();
    }
    list.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

/// Where the customer display goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustomerDisplay {
    /// Fullscreen on a second monitor when there is one; otherwise the cashier's screen serves.
    Auto,
    /// No customer window: the customer looks at the cashier's screen.
    Off,
    /// Fullscreen on this monitor, counted from 1 as the system lists them.
    Monitor(u32),
}

impl FromStr for CustomerDisplay {
    type Err = TillError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(Self::Auto),
            "off" | "none" => Ok(Self::Off),
            number => match number.parse::<u32>() {
                Ok(n @ 1..=16) => Ok(Self::Monitor(n)),
                _ => Err(TillError::InvalidSetting(format!(
                    "{text:?} is not a customer display: write auto (a second monitor when there is one), off, or a monitor number from 1"
                ))),
            },
        }
    }
}

impl fmt::Display for CustomerDisplay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Auto => f.write_str("auto"),
            Self::Off => f.write_str("off"),
            Self::Monitor(n) => write!(f, "{n}"),
        }
    }
}

impl Serialize for CustomerDisplay {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// `on`/`off` (also yes/no, true/false) for `setting`.
pub(crate) fn parse_switch(setting: &str, text: &str) -> Result<bool, TillError> {
    match text.trim().to_ascii_lowercase().as_str() {
        "on" | "yes" | "true" => Ok(true),
        "off" | "no" | "false" => Ok(false),
        _ => Err(TillError::InvalidSetting(format!("{setting}: {text:?} is not a switch: write on or off"))),
    }
}

pub(crate) fn format_switch(on: bool) -> String {
    if on { "on" } else { "off" }.to_owned()
}

/// `20s`, `1m`, or `off` (stay on the finished sale until the cashier moves on).
pub(crate) fn parse_return_after(text: &str) -> Result<Option<Duration>, TillError> {
    let advice = "write how long the finished sale stays, like 20s or 1m (3s to 10m), or off to stay";
    let text = text.trim();
    if text.eq_ignore_ascii_case("off") || text.eq_ignore_ascii_case("never") {
        return Ok(None);
    }
    let signed: jiff::SignedDuration =
        text.parse().map_err(|_| TillError::InvalidSetting(format!("return-after: {text:?}: {advice}")))?;
    let wait = Duration::try_from(signed)
        .ok()
        .filter(|wait| (SHORTEST_RETURN_AFTER..=LONGEST_RETURN_AFTER).contains(wait))
        .ok_or_else(|| TillError::InvalidSetting(format!("return-after: {text:?}: {advice}")))?;
    Ok(Some(wait))
}

pub(crate) fn format_return_after(wait: Option<Duration>) -> String {
    match wait.map(jiff::SignedDuration::try_from) {
        Some(Ok(wait)) => format!("{wait:#}"),
        Some(Err(_)) => "20s".to_owned(),
        None => "off".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_method_is_written_currency_slash_network() {
        let choice: MethodChoice = " usdt/TRON ".parse().expect("valid");
        assert_eq!(choice, MethodChoice { currency: "USDT".into(), network: "tron".into() });
        assert_eq!(choice.to_string(), "USDT/tron");
        assert!(choice.is("USDT", "tron") && choice.is("usdt", "Tron") && !choice.is("USDC", "tron"));
        for bad in ["USDT", "USDT/", "/tron", "USDT tron", "USDT/tron/x", "US DT/tron"] {
            let err = bad.parse::<MethodChoice>().unwrap_err();
            assert!(err.to_string().contains("like USDT/tron"), "{bad}: {err}");
        }
    }

    #[test]
    fn a_method_list_reads_commas_and_none() {
        let list = parse_method_list("USDT/ethereum, usdc/bsc,USDT/ethereum").expect("valid");
        assert_eq!(format_method_list(&list), "USDT/ethereum, USDC/bsc");
        assert_eq!(parse_method_list("none").expect("none"), Vec::new());
        assert_eq!(parse_method_list("").expect("empty"), Vec::new());
        assert_eq!(format_method_list(&[]), "none");
        assert!(parse_method_list("USDT/ethereum, bogus").is_err());
    }

    #[test]
    fn the_customer_display_is_auto_off_or_a_monitor_number() {
        assert_eq!("auto".parse::<CustomerDisplay>().ok(), Some(CustomerDisplay::Auto));
        assert_eq!("OFF".parse::<CustomerDisplay>().ok(), Some(CustomerDisplay::Off));
        assert_eq!("2".parse::<CustomerDisplay>().ok(), Some(CustomerDisplay::Monitor(2)));
        assert_eq!(CustomerDisplay::Monitor(2).to_string(), "2");
        for bad in ["0", "-1", "second", "99"] {
            let err = bad.parse::<CustomerDisplay>().unwrap_err();
            assert!(err.to_string().contains("monitor number from 1"), "{bad}: {err}");
        }
    }

    #[test]
    fn switches_and_the_return_delay_read_like_a_person_writes_them() {
        assert_eq!(parse_switch("chime", "On").ok(), Some(true));
        assert_eq!(parse_switch("chime", "no").ok(), Some(false));
        assert!(parse_switch("chime", "loud").unwrap_err().to_string().contains("on or off"));
        assert_eq!(parse_return_after("20s").ok(), Some(Some(Duration::from_secs(20))));
        assert_eq!(parse_return_after("1m").ok(), Some(Some(Duration::from_secs(60))));
        assert_eq!(parse_return_after("off").ok(), Some(None));
        assert_eq!(format_return_after(Some(Duration::from_secs(90))), "1m 30s");
        assert_eq!(format_return_after(None), "off");
        for bad in ["1s", "1h", "soon", "-5s"] {
            assert!(parse_return_after(bad).unwrap_err().to_string().contains("like 20s"), "{bad}");
        }
    }

    #[test]
    fn the_ui_reads_the_settings_in_camel_case_with_seconds() {
        let value = serde_json::to_value(CounterSettings {
            default_method: Some("USDT/tron".parse().expect("valid")),
            ..CounterSettings::default()
        })
        .expect("serialises");
        assert_eq!(
            value,
            serde_json::json!({
                "defaultMethod": {"currency": "USDT", "network": "tron"},
                "hiddenMethods": [],
                "customerDisplay": "auto",
                "paymentLinks": false,
                "autoPrint": false,
                "chime": true,
                "returnAfter": 20,
            })
        );
    }
}
