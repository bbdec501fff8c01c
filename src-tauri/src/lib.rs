//! The StableTill desktop app: a thin Tauri shell over `stabletill-till`. It opens the till (real,
//! or demo with `--demo`), exposes a few commands to the web UI in `ui/`, and follows each sale
//! with `sale-updated` events. The API secret never reaches the UI.

use std::process::ExitCode;

use clap::Parser;
use tauri::{AppHandle, Runtime};

pub mod commands;
mod flags;
mod ipc_error;
pub mod sale_events;
mod slots;
mod startup;

pub use flags::{Flags, Launch};
pub use ipc_error::IpcError;
pub use slots::{DemoSlot, Missing, OpenTill, StartupReport, TillSlot};

/// The app on any runtime (the real one, or `tauri::test::mock_builder()` in tests): its state
/// and commands. After `build`, call [`open_till`] to open the till.
pub fn app_builder<R: Runtime>(builder: tauri::Builder<R>, launch: &Launch) -> tauri::Builder<R> {
    use commands::{info, sale};
    // `build.rs` declares these same names as app permissions; `capabilities/` grants them.
    builder
        .invoke_handler(tauri::generate_handler![
            info::app_info,
            info::start_demo,
            sale::method_options,
            sale::start_sale,
            sale::sale_on_counter,
            sale::simulate_payment,
            sale::cancel_sale,
            sale::recent_sales,
        ])
        .manage(TillSlot::new(launch.home.clone()))
        .manage(DemoSlot::default())
}

/// Opens the till in the background (the window does not wait for the keyring); its poll
/// scheduler then follows again the sales a previous run left unfinished. Commands wait for it.
pub fn open_till<R: Runtime>(app: &AppHandle<R>, launch: &Launch) {
    let (app, demo_mode) = (app.clone(), launch.demo);
    tauri::async_runtime::spawn(async move { startup::open_at_launch(&app, demo_mode).await });
}

/// Reads the flags, opens the window and runs until it is closed.
pub fn run() -> ExitCode {
    init_logging();
    let launch = match Flags::parse().check() {
        Ok(launch) => launch,
        Err(error) => {
            eprintln!("stabletill-app: {error}");
            return ExitCode::from(2);
        }
    };
    tracing::info!(home = %launch.home.root().display(), demo = launch.demo, "starting StableTill");
    let context = tauri::generate_context!("../tauri.conf.json");
    let app = match app_builder(tauri::Builder::default(), &launch).build(context) {
        Ok(app) => app,
        Err(error) => {
            eprintln!("stabletill-app: {error}");
            return ExitCode::FAILURE;
        }
    };
    open_till(app.handle(), &launch);
    app.run(|_, _| {});
    ExitCode::SUCCESS
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init();
}
