//! `stabletill pin set|status`: the manager PIN the app asks for. The PIN is read from standard
//! input (never an argument, which other users could see in the process list), stored only as
//! an argon2id hash, and never printed. The CLI asks for no PIN itself: it runs as the
//! computer's owner, who can edit the till's files directly anyway; its changes are audited.

use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

use stabletill_till::{BackOffice, ManagerPass, TillError, TillHome};

use crate::args::PinCommand;
use crate::exit;
use crate::open::blocking;

pub async fn run(home: &TillHome, command: PinCommand) -> ExitCode {
    let home = home.clone();
    let result = blocking(move || match command {
        PinCommand::Set => set(&home),
        PinCommand::Status => status(&home),
    })
    .await;
    match result {
        Ok(()) => exit::SUCCESS.into(),
        Err(e) => exit::report(&e),
    }
}

fn set(home: &TillHome) -> Result<(), TillError> {
    let pin = read_pin()?;
    BackOffice::open(home)?.change_pin(&ManagerPass::cli(), &pin)?;
    println!("The manager PIN is set.");
    Ok(())
}

fn status(home: &TillHome) -> Result<(), TillError> {
    let status = BackOffice::open(home)?.pin_status()?;
    if !status.is_set {
        println!("No manager PIN is set. Run `stabletill pin set`.");
    } else if let Some(until) = status.locked_until {
        println!("A manager PIN is set. The manager screens are locked after wrong PINs until {until}.");
    } else {
        println!("A manager PIN is set ({} wrong tries since the last right one).", status.failed_attempts);
    }
    Ok(())
}

/// One line from stdin; at a terminal, typed twice without echo.
fn read_pin() -> Result<String, TillError> {
    if std::io::stdin().is_terminal() {
        let ask = |prompt: &str| {
            eprint!("{prompt}");
            rpassword::read_password()
                .map_err(|e| TillError::InvalidSetting(format!("cannot read the PIN: {e}")))
        };
        let first = ask("New manager PIN (4 to 12 digits, not shown): ")?;
        if ask("The same PIN again: ")? != first {
            return Err(TillError::InvalidSetting("the two PINs differ: nothing was changed".into()));
        }
        return Ok(first);
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| TillError::InvalidSetting(format!("cannot read the PIN from standard input: {e}")))?;
    let line = line.trim_end_matches(['\n', '\r']);
    if line.is_empty() {
        return Err(TillError::InvalidSetting(
            "no PIN on standard input: pipe it in, e.g. `printf '%s\\n' 4711 | stabletill pin set`".into(),
        ));
    }
    Ok(line.to_owned())
}
