//! Fault settings: which misbehaviours the simulator adds to API requests and how often, in one
//! small language shared by the CLI (`--faults`), the control route and tests:
//!
//! ```text
//! spec        = "" | "none" | part { "," part }
//! part        = "latency=" duration [ ".." duration ]      every API request waits that long
//!             | "hang=" duration                           how long a `timeout` fault holds (30s)
//!             | fault "=" probability
//! fault       = "5xx" | "reset-before" | "reset-after-commit" | "timeout" | "malformed"
//!             | "wrong-content-type" | "hostile-names" | lie
//! lie         = "oversize-body" | "deep-json" | "negative-amount" | "absurd-amount"
//!             | "wrong-address" | "status-backwards" | "other-order-id" | "other-currency"
//! duration    = number ( "ms" | "s" )     in a range, a unit on the upper bound serves both
//! probability = number in 0..1 | number "%"
//! ```
//!
//! At most one of the first six faults hits a request (their probabilities may add up to 1 at
//! most); `hostile-names` and each lie (see [`lies`]) are drawn separately and only change answers
//! that were delivered whole.

mod lies;
mod spec;

use std::collections::BTreeMap;
use std::time::Duration;

use serde::{Deserialize, Serialize};

pub use lies::Lie;
pub(crate) use lies::{tell as tell_lies, Dialect};
use spec::FaultWire;

/// The hang of a `timeout` fault when the spec does not say: longer than any sane client timeout.
pub const DEFAULT_HANG: Duration = Duration::from_secs(30);

/// How the simulator misbehaves. The default injects nothing. In JSON (control route) it is an
/// object with the spec's keys, e.g. `{"5xx":0.05,"latency":"50..300ms"}`, or a spec string.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "FaultWire", into = "FaultWire")]
pub struct FaultConfig {
    /// Every API request waits a uniformly random time in this range before it is handled.
    pub latency: Option<(Duration, Duration)>,
    /// `5xx`: a 502 or 503 with an HTML body, as from a proxy; the request is never handled.
    pub server_error: f64,
    /// `reset-before`: the connection is reset before handling; nothing happens.
    pub reset_before: f64,
    /// `reset-after-commit`: the request is handled (a create is stored), then the connection is
    /// reset without a byte of the answer.
    pub reset_after_commit: f64,
    /// `timeout`: the request is handled, but the answer is held for `hang`, then dropped.
    pub timeout: f64,
    /// `malformed`: the answer's JSON envelope is cut in half and sent with HTTP 200.
    pub malformed: f64,
    /// `wrong-content-type`: the JSON answer comes labelled `text/html`.
    pub wrong_content_type: f64,
    /// `hostile-names`: each networkDisplayName in a delivered answer is replaced by markup, a
    /// spreadsheet formula, control characters or a 10 kB string.
    pub hostile_names: f64,
    /// Lies told in answers that are otherwise delivered whole, each with its own probability.
    pub lies: BTreeMap<Lie, f64>,
    /// How long a `timeout` fault holds the request before dropping the connection.
    pub hang: Duration,
}

/// One way a request can go wrong; at most one of these hits a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fault {
    ServerError,
    ResetBefore,
    ResetAfterCommit,
    Timeout,
    Malformed,
    WrongContentType,
}

impl Fault {
    /// The name used in specs and in the request log's `fault` field.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::ServerError => "5xx",
            Self::ResetBefore => "reset-before",
            Self::ResetAfterCommit => "reset-after-commit",
            Self::Timeout => "timeout",
            Self::Malformed => "malformed",
            Self::WrongContentType => "wrong-content-type",
        }
    }
}

pub(crate) const HOSTILE_NAMES: &str = "hostile-names";
const LATENCY: &str = "latency";
const HANG: &str = "hang";
const EXCLUSIVE: [Fault; 6] = [
    Fault::ServerError,
    Fault::ResetBefore,
    Fault::ResetAfterCommit,
    Fault::Timeout,
    Fault::Malformed,
    Fault::WrongContentType,
];

/// A fault setting that cannot be used; `part` is the piece of the spec (or field) at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("bad fault setting {part:?}: {problem}")]
pub struct FaultConfigError {
    pub part: String,
    pub problem: String,
}

impl FaultConfigError {
    fn new(part: impl Into<String>, problem: impl Into<String>) -> Self {
        Self { part: part.into(), problem: problem.into() }
    }
}

impl Default for FaultConfig {
    fn default() -> Self {
        Self {
            latency: None,
            server_error: 0.0,
            reset_before: 0.0,
            reset_after_commit: 0.0,
            timeout: 0.0,
            malformed: 0.0,
            wrong_content_type: 0.0,
            hostile_names: 0.0,
            lies: BTreeMap::new(),
            hang: DEFAULT_HANG,
        }
    }
}

impl FaultConfig {
    fn probability(&self, fault: Fault) -> f64 {
        match fault {
            Fault::ServerError => self.server_error,
            Fault::ResetBefore => self.reset_before,
            Fault::ResetAfterCommit => self.reset_after_commit,
            Fault::Timeout => self.timeout,
            Fault::Malformed => self.malformed,
            Fault::WrongContentType => self.wrong_content_type,
        }
    }

    fn probability_mut(&mut self, name: &str) -> Option<&mut f64> {
        Some(match name {
            "5xx" => &mut self.server_error,
            "reset-before" => &mut self.reset_before,
            "reset-after-commit" => &mut self.reset_after_commit,
            "timeout" => &mut self.timeout,
            "malformed" => &mut self.malformed,
            "wrong-content-type" => &mut self.wrong_content_type,
            HOSTILE_NAMES => &mut self.hostile_names,
            other => self.lies.entry(Lie::parse(other)?).or_insert(0.0),
        })
    }

    /// Checks probabilities (each 0..=1, the exclusive ones adding up to 1 at most) and the
    /// latency range, for a config built in code rather than parsed.
    pub fn validate(&self) -> Result<(), FaultConfigError> {
        let mut total = 0.0;
        for fault in EXCLUSIVE {
            check_probability(fault.name(), self.probability(fault))?;
            total += self.probability(fault);
        }
        check_probability(HOSTILE_NAMES, self.hostile_names)?;
        for (lie, p) in &self.lies {
            check_probability(lie.name(), *p)?;
        }
        if total > 1.0 + 1e-9 {
            let names: Vec<&str> = EXCLUSIVE.iter().map(|f| f.name()).collect();
            return Err(FaultConfigError::new(
                names.join(","),
                format!("these faults exclude each other, so their probabilities may add up to 1 at most, not {total}"),
            ));
        }
        if let Some((min, max)) = self.latency {
            if min > max {
                return Err(FaultConfigError::new(LATENCY, "the lower bound is above the upper bound"));
            }
        }
        Ok(())
    }

    /// The lies to tell in one answer: each drawn on its own with its probability.
    pub(crate) fn draw_lies(&self) -> Vec<Lie> {
        self.lies
            .iter()
            .filter(|(_, p)| **p > 0.0 && rand::random::<f64>() < **p)
            .map(|(lie, _)| *lie)
            .collect()
    }

    /// The exclusive fault a uniform `roll` in 0..1 picks, if any: each fault owns a slice of
    /// the unit interval as wide as its probability.
    pub(crate) fn draw(&self, roll: f64) -> Option<Fault> {
        let mut edge = 0.0;
        for fault in EXCLUSIVE {
            edge += self.probability(fault);
            if roll < edge {
                return Some(fault);
            }
        }
        None
    }
}

fn check_probability(name: &str, p: f64) -> Result<(), FaultConfigError> {
    if p.is_finite() && (0.0..=1.0).contains(&p) {
        Ok(())
    } else {
        Err(FaultConfigError::new(
            format!("{name}={p}"),
            "a probability is a number from 0 to 1 (or 0% to 100%)",
        ))
    }
}
