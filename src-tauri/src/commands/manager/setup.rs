//! The first-run wizard's own commands: "Test connection" with the settings as typed, opening
//! the till once it is set up (or the demo instead), and restarting the app so an open till
//! takes changed settings.
//!
//! The till opens once per run ([`TillSlot`] is set once). At first run none is open, so the
//! wizard's "Open the till" simply runs the start-up again and, when it succeeds, tells the
//! cashier window with a `till-opened` event. A till that is already open keeps the settings it
//! opened with; the settings screen then offers a restart.

use std::time::Duration;

use jiff::SignedDuration;
use serde::Serialize;
use stabletill_gateway::blockatm::{ApiKey, BlockAtmClient, BlockAtmCredentials};
use stabletill_gateway::{
    describe_offset, Credentials, GatewayEnvironment, GatewayError, GatewayKind, PayStableCoinClient,
};
use stabletill_till::{ApiSecret, ErrorCode, SecretStore, TillConfig, TillError};
use tauri::{AppHandle, Emitter, Runtime, State};

use super::session::{manager_status, ManagerStatus};
use super::{blocking, BackOfficeSlot};
use crate::slots::{DemoSlot, TillSlot};
use crate::{startup, IpcError};

/// Emitted (no payload) when a till opened after start-up: the cashier window starts over.
pub const TILL_OPENED: &str = "till-opened";
/// A connection test gives up sooner than a sale would.
const TEST_TIMEOUT: Duration = Duration::from_secs(8);
/// The gateway refuses requests whose time is more than 5 minutes off; warn well before.
const CLOCK_WARNING: SignedDuration = SignedDuration::from_secs(60);

/// What "Test connection" found, for a person to read.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionCheck {
    pub ok: bool,
    /// The error code when it failed.
    pub code: Option<ErrorCode>,
    /// One line: what happened.
    pub headline: String,
    /// What to do about it, or what was found.
    pub advice: String,
    /// The payment methods the gateway offers ("USDT · TRON Network"), when it answered.
    pub methods: Vec<String>,
    /// "this computer's clock is 7 min 12 s fast", when it was measured.
    pub clock: Option<String>,
}

/// Fetches the payment methods with the settings as typed (nothing is saved). An empty
/// `secret` uses the one stored in the keyring.
#[tauri::command]
pub async fn test_connection<R: Runtime>(
    app: AppHandle<R>,
    gateway: String,
    merchant_id: String,
    secret: Option<String>,
    desk: State<'_, BackOfficeSlot>,
) -> Result<ConnectionCheck, IpcError> {
    let unlocked = desk.unlocked(&app).await?;
    let environment: GatewayEnvironment =
        gateway.parse().map_err(|e| IpcError::from(TillError::InvalidSetting(format!("gateway: {e}"))))?;
    let home = unlocked.home.clone();
    let kind = blocking(move || Ok(TillConfig::load(&home)?.gateway_kind)).await?;
    let merchant_id = merchant_id.trim().to_owned();
    // BlockATM knows a merchant by its API key alone.
    if merchant_id.is_empty() && kind == GatewayKind::PayStableCoin {
        return Err(TillError::InvalidSetting("type the merchant ID first".into()).into());
    }
    let typed = secret.filter(|s| !s.is_empty()).map(ApiSecret::new);
    let home = unlocked.home.clone();
    let (secret, signing_key) = blocking(move || {
        let store = SecretStore::platform(&home)?;
        let secret = match typed {
            Some(typed) => typed,
            None => store.get()?.ok_or_else(|| TillError::NotConfigured("type the API secret first".into()))?,
        };
        let signing_key = match kind {
            GatewayKind::PayStableCoin => None,
            GatewayKind::BlockAtm => Some(store.signing_key()?.ok_or_else(|| {
                TillError::NotConfigured(
                    "this till has no BlockATM signing key yet: make one under Settings and register its public key with BlockATM".into(),
                )
            })?),
        };
        Ok((secret, signing_key))
    })
    .await?;
    let (answer, offset) = match signing_key {
        None => {
            let client = PayStableCoinClient::with_timeout(
                &environment,
                Credentials { merchant_id, secret },
                TEST_TIMEOUT,
            )
            .map_err(TillError::from)?;
            (client.payment_methods().await, client.clock_offset())
        }
        Some(signing_key) => {
            let credentials = BlockAtmCredentials { api_key: ApiKey::new(secret.expose()), signing_key };
            let client = BlockAtmClient::with_timeout(&environment, credentials, TEST_TIMEOUT)
                .map_err(TillError::from)?;
            (client.payment_methods().await, client.clock_offset())
        }
    };
    Ok(explain(answer, offset, &environment, kind))
}

fn explain(
    answer: Result<Vec<stabletill_gateway::PaymentMethod>, GatewayError>,
    measured: Option<SignedDuration>,
    environment: &GatewayEnvironment,
    kind: GatewayKind,
) -> ConnectionCheck {
    let credentials = match kind {
        GatewayKind::PayStableCoin => "the merchant ID and the API secret",
        GatewayKind::BlockAtm => "the API key and the signing key",
    };
    let clock = measured.map(describe_offset);
    match answer {
        Ok(methods) => {
            let skewed = measured.is_some_and(|offset| offset.abs() >= CLOCK_WARNING);
            let advice = match (&clock, skewed) {
                (Some(clock), true) => format!(
                    "It works for now, but {clock}: the gateway refuses requests more than 5 minutes off. Turn on automatic time."
                ),
                _ if methods.is_empty() => {
                    "The gateway answered but offers no payment methods: enable some in the merchant portal.".to_owned()
                }
                _ => format!("The gateway offers {} payment methods.", methods.len()),
            };
            ConnectionCheck {
                ok: true,
                code: None,
                headline: format!("Connected: {credentials} work"),
                advice,
                methods: methods
                    .iter()
                    .map(|m| format!("{} · {}", m.crypto_currency, m.network_display_name))
                    .collect(),
                clock,
            }
        }
        Err(error) => {
            let code = TillError::Gateway(error.clone()).code();
            let (headline, advice) = match &error {
                GatewayError::SignatureRejected { .. } => match kind {
                    GatewayKind::PayStableCoin => (
                        "The gateway refused the API secret".to_owned(),
                        "The merchant ID or the API secret is wrong. Copy both again from the merchant portal (API settings) and test again.".to_owned(),
                    ),
                    GatewayKind::BlockAtm => (
                        "The gateway refused the API key or the signature".to_owned(),
                        "Copy the API key again from BlockATM, and check that the public key shown here is the one registered with BlockATM; then test again.".to_owned(),
                    ),
                },
                GatewayError::NotEnabled => (
                    "API Checkout is not enabled for this merchant".to_owned(),
                    "The merchant ID and secret are right, but the account cannot take API payments yet. Ask PayStableCoin support to enable API Checkout.".to_owned(),
                ),
                GatewayError::TimestampRejected { clock_offset, .. } => (
                    "This computer's clock is wrong".to_owned(),
                    match clock_offset.or(measured) {
                        Some(offset) => format!(
                            "The gateway measured it: {}. Set the correct time (turn on automatic time) and test again.",
                            describe_offset(offset)
                        ),
                        None => "Set the correct time and time zone (turn on automatic time) and test again.".to_owned(),
                    },
                ),
                GatewayError::Unreachable { .. } | GatewayError::Timeout | GatewayError::ConnectionLost { .. } => (
                    format!("Cannot reach {}", environment.base_url()),
                    format!("Check the internet connection and the gateway address. ({error})"),
                ),
                _ => ("The gateway did not accept the test".to_owned(), error.to_string()),
            };
            ConnectionCheck { ok: false, code: Some(code), headline, advice, methods: Vec::new(), clock }
        }
    }
}

/// Opens the till with the settings as they are now, when none is open yet (the end of the
/// setup). Answers the manager status: `ready`, or the `problem` that still stops it.
#[tauri::command]
pub async fn open_till<R: Runtime>(
    app: AppHandle<R>,
    slot: State<'_, TillSlot>,
    demo: State<'_, DemoSlot>,
    desk: State<'_, BackOfficeSlot>,
) -> Result<ManagerStatus, IpcError> {
    desk.unlocked(&app).await?;
    let opened = {
        // The same lock as "Try the demo": one till opens, and its events are forwarded once.
        let _switching = demo.switching().await;
        slot.report().await;
        if slot.is_open() {
            false
        } else {
            startup::open_at_launch(&app, false).await;
            slot.is_open()
        }
    };
    if opened {
        tell_windows(&app);
    }
    manager_status(app, slot, demo, desk).await
}

/// "Try the demo" from the setup: the same as the cashier's button, and the cashier window
/// starts over in demo mode. No PIN: the cashier may do this too.
#[tauri::command]
pub async fn setup_try_demo<R: Runtime>(
    app: AppHandle<R>,
    slot: State<'_, TillSlot>,
    demo: State<'_, DemoSlot>,
    desk: State<'_, BackOfficeSlot>,
) -> Result<ManagerStatus, IpcError> {
    slot.report().await;
    let was_demo = demo.is_running();
    startup::switch_to_demo(&app).await?;
    if !was_demo {
        tell_windows(&app);
    }
    manager_status(app, slot, demo, desk).await
}

/// Restarts StableTill, so an open till takes the changed settings. A sale on the counter is
/// shown again after the restart.
#[tauri::command]
pub async fn restart_app<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, BackOfficeSlot>,
) -> Result<(), IpcError> {
    desk.unlocked(&app).await?;
    tracing::info!("restarting for changed settings");
    app.request_restart();
    Ok(())
}

fn tell_windows<R: Runtime>(app: &AppHandle<R>) {
    if let Err(error) = app.emit(TILL_OPENED, ()) {
        tracing::warn!(%error, "could not tell the windows that the till opened");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sandbox() -> GatewayEnvironment {
        GatewayEnvironment::Sandbox
    }

    #[test]
    fn each_failure_is_explained_in_words() {
        let wrong = explain(
            Err(GatewayError::SignatureRejected { message: "bad sign".into() }),
            None,
            &sandbox(),
            GatewayKind::PayStableCoin,
        );
        assert!(!wrong.ok);
        assert_eq!(wrong.code, Some(ErrorCode::WrongSecret));
        assert!(wrong.advice.contains("API secret is wrong"), "{wrong:?}");

        let blockatm = explain(
            Err(GatewayError::SignatureRejected { message: "bad sign".into() }),
            None,
            &sandbox(),
            GatewayKind::BlockAtm,
        );
        assert!(blockatm.advice.contains("public key"), "{}", blockatm.advice);
        let disabled = explain(Err(GatewayError::NotEnabled), None, &sandbox(), GatewayKind::PayStableCoin);
        assert_eq!(disabled.code, Some(ErrorCode::NotEnabled));
        assert!(disabled.advice.contains("enable API Checkout"), "{disabled:?}");

        let skew = GatewayError::TimestampRejected {
            message: "timestamp".into(),
            clock_offset: Some(SignedDuration::from_secs(432)),
        };
        let skewed = explain(Err(skew), None, &sandbox(), GatewayKind::PayStableCoin);
        assert_eq!(skewed.code, Some(ErrorCode::ClockSkew));
        assert!(skewed.advice.contains("7 min 12 s fast"), "{skewed:?}");

        let away = explain(Err(GatewayError::Timeout), None, &sandbox(), GatewayKind::PayStableCoin);
        assert_eq!(away.code, Some(ErrorCode::GatewayUnreachable));
        assert!(away.headline.starts_with("Cannot reach https://api.sandbox."), "{away:?}");
    }

    #[test]
    fn a_working_connection_still_warns_of_a_clock_drifting_away() {
        let fine = explain(
            Ok(Vec::new()),
            Some(SignedDuration::from_secs(2)),
            &sandbox(),
            GatewayKind::PayStableCoin,
        );
        assert!(fine.ok && fine.advice.contains("no payment methods"), "{fine:?}");
        let drifting = explain(
            Ok(Vec::new()),
            Some(SignedDuration::from_secs(-150)),
            &sandbox(),
            GatewayKind::PayStableCoin,
        );
        assert!(drifting.ok && drifting.advice.contains("2 min 30 s slow"), "{drifting:?}");
    }
}
