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
