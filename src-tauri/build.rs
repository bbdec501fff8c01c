//! Builds the Tauri context from the root `tauri.conf.json` and declares the app's commands as
//! permissions, so `capabilities/` can grant them per window.

fn main() {
    let commands = &[
        "app_info",
        "start_demo",
        "method_options",
        "start_sale",
        "sale_on_counter",
        "simulate_payment",
        "cancel_sale",
        "recent_sales",
        "add_amounts",
        "counter_settings",
        "clear_counter",
        "check_gateway",
        // The customer display's only command: it reads, it changes nothing.
        "customer_view",
        // The counter's cashier sign-in.
        "cashier_status",
        "cashier_sign_in",
        "cashier_sign_out",
        // The cashier's "Manager" button; everything below is granted to the manager window only.
        "open_manager_window",
        "manager_status",
        "unlock_manager",
        "lock_manager",
        "set_first_pin",
        "change_pin",
        "manager_settings",
        "change_setting",
        "set_api_secret",
        "clear_api_secret",
        "signing_key_status",
        "new_signing_key",
        "test_connection",
        "open_till",
        "setup_try_demo",
        "restart_app",
        "day_report",
        "export_sales",
        "audit_log",
        "list_cashiers",
        "add_cashier",
        "remove_cashier",
        "day_sales",
        "void_sale",
        // Support: the manager's "Copy diagnostics" (no secret in it).
        "diagnostics",
        // Every window: a channel for the till's events, each window for its own topics only.
        "subscribe",
    ];
    let attributes = tauri_build::Attributes::new()
        .config_path("../tauri.conf.json")
        .app_manifest(tauri_build::AppManifest::new().commands(commands));
    if let Err(error) = tauri_build::try_build(attributes) {
        // A build script reports failure by panicking; say why first.
        eprintln!("tauri-build failed: {error:#}");
        std::process::exit(1);
    }
}
