//! The suite's output: one row per measure, with its baseline from the same run, the ratio (or
//! difference) between them, the goal and whether it was met.

use std::fmt::Write as _;

/// One line of the results table.
#[derive(Debug, Clone)]
pub struct Row {
    /// The benchmark number, e.g. "1" or "6".
    pub id: &'static str,
    pub what: String,
    pub value: String,
    pub baseline: String,
    /// `value / baseline` (or the difference, when the goal is stated as one), as shown.
    pub ratio: String,
    pub goal: String,
    /// None: tracked only, no pass/fail.
    pub met: Option<bool>,
}

impl Row {
    pub fn new(id: &'static str, what: impl Into<String>) -> Self {
        Self {
            id,
            what: what.into(),
            value: String::new(),
            baseline: String::new(),
            ratio: String::new(),
            goal: String::new(),
            met: None,
        }
    }

    pub fn value(mut self, value: impl Into<String>) -> Self {
        self.value = value.into();
        self
    }

    pub fn baseline(mut self, baseline: impl Into<String>) -> Self {
        self.baseline = baseline.into();
        self
    }

    pub fn ratio(mut self, ratio: Option<f64>) -> Self {
        self.ratio = ratio.map_or_else(|| "-".to_owned(), |r| format!("{r:.2}×"));
        self
    }

    pub fn difference(mut self, text: impl Into<String>) -> Self {
        self.ratio = text.into();
        self
    }

    pub fn goal(mut self, goal: impl Into<String>, met: Option<bool>) -> Self {
        self.goal = goal.into();
        self.met = met;
        self
    }
}

/// The rows as a Markdown table.
pub fn markdown(rows: &[Row]) -> String {
    let mut out = String::from(
        "| # | measure | value | baseline (same run) | ratio | goal | met |\n|---|---|---|---|---|---|---|\n",
    );
    for row in rows {
        let met = match row.met {
            Some(true) => "yes",
            Some(false) => "**no**",
            None => "-",
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            row.id, row.what, row.value, row.baseline, row.ratio, row.goal, met
        );
    }
    out
}
