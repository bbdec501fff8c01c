//! The StableTill desktop app. Everything lives in the library (`lib.rs`) so tests can drive it.

// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    stabletill_app::run()
}
