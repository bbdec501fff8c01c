//! `stabletill config set KEY VALUE` and `stabletill config show`. A change is recorded in the
//! audit log as "cli".

use std::process::ExitCode;

use serde_json::json;
use stabletill_till::{BackOffice, ConfigKey, ManagerPass, SecretStore, TillConfig, TillError, TillHome};

use crate::args::ConfigCommand;
use crate::exit;
use crate::open::blocking;

pub async fn run(home: &TillHome, command: ConfigCommand) -> ExitCode {
    let home = home.clone();
    let result = match command {
        ConfigCommand::Set { key, value } => blocking(move || set(&home, &key, &value)).await,
        ConfigCommand::Show { json } => blocking(move || show(&home, json)).await,
    };
    match result {
        Ok(()) => exit::SUCCESS.into(),
        Err(e) => exit::report(&e),
    }
}

fn set(home: &TillHome, key: &str, value: &str) -> Result<(), TillError> {
    let key: ConfigKey = key.parse()?;
    let config = BackOffice::open(home)?.change_setting(&ManagerPass::cli(), key, value)?;
    println!("{} set to {}", key.as_str(), config.value_text(key));
    Ok(())
}

fn show(home: &TillHome, as_json: bool) -> Result<(), TillError> {
    let config = TillConfig::load_or_create(home)?;
    // The secret's presence is shown, never its value; a keyring problem is shown, not fatal.
    let secret = match SecretStore::platform(home).and_then(|store| store.is_set()) {
        Ok(true) => "stored in the OS keyring".to_owned(),
        Ok(false) => "not set (run `stabletill secret set`)".to_owned(),
        Err(e) => format!("unknown: {e}"),
    };
    if as_json {
        let value = json!({
            "home": home.root(),
            "tillId": config.till_id,
            "merchantId": config.merchant_id,
            "gateway": config.gateway.to_string(),
            "shopName": config.shop_name,
            "orderLifetime": config.value_text(ConfigKey::OrderLifetime),
            "requestsPerMinute": config.requests_per_minute,
            // The zone in effect, and whether it is the computer's own (not set).
            "timeZone": config.calendar().zone_name(),
            "timeZoneIsSystem": config.time_zone.is_none(),
            "dayCutoff": config.value_text(ConfigKey::DayCutoff),
            "managerPin": config.manager_pin.is_some(),
            // The counter's settings (default and hidden methods, customer display, links, …).
            "counter": config.counter,
            "secret": secret,
        });
        println!("{value}");
    } else {
        println!("home:        {}", home.root().display());
        println!("till-id:     {}", config.till_id);
        println!("merchant-id: {}", config.merchant_id.as_deref().unwrap_or("(not set)"));
        println!("gateway:     {}", config.gateway);
        println!("shop-name:   {}", config.shop_name.as_deref().unwrap_or("(not set)"));
        println!("order-lifetime: {}", config.value_text(ConfigKey::OrderLifetime));
        println!("requests-per-minute: {}", config.requests_per_minute);
        println!("time-zone:   {}", config.value_text(ConfigKey::TimeZone));
        println!("day-cutoff:  {}", config.value_text(ConfigKey::DayCutoff));
        for key in [
            ConfigKey::DefaultMethod,
            ConfigKey::HiddenMethods,
            ConfigKey::CustomerDisplay,
            ConfigKey::PaymentLinks,
            ConfigKey::AutoPrint,
            ConfigKey::Chime,
            ConfigKey::ReturnAfter,
        ] {
            println!("{}: {}", key.as_str(), config.value_text(key));
        }
        let pin = if config.manager_pin.is_some() { "set" } else { "not set (run `stabletill pin set`)" };
        println!("manager-pin: {pin}");
        println!("secret:      {secret}");
    }
    Ok(())
}
