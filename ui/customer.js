// The customer display. It asks once for the shop and the sale on the counter (`customer_view`,
// its only command, read-only), then follows the till's events: `counter-changed` (a new sale,
// or back to idle) and `sale-updated` (the sale's progress) — the same events the cashier's
// window hears, so both show the same sale.

import { call, onEvent } from "./ipc.js";
import { fitWidth } from "./fit.js";
import { clockTime, groupAddress, minutesSeconds, money, networkName, shortNetwork } from "./format.js";

const $ = (id) => document.getElementById(id);
const URGENT_MS = 60_000;
const OPEN = ["creating", "awaiting", "processing"];

const view = { shopName: "", sale: null, expiresAt: null, timer: null };

function showIdle(info) {
  view.sale = null;
  stopTimer();
  $("sale").hidden = true;
  $("idle").hidden = false;
  delete document.body.dataset.state;
  $("idle-shop").textContent = view.shopName || "Welcome";
  const currencies = info?.currencies ?? [];
  $("idle-pay").textContent = currencies.length ? `Pay with ${currencies.join(" · ")}` : "Pay with stablecoins";
  const networks = info?.networks ?? [];
  $("idle-networks").textContent = networks.length ? `Accepted networks: ${networks.join(" · ")}` : "";
}

function showSale(counter) {
  const { sale, qr, qrText } = counter;
  $("qr-link-note").hidden = !qrText || qrText === sale.depositAddress;
  view.sale = sale;
  $("idle").hidden = true;
  $("sale").hidden = false;
  $("sale-shop").textContent = view.shopName;
  $("qr").src = qr;
  const expires = Date.parse(sale.expiresAt ?? "");
  view.expiresAt = Number.isNaN(expires) ? null : expires;
  startTimer();
  update(sale);
}

/** Applies a newer view of the sale on screen. */
function update(sale) {
  view.sale = sale;
  // When the time is up, the customer must not send any more, even before the gateway closes
  // the order; a payment already on its way still shows as seen or paid.
  const state = sale.state === "awaiting" && timeIsUp() ? "timeup" : sale.state;
  document.body.dataset.state = state;
  const due = sale.cryptoPaymentAmount;
  const currency = due?.currency ?? sale.orderAmount.currency;
  $("pay-amount").textContent = money(due);
  // As large as the column allows: 12% of the screen's short side at most.
  fitWidth($("pay-amount"), Math.round(Math.min(window.innerWidth, window.innerHeight) * 0.12));
  $("pay-warning").textContent = `Send ${currency} on ${shortNetwork(networkName(sale))} only`;
  $("pay-address").textContent = groupAddress(sale.depositAddress);
  $("pay-label").textContent = OPEN.includes(state) ? "Send exactly" : "Amount";

  const step = state === "paid" ? 3 : state === "processing" ? 2 : 1;
  for (const [index, item] of [...$("steps").children].entries()) {
    item.classList.toggle("done", index + 1 < step || state === "paid");
    item.classList.toggle("current", index + 1 === step && state !== "paid" && OPEN.includes(state));
  }
  showOutcome(sale, state);
}

function timeIsUp() {
  return view.expiresAt !== null && view.expiresAt <= Date.now();
}

function showOutcome(sale, state) {
  const outcome = $("outcome");
  const texts = {
    paid: ["✓", "Paid — thank you!", `Received ${money(sale.cryptoPaidAmount ?? sale.cryptoPaymentAmount)}`],
    expired: ["✕", "Time is up — do not send", "This payment request has expired. Please ask the cashier."],
    timeup: ["✕", "Time is up — do not send", "This payment request has expired. Please ask the cashier."],
    failed: ["✕", "The payment did not go through", "Please ask the cashier."],
    cancelled: ["✕", "Sale cancelled — do not send", "Please ask the cashier."],
    void: ["✕", "Sale cancelled — do not send", "Please ask the cashier."],
  };
  const text = texts[state];
  outcome.hidden = !text;
  if (!text) return;
  $("outcome-mark").textContent = text[0];
  $("outcome-title").textContent = text[1];
  $("outcome-detail").textContent = text[2];
  if (state === "timeup") stopTimer("Time is up", "00:00");
  else stopTimer(state === "paid" ? "Paid at" : "Ended at", clockTime(sale.finishedAt ?? new Date().toISOString()));
}

function startTimer() {
  stopTimer();
  $("timer-label").textContent = "Time left";
  tick();
  view.timer = setInterval(tick, 250);
}

function stopTimer(label, time) {
  clearInterval(view.timer);
  view.timer = null;
  $("timer").classList.remove("urgent");
  if (label) {
    $("timer-label").textContent = label;
    $("timer-value").textContent = time || "--:--";
  }
}

function tick() {
  if (view.expiresAt === null) {
    $("timer-value").textContent = "--:--";
    return;
  }
  const left = view.expiresAt - Date.now();
  $("timer-value").textContent = minutesSeconds(left);
  $("timer").classList.toggle("urgent", left < URGENT_MS);
  if (left <= 0 && view.sale && document.body.dataset.state === "awaiting") update(view.sale);
}

async function refresh() {
  const info = await call("customer_view");
  view.shopName = info.shopName ?? "";
  $("demo-strip").hidden = !info.demo;
  if (info.counter) showSale(info.counter);
  else showIdle(info);
}

async function start() {
  await onEvent("counter-changed", (counter) => {
    if (counter) showSale(counter);
    else refresh().catch(() => showIdle(null)); // idle: the accepted methods may have changed
  });
  await onEvent("sale-updated", (sale) => {
    if (sale.merchantOrderId === view.sale?.merchantOrderId) update(sale);
  });
  try {
    await refresh();
  } catch {
    showIdle(null);
  }
  document.body.dataset.ready = "true";
}

start();
