//! Demo mode: the built-in simulator on loopback with demo credentials, so anyone can take a
//! full payment with no account. Demo sales go to the demo home, never the real sales log.

use stabletill_gateway::{Credentials, GatewayEnvironment};
use stabletill_simulator::{RunningSimulator, SimulatorConfig};

use crate::{GatewaySetup, TillError};

#[derive(Debug)]
pub struct DemoGateway {
    simulator: RunningSimulator,
}

impl DemoGateway {
    pub async fn start() -> Result<Self, TillError> {
        let simulator = RunningSimulator::start(SimulatorConfig::demo())
            .await
            .map_err(|e| TillError::NotAvailable(format!("the demo gateway could not start: {e}")))?;
        Ok(Self { simulator })
    }

    /// How a till reaches the demo gateway.
    pub fn setup(&self) -> Result<GatewaySetup, TillError> {
        let environment: GatewayEnvironment =
            self.simulator.url().parse().map_err(|e| {
                TillError::NotAvailable(format!("the demo gateway has an unusable address: {e}"))
            })?;
        Ok(GatewaySetup {
            environment,
            credentials: Credentials {
                merchant_id: self.simulator.merchant_id().to_owned(),
                secret: self.simulator.secret().clone(),
            },
        })
    }

    /// The customer pays the exact amount due, as the "Simulate customer payment" control does.
    pub fn simulate_payment(&self, merchant_order_id: &str) -> Result<(), TillError> {
        self.simulator
            .pay(merchant_order_id, None)
            .map_err(|e| TillError::NotAvailable(format!("the demo payment failed: {e}")))
    }

    pub async fn shutdown(self) {
        self.simulator.shutdown().await;
    }
}
