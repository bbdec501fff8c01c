//! A PayStableCoin answer of any status and bytes: decoded into an order, a method list or a
//! typed error, never a panic; and an order the till accepts for a QR has a deposit address of the
//! right shape and a positive amount in the sale's currency.

#![no_main]

use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;
use stabletill_gateway::answer::{paystablecoin_methods, paystablecoin_order, RawAnswer};
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
    match paystablecoin_order(answer) {
        Ok(order) => {
            let asked = AskedOrder {
                merchant_order_id: "ST-FUZZ01-01JABCDEFGHJKMNPQRSTVWXYZ0",
                amount: Decimal::new(1250, 2),
                currency: "USDT",
                network,
                gateway: GatewayKind::PayStableCoin,
            };
            if let Ok(details) = check_new_order(asked, &order) {
                assert!(check_deposit_address(network, &details.deposit_address).is_ok());
                assert!(details.crypto_amount >= asked.amount);
                assert_eq!(details.crypto_currency, "USDT");
            }
        }
        Err(error) => assert!(!error.to_string().is_empty()),
    }
    if let Err(error) = paystablecoin_methods(answer) {
        assert!(!error.to_string().is_empty());
    }
});
