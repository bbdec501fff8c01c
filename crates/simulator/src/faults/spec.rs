//! The fault spec language (see the grammar in `faults/mod.rs`): parsing with errors that name
//! the part at fault, printing back (`Display` round-trips), and the JSON shape of the control
//! route.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{
    Fault, FaultConfig, FaultConfigError, Lie, DEFAULT_HANG, EXCLUSIVE, HANG, HOSTILE_NAMES, LATENCY,
};

impl FromStr for FaultConfig {
    type Err = FaultConfigError;

    fn from_str(spec: &str) -> Result<Self, Self::Err> {
        let mut config = FaultConfig::default();
        let spec = spec.trim();
        if spec.is_empty() || spec == "none" {
            return Ok(config);
        }
        let mut seen: Vec<&str> = Vec::new();
        // Empty parts (a trailing comma) are harmless and skipped.
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (key, value) = part.split_once('=').map(|(k, v)| (k.trim(), v.trim())).ok_or_else(|| {
                FaultConfigError::new(part, "expected key=value, e.g. 5xx=0.05 or latency=50..300ms")
            })?;
            if seen.contains(&key) {
                return Err(FaultConfigError::new(part, format!("{key} is given twice")));
            }
            seen.push(key);
            match key {
                LATENCY => config.latency = Some(parse_range(part, value)?),
                HANG => config.hang = parse_duration(part, value, None)?,
                _ => {
                    let slot = config.probability_mut(key).ok_or_else(|| {
                        FaultConfigError::new(
                            part,
                            format!(
                                "unknown fault {key:?}; known: latency, hang, {}, {HOSTILE_NAMES}, {}",
                                EXCLUSIVE.map(Fault::name).join(", "),
                                Lie::ALL.map(Lie::name).join(", ")
                            ),
                        )
                    })?;
                    *slot = parse_probability(part, value)?;
                }
            }
        }
        config.validate()?;
        Ok(config)
    }
}

fn parse_probability(part: &str, value: &str) -> Result<f64, FaultConfigError> {
    let (number, percent) = match value.strip_suffix('%') {
        Some(number) => (number.trim(), true),
        None => (value, false),
    };
    let p: f64 = number.parse().map_err(|_| {
        FaultConfigError::new(part, format!("{value:?} is not a probability such as 0.05 or 5%"))
    })?;
    let p = if percent { p / 100.0 } else { p };
    if p.is_finite() && (0.0..=1.0).contains(&p) {
        Ok(p)
    } else {
        Err(FaultConfigError::new(part, "a probability is a number from 0 to 1 (or 0% to 100%)"))
    }
}

/// `50..300ms`, `0.05s..1s`, `100ms` (a fixed latency).
fn parse_range(part: &str, value: &str) -> Result<(Duration, Duration), FaultConfigError> {
    let Some((low, high)) = value.split_once("..") else {
        let fixed = parse_duration(part, value, None)?;
        return Ok((fixed, fixed));
    };
    let Some(unit) = unit_of(high.trim()) else {
        return Err(FaultConfigError::new(part, format!("{value:?} needs a unit: ms or s, e.g. 50..300ms")));
    };
    let low = parse_duration(part, low.trim(), Some(unit))?;
    let high = parse_duration(part, high.trim(), None)?;
    if low > high {
        return Err(FaultConfigError::new(part, "the lower bound is above the upper bound"));
    }
    Ok((low, high))
}

fn unit_of(text: &str) -> Option<&'static str> {
    if text.ends_with("ms") {
        Some("ms")
    } else if text.ends_with('s') {
        Some("s")
    } else {
        None
    }
}

/// A non-negative number with `ms` or `s`; `default_unit` serves a bare number (a range's lower
/// bound).
fn parse_duration(part: &str, text: &str, default_unit: Option<&str>) -> Result<Duration, FaultConfigError> {
    let (number, unit) = match unit_of(text) {
        Some(unit) => (text[..text.len() - unit.len()].trim(), unit),
        None => match default_unit {
            Some(unit) => (text, unit),
            None => {
                return Err(FaultConfigError::new(
                    part,
                    format!("{text:?} needs a unit: ms or s, e.g. 300ms"),
                ))
            }
        },
    };
    let value: f64 = number.parse().ok().filter(|v: &f64| v.is_finite() && *v >= 0.0).ok_or_else(|| {
        FaultConfigError::new(part, format!("{text:?} is not a duration such as 300ms or 1.5s"))
    })?;
    let seconds = if unit == "ms" { value / 1000.0 } else { value };
    Duration::try_from_secs_f64(seconds)
        .map_err(|_| FaultConfigError::new(part, format!("{text:?} is too long")))
}

fn show_duration(d: Duration) -> String {
    if d.subsec_nanos() == 0 {
        format!("{}s", d.as_secs())
    } else {
        // Sub-millisecond precision is not something a spec can express usefully.
        format!("{}ms", d.as_millis())
    }
}

/// The spec that parses back into this config (`none` when nothing is injected).
impl fmt::Display for FaultConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> =
            self.entries().into_iter().map(|(key, value)| format!("{key}={value}")).collect();
        if parts.is_empty() {
            f.write_str("none")
        } else {
            f.write_str(&parts.join(","))
        }
    }
}

impl FaultConfig {
    /// The non-default settings as spec key → value text, in a fixed order.
    fn entries(&self) -> Vec<(&'static str, String)> {
        let mut entries = Vec::new();
        if let Some((min, max)) = self.latency {
            let ms = |d: Duration| d.as_secs_f64() * 1000.0;
            entries.push((LATENCY, format!("{}..{}ms", ms(min), ms(max))));
        }
        for fault in EXCLUSIVE {
            let p = self.probability(fault);
            if p > 0.0 {
                entries.push((fault.name(), p.to_string()));
            }
        }
        if self.hostile_names > 0.0 {
            entries.push((HOSTILE_NAMES, self.hostile_names.to_string()));
        }
        for (lie, p) in self.lies.iter().filter(|(_, p)| **p > 0.0) {
            entries.push((lie.name(), p.to_string()));
        }
        if self.hang != DEFAULT_HANG {
            entries.push((HANG, show_duration(self.hang)));
        }
        entries
    }
}

/// The JSON shape: a spec string, or an object of spec keys to numbers or strings.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
pub(super) enum FaultWire {
    Spec(String),
    Object(BTreeMap<String, Value>),
}

impl TryFrom<FaultWire> for FaultConfig {
    type Error = FaultConfigError;

    fn try_from(wire: FaultWire) -> Result<Self, Self::Error> {
        match wire {
            FaultWire::Spec(spec) => spec.parse(),
            FaultWire::Object(map) => {
                let mut parts = Vec::with_capacity(map.len());
                for (key, value) in map {
                    let text = match value {
                        Value::String(s) => s,
                        Value::Number(n) => n.to_string(),
                        other => {
                            return Err(FaultConfigError::new(
                                format!("{key}: {other}"),
                                "values are numbers (probabilities) or strings (\"50..300ms\")",
                            ))
                        }
                    };
                    if text.contains(',') {
                        return Err(FaultConfigError::new(
                            format!("{key}: {text}"),
                            "a value may not contain a comma",
                        ));
                    }
                    parts.push(format!("{key}={text}"));
                }
                parts.join(",").parse()
            }
        }
    }
}

impl From<FaultConfig> for FaultWire {
    fn from(config: FaultConfig) -> Self {
        let map = config
            .entries()
            .into_iter()
            .map(|(key, text)| {
                // Probabilities stay numbers in JSON; durations and ranges are strings.
                let value =
                    text.parse::<f64>().ok().and_then(serde_json::Number::from_f64).map(Value::Number);
                (key.to_owned(), value.unwrap_or(Value::String(text)))
            })
            .collect();
        FaultWire::Object(map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(spec: &str) -> FaultConfigError {
        match spec.parse::<FaultConfig>() {
            Ok(config) => panic!("{spec:?} should be refused, got {config:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn the_issue_example_parses() {
        let spec = "latency=50..300ms,5xx=0.05,reset-before=0.02,reset-after-commit=0.05,timeout=0.02,malformed=0.02,wrong-content-type=0.02,hostile-names=1";
        let config: FaultConfig = spec.parse().unwrap_or_default();
        assert_eq!(config.latency, Some((Duration::from_millis(50), Duration::from_millis(300))));
        assert_eq!(config.server_error, 0.05);
        assert_eq!(config.reset_after_commit, 0.05);
        assert_eq!(config.hostile_names, 1.0);
        assert_eq!(config.hang, DEFAULT_HANG);
        assert_eq!(config.to_string(), spec);
        assert_eq!(config.to_string().parse::<FaultConfig>(), Ok(config));
    }

    #[test]
    fn units_percentages_and_empty_specs() {
        let config: FaultConfig = " timeout = 5% , hang=1.5s, latency=0.1s..1s, ".parse().unwrap_or_default();
        assert_eq!(config.timeout, 0.05);
        assert_eq!(config.hang, Duration::from_millis(1500));
        assert_eq!(config.latency, Some((Duration::from_millis(100), Duration::from_secs(1))));
        let fixed: FaultConfig = "latency=100ms".parse().unwrap_or_default();
        assert_eq!(fixed.latency, Some((Duration::from_millis(100), Duration::from_millis(100))));
        assert_eq!("".parse::<FaultConfig>(), Ok(FaultConfig::default()));
        assert_eq!("none".parse::<FaultConfig>(), Ok(FaultConfig::default()));
        assert_eq!(FaultConfig::default().to_string(), "none");
    }

    #[test]
    fn errors_name_the_part_at_fault() {
        let e = error("5xx=0.1,reset-befor=0.2");
        assert_eq!(e.part, "reset-befor=0.2");
        assert!(e.problem.contains("unknown fault") && e.problem.contains("reset-before"), "{e}");
        assert_eq!(error("5xx=1.5").part, "5xx=1.5");
        assert_eq!(error("timeout=-0.1").part, "timeout=-0.1");
        assert!(error("malformed=often").problem.contains("not a probability"));
        assert_eq!(error("latency=50..300").problem, "\"50..300\" needs a unit: ms or s, e.g. 50..300ms");
        assert!(error("latency=a..300ms").problem.contains("\"a\" is not a duration"));
        assert!(error("latency=300..50ms").problem.contains("lower bound"));
        assert!(error("latency=fast").problem.contains("needs a unit"));
        assert!(error("hang=xs").problem.contains("not a duration"));
        assert_eq!(error("5xx").part, "5xx");
        assert!(error("5xx=0.1,5xx=0.2").problem.contains("twice"));
        let sum = error("5xx=0.6,timeout=0.5");
        assert!(sum.problem.contains("add up to 1"), "{sum}");
        assert!(sum.to_string().starts_with("bad fault setting"), "{sum}");
        // hostile-names and lies are drawn on their own, so they do not count towards the sum.
        assert!("5xx=0.5,timeout=0.5,hostile-names=1,wrong-address=1".parse::<FaultConfig>().is_ok());
        assert!(error("wrong-address=2").problem.contains("from 0 to 1"));
    }

    #[test]
    fn lies_parse_print_and_draw() {
        let config: FaultConfig = "status-backwards=1,deep-json=0.5".parse().unwrap_or_default();
        assert_eq!(config.lies.get(&Lie::StatusBackwards), Some(&1.0));
        assert_eq!(config.to_string(), "deep-json=0.5,status-backwards=1");
        assert!(config.draw_lies().contains(&Lie::StatusBackwards));
        assert!(FaultConfig::default().draw_lies().is_empty());
    }

    #[test]
    fn draw_gives_each_fault_its_slice() {
        let config: FaultConfig = "5xx=0.25,timeout=0.25".parse().unwrap_or_default();
        assert_eq!(config.draw(0.0), Some(Fault::ServerError));
        assert_eq!(config.draw(0.3), Some(Fault::Timeout));
        assert_eq!(config.draw(0.5), None);
        assert_eq!(FaultConfig::default().draw(0.0), None);
        let always: FaultConfig = "reset-after-commit=1".parse().unwrap_or_default();
        assert_eq!(always.draw(0.999_999), Some(Fault::ResetAfterCommit));
    }

    #[test]
    fn json_is_an_object_of_spec_keys_or_a_spec_string() {
        let config: FaultConfig = "latency=50..300ms,5xx=0.05,hang=2s".parse().unwrap_or_default();
        let json = serde_json::to_value(&config).unwrap_or_default();
        assert_eq!(json, serde_json::json!({"latency": "50..300ms", "5xx": 0.05, "hang": "2s"}));
        assert_eq!(serde_json::from_value::<FaultConfig>(json).ok(), Some(config.clone()));
        let from_string: Result<FaultConfig, _> =
            serde_json::from_str("\"5xx=0.05,latency=50..300ms,hang=2s\"");
        assert_eq!(from_string.ok(), Some(config));
        let bad = serde_json::from_str::<FaultConfig>(r#"{"5xx": 2}"#).map_err(|e| e.to_string());
        assert!(bad.is_err_and(|e| e.contains("5xx=2")));
    }
}
