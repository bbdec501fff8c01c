//! One module per subcommand.

pub mod charge;
pub mod config;
pub mod methods;
pub mod sales;
pub mod secret;
pub mod simulator;
pub mod sync;
