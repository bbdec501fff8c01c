// The payment screen: the QR, the exact crypto amount, the network warning, the address to read
// aloud, the countdown and the sale's state in words. It renders SaleViews; main.js decides when.

import { Countdown } from "./countdown.js";
import { fitWidth } from "./fit.js";
import { clockTime, errorText, groupAddress, isFinishedAtCounter, money, stateWords } from "./format.js";

/** Trouble that holds up every sale (not one order's own problem), worth telling the cashier. */
const TILL_WIDE_TROUBLE = new Set([
  "gateway_unreachable", "gateway_error", "rate_limited", "gateway_blocked", "clock_skew", "wrong_secret", "not_enabled",
]);

const $ = (id) => document.getElementById(id);

export class PaymentScreen {
  constructor() {
    this.root = $("payment-screen");
    this.countdown = new Countdown($("countdown"), $("countdown-label"));
    this.sale = null;
  }

  /** Shows a freshly started sale with its QR data URL. */
  open(sale, qr, { demo }) {
    this.sale = null;
    this.simulated = false;
    this.simulating = false;
    $("qr").src = qr;
    this.demo = demo;
    this.countdown.start(sale.expiresAt);
    this.update(sale);
  }

  /** The merchantOrderId on screen, or null. */
  currentId() {
    return this.sale?.merchantOrderId ?? null;
  }

  /** Applies a newer view of the sale on screen. */
  update(sale) {
    this.sale = sale;
    const root = this.root;
    root.dataset.state = sale.state;
    root.dataset.merchantOrderId = sale.merchantOrderId;

    const due = sale.cryptoPaymentAmount;
    const currency = due?.currency ?? sale.orderAmount.currency;
    const network = sale.networkDisplayName || sale.network;
    $("crypto-amount").textContent = money(due);
    fitWidth($("crypto-amount"), 76);
    $("send-label").textContent = sendLabel(sale.state);
    $("order-amount").textContent = `Sale ${money(sale.orderAmount)}`;
    $("network-warning").textContent = `Send ${currency} on ${network} only — other networks lose the payment`;
    $("deposit-address").textContent = groupAddress(sale.depositAddress);
    $("sale-state").textContent = stateWords(sale.state);
    $("state-mark").textContent = sale.state === "paid" ? "✓" : "✕";

    this.showReceived(sale);

    const finished = isFinishedAtCounter(sale.state);
    $("cancel-sale").hidden = finished;
    $("new-sale").hidden = !finished;
    const simulate = $("simulate-payment");
    simulate.hidden = !this.demo || finished;
    simulate.disabled = this.simulating || this.simulated || sale.state !== "awaiting";
    if (finished) {
      const at = clockTime(sale.finishedAt ?? new Date().toISOString());
      this.countdown.stop(sale.state === "paid" ? "Paid at" : "Ended at", at);
      $("new-sale").focus();
    }
  }

  /** What arrived on chain; a payment short of or above the amount due is flagged for the manager. */
  showReceived(sale) {
    const received = $("received");
    const paid = sale.cryptoPaidAmount;
    const due = sale.cryptoPaymentAmount;
    received.hidden = !paid;
    if (!paid) return;
    const difference = due ? Number(paid.value) - Number(due.value) : 0;
    received.classList.toggle("mismatch", difference !== 0);
    if (difference < 0) received.textContent = `Received ${money(paid)} — short of ${money(due)}: tell the manager`;
    else if (difference > 0) received.textContent = `Received ${money(paid)} — more than ${money(due)}: tell the manager`;
    else received.textContent = `Received ${money(paid)}`;
  }

  /** The scheduler's last talk with the gateway: trouble shows while a sale is open. */
  showGatewayHealth(health) {
    const line = $("gateway-trouble");
    const trouble = health?.state === "trouble" && TILL_WIDE_TROUBLE.has(health.code);
    line.hidden = !trouble;
    line.textContent = trouble ? `Still checking — ${errorText(health)}` : "";
  }

  /** Marks the demo's simulate button busy while the request runs. */
  setSimulating(busy) {
    this.simulating = busy;
    $("simulate-payment").disabled = busy || this.simulated || this.sale?.state !== "awaiting";
  }

  close() {
    this.countdown.stop();
    this.sale = null;
    delete this.root.dataset.state;
    delete this.root.dataset.merchantOrderId;
    $("qr").removeAttribute("src");
  }
}

/** Above the crypto amount: an instruction only while the order can still be paid. */
function sendLabel(state) {
  if (state === "paid") return "Paid in full";
  if (["creating", "awaiting", "processing"].includes(state)) return "Send exactly";
  return "Do not send — this sale is closed";
}
