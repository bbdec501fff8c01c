//! Where and as whom a till talks to its gateway (PayStableCoin or BlockATM), read from the
//! settings and the keyring, and turned into the one [`Gateway`] the till uses.

use std::sync::Arc;

use stabletill_gateway::blockatm::{ApiKey, BlockAtmClient, BlockAtmCredentials};
use stabletill_gateway::{
    Credentials, Gateway, GatewayEnvironment, GatewayKind, PayStableCoinClient, RequestBudget,
};

use crate::{SecretStore, TillConfig, TillError};

/// A PayStableCoin merchant: its gateway and credentials.
#[derive(Debug, Clone)]
pub struct GatewaySetup {
    pub environment: GatewayEnvironment,
    pub credentials: Credentials,
}

/// A BlockATM merchant: its gateway, API key and signing key.
#[derive(Debug, Clone)]
pub struct BlockAtmSetup {
    pub environment: GatewayEnvironment,
    pub credentials: BlockAtmCredentials,
}

/// The shop's gateway, whichever kind it is.
#[derive(Debug, Clone)]
pub enum ShopGateway {
    PayStableCoin(GatewaySetup),
    BlockAtm(BlockAtmSetup),
}

impl From<GatewaySetup> for ShopGateway {
    fn from(setup: GatewaySetup) -> Self {
        Self::PayStableCoin(setup)
    }
}

impl From<BlockAtmSetup> for ShopGateway {
    fn from(setup: BlockAtmSetup) -> Self {
        Self::BlockAtm(setup)
    }
}

impl GatewaySetup {
    /// A PayStableCoin setup from the settings and the keyring. Blocking (keyring).
    pub fn from_config(config: &TillConfig, secrets: &SecretStore) -> Result<Self, TillError> {
        let merchant_id = config.require_merchant_id()?.to_owned();
        let secret = secrets.get()?.ok_or_else(|| {
            TillError::NotConfigured("no API secret is stored: run `stabletill secret set` (it reads the secret from standard input) or finish the setup".into())
        })?;
        Ok(Self { environment: config.gateway.clone(), credentials: Credentials { merchant_id, secret } })
    }
}

impl ShopGateway {
    /// The gateway the settings name (`gateway-kind`), with its credentials from the keyring.
    /// Blocking (keyring): call off the async runtime.
    pub fn from_config(config: &TillConfig, secrets: &SecretStore) -> Result<Self, TillError> {
        match config.gateway_kind {
            GatewayKind::PayStableCoin => Ok(GatewaySetup::from_config(config, secrets)?.into()),
            GatewayKind::BlockAtm => {
                let api_key = secrets.get()?.ok_or_else(|| {
                    TillError::NotConfigured("no BlockATM API key is stored: run `stabletill secret set` (it reads the key from standard input)".into())
                })?;
                let signing_key = secrets.signing_key()?.ok_or_else(|| {
                    TillError::NotConfigured("no BlockATM signing key is stored: run `stabletill secret new-signing-key` (and register the public key it prints with BlockATM) or `stabletill secret set-signing-key`".into())
                })?;
                let credentials = BlockAtmCredentials { api_key: ApiKey::new(api_key.expose()), signing_key };
                Ok(BlockAtmSetup { environment: config.gateway.clone(), credentials }.into())
            }
        }
    }

    pub fn kind(&self) -> GatewayKind {
        match self {
            Self::PayStableCoin(_) => GatewayKind::PayStableCoin,
            Self::BlockAtm(_) => GatewayKind::BlockAtm,
        }
    }

    /// The client, drawing from `budget`.
    pub(crate) fn connect(self, budget: RequestBudget) -> Result<Arc<dyn Gateway>, TillError> {
        Ok(match self {
            Self::PayStableCoin(setup) => {
                Arc::new(PayStableCoinClient::new(&setup.environment, setup.credentials)?.with_budget(budget))
            }
            Self::BlockAtm(setup) => {
                Arc::new(BlockAtmClient::new(&setup.environment, setup.credentials)?.with_budget(budget))
            }
        })
    }
}
