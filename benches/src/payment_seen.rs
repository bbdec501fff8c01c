//! #1 "payment seen": how long after the gateway says SUCCEEDED the till publishes the paid
//! sale, and how many requests a sale costs, against the guide's fixed 5-second poll.
//!
//! One simulator with realistic timing (the customer pays 10–60 s after the QR, the order stays
//! PROCESSING for its network's confirmation time, then SUCCEEDED), its gateway times scaled by
//! `scale`. Several tills run in parallel against it, each a real `Till` with its own sales log
//! and its own `PollScheduler`, one sale on the counter at a time; beside them as many baseline
//! pollers, each creating an order and asking for it every 5 s until it is final.
//!
//! Fairness: the till's cadence is real time (it cannot be scaled), so the baseline polls every
//! 5 s of real time too. Both then face the same compressed gateway with the same clock: the
//! number of polls of each shrinks by about the same factor against the real world (polls ≈
//! phase length / interval), so the ratio of requests per sale holds, and each one's delay after
//! SUCCEEDED depends only on its own real-time interval. Polling every 5 s × scale instead would
//! put the baseline on gateway time and the till on real time.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{anyhow, bail, Context};
use jiff::Timestamp;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rust_decimal::Decimal;
use stabletill_gateway::{
    CreateOrderRequest, Credentials, GatewayEnvironment, Money, OrderStatus, PayStableCoinClient,
    RequestBudget, DEFAULT_REQUESTS_PER_MINUTE, PAYMENT_METHOD_TYPE_ON_CHAIN,
};
use stabletill_simulator::{RunningSimulator, SimulatorConfig};
use stabletill_till::{Attention, GatewaySetup, PollScheduler, SaleState, Till, TillConfig, TillHome};
use tokio::sync::broadcast::error::RecvError;
use tokio::time::Instant;

use crate::stats::{ms, ratio, Sample};
use crate::table::Row;

/// The guide: "Poll every 5–10 seconds until status is terminal"; the baseline takes the brisk end.
const GUIDE_POLL: Duration = Duration::from_secs(5);
/// The customer pays this long after the QR is shown (gateway time, scaled like the rest).
const PAYS_AFTER: (u64, u64) = (10, 60);
/// The goal for the till's delay after SUCCEEDED, at the 95th percentile.
const GOAL_P95: Duration = Duration::from_millis(1500);
/// A sale that has not finished after this long (real time) counts as lost.
const SALE_TIMEOUT: Duration = Duration::from_secs(600);

#[derive(Debug, Clone)]
pub struct Settings {
    /// Gateway times × this (1.0 = real time).
    pub scale: f64,
    /// Sales per side (till and baseline), at least.
    pub sales: usize,
    /// Tills in parallel, and as many baseline pollers.
    pub tills: usize,
}

/// One finished sale of either side.
#[derive(Debug)]
struct Finished {
    merchant_order_id: String,
    network: &'static str,
    /// When the till published the paid sale, or the baseline's poll answer arrived.
    seen_at: Timestamp,
    /// The baseline reads paidTime from its own last answer; the till's is looked up afterwards.
    paid_at: Option<Timestamp>,
}

pub async fn run(settings: &Settings, work: &std::path::Path) -> anyhow::Result<(Vec<Row>, Vec<String>)> {
    let clients = u32::try_from(settings.tills * 2).unwrap_or(u32::MAX);
    let scale = settings.scale;
    let mut config = SimulatorConfig {
        per_network_confirmation: true,
        time_scale: scale,
        // Every till and every baseline poller gets the gateway's whole per-key limit, as if each
        // were alone on its key, plus room for the look-ups at the end.
        rate_limit_per_minute: Some((clients + 10) * DEFAULT_REQUESTS_PER_MINUTE),
        ..SimulatorConfig::demo()
    }
    .with_auto_pay_between(
        Duration::from_secs_f64(PAYS_AFTER.0 as f64 * scale),
        Duration::from_secs_f64(PAYS_AFTER.1 as f64 * scale),
    );
    config.port = 0;
    let simulator = RunningSimulator::start(config).await.context("simulator")?;
    let environment: GatewayEnvironment =
        simulator.url().parse().map_err(|e| anyhow!("simulator URL: {e}"))?;
    let credentials =
        Credentials { merchant_id: simulator.merchant_id().to_owned(), secret: simulator.secret().clone() };

    let started = Instant::now();
    let till_claims = Arc::new(AtomicUsize::new(0));
    let baseline_claims = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for index in 0..settings.tills {
        let home = TillHome::at(&work.join(format!("till-{index:03}")));
        let setup = GatewaySetup { environment: environment.clone(), credentials: credentials.clone() };
        let claims = till_claims.clone();
        let target = settings.sales;
        tasks.push(tokio::spawn(async move { till_side(index, home, setup, claims, target).await }));
        let client = PayStableCoinClient::new(&environment, credentials.clone())?;
        let claims = baseline_claims.clone();
        tasks.push(tokio::spawn(async move { baseline_side(index, client, claims, target).await }));
    }
    let (mut till_sales, mut baseline_sales) = (Vec::new(), Vec::new());
    for (n, task) in tasks.into_iter().enumerate() {
        let finished = task.await.context("a client task panicked")??;
        if n % 2 == 0 {
            till_sales.extend(finished);
        } else {
            baseline_sales.extend(finished);
        }
    }
    let elapsed = started.elapsed();

    // Requests per sale, from the gateway's own log, before the look-ups below add to it.
    let mut requests: HashMap<String, usize> = HashMap::new();
    for entry in simulator.request_log() {
        if let Some(id) = entry.merchant_order_id {
            *requests.entry(id).or_default() += 1;
        }
    }
    // The gateway's SUCCEEDED moment of each till sale: its paidTime.
    let lookup = PayStableCoinClient::new(&environment, credentials.clone())?
        .with_budget(RequestBudget::per_minute(1_000_000));
    for sale in &mut till_sales {
        let order = lookup.query_order(&sale.merchant_order_id).await?;
        sale.paid_at = order.paid_at();
    }
    simulator.shutdown().await;

    let till = Side::of(&till_sales, &requests)?;
    let baseline = Side::of(&baseline_sales, &requests)?;
    let mut notes = vec![format!(
        "#1: {} till sales and {} baseline sales in {:.0} s ({} tills and {} baseline pollers in parallel, \
         gateway time scale {scale}); delay after SUCCEEDED p50/p95/max: till {}/{}/{}, baseline {}/{}/{}",
        till.delays.len(),
        baseline.delays.len(),
        elapsed.as_secs_f64(),
        settings.tills,
        settings.tills,
        ms(till.delays.p50()),
        ms(till.delays.p95()),
        ms(till.delays.max()),
        ms(baseline.delays.p50()),
        ms(baseline.delays.p95()),
        ms(baseline.delays.max()),
    )];
    for network in ["tron", "bsc", "ethereum"] {
        let (t, b) = (till.by_network.get(network), baseline.by_network.get(network));
        if let (Some(t), Some(b)) = (t.filter(|t| !t.0.is_empty()), b.filter(|b| !b.0.is_empty())) {
            notes.push(format!(
                "#1 {network}: till {} sales, p95 {}, {:.1} requests/sale; baseline {} sales, p95 {}, {:.1} requests/sale",
                t.0.len(),
                ms(t.0.p95()),
                t.1,
                b.0.len(),
                ms(b.0.p95()),
                b.1
            ));
        }
    }
    let rows = vec![
        Row::new("1", "payment seen: SUCCEEDED → paid event, p95")
            .value(ms(till.delays.p95()))
            .baseline(format!("{} (5 s poll)", ms(baseline.delays.p95())))
            .ratio(ratio(till.delays.p95().as_secs_f64(), baseline.delays.p95().as_secs_f64()))
            .goal("p95 ≤ 1.5 s", Some(till.delays.p95() <= GOAL_P95)),
        Row::new("1", "payment seen: requests per sale (mean)")
            .value(format!("{:.1}", till.requests_per_sale))
            .baseline(format!("{:.1}", baseline.requests_per_sale))
            .ratio(ratio(till.requests_per_sale, baseline.requests_per_sale))
            .goal("fewer than baseline", Some(till.requests_per_sale < baseline.requests_per_sale)),
    ];
    Ok((rows, notes))
}

/// What one side's sales add up to.
struct Side {
    delays: Sample,
    requests_per_sale: f64,
    /// network → (delays, requests per sale)
    by_network: HashMap<&'static str, (Sample, f64)>,
}

impl Side {
    fn of(sales: &[Finished], requests: &HashMap<String, usize>) -> anyhow::Result<Side> {
        let delay = |sale: &Finished| -> anyhow::Result<Duration> {
            let paid = sale.paid_at.with_context(|| format!("{} has no paidTime", sale.merchant_order_id))?;
            let delay = sale.seen_at.duration_since(paid);
            if delay.is_negative() {
                bail!("{} was seen paid {delay:#} before the gateway's paidTime", sale.merchant_order_id);
            }
            Ok(delay.unsigned_abs())
        };
        let count = |sale: &Finished| requests.get(&sale.merchant_order_id).copied().unwrap_or(0) as f64;
        let mean =
            |sales: &[&Finished]| sales.iter().map(|s| count(s)).sum::<f64>() / sales.len().max(1) as f64;
        let all: Vec<&Finished> = sales.iter().collect();
        let mut by_network = HashMap::new();
        for network in ["tron", "bsc", "ethereum"] {
            let some: Vec<&Finished> = sales.iter().filter(|s| s.network == network).collect();
            let delays = some.iter().map(|s| delay(s)).collect::<anyhow::Result<Vec<_>>>()?;
            by_network.insert(network, (Sample::new(delays), mean(&some)));
        }
        let delays = sales.iter().map(delay).collect::<anyhow::Result<Vec<_>>>()?;
        Ok(Side { delays: Sample::new(delays), requests_per_sale: mean(&all), by_network })
    }
}

/// Takes the next of `target` sales, if any are left (saying so every 25 sales).
fn claim(claims: &AtomicUsize, target: usize, side: &str) -> bool {
    let number = claims.fetch_add(1, Ordering::SeqCst) + 1;
    if number % 25 == 0 && number <= target {
        eprintln!("  #1 {side}: sale {number} of {target} started");
    }
    number <= target
}

/// What the customer buys: mostly USDT on Tron, some BSC, some Ethereum; 10–200 in cents.
fn pick_sale(rng: &mut StdRng) -> (Decimal, &'static str, &'static str) {
    let amount = Decimal::new(rng.random_range(1_000..20_000), 2);
    let roll: f64 = rng.random();
    let (currency, network) = match roll {
        r if r < 0.35 => ("USDT", "tron"),
        r if r < 0.50 => ("USDC", "tron"),
        r if r < 0.70 => ("USDT", "bsc"),
        r if r < 0.80 => ("USDC", "bsc"),
        r if r < 0.92 => ("USDT", "ethereum"),
        _ => ("USDC", "ethereum"),
    };
    (amount, currency, network)
}

async fn till_side(
    index: usize,
    home: TillHome,
    setup: GatewaySetup,
    claims: Arc<AtomicUsize>,
    target: usize,
) -> anyhow::Result<Vec<Finished>> {
    let config = TillConfig::load_or_create(&home)?;
    // The till's own budget is left at its default (the gateway's whole per-key limit).
    let till = Arc::new(Till::open(&home, &config, setup)?);
    let scheduler = PollScheduler::start(till.clone(), Attention::Counter)?;
    let mut rng = StdRng::seed_from_u64(1_000 + index as u64);
    let mut finished = Vec::new();
    while claim(&claims, target, "till") {
        let (amount, currency, network) = pick_sale(&mut rng);
        let mut updates = scheduler.subscribe();
        let sale = till.start_sale(&amount.to_string(), currency, network).await?;
        let id = sale.merchant_order_id.clone();
        // As the app does: the customer stands in front of this sale.
        scheduler.follow(&id, true);
        let deadline = Instant::now() + SALE_TIMEOUT;
        let seen_at = loop {
            let update = tokio::time::timeout_at(deadline, updates.recv())
                .await
                .map_err(|_| anyhow!("till sale {id} not paid within {SALE_TIMEOUT:?}"))?;
            match update {
                Ok(view) if view.merchant_order_id != id => continue,
                Ok(view) if view.state == SaleState::Paid => break Timestamp::now(),
                Ok(view) if view.state.is_terminal() => bail!("till sale {id} ended {}", view.state.as_str()),
                Ok(_) => continue,
                Err(RecvError::Lagged(_)) => bail!("missed scheduler updates for {id}"),
                Err(RecvError::Closed) => bail!("the poll scheduler stopped"),
            }
        };
        finished.push(Finished { merchant_order_id: id, network, seen_at, paid_at: None });
    }
    Ok(finished)
}

async fn baseline_side(
    index: usize,
    client: PayStableCoinClient,
    claims: Arc<AtomicUsize>,
    target: usize,
) -> anyhow::Result<Vec<Finished>> {
    let mut rng = StdRng::seed_from_u64(2_000 + index as u64);
    let mut finished = Vec::new();
    let mut number = 0;
    while claim(&claims, target, "baseline") {
        number += 1;
        let (amount, currency, network) = pick_sale(&mut rng);
        let id = format!("BASE-{index:03}-{number:05}-{:08X}", rng.random::<u32>());
        let expires = Timestamp::now().checked_add(jiff::SignedDuration::from_mins(15))?;
        let request = CreateOrderRequest {
            merchant_order_id: id.clone(),
            order_amount: Money::new(amount, currency),
            payment_method_type: PAYMENT_METHOD_TYPE_ON_CHAIN.to_owned(),
            network: network.to_owned(),
            expires_at: expires.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
            callback_url: None,
        };
        client.create_order(&request).await?;
        let deadline = Instant::now() + SALE_TIMEOUT;
        let (seen_at, paid_at) = loop {
            tokio::time::sleep(GUIDE_POLL).await;
            if Instant::now() > deadline {
                bail!("baseline order {id} not paid within {SALE_TIMEOUT:?}");
            }
            let order = match client.query_order(&id).await {
                Ok(order) => order,
                // The guide's loop just polls again.
                Err(error) => {
                    eprintln!("baseline poll of {id} failed: {error}");
                    continue;
                }
            };
            match order.status {
                Some(OrderStatus::Succeeded) => break (Timestamp::now(), order.paid_at()),
                Some(status) if status.is_terminal() => {
                    bail!("baseline order {id} ended {}", status.as_str())
                }
                _ => continue,
            }
        };
        finished.push(Finished { merchant_order_id: id, network, seen_at, paid_at });
    }
    Ok(finished)
}
