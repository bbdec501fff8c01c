//! A gateway that lies: oversize and too-deep answers, negative and absurd amounts, an address of
//! another network, a status that goes backwards, another order's answer, another coin. Each lie is
//! told by the simulator (`FaultConfig` lies) to a real till, and each test asserts what the
//! cashier would see: the error message or the sale's state, flag and reason, and that no QR or
//! payable address is ever offered for an answer that failed its checks.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use stabletill_gateway::GatewayKind;
use stabletill_simulator::blockatm::BlockAtmSimulatorConfig;
use stabletill_simulator::{FaultConfig, RunningSimulator, SimulatorConfig};
use stabletill_till::{
    qr_payload, DemoGateway, SaleException, SaleState, SaleView, Till, TillConfig, TillError, TillHome,
};

/// A till and the simulator it talks to; the order stays PROCESSING for a minute once paid.
struct Counter {
    till: Till,
    gateway: DemoGateway,
    _dir: tempfile::TempDir,
}

async fn counter(kind: GatewayKind, confirmation: Duration) -> Counter {
    let gateway = match kind {
        GatewayKind::PayStableCoin => {
            let mut config = SimulatorConfig::demo();
            config.confirmation_delay = confirmation;
            config.rate_limit_per_minute = None;
            DemoGateway::PayStableCoin(RunningSimulator::start(config).await.unwrap())
        }
        GatewayKind::BlockAtm => {
            let mut config = BlockAtmSimulatorConfig::demo();
            config.confirmation_delay = confirmation;
            DemoGateway::BlockAtm(
                stabletill_simulator::blockatm::RunningBlockAtmSimulator::start(config).await.unwrap(),
            )
        }
    };
    let dir = tempfile::tempdir().unwrap();
    let home = TillHome::at(dir.path());
    let config = TillConfig::load_or_create(&home).unwrap();
    let till = Till::open(&home, &config, gateway.setup().unwrap()).unwrap();
    Counter { till, gateway, _dir: dir }
}

impl Counter {
    fn lie(&self, spec: &str) {
        let faults: FaultConfig = spec.parse().unwrap();
        match &self.gateway {
            DemoGateway::PayStableCoin(simulator) => simulator.set_faults(faults).unwrap(),
            DemoGateway::BlockAtm(simulator) => simulator.set_faults(faults).unwrap(),
        }
    }

    /// The cashier rings up 12.50 USDT on `network` while the gateway tells `lie`: the message the
    /// cashier is shown, and the sale as the sales log has it.
    async fn refused_sale(&self, lie: &str, network: &str) -> (String, SaleView) {
        // The methods are fetched (and cached) honestly: the lie is in the order's answers.
        self.till.methods().await.unwrap();
        self.lie(&format!("{lie}=1"));
        let error = match self.till.start_sale("12.50", "USDT", network).await {
            Ok(sale) => panic!("{lie}: the sale was offered to the customer: {sale:?}"),
            Err(error) => error,
        };
        let sale = self.till.recent_sales(1).unwrap().pop().expect("the sale is in the sales log");
        assert_no_qr(&sale, lie);
        (error.to_string(), sale)
    }

    async fn paid_until(&self, id: &str, state: SaleState) -> SaleView {
        for _ in 0..100 {
            let (view, _) = self.till.refresh(id).await.unwrap();
            if view.state == state {
                return view;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("sale {id} never reached {state:?}");
    }
}

fn assert_no_qr(sale: &SaleView, lie: &str) {
    assert_eq!(sale.deposit_address, None, "{lie}: a deposit address was recorded: {sale:?}");
    assert_eq!(sale.payment_link, None, "{lie}: a cashier page was recorded: {sale:?}");
    assert_eq!(qr_payload(sale, true), None, "{lie}: the sale has something to put in a QR");
}

fn assert_voided_because(sale: &SaleView, error: &str, expected: &str) {
    assert_eq!(sale.state, SaleState::Void, "{sale:?}");
    assert!(error.contains(expected), "the cashier saw: {error}");
    assert!(error.contains("the sale was not shown to the customer; charge again"), "{error}");
    let reason = sale.reason.as_deref().unwrap_or_default();
    assert!(reason.contains(expected), "the sales log says: {reason}");
}

#[tokio::test]
async fn an_oversize_answer_is_refused_unread_and_the_sale_waits_for_a_look_up() {
    let counter = counter(GatewayKind::PayStableCoin, Duration::from_secs(60)).await;
    let (error, sale) = counter.refused_sale("oversize-body", "tron").await;
    assert!(error.contains("answer larger than 1048576 bytes"), "{error}");
    assert!(error.contains("do not charge the customer twice"), "{error}");
    assert_eq!(sale.state, SaleState::Creating);
}

#[tokio::test]
async fn a_deeply_nested_answer_is_refused() {
    let counter = counter(GatewayKind::PayStableCoin, Duration::from_secs(60)).await;
    let (error, sale) = counter.refused_sale("deep-json", "tron").await;
    assert!(error.contains("could not be understood") && error.contains("recursion limit"), "{error}");
    assert_eq!(sale.state, SaleState::Creating);
}

#[tokio::test]
async fn a_negative_amount_due_is_refused() {
    let counter = counter(GatewayKind::PayStableCoin, Duration::from_secs(60)).await;
    let (error, sale) = counter.refused_sale("negative-amount", "tron").await;
    assert_voided_because(&sale, &error, "which cannot be paid");
}

#[tokio::test]
async fn an_absurd_amount_due_is_refused() {
    let counter = counter(GatewayKind::PayStableCoin, Duration::from_secs(60)).await;
    let (error, sale) = counter.refused_sale("absurd-amount", "tron").await;
    assert_voided_because(&sale, &error, "far more than the sale");
}

#[tokio::test]
async fn an_address_of_another_network_is_refused() {
    let counter = counter(GatewayKind::PayStableCoin, Duration::from_secs(60)).await;
    let (error, sale) = counter.refused_sale("wrong-address", "tron").await;
    assert_voided_because(&sale, &error, "is not an address on the tron network");
    let (error, sale) = counter.refused_sale("wrong-address", "bsc").await;
    assert_voided_because(&sale, &error, "is not an address on the bsc network");
}

#[tokio::test]
async fn another_orders_answer_is_refused() {
    let counter = counter(GatewayKind::PayStableCoin, Duration::from_secs(60)).await;
    let (error, sale) = counter.refused_sale("other-order-id", "tron").await;
    assert_voided_because(&sale, &error, "-SOMEONE-ELSE\" instead of");
}

#[tokio::test]
async fn an_amount_due_in_another_coin_is_refused() {
    let counter = counter(GatewayKind::PayStableCoin, Duration::from_secs(60)).await;
    let (error, sale) = counter.refused_sale("other-currency", "tron").await;
    assert_voided_because(&sale, &error, "although the sale is in USDT");
}

#[tokio::test]
async fn a_status_that_goes_back_from_processing_is_flagged_and_not_followed() {
    let counter = counter(GatewayKind::PayStableCoin, Duration::from_secs(60)).await;
    let sale = counter.till.start_sale("12.50", "USDT", "tron").await.unwrap();
    let id = sale.merchant_order_id.clone();
    counter.gateway.simulate_payment(&id).unwrap();
    counter.paid_until(&id, SaleState::Processing).await;

    counter.lie("status-backwards=1");
    let (after, changed) = counter.till.refresh(&id).await.unwrap();
    assert!(changed);
    assert_eq!(after.state, SaleState::Processing, "the cashier is never told to take the payment again");
    assert_eq!(after.status.as_deref(), Some("PENDING"));
    assert_eq!(after.exceptions, [SaleException::InconsistentAnswer]);
    let reason = after.reason.as_deref().unwrap_or_default();
    assert!(reason.contains("went back from PROCESSING to \"PENDING\""), "{reason}");
    // The QR the customer was shown stays what the order was created with.
    assert_eq!(after.deposit_address, sale.deposit_address);
}

#[tokio::test]
async fn a_paid_sale_stays_paid_whatever_the_gateway_says_later() {
    let counter = counter(GatewayKind::PayStableCoin, Duration::from_millis(50)).await;
    let sale = counter.till.start_sale("12.50", "USDT", "tron").await.unwrap();
    let id = sale.merchant_order_id.clone();
    counter.gateway.simulate_payment(&id).unwrap();
    let paid = counter.paid_until(&id, SaleState::Paid).await;

    counter.lie("status-backwards=1");
    let (after, changed) = counter.till.refresh(&id).await.unwrap();
    assert!(!changed);
    assert_eq!(after, paid);
}

#[tokio::test]
async fn a_status_answer_for_another_order_changes_nothing() {
    let counter = counter(GatewayKind::PayStableCoin, Duration::from_secs(60)).await;
    let sale = counter.till.start_sale("12.50", "USDT", "tron").await.unwrap();
    let id = sale.merchant_order_id.clone();
    counter.lie("other-order-id=1");
    let error = counter.till.refresh(&id).await.unwrap_err();
    assert!(matches!(error, TillError::UnusableAnswer(_)), "{error:?}");
    assert!(error.to_string().contains("the answer was ignored"), "{error}");
    assert_eq!(counter.till.sale(&id).unwrap(), sale);
}

#[tokio::test]
async fn a_status_answer_with_another_amount_or_address_is_flagged() {
    let counter = counter(GatewayKind::PayStableCoin, Duration::from_secs(60)).await;
    let sale = counter.till.start_sale("12.50", "USDT", "tron").await.unwrap();
    let id = sale.merchant_order_id.clone();
    counter.lie("absurd-amount=1,wrong-address=1");
    let (after, _) = counter.till.refresh(&id).await.unwrap();
    assert_eq!(after.exceptions, [SaleException::InconsistentAnswer]);
    let reason = after.reason.as_deref().unwrap_or_default();
    assert!(reason.contains("now asks for \"99999999999 USDT\""), "{reason}");
    assert!(reason.contains("now names the deposit address"), "{reason}");
    // What the customer is shown is still what the order was created with.
    assert_eq!(after.crypto_payment_amount, sale.crypto_payment_amount);
    assert_eq!(after.deposit_address, sale.deposit_address);

    counter.lie("none");
    let other = counter.till.start_sale("7.00", "USDT", "tron").await.unwrap();
    counter.lie("other-currency=1");
    let (after, _) = counter.till.refresh(&other.merchant_order_id).await.unwrap();
    assert_eq!(after.exceptions, [SaleException::InconsistentAnswer]);
    let reason = after.reason.as_deref().unwrap_or_default();
    assert!(reason.contains("USDC\" where the order was created for"), "{reason}");
}

#[tokio::test]
async fn blockatm_lies_are_refused_the_same_way() {
    let counter = counter(GatewayKind::BlockAtm, Duration::from_secs(60)).await;
    for (lie, expected) in [
        ("negative-amount", "which cannot be paid"),
        ("absurd-amount", "far more than the sale"),
        ("wrong-address", "is not an address on the tron network"),
        ("other-order-id", "-SOMEONE-ELSE\" instead of"),
        ("other-currency", "although the sale is in USDT"),
    ] {
        let (error, sale) = counter.refused_sale(lie, "tron").await;
        assert_voided_because(&sale, &error, expected);
    }
    for lie in ["oversize-body", "deep-json"] {
        let (error, sale) = counter.refused_sale(lie, "tron").await;
        assert!(error.contains("could not be understood"), "{lie}: {error}");
        assert_eq!(sale.state, SaleState::Creating);
    }
}

#[tokio::test]
async fn a_blockatm_status_that_goes_backwards_is_flagged() {
    let counter = counter(GatewayKind::BlockAtm, Duration::from_secs(60)).await;
    let sale = counter.till.start_sale("12.50", "USDT", "tron").await.unwrap();
    let id = sale.merchant_order_id.clone();
    counter.gateway.simulate_payment(&id).unwrap();
    counter.paid_until(&id, SaleState::Processing).await;
    counter.lie("status-backwards=1");
    let (after, _) = counter.till.refresh(&id).await.unwrap();
    assert_eq!(after.state, SaleState::Processing);
    assert_eq!(after.exceptions, [SaleException::InconsistentAnswer]);
}
