//! Demo mode: the built-in simulator on loopback with demo credentials, so anyone can take a
//! full payment with no account. Demo sales go to the demo home, never the real sales log.

use stabletill_gateway::blockatm::{ApiKey, BlockAtmCredentials, SigningKey};
use stabletill_gateway::{Credentials, GatewayEnvironment, GatewayKind};
use stabletill_simulator::blockatm::{BlockAtmSimulatorConfig, RunningBlockAtmSimulator, DEMO_API_KEY};
use stabletill_simulator::{RunningSimulator, SimulatorConfig};

use crate::{BlockAtmSetup, GatewaySetup, ShopGateway, TillError};

/// The demo gateway of the kind the demo's settings name (`gateway-kind`).
#[derive(Debug)]
pub enum DemoGateway {
    PayStableCoin(RunningSimulator),
    BlockAtm(RunningBlockAtmSimulator),
}

impl DemoGateway {
    pub async fn start(kind: GatewayKind) -> Result<Self, TillError> {
        let unavailable =
            |e: std::io::Error| TillError::NotAvailable(format!("the demo gateway could not start: {e}"));
        match kind {
            GatewayKind::PayStableCoin => {
                // Faults only when a test sets STABLETILL_DEMO_FAULTS (e.g. hostile display names).
                let config = SimulatorConfig::demo_with_env_faults()
                    .map_err(|e| TillError::NotAvailable(e.to_string()))?;
                Ok(Self::PayStableCoin(RunningSimulator::start(config).await.map_err(unavailable)?))
            }
            GatewayKind::BlockAtm => Ok(Self::BlockAtm(
                RunningBlockAtmSimulator::start(BlockAtmSimulatorConfig::demo())
                    .await
                    .map_err(unavailable)?,
            )),
        }
    }

    pub fn kind(&self) -> GatewayKind {
        match self {
            Self::PayStableCoin(_) => GatewayKind::PayStableCoin,
            Self::BlockAtm(_) => GatewayKind::BlockAtm,
        }
    }

    /// Who the demo merchant is, for the screen (never a key).
    pub fn merchant_label(&self) -> String {
        match self {
            Self::PayStableCoin(simulator) => simulator.merchant_id().to_owned(),
            Self::BlockAtm(_) => "BlockATM demo merchant".to_owned(),
        }
    }

    /// How a till reaches the demo gateway, with the demo merchant's credentials.
    pub fn setup(&self) -> Result<ShopGateway, TillError> {
        let url = match self {
            Self::PayStableCoin(simulator) => simulator.url(),
            Self::BlockAtm(simulator) => simulator.url(),
        };
        let environment: GatewayEnvironment = url
            .parse()
            .map_err(|e| TillError::NotAvailable(format!("the demo gateway has an unusable address: {e}")))?;
        Ok(match self {
            Self::PayStableCoin(simulator) => GatewaySetup {
                environment,
                credentials: Credentials {
                    merchant_id: simulator.merchant_id().to_owned(),
                    secret: simulator.secret().clone(),
                },
            }
            .into(),
            Self::BlockAtm(simulator) => {
                let pem = simulator.private_key_pem().ok_or_else(|| {
                    TillError::NotAvailable("the BlockATM demo gateway has no demo signing key".to_owned())
                })?;
                let signing_key = SigningKey::from_pkcs8_pem(&pem).map_err(|e| {
                    TillError::NotAvailable(format!("the BlockATM demo signing key is unusable: {e}"))
                })?;
                let credentials = BlockAtmCredentials { api_key: ApiKey::new(DEMO_API_KEY), signing_key };
                BlockAtmSetup { environment, credentials }.into()
            }
        })
    }

    /// The customer pays the exact amount due, as the "Simulate customer payment" control does.
    pub fn simulate_payment(&self, merchant_order_id: &str) -> Result<(), TillError> {
        let paid = match self {
            Self::PayStableCoin(simulator) => simulator.pay(merchant_order_id, None),
            Self::BlockAtm(simulator) => simulator.pay(merchant_order_id, None),
        };
        paid.map_err(|e| TillError::NotAvailable(format!("the demo payment failed: {e}")))
    }

    pub async fn shutdown(self) {
        match self {
            Self::PayStableCoin(simulator) => simulator.shutdown().await,
            Self::BlockAtm(simulator) => simulator.shutdown().await,
        }
    }
}
