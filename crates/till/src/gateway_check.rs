//! Asking the gateway whether it answers, for the counter: after the gateway was unreachable (or
//! refused the key, the clock, …) new charges wait until this succeeds. It asks for the payment
//! methods, the cheapest signed request, and never uses the cached list.

use crate::{Till, TillError};

impl Till {
    /// One signed request to the gateway; `Ok` when it answered normally.
    pub async fn check_gateway(&self) -> Result<(), TillError> {
        self.client.payment_methods().await?;
        Ok(())
    }
}
