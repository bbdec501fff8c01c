//! Shared helpers for StableTill's end-to-end tests: where the built binaries are, and a fixture
//! that starts the real desktop app under `tauri-driver` and hands back a WebDriver client.

mod app;
pub mod app_commands;
mod binaries;
mod driver;
mod manager_app;
mod plain_launch;
mod real_app;
mod scenario;
mod screen;
mod seed;

pub use app::DemoApp;
pub use binaries::{app_binary, artifacts_dir, built_binary, cli_binary, target_dir, APP_ENV, CLI_ENV};
pub use driver::TauriDriver;
pub use manager_app::ManagerApp;
pub use plain_launch::{launch_demo, wait_for_exit};
pub use real_app::RealApp;
pub use scenario::run_scenario;
pub use screen::{testid, Screen};
pub use seed::seed_busy_yesterday;
