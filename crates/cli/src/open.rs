//! Opening a till that talks to the configured gateway with the secret from the keyring.

use stabletill_till::{GatewayKind, SecretStore, ShopGateway, Till, TillConfig, TillError, TillHome};

pub async fn configured_till(home: &TillHome) -> Result<Till, TillError> {
    let home_for_keyring = home.clone();
    let (config, setup) = blocking(move || {
        let config = TillConfig::load_or_create(&home_for_keyring)?;
        // Checked before the keyring is touched, so a missing ID is reported as such.
        if config.gateway_kind == GatewayKind::PayStableCoin {
            config.require_merchant_id()?;
        }
        let secrets = SecretStore::platform(&home_for_keyring)?;
        let setup = ShopGateway::from_config(&config, &secrets)?;
        Ok((config, setup))
    })
    .await?;
    Till::open(home, &config, setup)
}

/// Runs blocking work (settings files, the keyring's D-Bus calls) off the async runtime.
pub async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, TillError> + Send + 'static,
) -> Result<T, TillError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| TillError::Storage(format!("internal task failed: {e}")))?
}
