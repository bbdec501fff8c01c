//! One module per subcommand.

pub mod charge;
pub mod config;
pub mod doctor;
pub mod methods;
pub mod pin;
pub mod sales;
pub mod sales_export;
pub mod sales_report;
pub mod secret;
pub mod simulator;
pub mod simulator_blockatm;
pub mod sync;
