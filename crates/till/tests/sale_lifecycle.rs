//! A till against the simulator: sales are committed before the order is requested, followed to
//! the end, and never requested twice; bad input changes nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::Duration;

use jiff::Timestamp;
use stabletill_gateway::{
    ApiSecret, CreateOrderRequest, Credentials, Money, PayStableCoinClient, PAYMENT_METHOD_TYPE_ON_CHAIN,
};
use stabletill_ledger::{Ledger, NewSale};
use stabletill_simulator::{RunningSimulator, SimulatorConfig};
use stabletill_till::{
    Attention, ErrorCode, GatewaySetup, PollScheduler, SaleState, Till, TillConfig, TillHome, WatchOutcome,
};
use tokio::time::Instant;

async fn simulator() -> RunningSimulator {
    let mut config = SimulatorConfig::demo();
    config.confirmation_delay = Duration::from_millis(200);
    RunningSimulator::start(config).await.unwrap()
}

fn setup(simulator: &RunningSimulator, secret: &ApiSecret) -> GatewaySetup {
    GatewaySetup {
        environment: simulator.url().parse().unwrap(),
        credentials: Credentials { merchant_id: simulator.merchant_id().to_owned(), secret: secret.clone() },
    }
}

fn open_till(home: &TillHome, simulator: &RunningSimulator) -> Arc<Till> {
    let config = TillConfig::load_or_create(home).unwrap();
    Arc::new(Till::open(home, &config, setup(simulator, simulator.secret())).unwrap())
}

fn creates(simulator: &RunningSimulator) -> usize {
    simulator.request_log().iter().filter(|r| r.method == "POST").count()
}

async fn follow(till: &Arc<Till>, id: &str) -> (WatchOutcome, Vec<SaleState>) {
    let scheduler = PollScheduler::start(till.clone(), Attention::Counter).unwrap();
    scheduler.follow(id, true);
    let mut seen = Vec::new();
    let deadline = Some(Instant::now() + Duration::from_secs(15));
    let outcome = scheduler.wait_until_final(till, id, deadline, |view| seen.push(view.state)).await.unwrap();
    (outcome, seen)
}

#[tokio::test]
async fn a_sale_is_recorded_and_followed_to_paid() {
    let simulator = simulator().await;
    let dir = tempfile::tempdir().unwrap();
    let home = TillHome::at(dir.path());
    let till = open_till(&home, &simulator);

    let sale = till.start_sale("12.50", "usdt", "tron").await.unwrap();
    assert_eq!(sale.state, SaleState::Awaiting);
    assert_eq!(sale.order_amount.value, "12.50");
    assert_eq!(sale.crypto_payment_amount.as_ref().map(|m| m.value.as_str()), Some("13.00"));
    assert!(sale.deposit_address.as_deref().is_some_and(|a| a.starts_with('T')));
    assert_eq!(creates(&simulator), 1);

    simulator.pay(&sale.merchant_order_id, None).unwrap();
    let (outcome, seen) = follow(&till, &sale.merchant_order_id).await;
    let WatchOutcome::Finished(paid) = outcome else { panic!("the sale should finish") };
    assert_eq!(paid.state, SaleState::Paid);
    assert_eq!(paid.status.as_deref(), Some("SUCCEEDED"));
    assert_eq!(paid.crypto_paid_amount.map(|m| m.value), Some("13.00".to_owned()));
    assert_eq!(seen.last(), Some(&SaleState::Paid));

    // The sales log on disk has the whole story.
    drop(till);
    let ledger = Ledger::open(&home.sales_log()).unwrap();
    let states: Vec<SaleState> =
        ledger.events(&sale.merchant_order_id).unwrap().iter().map(|e| e.to_state).collect();
    assert_eq!(states.first(), Some(&SaleState::Creating));
    assert_eq!(states.last(), Some(&SaleState::Paid));
    assert!(states.contains(&SaleState::Awaiting));
    assert_eq!(creates(&simulator), 1, "the order was requested exactly once");
    simulator.shutdown().await;
}

#[tokio::test]
async fn bad_input_writes_nothing_and_requests_no_order() {
    let simulator = simulator().await;
    let dir = tempfile::tempdir().unwrap();
    let till = open_till(&TillHome::at(dir.path()), &simulator);
    for (amount, network, code) in [
        ("abc", "tron", ErrorCode::InvalidAmount),
        ("0", "tron", ErrorCode::InvalidAmount),
        ("12.3456789", "tron", ErrorCode::InvalidAmount),
        ("0.99", "tron", ErrorCode::InvalidAmount),
        ("9.99", "ethereum", ErrorCode::InvalidAmount),
        ("12.50", "dogechain", ErrorCode::UnknownMethod),
    ] {
        let err = till.start_sale(amount, "USDT", network).await.unwrap_err();
        assert_eq!(err.code(), code, "{amount} on {network}: {err}");
    }
    assert_eq!(creates(&simulator), 0);
    assert!(till.recent_sales(10).unwrap().is_empty());
    simulator.shutdown().await;
}

#[tokio::test]
async fn a_wrong_secret_is_reported_as_such_and_charges_nothing() {
    let simulator = simulator().await;
    let dir = tempfile::tempdir().unwrap();
    let home = TillHome::at(dir.path());
    let config = TillConfig::load_or_create(&home).unwrap();
    let till = Till::open(&home, &config, setup(&simulator, &ApiSecret::new("wrong"))).unwrap();
    let err = till.start_sale("12.50", "USDT", "tron").await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::WrongSecret);
    assert!(err.to_string().contains("check the merchant ID and API secret"), "{err}");
    assert_eq!(creates(&simulator), 0);
    simulator.shutdown().await;
}

#[tokio::test]
async fn a_cancelled_sale_is_still_followed_and_a_late_payment_is_recorded() {
    let simulator = simulator().await;
    let dir = tempfile::tempdir().unwrap();
    let till = open_till(&TillHome::at(dir.path()), &simulator);
    let sale = till.start_sale("20", "USDC", "bsc").await.unwrap();
    let cancelled = till.cancel_sale(&sale.merchant_order_id).unwrap();
    assert_eq!(cancelled.state, SaleState::Cancelled);
    assert_eq!(cancelled.status.as_deref(), Some("PENDING"), "the gateway's last word is kept");

    simulator.pay(&sale.merchant_order_id, None).unwrap();
    let (outcome, _) = follow(&till, &sale.merchant_order_id).await;
    assert!(matches!(outcome, WatchOutcome::Finished(ref v) if v.state == SaleState::Paid), "{outcome:?}");
    simulator.shutdown().await;
}

#[tokio::test]
async fn a_sale_left_creating_is_adopted_from_the_gateway_not_requested_again() {
    let simulator = simulator().await;
    let dir = tempfile::tempdir().unwrap();
    let home = TillHome::at(dir.path());
    let id = "ST-TEST01-CRASHEDBEFOREANSWER1";
    // A till crashed after committing the row and sending the request, before storing the answer.
    {
        let mut ledger = Ledger::open(&home.sales_log()).unwrap();
        let sale = NewSale {
            merchant_order_id: id.to_owned(),
            gateway: "paystablecoin".to_owned(),
            order_amount: "12.50".parse().unwrap(),
            currency: "USDT".to_owned(),
            network: "tron".to_owned(),
            created_at: Timestamp::now(),
            expires_at: None,
            cashier: None,
        };
        ledger.insert_sale(&sale).unwrap();
    }
    let client = PayStableCoinClient::new(
        &simulator.url().parse().unwrap(),
        Credentials { merchant_id: simulator.merchant_id().to_owned(), secret: simulator.secret().clone() },
    )
    .unwrap();
    let expires = Timestamp::now() + jiff::SignedDuration::from_mins(10);
    client
        .create_order(&CreateOrderRequest {
            merchant_order_id: id.to_owned(),
            order_amount: Money { value: "12.50".into(), currency: "USDT".into() },
            payment_method_type: PAYMENT_METHOD_TYPE_ON_CHAIN.into(),
            network: "tron".into(),
            expires_at: expires.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
            callback_url: None,
        })
        .await
        .unwrap();

    // On start, the scheduler reconciles every open sale: the order is found and adopted.
    let till = open_till(&home, &simulator);
    let scheduler = PollScheduler::start(till.clone(), Attention::Counter).unwrap();
    let mut updates = scheduler.subscribe();
    let view = tokio::time::timeout(Duration::from_secs(10), updates.recv()).await.unwrap().unwrap();
    assert_eq!(view.merchant_order_id, id);
    assert_eq!(view.state, SaleState::Awaiting);
    assert_eq!(view.crypto_payment_amount.map(|m| m.value), Some("13.00".to_owned()));
    assert_eq!(creates(&simulator), 1, "the till looked the order up instead of creating another");
    simulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancel_made_while_a_poll_is_in_flight_is_not_undone_by_it() {
    let simulator = simulator().await;
    let dir = tempfile::tempdir().unwrap();
    let till = open_till(&TillHome::at(dir.path()), &simulator);
    let sale = till.start_sale("12.50", "USDT", "tron").await.unwrap();
    // The gateway now answers slowly: the cashier cancels while the poll waits for its answer.
    simulator.set_faults("latency=400ms".parse().unwrap()).unwrap();
    let polling = {
        let till = till.clone();
        let id = sale.merchant_order_id.clone();
        tokio::spawn(async move { till.refresh(&id).await })
    };
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(till.cancel_sale(&sale.merchant_order_id).unwrap().state, SaleState::Cancelled);
    let (after_poll, _) = polling.await.unwrap().unwrap();
    assert_eq!(after_poll.state, SaleState::Cancelled, "the poll's answer must not undo the cancel");
    assert_eq!(till.sale(&sale.merchant_order_id).unwrap().state, SaleState::Cancelled);
    simulator.shutdown().await;
}
