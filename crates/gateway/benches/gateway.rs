//! Micro-benchmarks of the client's hot paths, tracked for regressions (BENCHMARKS.md #7):
//! signing a request, and decoding an order answer the way `decode` does (the envelope first,
//! then its data as an `Order`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use stabletill_gateway::signing::{sign_get, sign_post};
use stabletill_gateway::{ApiSecret, Envelope, Order};

const PATH: &str = "/api/v1/merchants/MCH_DEMO_STABLETILL/checkout/orders";
const CREATE_BODY: &str = r#"{"merchantOrderId":"ST-K7Q2XZ-01JD5ZQ8W4N3K9V2B7M6X1C0RT","orderAmount":{"value":"12.50","currency":"USDT"},"paymentMethodType":"ON_CHAIN_TRANSFER","network":"tron","expiresAt":"2026-11-21T10:15:00Z"}"#;
/// A query answer as the simulator sends it for a paid order.
const ORDER_ANSWER: &str = r#"{"code":"00000","message":"success","data":{"merchantOrderId":"ST-K7Q2XZ-01JD5ZQ8W4N3K9V2B7M6X1C0RT","acquiringOrderId":"ORD_3F2A9C0D1E4B5A67","paymentOrderId":"PAY_0A1B2C3D4E5F6789","merchantId":"MCH_DEMO_STABLETILL","status":"SUCCEEDED","finalStatus":true,"orderAmount":{"value":"12.50","currency":"USDT"},"cryptoPaymentAmount":{"value":"13.00","currency":"USDT"},"cryptoPaidAmount":{"value":"13.00","currency":"USDT"},"depositAddress":"TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE","network":"tron","networkDisplayName":"TRON Network","paymentMethodType":"ON_CHAIN_TRANSFER","expiresAt":"2026-11-21T10:15:00Z","createdTime":"2026-11-21T10:00:00.123Z","paidTime":"2026-11-21T10:01:12.456Z"}}"#;

fn signing(c: &mut Criterion) {
    let secret = ApiSecret::new("demo-secret-not-for-real-money");
    let mut group = c.benchmark_group("signing");
    group.throughput(Throughput::Elements(1));
    group.bench_function("sign_post create order", |b| {
        b.iter(|| sign_post(black_box(&secret), black_box("1763700007919"), PATH, CREATE_BODY.as_bytes()))
    });
    let query = format!("{PATH}/ST-K7Q2XZ-01JD5ZQ8W4N3K9V2B7M6X1C0RT");
    group.bench_function("sign_get query order", |b| {
        b.iter(|| sign_get(black_box(&secret), black_box("1763700007919"), &query))
    });
    group.finish();
}

fn decoding(c: &mut Criterion) {
    let mut group = c.benchmark_group("decoding");
    group.throughput(Throughput::Bytes(ORDER_ANSWER.len() as u64));
    group.bench_function("order answer: envelope then Order", |b| {
        b.iter(|| {
            let envelope: Envelope = serde_json::from_slice(black_box(ORDER_ANSWER.as_bytes())).unwrap();
            let order: Order = serde_json::from_value(envelope.data.unwrap()).unwrap();
            order
        })
    });
    group.finish();
}

criterion_group!(benches, signing, decoding);
criterion_main!(benches);
