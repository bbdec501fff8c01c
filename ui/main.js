// Wires the screens together: start-up (app_info), the sale screen, the payment screen, the
// first-run screen, the keyboard, and the `sale-updated` events from the till's watcher.

import { call, onEvent } from "./ipc.js";
import { AmountEntry } from "./keypad.js";
import { MethodPicker } from "./methods.js";
import { PaymentScreen } from "./payment.js";
import { refreshRecentSales } from "./recent.js";
import { showFirstRun } from "./firstrun.js";
import { errorText, money } from "./format.js";

const $ = (id) => document.getElementById(id);
const SCREENS = { loading: "loading-screen", sale: "sale-screen", payment: "payment-screen", "first-run": "first-run" };

const ui = { screen: "loading", demo: false, charging: false };
/** Updates that arrived for a sale before start_sale answered (the watcher is quick). */
const earlyUpdates = new Map();

const entry = new AmountEntry($("amount"), $("keypad"), onAmountChanged);
const picker = new MethodPicker($("methods"), updateCharge, (error) => showError(error));
const payment = new PaymentScreen();

function showScreen(name) {
  ui.screen = name;
  for (const [key, id] of Object.entries(SCREENS)) $(id).hidden = key !== name;
}

function showError(error) {
  const banner = document.querySelector('[data-testid="error"]');
  banner.textContent = error ? errorText(error) : "";
  banner.hidden = !error;
}

function showNotice(text) {
  const notice = $("notice");
  notice.textContent = text ?? "";
  notice.hidden = !text;
}

// --- Sale screen -------------------------------------------------------------------------

function onAmountChanged(text) {
  showError(null);
  updateCharge();
  picker.refresh(entry.amount());
  if (text === "") $("charge").textContent = "Charge";
}

function updateCharge() {
  const method = picker.selected();
  const ready = entry.isPositive() && method !== null && !ui.charging;
  const button = $("charge");
  button.disabled = !ready;
  $("amount-currency").textContent = method?.currency ?? picker.options[0]?.currency ?? "";
  if (!ui.charging) {
    button.textContent = ready ? `Charge ${entry.amount()} ${method.currency}` : "Charge";
  }
}

async function charge() {
  if (ui.charging || ui.screen !== "sale") return;
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
    const { sale, qr } = await call("start_sale", { amount, currency: method.currency, network: method.network });
    showError(null);
    showNotice(null);
    showScreen("payment"); // first, so the big amount is measured at its real size
    payment.open(sale, qr, { demo: ui.demo });
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

async function refreshRecent() {
  try {
    await refreshRecentSales($("recent-sales"));
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
    payment.update(await call("cancel_sale", { merchantOrderId: id }));
  } catch (error) {
    showError(error);
  }
}

async function newSale() {
  payment.close();
  showError(null);
  entry.clear();
  showScreen("sale");
  updateCharge();
  await Promise.all([picker.refresh("", { debounce: 0 }), refreshRecent()]);
}

function alertText(sale) {
  const flags = sale.exceptions ?? [];
  const paid = sale.cryptoPaidAmount ? money(sale.cryptoPaidAmount) : money(sale.orderAmount);
  if (flags.includes("paid_after_cancel")) {
    return `Payment arrived for a CANCELLED sale: ${paid} (${sale.merchantOrderId}). Tell the manager.`;
  }
  if (flags.includes("paid_late")) {
    return `Payment arrived after the sale had expired: ${paid} (${sale.merchantOrderId}). Tell the manager.`;
  }
  if (flags.includes("underpaid") || flags.includes("overpaid")) {
    return `Sale ${sale.merchantOrderId} was paid with a different amount: ${paid}. Tell the manager.`;
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
    showNotice(alertText(sale));
  }
  if (ui.screen === "sale") refreshRecent();
}

// --- Keyboard ----------------------------------------------------------------------------

function onKey(event) {
  if (event.ctrlKey || event.altKey || event.metaKey) return;
  const key = event.key;
  if (ui.screen === "sale") {
    if (/^[0-9]$/.test(key)) entry.press(key);
    else if (key === "." || key === ",") entry.press(".");
    else if (key === "Backspace") entry.press("back");
    else if (key === "Escape") entry.clear();
    else if (key === "Enter") charge();
    else return;
  } else if (ui.screen === "payment") {
    if (key === "Enter" && !$("new-sale").hidden) newSale();
    else return;
  } else {
    return;
  }
  // Handled here: stop a focused button from also acting on the same key.
  event.preventDefault();
}

// --- Start-up ----------------------------------------------------------------------------

async function applyInfo(info) {
  ui.demo = info.demo;
  document.querySelector('[data-testid="demo-badge"]').hidden = !info.demo;
  document.body.classList.toggle("demo", info.demo);
  $("shop-name").textContent = info.shopName ?? "";
  $("gateway-name").textContent = gatewayLabel(info);
  if (!info.ready) {
    showFirstRun(info);
    showScreen("first-run");
    document.body.dataset.ready = "true";
    return;
  }
  showScreen("sale");
  updateCharge();
  await Promise.all([picker.refresh("", { debounce: 0 }), refreshRecent()]);
  await reopenSaleOnCounter();
  document.body.dataset.ready = "true";
}

/// After a crash or a restart mid-sale, the customer may still be standing there: show them
/// the payment screen they were looking at.
async function reopenSaleOnCounter() {
  try {
    const open = await call("sale_on_counter");
    if (!open) return;
    showScreen("payment");
    payment.open(open.sale, open.qr, { demo: ui.demo });
    showNotice("The sale that was on the counter is open again.");
  } catch (error) {
    showError(error);
  }
}

function gatewayLabel(info) {
  const gateway = { demo: "Demo gateway", production: "PayStableCoin", sandbox: "PayStableCoin sandbox" }[info.gateway] ?? info.gateway;
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
    document.body.dataset.ready = "true";
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
  $("try-demo").addEventListener("click", tryDemo);
  await onEvent("sale-updated", onSaleUpdated);
  await onEvent("gateway-health", (health) => payment.showGatewayHealth(health));
  try {
    await applyInfo(await call("app_info"));
  } catch (error) {
    showError(error);
  }
}

start();
