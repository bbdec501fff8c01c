//! A BlockATM answer of any status and bytes: decoded and translated into the till's order or
//! method list, or a typed error, never a panic; an order the till accepts has an https cashier
//! page (or the local simulator's) and a deposit address of the right shape.

#![no_main]

use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;
use stabletill_gateway::answer::{blockatm_methods, blockatm_order, RawAnswer};
use stabletill_gateway::{check_deposit_address, GatewayKind};
use stabletill_till::{check_new_order, AskedOrder};

#[derive(Debug, Arbitrary)]
struct Input<'a> {
    status: u16,
    retry_after: Option<&'a str>,
    network: bool,
    body: &'a [u8],
}

fuzz_target!(|input: Input<'_>| {
    let answer = RawAnswer { status: input.status, retry_after: input.retry_after, body: input.body };
    let network = if input.network { "tron" } else { "bsc" };
    match blockatm_order(answer) {
        Ok(order) => {
            let asked = AskedOrder {
                merchant_order_id: "ST-FUZZ01-01JABCDEFGHJKMNPQRSTVWXYZ0",
                amount: Decimal::new(1250, 2),
                currency: "USDT",
                network,
                gateway: GatewayKind::BlockAtm,
            };
            if let Ok(details) = check_new_order(asked, &order) {
                assert!(check_deposit_address(network, &details.deposit_address).is_ok());
                let link = details.payment_link.unwrap_or_default();
                assert!(link.starts_with("https:") || link.starts_with("http://127.0.0.1"), "{link:?}");
            }
        }
        Err(error) => assert!(!error.to_string().is_empty()),
    }
    match blockatm_methods(answer) {
        Ok(methods) => assert!(methods.iter().all(|m| m.display_order.is_some())),
        Err(error) => assert!(!error.to_string().is_empty()),
    }
});
