//! One app per data directory. Two layers, because they do different jobs:
//!
//! - the data directory's lock ([`HomeLock`], an OS file lock) guarantees that two processes never
//!   write one sales log — the app holds it while it runs, and so do `stabletill charge`/`sync`;
//! - the single-instance plugin makes a second launch on the same data directory (a double click
//!   on the menu entry) hand over to the first, which comes to the front, instead of an error.
//!
//! Both are keyed on the data directory, so two tills (two homes), or demo beside a real till,
//! run side by side. On Linux the plugin's D-Bus name carries a hash of the directory; on macOS
//! and Windows it only knows the bundle identifier, so there it is used for the default data
//! directory alone and other homes rely on the lock (a second launch gets a clear message).

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use stabletill_till::{HomeLock, TillError, TillHome};
use tauri::plugin::TauriPlugin;
use tauri::{AppHandle, Manager, Resource, Runtime};

use crate::Launch;

/// How long a new process waits for the lock, for a relaunch while the old process is still
/// exiting. (A restart lets go of it before it starts the new process: see [`keep`].)
const LOCK_PATIENCE: Duration = Duration::from_secs(1);

/// The lock in the app's resource table, which Tauri clears right before it exits or restarts,
/// so the lock is free by the time the restarted process asks for it.
struct HeldLock(#[allow(dead_code)] HomeLock);

impl Resource for HeldLock {}

/// The data directory whose sales this run writes: `<home>/demo` with `--demo`.
pub fn sales_home(launch: &Launch) -> TillHome {
    if launch.demo {
        launch.home.demo()
    } else {
        launch.home.clone()
    }
}

/// Takes `home`'s lock, waiting briefly for a process that is just exiting.
pub fn lock(home: &TillHome) -> Result<HomeLock, TillError> {
    let deadline = Instant::now() + LOCK_PATIENCE;
    loop {
        match HomeLock::acquire(home) {
            Err(TillError::NotAvailable(_)) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(100));
            }
            outcome => return outcome,
        }
    }
}

/// The data directories this run holds the lock of. Managed by the real app only: an app built
/// by the tests (through `app_builder`) takes no locks.
#[derive(Debug, Default)]
pub struct HeldHomes(Mutex<Vec<PathBuf>>);

impl HeldHomes {
    fn holds(&self, home: &TillHome) -> bool {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).iter().any(|held| held == home.root())
    }
}

/// Keeps `lock` on `home` until the app exits or restarts.
pub fn keep<R: Runtime>(app: &AppHandle<R>, home: &TillHome, lock: HomeLock) {
    app.resources_table().add(HeldLock(lock));
    if let Some(held) = app.try_state::<HeldHomes>() {
        held.0.lock().unwrap_or_else(|e| e.into_inner()).push(home.root().to_path_buf());
    }
}

/// Before this run writes `home` too ("Try the demo" in a real till's first run): takes its lock
/// as well, unless the run holds it already (`--demo`).
pub fn hold_also<R: Runtime>(app: &AppHandle<R>, home: &TillHome) -> Result<(), TillError> {
    let Some(held) = app.try_state::<HeldHomes>() else { return Ok(()) };
    if held.holds(home) {
        return Ok(());
    }
    let lock = HomeLock::acquire(home)?;
    keep(app, home, lock);
    Ok(())
}

/// The single-instance plugin for `home`, if this platform can tell homes apart (see above).
/// Register it before every other plugin: a second instance must hand over before anything else
/// starts.
pub fn single_instance<R: Runtime>(home: &TillHome) -> Option<TauriPlugin<R>> {
    let builder = tauri_plugin_single_instance::Builder::new().callback(|app, _args, _cwd| focus_main(app));
    #[cfg(target_os = "linux")]
    {
        Some(builder.dbus_id(dbus_id(home)).build())
    }
    #[cfg(not(target_os = "linux"))]
    {
        let is_default = TillHome::platform_default().is_ok_and(|default| same_directory(&default, home));
        is_default.then(|| builder.build())
    }
}

/// Remembers each window's size and place in `home` (so two tills keep theirs apart), and the
/// monitor the customer display was on. Not visibility, decorations or fullscreen: the app sets
/// those itself.
pub fn window_state<R: Runtime>(home: &TillHome) -> TauriPlugin<R> {
    use tauri_plugin_window_state::StateFlags;
    // The plugin joins the name to its config directory; an absolute path replaces that.
    tauri_plugin_window_state::Builder::new()
        .with_filename(home.window_state_file().to_string_lossy())
        .with_state_flags(StateFlags::SIZE | StateFlags::POSITION | StateFlags::MAXIMIZED)
        .build()
}

/// Another StableTill holds this data directory and did not take the hand-over (it is the CLI, or
/// there is no session bus): say so plainly — on stderr, in the log, and in a dialog for whoever
/// clicked the menu entry — and exit with status 1 when the dialog is closed. Nothing is opened.
pub fn refuse<R: Runtime>(app: tauri::App<R>, error: &TillError) -> std::process::ExitCode {
    use tauri_plugin_dialog::{DialogExt, MessageDialogKind};

    tracing::error!(%error, "not starting: another StableTill has this data directory");
    eprintln!("stabletill-app: {error}");
    for window in app.webview_windows().values() {
        let _ = window.hide();
    }
    let handle = app.handle().clone();
    app.dialog()
        .message(error.to_string())
        .title("StableTill is already open")
        .kind(MessageDialogKind::Error)
        .show(move |_| handle.exit(1));
    let code = app.run_return(|_, _| {});
    std::process::ExitCode::from(u8::try_from(code).ok().filter(|code| *code != 0).unwrap_or(1))
}

/// A second launch on this data directory: bring the cashier's window to the front.
fn focus_main<R: Runtime>(app: &AppHandle<R>) {
    tracing::info!("StableTill was started again on this data directory: showing this window");
    if let Some(main) = app.get_webview_window("main") {
        let _ = main.unminimize();
        let _ = main.show();
        let _ = main.set_focus();
    }
}

/// A D-Bus name for this data directory: the bundle identifier and a hash of the directory's
/// absolute path (a name element may not start with a digit, hence the `h`).
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn dbus_id(home: &TillHome) -> String {
    let path = std::fs::canonicalize(home.root()).unwrap_or_else(|_| home.root().to_path_buf());
    format!("{}.h{:016x}", tauri_identifier(), fnv1a(path.to_string_lossy().as_bytes()))
}

/// The bundle identifier, as `tauri.conf.json` and the data directory name it.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn tauri_identifier() -> &'static str {
    "app.stabletill.till"
}

/// FNV-1a, 64 bits: stable across builds and Rust versions (unlike `DefaultHasher`), so an
/// installed build and a development build agree on the name.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .fold(0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3))
}

#[cfg_attr(target_os = "linux", allow(dead_code))]
fn same_directory(a: &TillHome, b: &TillHome) -> bool {
    let canonical =
        |home: &TillHome| std::fs::canonicalize(home.root()).unwrap_or_else(|_| home.root().to_path_buf());
    canonical(a) == canonical(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_data_directory_gets_its_own_valid_dbus_name() {
        let dir = tempfile::tempdir().expect("tempdir");
        let real = TillHome::at(dir.path());
        let a = dbus_id(&real);
        assert_eq!(
            a,
            dbus_id(&TillHome::at(&dir.path().join("."))),
            "the same directory, written differently"
        );
        assert_ne!(a, dbus_id(&real.demo()), "demo beside real");
        assert_ne!(a, dbus_id(&TillHome::at(&dir.path().join("second-till"))));
        // D-Bus: elements of [A-Za-z0-9_-], none starting with a digit, at most 255 bytes in all.
        assert!(a.len() <= 255);
        for element in a.split('.') {
            assert!(!element.is_empty() && !element.starts_with(|c: char| c.is_ascii_digit()), "{a}");
            assert!(element.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'), "{a}");
        }
    }

    #[test]
    fn fnv1a_is_the_published_function() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn the_lock_refuses_a_second_writer_after_a_short_wait() {
        let dir = tempfile::tempdir().expect("tempdir");
        let home = TillHome::at(dir.path());
        let _first = lock(&home).expect("the first lock");
        let started = Instant::now();
        assert!(matches!(lock(&home), Err(TillError::NotAvailable(_))));
        assert!(started.elapsed() >= LOCK_PATIENCE);
        let _demo = lock(&home.demo()).expect("demo beside real");
    }
}
