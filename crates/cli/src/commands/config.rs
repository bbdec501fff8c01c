//! `stabletill config set KEY VALUE` and `stabletill config show`.

use std::process::ExitCode;

use serde_json::json;
use stabletill_till::{ConfigKey, SecretStore, TillConfig, TillError, TillHome};

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
    let config = TillConfig::set(home, key, value)?;
    match key {
        ConfigKey::MerchantId => println!("merchant-id set to {}", config.merchant_id.unwrap_or_default()),
        ConfigKey::Gateway => println!("gateway set to {}", config.gateway),
        ConfigKey::ShopName => {
            println!("shop-name set to {}", config.shop_name.unwrap_or_default())
        }
        ConfigKey::OrderLifetime => println!("order-lifetime set to {}", lifetime_text(&config)),
        ConfigKey::RequestsPerMinute => println!("requests-per-minute set to {}", config.requests_per_minute),
    }
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
            "orderLifetime": lifetime_text(&config),
            "requestsPerMinute": config.requests_per_minute,
            "secret": secret,
        });
        println!("{value}");
    } else {
        println!("home:        {}", home.root().display());
        println!("till-id:     {}", config.till_id);
        println!("merchant-id: {}", config.merchant_id.as_deref().unwrap_or("(not set)"));
        println!("gateway:     {}", config.gateway);
        println!("shop-name:   {}", config.shop_name.as_deref().unwrap_or("(not set)"));
        println!("order-lifetime: {}", lifetime_text(&config));
        println!("requests-per-minute: {}", config.requests_per_minute);
        println!("secret:      {secret}");
    }
    Ok(())
}

/// "15m", "1h 30m": the order lifetime as it is written in settings.
fn lifetime_text(config: &TillConfig) -> String {
    jiff::SignedDuration::try_from(config.order_lifetime).map(|d| format!("{d:#}")).unwrap_or_default()
}
