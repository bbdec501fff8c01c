//! The app's logging: daily files in the data directory's `logs/` (kept 14 days) and stderr, at
//! the level `STABLETILL_LOG` sets (info by default). With the shop's `privacy-mode` on, deposit
//! addresses in lines at info level and above are shortened in both (see
//! `stabletill_till::MaskAddresses`). A log file that cannot be written leaves stderr only.

use std::io::IsTerminal;

use stabletill_till::{daily_log_files, log_filter, MaskAddresses, PrivacySwitch, TillConfig, TillHome};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::Layer;

/// Starts logging into `logs_home`'s `logs/`, with privacy as `config_home`'s settings say
/// (the demo till's for `--demo`). Returns the switch, for whoever changes the setting.
pub fn init(logs_home: &TillHome, config_home: &TillHome) -> PrivacySwitch {
    // Settings that cannot be read leave privacy on: better a shortened address than a full one.
    let privacy =
        PrivacySwitch::new(TillConfig::load(config_home).map_or(true, |config| config.privacy_mode));
    let (stderr_filter, filter_problem) = log_filter();
    let stderr = tracing_subscriber::fmt::layer()
        .with_writer(MaskAddresses::new(std::io::stderr, privacy.clone()))
        .with_ansi(std::io::stderr().is_terminal())
        .with_filter(stderr_filter);
    let (files, file_problem) = match daily_log_files(logs_home, "stabletill") {
        Ok(files) => {
            let layer = tracing_subscriber::fmt::layer()
                .with_writer(MaskAddresses::new(files, privacy.clone()))
                .with_ansi(false)
                .with_filter(log_filter().0);
            (Some(layer), None)
        }
        Err(error) => (None, Some(format!("logging to stderr only: {error}"))),
    };
    let _ = tracing_subscriber::registry().with(stderr).with(files).try_init();
    for problem in filter_problem.into_iter().chain(file_problem) {
        tracing::warn!("{problem}");
    }
    privacy
}
