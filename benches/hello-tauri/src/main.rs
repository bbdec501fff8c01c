//! The smallest Tauri 2 app: one window showing one static page that marks itself ready
//! (`body[data-ready="true"]`, as StableTill's UI does). The benchmarks compare StableTill's
//! memory and start-up against this, built with the same profile.

// No console window on Windows release builds, like the app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    if let Err(error) = tauri::Builder::default().run(tauri::generate_context!()) {
        eprintln!("hello-tauri: {error}");
        std::process::exit(1);
    }
}
