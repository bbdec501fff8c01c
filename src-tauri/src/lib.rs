//! The StableTill desktop app: a thin Tauri shell over `stabletill-till`. It opens the till (real,
//! or demo with `--demo`), exposes a few commands to the web UI in `ui/`, and follows each sale
//! with `sale-updated` events. The API secret never reaches the UI.

use std::process::ExitCode;

use clap::Parser;
use tauri::{AppHandle, Manager, Runtime};

pub mod commands;
mod counter;
mod customer_display;
mod flags;
mod gateway_status;
mod instance;
mod ipc_error;
mod logs;
pub mod sale_events;
mod shutdown;
mod slots;
mod startup;
mod webview_env;
mod window_events;

pub use flags::{Flags, Launch};
pub use ipc_error::IpcError;
pub use slots::{DemoSlot, Missing, OpenTill, StartupReport, TillSlot};

/// The app on any runtime (the real one, or `tauri::test::mock_builder()` in tests): its state
/// and commands. After `build`, call [`open_till`] to open the till.
pub fn app_builder<R: Runtime>(builder: tauri::Builder<R>, launch: &Launch) -> tauri::Builder<R> {
    use commands::manager::{
        audit, cashiers, export, report, sales, session, settings, setup, signing_key, window,
    };
    use commands::{cashier, counter, customer, info, sale};
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
            counter::add_amounts,
            counter::counter_settings,
            counter::clear_counter,
            counter::check_gateway,
            customer::customer_view,
            cashier::cashier_status,
            cashier::cashier_sign_in,
            cashier::cashier_sign_out,
            window::open_manager_window,
            session::manager_status,
            session::unlock_manager,
            session::lock_manager,
            session::set_first_pin,
            session::change_pin,
            settings::manager_settings,
            settings::change_setting,
            settings::set_api_secret,
            settings::clear_api_secret,
            signing_key::signing_key_status,
            signing_key::new_signing_key,
            setup::test_connection,
            setup::open_till,
            setup::setup_try_demo,
            setup::restart_app,
            report::day_report,
            export::export_sales,
            audit::audit_log,
            cashiers::list_cashiers,
            cashiers::add_cashier,
            cashiers::remove_cashier,
            sales::day_sales,
            sales::void_sale,
            commands::diagnostics::diagnostics,
            commands::events::subscribe,
        ])
        .setup(|app| {
            window_events::pass_on(app.handle());
            Ok(())
        })
        .on_page_load(|webview, payload| window_events::on_page_load(webview, payload.event()))
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::Destroyed = event {
                window.state::<window_events::Subscriptions>().end_page(window.label());
            }
        })
        // The manager's save dialog, opened from Rust only: no window is granted dialog commands.
        .plugin(tauri_plugin_dialog::init())
        .manage(commands::manager::BackOfficeSlot::default())
        .manage(commands::manager::ExportTarget::from_env())
        .manage(TillSlot::new(launch.home.clone()))
        .manage(DemoSlot::default())
        .manage(commands::cashier::CashierSlot::default())
        .manage(crate::counter::CounterSlot::default())
        .manage(gateway_status::GatewayStatus::default())
        .manage(window_events::Subscriptions::default())
}

/// Opens the till in the background (the window does not wait for the keyring); its poll
/// scheduler then follows again the sales a previous run left unfinished. Commands wait for it.
pub fn open_till<R: Runtime>(app: &AppHandle<R>, launch: &Launch) {
    let (app, demo_mode) = (app.clone(), launch.demo);
    tauri::async_runtime::spawn(async move { startup::open_at_launch(&app, demo_mode).await });
}

/// Reads the flags, opens the window and runs until it is closed.
pub fn run() -> ExitCode {
    webview_env::prepare();
    let launch = match Flags::parse().check() {
        Ok(launch) => launch,
        Err(error) => {
            eprintln!("stabletill-app: {error}");
            return ExitCode::from(2);
        }
    };
    // The data directory whose sales this run writes (`demo/` with --demo); logs stay in the one
    // the user named, where support looks.
    let sales_home = instance::sales_home(&launch);
    let privacy = logs::init(&launch.home, &sales_home);
    tracing::info!(
        version = env!("CARGO_PKG_VERSION"),
        home = %launch.home.root().display(),
        demo = launch.demo,
        "starting StableTill"
    );
    let lock = instance::lock(&sales_home);
    let mut builder = tauri::Builder::default().manage(privacy).manage(instance::HeldHomes::default());
    // First: a second launch on the same data directory hands over here and exits.
    if let Some(plugin) = instance::single_instance(&sales_home) {
        builder = builder.plugin(plugin);
    }
    if lock.is_ok() {
        builder = builder.plugin(instance::window_state(&sales_home));
    }
    let context = tauri::generate_context!("../tauri.conf.json");
    let app = match app_builder(builder, &launch).build(context) {
        Ok(app) => app,
        Err(error) => {
            eprintln!("stabletill-app: {error}");
            return ExitCode::FAILURE;
        }
    };
    match lock {
        Ok(lock) => instance::keep(app.handle(), &sales_home, lock),
        Err(error) => return instance::refuse(app, &error),
    }
    open_till(app.handle(), &launch);
    customer_display::open(app.handle(), &launch);
    shutdown::exit_on_signals(app.handle());
    app.run(|app, event| shutdown::on_run_event(app, &event));
    ExitCode::SUCCESS
}
