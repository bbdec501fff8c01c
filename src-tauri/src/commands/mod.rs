//! The commands the web UI may invoke. Each is a few lines calling the till; every error crosses
//! as an [`crate::IpcError`]. No command returns the API secret.

pub mod info;
pub mod sale;
