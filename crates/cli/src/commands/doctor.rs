//! `stabletill doctor [--offline]`: the diagnostics support asks for (see
//! `stabletill_till::Diagnostics`), on stdout. Reads only: it creates and changes nothing, takes
//! no lock (it works while the app is open), and never prints a secret.

use std::process::ExitCode;
use std::time::Duration;

use stabletill_till::{Diagnostics, SecretStore, TillHome};

use crate::args::DoctorArgs;
use crate::exit;
use crate::open::blocking;

/// Long enough for a slow shop connection, short enough for someone waiting at the counter.
const GATEWAY_TIMEOUT: Duration = Duration::from_secs(10);

pub async fn run(home: &TillHome, args: DoctorArgs) -> ExitCode {
    let home = home.clone();
    let program = concat!("stabletill ", env!("CARGO_PKG_VERSION"));
    let read = blocking(move || Ok(Diagnostics::read(program, &home, SecretStore::platform))).await;
    let mut diagnostics = match read {
        Ok(diagnostics) => diagnostics,
        Err(e) => return exit::report(&e),
    };
    if !args.offline {
        diagnostics.check_gateway(GATEWAY_TIMEOUT).await;
    }
    print!("{}", diagnostics.to_text());
    exit::SUCCESS.into()
}
