// Wires the cashier's screens together: start-up (app_info), the sale screen, the payment screen,
// the first-run screen, the keyboard, and the till's events (`sale-updated`, `gateway-health`).
// The customer display (customer.html) hears the same events and shows the same sale.

import { call, onEvent } from "./ipc.js";
import { AmountEntry } from "./keypad.js";
import { MethodPicker } from "./methods.js";
import { PaymentScreen } from "./payment.js";
import { RecentSales } from "./recent.js";
import { SaleDetails } from "./details.js";
import { CounterStatus, explainsTrouble } from "./status.js";
import { printReceipt } from "./receipt.js";
import { showFirstRun } from "./firstrun.js";
import { clockTime, errorText, isFinishedAtCounter, money } from "./format.js";

const $ = (id) => document.getElementById(id);
const SCREENS = { loading: "loading-screen", sale: "sale-screen", payment: "payment-screen", "first-run": "first-run" };

/** Until the till says otherwise: chime on, back to a new sale 20 s after a paid sale. */
const DEFAULT_SETTINGS = { defaultMethod: null, autoPrint: false, chime: true, returnAfter: 20, paymentLinks: false };

const ui = { screen: "loading", demo: false, charging: false, shopName: "", settings: DEFAULT_SETTINGS };
/** Updates that arrived for a sale before start_sale answered (the watcher is quick). */
const earlyUpdates = new Map();

const entry = new AmountEntry({ display: $("amount"), items: $("items"), keypad: $("keypad") }, onAmountChanged, showError);
const picker = new MethodPicker($("methods"), updateCharge, (error) => showError(error));
const payment = new PaymentScreen(onPaid);
const recent = new RecentSales($("recent-sales"), (sale) => details.open(sale));
const details = new SaleDetails(() => ui.shopName);
const status = new CounterStatus(() => {
  updateCharge();
  // The gateway answers again: fetch the tiles it could not give meanwhile.
  if (!status.blocksCharges() && ui.screen === "sale" && picker.options.length === 0) {
    picker.refresh(entry.amount(), { debounce: 0 });
  }
});

function showScreen(name) {
  ui.screen = name;
  for (const [key, id] of Object.entries(SCREENS)) $(id).hidden = key !== name;
}

function showError(error) {
  if (error && explainsTrouble(error.code) && ui.screen === "sale") {
    // The status panel says what it means and what to do; one message, not two.
    status.show({ state: "trouble", code: error.code, message: error.message });
    error = null;
  }
  const banner = document.querySelector('[data-testid="error"]');
  banner.textContent = error ? errorText(error) : "";
  banner.hidden = !error;
}

/** A line under the top bar; `alert` for money that arrived for a sale the cashier had left. */
function showNotice(text, { alert = false } = {}) {
  const notice = $("notice");
  notice.textContent = text ?? "";
  notice.hidden = !text;
  notice.classList.toggle("alert", Boolean(text) && alert);
}

// --- Sale screen -------------------------------------------------------------------------

function onAmountChanged(amount) {
  showError(null);
  updateCharge();
  picker.refresh(amount);
}

function updateCharge() {
  const method = picker.selected();
  const blocked = status.blocksCharges();
  const ready = entry.isPositive() && method !== null && !ui.charging && !blocked;
  const button = $("charge");
  button.disabled = !ready;
  button.classList.toggle("paused", blocked);
  $("amount-currency").textContent = method?.currency ?? picker.options[0]?.currency ?? "";
  if (ui.charging) return;
  if (blocked) button.textContent = status.chargeLabel();
  else button.textContent = ready ? `Charge ${entry.amount()} ${method.currency}` : "Charge";
}

async function charge() {
  if (ui.charging || ui.screen !== "sale") return;
  if (status.blocksCharges()) return;
  await entry.settled();
  const amount = entry.amount();
  if (!entry.isPositive()) {
    showError({ code: "invalid_amount", message: "enter an amount, for example 12.50" });
    return;
  }
  if (picker.loadedAmount !== amount) await picker.refresh(amount, { debounce: 0 });
  const method = picker.selected();
  if (!method) {
    showError({ code: "invalid_amount", message: `no payment method takes ${amount} — each shows its limit` });
    return;
  }
  ui.charging = true;
  updateCharge();
  $("charge").textContent = "Creating order…";
  try {
    const { sale, qr, qrText } = await call("start_sale", { amount, currency: method.currency, network: method.network });
    showError(null);
    showNotice(null);
    openPayment(sale, qr, qrText);
    const early = earlyUpdates.get(sale.merchantOrderId);
    if (early) payment.update(early);
    earlyUpdates.clear();
  } catch (error) {
    showError(error);
  } finally {
    ui.charging = false;
    updateCharge();
  }
}

async function refreshRecent(answer) {
  try {
    await recent.refresh(answer);
  } catch (error) {
    showError(error);
  }
}

// --- Payment screen ----------------------------------------------------------------------

async function simulatePayment() {
  const id = payment.currentId();
  if (!id) return;
  payment.setSimulating(true);
  try {
    await call("simulate_payment", { merchantOrderId: id });
    payment.simulated = true;
  } catch (error) {
    showError(error);
  } finally {
    payment.setSimulating(false);
  }
}

async function cancelSale() {
  const id = payment.currentId();
  if (!id) return;
  try {
    const sale = await call("cancel_sale", { merchantOrderId: id });
    payment.update(sale);
    returnLater(sale);
  } catch (error) {
    showError(error);
  }
}

/** Back to the keypad; the customer display goes back to the shop's welcome. */
async function newSale() {
  payment.close();
  showError(null);
  entry.clear();
  picker.reset();
  showScreen("sale");
  updateCharge();
  call("clear_counter").catch(showError);
  await Promise.all([picker.refresh("", { debounce: 0 }), refreshRecent()]);
}

/** Paid or cancelled: the counter returns to a new sale by itself after the shop's delay. */
function returnLater(sale) {
  if (sale.state !== "paid" && sale.state !== "cancelled") return;
  payment.returnAfter(ui.settings.returnAfter, () => {
    if (ui.screen === "payment" && !details.isOpen()) newSale();
  });
}

/** The chime's <audio>, made when the first payment screen opens rather than with the page: any
 *  media element starts WebKit's media engine (GStreamer), 6 MiB more for a till that may stand
 *  idle all morning (BENCHMARKS.md #3). It loads while the customer is still paying. */
function chime() {
  let audio = $("chime");
  if (!audio) {
    audio = document.createElement("audio");
    audio.id = "chime";
    audio.src = "chime.wav"; // generated for this project (docs/make-chime.py)
    audio.preload = "auto";
    document.body.append(audio);
  }
  return audio;
}

function openPayment(sale, qr, qrText) {
  showScreen("payment"); // first, so the big amount is measured at its real size
  payment.open(sale, qr, { demo: ui.demo, qrText });
  if (ui.settings.chime) chime();
}

function onPaid(sale) {
  if (ui.settings.chime) {
    const audio = chime();
    audio.currentTime = 0;
    audio.play().catch(() => {}); // no sound device: the screen says it anyway
  }
  if (ui.settings.autoPrint) printReceipt(sale, ui.shopName);
  returnLater(sale);
}

function alertText(sale) {
  const flags = sale.exceptions ?? [];
  const paid = sale.cryptoPaidAmount ? money(sale.cryptoPaidAmount) : money(sale.orderAmount);
  // The sale amount first: it is what the recent-sales list shows.
  const of = `the ${clockTime(sale.createdAt)} sale of ${money(sale.orderAmount)}`;
  if (flags.includes("paid_after_cancel")) {
    return `Payment arrived for ${of}, which was CANCELLED: ${paid} received (${sale.merchantOrderId}). Tell the manager.`;
  }
  if (flags.includes("paid_late")) {
    return `Payment arrived after ${of} had expired: ${paid} received (${sale.merchantOrderId}). Tell the manager.`;
  }
  if (flags.includes("underpaid") || flags.includes("overpaid")) {
    return `Sale ${sale.merchantOrderId} was paid with a different amount: ${paid}. Tell the manager.`;
  }
  if (flags.includes("inconsistent_answer")) {
    return `The gateway's answers about ${of} did not agree${sale.reason ? ` (${sale.reason})` : ""}. Tell the manager.`;
  }
  return `An earlier sale of ${money(sale.orderAmount)} was paid after all (${sale.merchantOrderId}).`;
}

function onSaleUpdated(sale) {
  if (sale.merchantOrderId === payment.currentId()) {
    payment.update(sale);
  } else if (ui.charging) {
    earlyUpdates.set(sale.merchantOrderId, sale);
  } else if (sale.state === "paid" || (sale.exceptions ?? []).length > 0) {
    // A sale the cashier left (cancelled, expired) was paid after all: the shop has the money,
    // and the manager must settle it with the customer. It is also in the day's report.
    showNotice(alertText(sale), { alert: (sale.exceptions ?? []).length > 0 });
  }
  if (details.sale?.merchantOrderId === sale.merchantOrderId) details.open(sale);
  if (ui.screen === "sale") refreshRecent();
}

// --- Keyboard ----------------------------------------------------------------------------

function onKey(event) {
  if (event.ctrlKey || event.altKey || event.metaKey) return;
  const key = event.key;
  if (details.isOpen()) {
    if (key === "Escape") details.close();
    else if (key === "Enter" && event.target.tagName !== "BUTTON") details.close();
    else return;
  } else if (ui.screen === "sale") {
    if (/^[0-9]$/.test(key)) entry.press(key);
    else if (key === "." || key === ",") entry.press(".");
    else if (key === "+") entry.press("plus");
    else if (key === "Backspace") entry.press("back");
    else if (key === "Escape" || key === "Delete") entry.clear();
    else if (key === "Enter") charge();
    else return;
  } else if (ui.screen === "payment") {
    const finished = isFinishedAtCounter(payment.sale?.state);
    if (finished && (key === "Enter" || key === "Escape")) newSale();
    else if (finished && /^[0-9]$/.test(key)) newSale().then(() => entry.press(key)); // the next customer
    else if (!finished && key === "Escape") {
      if (payment.cancelArmed) cancelSale();
      else payment.armCancel(true);
    } else return;
  } else {
    return;
  }
  // Handled here: stop a focused button from also acting on the same key.
  event.preventDefault();
}

// --- Start-up ----------------------------------------------------------------------------

/** The sale screen's questions, asked before app_info has answered so that the answers are on
 *  their way meanwhile (BENCHMARKS.md #4). Each waits on the Rust side until the till is open.
 *  Unused, and their refusals ignored, when the till turns out not to be set up. */
function askForSaleScreen() {
  const asked = {
    settings: call("counter_settings"),
    methods: call("method_options", { amount: "" }),
    recent: call("recent_sales"),
    onCounter: call("sale_on_counter"),
  };
  for (const answer of Object.values(asked)) answer.catch(() => {});
  return asked;
}

async function applyInfo(info, asked = askForSaleScreen()) {
  ui.demo = info.demo;
  ui.shopName = info.shopName ?? "";
  status.merchantId = info.merchantId ?? "";
  document.querySelector('[data-testid="demo-badge"]').hidden = !info.demo;
  document.body.classList.toggle("demo", info.demo);
  $("shop-name").textContent = info.shopName ?? "";
  $("gateway-name").textContent = gatewayLabel(info);
  if (info.gatewayHealth) showGatewayHealth(info.gatewayHealth);
  if (!info.ready) {
    showFirstRun(info);
    showScreen("first-run");
    markReady();
    return;
  }
  showScreen("sale");
  updateCharge();
  // All at once, not one round trip after another (BENCHMARKS.md #4); the shop's default method
  // is applied to the tiles whichever of the two answers first.
  await Promise.all([
    loadSettings(asked.settings).then(() => picker.select()),
    picker.refresh("", { debounce: 0, answer: asked.methods }),
    refreshRecent(asked.recent),
    reopenSaleOnCounter(asked.onCounter),
  ]);
  markReady();
}

/** How the till gets on with its gateway: on the payment screen and the status bar. */
function showGatewayHealth(health) {
  payment.showGatewayHealth(health);
  status.show(health);
}

/// The UI's ready signal: tests and the start-up benchmark wait for it.
function markReady() {
  document.body.dataset.ready = "true";
  performance.mark("stabletill-ready");
}

async function loadSettings(answer) {
  try {
    ui.settings = { ...DEFAULT_SETTINGS, ...(await answer) };
  } catch (error) {
    showError(error);
  }
  picker.setDefault(ui.settings.defaultMethod);
}

/// After a crash or a restart mid-sale, the customer may still be standing there: show them
/// the payment screen they were looking at.
async function reopenSaleOnCounter(answer) {
  try {
    const open = await answer;
    if (!open) return;
    openPayment(open.sale, open.qr, open.qrText);
    showNotice("The sale that was on the counter is open again.");
  } catch (error) {
    showError(error);
  }
}

function gatewayLabel(info) {
  const gateway =
    {
      demo: "Demo gateway",
      "demo-blockatm": "Demo gateway (BlockATM)",
      production: "PayStableCoin",
      sandbox: "PayStableCoin sandbox",
    }[info.gateway] ?? info.gateway;
  return info.merchantId ? `${gateway} · ${info.merchantId}` : gateway;
}

async function tryDemo() {
  const button = $("try-demo");
  button.disabled = true;
  button.textContent = "Starting the demo…";
  delete document.body.dataset.ready;
  try {
    showError(null);
    await applyInfo(await call("start_demo"));
  } catch (error) {
    showError(error);
    markReady();
  } finally {
    button.disabled = false;
    button.textContent = "Try the demo";
  }
}

async function start() {
  document.addEventListener("keydown", onKey);
  $("charge").addEventListener("click", charge);
  $("simulate-payment").addEventListener("click", simulatePayment);
  $("cancel-sale").addEventListener("click", cancelSale);
  $("new-sale").addEventListener("click", newSale);
  $("print-sale-receipt").addEventListener("click", () => payment.sale && printReceipt(payment.sale, ui.shopName));
  $("try-demo").addEventListener("click", tryDemo);
  // The listeners and the first question together: both are in place before the answer is used.
  const listening = Promise.all([
    onEvent("sale-updated", onSaleUpdated),
    onEvent("gateway-health", showGatewayHealth),
  ]);
  try {
    const asked = askForSaleScreen();
    const [info] = await Promise.all([call("app_info"), listening]);
    await applyInfo(info, asked);
  } catch (error) {
    showError(error);
  }
}

start();
