// The payment screen: the QR, the exact crypto amount, the network warning, the address to read
// aloud, the countdown and the sale's state in words. It renders SaleViews; main.js decides when.

import { Countdown } from "./countdown.js";
import { fitWidth, scaled } from "./fit.js";
import { clockTime, errorText, groupAddress, isFinishedAtCounter, money, shortNetwork, stateWords } from "./format.js";

/** Trouble that holds up every sale (not one order's own problem), worth telling the cashier. */
const TILL_WIDE_TROUBLE = new Set([
  "gateway_unreachable", "gateway_error", "rate_limited", "gateway_blocked", "clock_skew", "wrong_secret", "not_enabled",
]);

const $ = (id) => document.getElementById(id);

export class PaymentScreen {
  /** @param {(sale) => void} onPaid  the sale on screen has just been paid (chime, receipt) */
  constructor(onPaid) {
    this.root = $("payment-screen");
    // Time up: the QR goes pale (this screen may be the customer's view) until the gateway's final word.
    this.countdown = new Countdown($("countdown"), $("countdown-label"), () => {
      this.root.dataset.timeup = "true";
      if (this.sale) this.update(this.sale);
    });
    this.sale = null;
    this.onPaid = onPaid;
    this.returnTimer = null;
  }

  /** Shows a freshly started sale with its QR data URL. */
  open(sale, qr, { demo, qrText }) {
    this.sale = null;
    // A payment link carries the token and the amount: the customer's wallet fills them in.
    $("qr-link-note").hidden = !qrText || qrText === sale.depositAddress;
    delete this.root.dataset.timeup;
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
    const wasPaid = this.sale?.merchantOrderId === sale.merchantOrderId && this.sale.state === "paid";
    this.sale = sale;
    const root = this.root;
    root.dataset.state = sale.state;
    root.dataset.merchantOrderId = sale.merchantOrderId;

    const due = sale.cryptoPaymentAmount;
    const currency = due?.currency ?? sale.orderAmount.currency;
    const network = sale.networkDisplayName || sale.network;
    $("crypto-amount").textContent = money(due);
    fitWidth($("crypto-amount"), scaled(76, 112));
    $("send-label").textContent =
      sale.state === "awaiting" && root.dataset.timeup ? "Do not send — the time is up" : sendLabel(sale.state);
    $("order-amount").textContent = `Sale ${money(sale.orderAmount)}`;
    $("network-warning").textContent = `Send ${currency} on ${shortNetwork(network)} only — other networks lose the payment`;
    $("deposit-address").textContent = groupAddress(sale.depositAddress);
    $("sale-state").textContent =
      sale.state === "awaiting" && root.dataset.timeup ? "Not paid in time" : stateWords(sale.state);
    $("state-mark").textContent = sale.state === "paid" ? "✓" : "✕";

    this.showReceived(sale);

    const finished = isFinishedAtCounter(sale.state);
    $("cancel-sale").hidden = finished;
    $("new-sale").hidden = !finished;
    $("print-sale-receipt").hidden = !finished || sale.state !== "paid";
    const simulate = $("simulate-payment");
    simulate.hidden = !this.demo || finished;
    simulate.disabled = this.simulating || this.simulated || sale.state !== "awaiting";
    if (finished) {
      const at = clockTime(sale.finishedAt ?? new Date().toISOString());
      this.countdown.stop(sale.state === "paid" ? "Paid at" : "Ended at", at);
      $("new-sale").focus();
    }
    this.armCancel(false);
    if (sale.state === "paid" && !wasPaid) this.onPaid(sale);
  }

  /** Esc once arms the cancel (the button asks for a second Esc); Esc again cancels. */
  armCancel(armed) {
    this.cancelArmed = armed;
    clearTimeout(this.armTimer);
    $("cancel-sale").classList.toggle("armed", armed);
    $("cancel-hint").hidden = !armed;
    if (armed) this.armTimer = setTimeout(() => this.armCancel(false), 3000);
  }

  /** Counts down on the New sale button, then calls `done` (the counter returns to a new sale). */
  returnAfter(seconds, done) {
    this.stopReturn();
    if (!seconds) return;
    const until = Date.now() + seconds * 1000;
    const tick = () => {
      const left = Math.max(0, Math.ceil((until - Date.now()) / 1000));
      $("return-hint").textContent = `in ${left} s`;
      if (left === 0) {
        this.stopReturn();
        done();
      }
    };
    tick();
    this.returnTimer = setInterval(tick, 250);
  }

  stopReturn() {
    clearInterval(this.returnTimer);
    this.returnTimer = null;
    $("return-hint").textContent = "";
  }

  /** What arrived on chain; a payment short of or above the amount due is flagged for the manager. */
  showReceived(sale) {
    const received = $("received");
    const paid = sale.cryptoPaidAmount;
    const due = sale.cryptoPaymentAmount;
    received.hidden = !paid;
    if (!paid) return;
    // The till compared the amounts (exact decimals) and flagged any difference.
    const flags = sale.exceptions ?? [];
    const short = flags.includes("underpaid");
    const more = flags.includes("overpaid");
    const late = flags.includes("paid_late");
    received.classList.toggle("mismatch", short || more || late);
    if (short) received.textContent = `Received ${money(paid)} — short of ${money(due)}: tell the manager`;
    else if (more) received.textContent = `Received ${money(paid)} — more than ${money(due)}: tell the manager`;
    // The gateway took it, so the sale is paid; the manager sees the flag in the day's report.
    else if (late) received.textContent = `Received ${money(paid)} — after the time was up: tell the manager`;
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
    this.stopReturn();
    this.armCancel(false);
    this.countdown.stop();
    this.sale = null;
    delete this.root.dataset.state;
    delete this.root.dataset.timeup;
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
