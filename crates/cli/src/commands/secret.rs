//! `stabletill secret set|status|clear`: the API secret in the OS keyring. It is read from
//! standard input (never from an argument, which other users could see in the process list)
//! and never printed.

use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

use stabletill_gateway::blockatm::SigningKey;
use stabletill_till::{public_key_pem, ApiSecret, BackOffice, ManagerPass, SecretStore, TillError, TillHome};

use crate::args::SecretCommand;
use crate::exit;
use crate::open::blocking;

pub async fn run(home: &TillHome, command: SecretCommand) -> ExitCode {
    let home = home.clone();
    let result = blocking(move || match command {
        SecretCommand::Set => set(&home),
        SecretCommand::SetSigningKey => set_signing_key(&home),
        SecretCommand::NewSigningKey => new_signing_key(&home),
        SecretCommand::Status => status(&home),
        SecretCommand::Clear => clear(&home),
    })
    .await;
    match result {
        Ok(()) => exit::SUCCESS.into(),
        Err(e) => exit::report(&e),
    }
}

fn set(home: &TillHome) -> Result<(), TillError> {
    let secret = read_secret()?;
    // Through the manager functions, so the change is in the audit log (as "cli", never the value).
    BackOffice::open(home)?.set_secret(&ManagerPass::cli(), &SecretStore::platform(home)?, &secret)?;
    println!("The API secret is stored in the OS keyring.");
    Ok(())
}

/// BlockATM's signing key: a PEM block read whole from standard input (never an argument).
fn set_signing_key(home: &TillHome) -> Result<(), TillError> {
    let mut pem = String::new();
    std::io::Read::read_to_string(&mut std::io::stdin(), &mut pem)
        .map_err(|e| TillError::InvalidSetting(format!("cannot read the key from standard input: {e}")))?;
    let key = SigningKey::from_pkcs8_pem(pem.trim()).map_err(|e| {
        TillError::InvalidSetting(format!(
            "that is not a P-256 private key in PEM ({e}): pipe in the file that starts with -----BEGIN PRIVATE KEY-----"
        ))
    })?;
    home.ensure_exists()?;
    SecretStore::platform(home)?.set_signing_key(&key)?;
    println!("The signing key is stored in the OS keyring. Its public key:");
    print!("{}", public_key_pem(&key)?);
    Ok(())
}

fn new_signing_key(home: &TillHome) -> Result<(), TillError> {
    // Through the manager functions, so the change is in the audit log (as "cli").
    let public =
        BackOffice::open(home)?.new_signing_key(&ManagerPass::cli(), &SecretStore::platform(home)?)?;
    // Only the public half leaves the keyring: register it with BlockATM.
    print!("{public}");
    Ok(())
}

fn status(home: &TillHome) -> Result<(), TillError> {
    let store = SecretStore::platform(home)?;
    if store.is_set()? {
        println!("An API secret is stored in the OS keyring.");
    } else {
        println!("No API secret is stored. Run `stabletill secret set`.");
    }
    if store.signing_key()?.is_some() {
        println!("A BlockATM signing key is stored in the OS keyring.");
    }
    Ok(())
}

fn clear(home: &TillHome) -> Result<(), TillError> {
    let store = SecretStore::platform(home)?;
    if BackOffice::open(home)?.clear_secret(&ManagerPass::cli(), &store)? {
        println!("The API secret was removed from the OS keyring.");
    } else {
        println!("No API secret was stored.");
    }
    Ok(())
}

/// One line from stdin; at a terminal, without echo.
fn read_secret() -> Result<ApiSecret, TillError> {
    let line = if std::io::stdin().is_terminal() {
        eprint!("Paste the API secret and press Enter (it is not shown): ");
        rpassword::read_password()
            .map_err(|e| TillError::InvalidSetting(format!("cannot read the secret: {e}")))?
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).map_err(|e| {
            TillError::InvalidSetting(format!("cannot read the secret from standard input: {e}"))
        })?;
        line
    };
    let line = line.trim_end_matches(['\n', '\r']);
    if line.is_empty() {
        return Err(TillError::InvalidSetting(
            "no secret on standard input: pipe it in, e.g. `printf '%s\\n' \"$SECRET\" | stabletill secret set`".into(),
        ));
    }
    Ok(ApiSecret::new(line))
}
