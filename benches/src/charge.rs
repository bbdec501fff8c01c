//! #2 "charge to QR": from `Till::start_sale` to the QR SVG the payment screen shows (sales-log
//! commit, signing, HTTP to the loopback simulator, the order recorded, the QR rendered and
//! wrapped as the app's data URL), against the same create request alone: a signed reqwest POST.
//! #6 (first half): the same charge with a 1,000,000-sale sales log against an empty one.
//!
//! Charges and baseline requests alternate, so whatever else the machine does weighs on both.
//! Neither side waits for a request budget: the simulator has no rate limit and the till's budget
//! is raised, because 500 charges in a row is not what a till's budget is for.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{anyhow, ensure, Context};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use jiff::Timestamp;
use reqwest::header::CONTENT_TYPE;
use stabletill_gateway::signing::sign_post;
use stabletill_gateway::{
    ApiSecret, CreateOrderRequest, Credentials, GatewayEnvironment, Money, PAYMENT_METHOD_TYPE_ON_CHAIN,
};
use stabletill_ledger::{Ledger, NewSale};
use stabletill_simulator::{RunningSimulator, SimulatorConfig};
use stabletill_till::{qr_payload, qr_svg, GatewaySetup, Till, TillConfig, TillHome};

use crate::stats::{ms, ratio, Sample};
use crate::table::Row;

/// Charges (and requests) sent before measuring: connections opened, methods cached.
const WARM_UP: usize = 20;
const GOAL_OVERHEAD_P95: Duration = Duration::from_millis(10);
const GOAL_GROWTH: f64 = 1.10;

/// A demo simulator without a rate limit, and how to reach it.
pub struct Gateway {
    simulator: RunningSimulator,
    environment: GatewayEnvironment,
}

impl Gateway {
    pub async fn start() -> anyhow::Result<Self> {
        let config = SimulatorConfig { rate_limit_per_minute: None, ..SimulatorConfig::demo() };
        let simulator = RunningSimulator::start(config).await.context("simulator")?;
        let environment = simulator.url().parse().map_err(|e| anyhow!("simulator URL: {e}"))?;
        Ok(Self { simulator, environment })
    }

    fn setup(&self) -> GatewaySetup {
        GatewaySetup {
            environment: self.environment.clone(),
            credentials: Credentials {
                merchant_id: self.simulator.merchant_id().to_owned(),
                secret: self.simulator.secret().clone(),
            },
        }
    }

    /// A till in `home` (whatever sales log is there), with a budget that never makes it wait.
    /// Also says how long opening it took.
    pub fn open_till(&self, home: &Path) -> anyhow::Result<(Arc<Till>, Duration)> {
        let home = TillHome::at(home);
        let mut config = TillConfig::load_or_create(&home)?;
        config.requests_per_minute = 1_000_000;
        config.save(&home)?;
        let started = Instant::now();
        let till = Till::open(&home, &config, self.setup())?;
        Ok((Arc::new(till), started.elapsed()))
    }

    pub async fn shutdown(self) {
        self.simulator.shutdown().await;
    }
}

/// One charge, as the app's `start_sale` command makes it: the sale, then its QR as a data URL.
async fn charge(till: &Till) -> anyhow::Result<Duration> {
    let started = Instant::now();
    let sale = till.start_sale("12.50", "USDT", "tron").await?;
    let text = qr_payload(&sale, false).context("the sale has nothing to put in a QR code")?;
    let url = format!("data:image/svg+xml;base64,{}", STANDARD.encode(qr_svg(&text)?));
    let elapsed = started.elapsed();
    ensure!(url.len() > 1_000, "a QR data URL of {} bytes", url.len());
    Ok(elapsed)
}

/// The baseline: the same create request alone, signed and POSTed with reqwest, the answer read.
struct PlainPost {
    http: reqwest::Client,
    base: String,
    merchant_id: String,
    secret: ApiSecret,
    sent: u64,
}

impl PlainPost {
    fn new(gateway: &Gateway) -> anyhow::Result<Self> {
        Ok(Self {
            http: reqwest::Client::builder().build()?,
            base: gateway.simulator.url(),
            merchant_id: gateway.simulator.merchant_id().to_owned(),
            secret: gateway.simulator.secret().clone(),
            sent: 0,
        })
    }

    async fn send(&mut self) -> anyhow::Result<Duration> {
        self.sent += 1;
        let started = Instant::now();
        let now = Timestamp::now();
        let request = CreateOrderRequest {
            merchant_order_id: format!("PLAIN-{}-{:06}", now.as_millisecond(), self.sent),
            order_amount: Money { value: "12.50".into(), currency: "USDT".into() },
            payment_method_type: PAYMENT_METHOD_TYPE_ON_CHAIN.to_owned(),
            network: "tron".to_owned(),
            expires_at: now
                .checked_add(jiff::SignedDuration::from_mins(15))?
                .strftime("%Y-%m-%dT%H:%M:%SZ")
                .to_string(),
            callback_url: None,
        };
        let body = serde_json::to_vec(&request)?;
        let path = format!("/api/v1/merchants/{}/checkout/orders", self.merchant_id);
        let timestamp = now.as_millisecond().to_string();
        let signature = sign_post(&self.secret, &timestamp, &path, &body);
        let answer = self
            .http
            .post(format!("{}{path}", self.base))
            .header("X-Timestamp", timestamp)
            .header("X-Signature", signature)
            .header(CONTENT_TYPE, "application/json")
            .body(body)
            .send()
            .await?;
        let status = answer.status();
        let bytes = answer.bytes().await?;
        let elapsed = started.elapsed();
        ensure!(
            status.is_success() && bytes.windows(7).any(|w| w == b"\"00000\""),
            "create refused: {status}"
        );
        Ok(elapsed)
    }
}

/// #2: `charges` charges and as many plain POSTs, alternating, after a warm-up.
pub async fn charge_to_qr(charges: usize, work: &Path) -> anyhow::Result<(Vec<Row>, Vec<String>)> {
    let gateway = Gateway::start().await?;
    let (till, _) = gateway.open_till(&work.join("charge-till"))?;
    let mut plain = PlainPost::new(&gateway)?;
    for _ in 0..WARM_UP {
        charge(&till).await?;
        plain.send().await?;
    }
    let (mut charged, mut posted) = (Vec::with_capacity(charges), Vec::with_capacity(charges));
    for _ in 0..charges {
        charged.push(charge(&till).await?);
        posted.push(plain.send().await?);
    }
    gateway.shutdown().await;
    let (charged, posted) = (Sample::new(charged), Sample::new(posted));
    let parts = parts(work, charges.min(200))?;
    let overhead_p95 = charged.p95().saturating_sub(posted.p95());
    let overhead_p50 = charged.p50().saturating_sub(posted.p50());
    let notes = vec![
        format!(
            "#2: {} charges; charge p50/p95 {}/{}, plain POST p50/p95 {}/{}, overhead p50/p95 {}/{}",
            charged.len(),
            ms(charged.p50()),
            ms(charged.p95()),
            ms(posted.p50()),
            ms(posted.p95()),
            ms(overhead_p50),
            ms(overhead_p95)
        ),
        parts,
    ];
    let rows = vec![Row::new("2", "charge to QR, p50 / p95")
        .value(format!("{} / {}", ms(charged.p50()), ms(charged.p95())))
        .baseline(format!("{} / {} (signed POST)", ms(posted.p50()), ms(posted.p95())))
        .difference(format!("+{} / +{}", ms(overhead_p50), ms(overhead_p95)))
        .goal("overhead ≤ 10 ms at p95", Some(overhead_p95 <= GOAL_OVERHEAD_P95))];
    Ok((rows, notes))
}

/// Where a charge's time goes, measured apart: the sales-log insert (one durable commit) and the
/// QR render, each `n` times.
fn parts(work: &Path, n: usize) -> anyhow::Result<String> {
    let mut ledger = Ledger::open(&work.join("parts").join("sales.sqlite3"))?;
    let mut inserts = Vec::with_capacity(n);
    for number in 0..n {
        let sale = NewSale {
            merchant_order_id: format!("ST-PARTS-{number:08}"),
            gateway: "paystablecoin".into(),
            order_amount: rust_decimal::Decimal::new(1250, 2),
            currency: "USDT".into(),
            network: "tron".into(),
            created_at: Timestamp::now(),
            expires_at: None,
            cashier: None,
        };
        let started = Instant::now();
        ledger.insert_sale(&sale)?;
        inserts.push(started.elapsed());
    }
    let mut renders = Vec::with_capacity(n);
    for _ in 0..n {
        let started = Instant::now();
        let svg = qr_svg("TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE")?;
        let url = format!("data:image/svg+xml;base64,{}", STANDARD.encode(svg));
        renders.push(started.elapsed());
        std::hint::black_box(url);
    }
    let (inserts, renders) = (Sample::new(inserts), Sample::new(renders));
    Ok(format!(
        "#2 parts: one sales-log commit (synchronous=FULL) p50/p95 {}/{} (a charge makes two); QR SVG + data URL p50/p95 {}/{}",
        ms(inserts.p50()),
        ms(inserts.p95()),
        ms(renders.p50()),
        ms(renders.p95())
    ))
}

/// #6 (charge half): charges on a till whose sales log holds `big_ledger`'s sales against one
/// whose log is empty, alternating. Also how long each till took to open.
pub async fn charge_growth(
    charges: usize,
    big_ledger: &Path,
    work: &Path,
) -> anyhow::Result<(Vec<Row>, Vec<String>)> {
    let gateway = Gateway::start().await?;
    let empty_home = work.join("growth-empty");
    let big_home = work.join("growth-big");
    std::fs::create_dir_all(&big_home)?;
    std::fs::copy(big_ledger, big_home.join("sales.sqlite3")).context("copying the big sales log")?;
    let (empty, empty_open) = gateway.open_till(&empty_home)?;
    let (big, big_open) = gateway.open_till(&big_home)?;
    // The till checks a log it opened in the background (7.5 s for this one): the charges are
    // measured after that, in the steady state a shop is in for the rest of its day.
    let checked = Instant::now();
    big.wait_for_sales_log_check()?;
    let check_left = checked.elapsed();
    for _ in 0..WARM_UP {
        charge(&empty).await?;
        charge(&big).await?;
    }
    let (mut on_empty, mut on_big) = (Vec::with_capacity(charges), Vec::with_capacity(charges));
    for _ in 0..charges {
        on_empty.push(charge(&empty).await?);
        on_big.push(charge(&big).await?);
    }
    gateway.shutdown().await;
    let (on_empty, on_big) = (Sample::new(on_empty), Sample::new(on_big));
    let p50 = ratio(on_big.p50().as_secs_f64(), on_empty.p50().as_secs_f64());
    let p95 = ratio(on_big.p95().as_secs_f64(), on_empty.p95().as_secs_f64());
    let notes = vec![format!(
        "#6: Till::open took {} with the big sales log (just copied, so partly still being written back) and {} with an empty one; its background check then took {} more before the charges",
        ms(big_open),
        ms(empty_open),
        ms(check_left)
    )];
    let rows = vec![
        Row::new("6", "charge to QR with 1M-sale log, p50")
            .value(ms(on_big.p50()))
            .baseline(format!("{} (empty log)", ms(on_empty.p50())))
            .ratio(p50)
            .goal("≤ +10%", p50.map(|r| r <= GOAL_GROWTH)),
        Row::new("6", "charge to QR with 1M-sale log, p95")
            .value(ms(on_big.p95()))
            .baseline(format!("{} (empty log)", ms(on_empty.p95())))
            .ratio(p95)
            .goal("≤ +10%", p95.map(|r| r <= GOAL_GROWTH)),
    ];
    Ok((rows, notes))
}
