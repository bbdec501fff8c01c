//! Log files for support: daily files in the data directory's `logs/` (`stabletill.2026-11-21.log`
//! for the app, `stabletill-cli.…` for the CLI), the last 14 kept, at the level `STABLETILL_LOG`
//! says (`info` unless set; any `tracing` filter such as `debug` or `stabletill_till=debug`).
//!
//! Secrets never reach a log line: their types print `<redacted>`, and no request or answer body
//! is logged. With the shop's `privacy-mode` on, deposit addresses in lines at info level and
//! above are shortened as they are written (`TQn9…bLSE`); debug lines, asked for on purpose, keep
//! them whole.

use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tracing::{Level, Metadata};
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::fmt::writer::{EitherWriter, MakeWriter};
use tracing_subscriber::EnvFilter;

use crate::privacy::mask_addresses_in;
use crate::{TillError, TillHome};

/// The variable that sets the log level, e.g. `STABLETILL_LOG=debug`.
pub const LOG_ENV: &str = "STABLETILL_LOG";
/// How many daily files are kept: two weeks.
pub const KEPT_LOG_FILES: usize = 14;

/// The filter `STABLETILL_LOG` asks for, `info` when it is unset; a filter that does not parse
/// gives `info` too (and the reason, to log once logging runs).
pub fn log_filter() -> (EnvFilter, Option<String>) {
    match std::env::var(LOG_ENV) {
        Ok(text) if !text.trim().is_empty() => match EnvFilter::try_new(text.trim()) {
            Ok(filter) => (filter, None),
            Err(error) => (
                EnvFilter::new("info"),
                Some(format!("{LOG_ENV}={text:?} is not a log filter ({error}); logging at info")),
            ),
        },
        _ => (EnvFilter::new("info"), None),
    }
}

/// The daily log files of `home` whose names start with `prefix` (`stabletill` for the app).
/// Creates `logs/` if needed.
pub fn daily_log_files(home: &TillHome, prefix: &str) -> Result<RollingFileAppender, TillError> {
    home.ensure_exists()?;
    let dir = home.logs_dir();
    std::fs::create_dir_all(&dir)
        .map_err(|e| TillError::Storage(format!("cannot create {}: {e}", dir.display())))?;
    RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix(prefix)
        .filename_suffix("log")
        .max_log_files(KEPT_LOG_FILES)
        .build(&dir)
        .map_err(|e| TillError::Storage(format!("cannot write logs in {}: {e}", dir.display())))
}

/// The shop's `privacy-mode`, shared by the log writers and whoever changes the setting.
#[derive(Debug, Clone, Default)]
pub struct PrivacySwitch(Arc<AtomicBool>);

impl PrivacySwitch {
    pub fn new(on: bool) -> Self {
        Self(Arc::new(AtomicBool::new(on)))
    }

    pub fn set(&self, on: bool) {
        self.0.store(on, Ordering::Relaxed);
    }

    pub fn is_on(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// Wraps a writer maker (a log file, stderr) so that, while the switch is on, lines at info
/// level and above have their deposit addresses masked.
#[derive(Debug, Clone)]
pub struct MaskAddresses<M> {
    inner: M,
    privacy: PrivacySwitch,
}

impl<M> MaskAddresses<M> {
    pub fn new(inner: M, privacy: PrivacySwitch) -> Self {
        Self { inner, privacy }
    }
}

impl<'a, M: MakeWriter<'a>> MakeWriter<'a> for MaskAddresses<M> {
    type Writer = EitherWriter<M::Writer, MaskingWriter<M::Writer>>;

    fn make_writer(&'a self) -> Self::Writer {
        // Without an event's level (rare: the formatter always asks with one), mask to be safe.
        self.wrap(self.inner.make_writer(), self.privacy.is_on())
    }

    fn make_writer_for(&'a self, meta: &Metadata<'_>) -> Self::Writer {
        // `Level` orders by verbosity: ERROR < WARN < INFO < DEBUG < TRACE.
        let mask = self.privacy.is_on() && *meta.level() <= Level::INFO;
        self.wrap(self.inner.make_writer_for(meta), mask)
    }
}

impl<M> MaskAddresses<M> {
    fn wrap<W>(&self, writer: W, mask: bool) -> EitherWriter<W, MaskingWriter<W>> {
        if mask {
            EitherWriter::B(MaskingWriter(writer))
        } else {
            EitherWriter::A(writer)
        }
    }
}

/// Writes what it is given with the addresses masked. The formatter hands over a whole line per
/// write, so no address is ever split between two writes.
#[derive(Debug)]
pub struct MaskingWriter<W>(W);

impl<W: Write> Write for MaskingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match std::str::from_utf8(buf) {
            Ok(text) => self.0.write_all(mask_addresses_in(text).as_bytes())?,
            Err(_) => self.0.write_all(buf)?,
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

/// The last `count` lines of the newest log file in `dir` (app and CLI files alike), with the
/// file's name; `None` when there is no log yet.
pub fn last_log_lines(dir: &Path, count: usize) -> Option<(String, Vec<String>)> {
    let newest = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .filter(|entry| entry.file_name().to_string_lossy().ends_with(".log"))
        .filter_map(|entry| Some((entry.metadata().ok()?.modified().ok()?, entry.path())))
        .max()?
        .1;
    let text = std::fs::read(&newest).ok()?;
    let text = String::from_utf8_lossy(&text);
    let lines: Vec<&str> = text.lines().collect();
    let tail = lines[lines.len().saturating_sub(count)..].iter().map(|line| (*line).to_owned()).collect();
    Some((newest.file_name()?.to_string_lossy().into_owned(), tail))
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;

    const TRON: &str = "TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE";

    /// Collects what the formatter writes.
    #[derive(Debug, Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap_or_else(|e| e.into_inner()).extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl Captured {
        fn text(&self) -> String {
            String::from_utf8_lossy(&self.0.lock().unwrap_or_else(|e| e.into_inner())).into_owned()
        }
    }

    fn log_with(privacy: &PrivacySwitch) -> String {
        let captured = Captured::default();
        let sink = captured.clone();
        let writer = MaskAddresses::new(move || sink.clone(), privacy.clone());
        let subscriber = tracing_subscriber::fmt()
            .with_writer(writer)
            .with_ansi(false)
            .with_max_level(Level::DEBUG)
            .finish();
        tracing::subscriber::with_default(subscriber, || {
            tracing::info!(address = TRON, "order created");
            tracing::debug!(address = TRON, "order details");
        });
        captured.text()
    }

    #[test]
    fn privacy_mode_masks_addresses_at_info_and_keeps_them_in_debug_lines() {
        let privacy = PrivacySwitch::new(true);
        let text = log_with(&privacy);
        let info = text.lines().find(|line| line.contains("order created")).expect("the info line");
        assert!(info.contains("TQn9…bLSE") && !info.contains(TRON), "{info}");
        let debug = text.lines().find(|line| line.contains("order details")).expect("the debug line");
        assert!(debug.contains(TRON), "{debug}");

        privacy.set(false);
        let text = log_with(&privacy);
        assert_eq!(text.matches(TRON).count(), 2, "{text}");
    }

    #[test]
    fn the_last_lines_come_from_the_newest_log_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert!(last_log_lines(dir.path(), 5).is_none());
        std::fs::write(dir.path().join("stabletill.2026-11-20.log"), "old 1\nold 2\n").expect("write");
        std::thread::sleep(std::time::Duration::from_millis(20));
        let lines: String = (1..=50).map(|n| format!("line {n}\n")).collect();
        std::fs::write(dir.path().join("stabletill.2026-11-21.log"), lines).expect("write");
        std::fs::write(dir.path().join("notes.txt"), "not a log").expect("write");
        let (name, tail) = last_log_lines(dir.path(), 3).expect("a log");
        assert_eq!(name, "stabletill.2026-11-21.log");
        assert_eq!(tail, ["line 48", "line 49", "line 50"]);
    }

    #[test]
    fn daily_files_go_to_the_logs_directory() {
        let dir = tempfile::tempdir().expect("tempdir");
        let home = TillHome::at(dir.path());
        let appender = daily_log_files(&home, "stabletill").expect("appender");
        let mut writer = appender.make_writer();
        writeln!(writer, "hello").expect("write");
        drop(writer);
        let (name, tail) = last_log_lines(&home.logs_dir(), 1).expect("a log file");
        assert!(name.starts_with("stabletill.") && name.ends_with(".log"), "{name}");
        assert_eq!(tail, ["hello"]);
    }
}
