//! The commands the web UI may invoke. Each is a few lines calling the till; every error crosses
//! as an [`crate::IpcError`]. No command returns the API secret.

pub mod cashier;
pub mod counter;
pub mod customer;
pub mod diagnostics;
pub mod events;
pub mod info;
pub mod manager;
pub mod sale;
