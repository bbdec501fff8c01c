// Trouble with the gateway, as the cashier must read it: what is wrong, what still works, and the
// next step. Fed by `gateway-health` events (the poll scheduler, and the cashier's own requests).
// While the gateway cannot take an order, new charges wait; open sales keep being watched.

import { call } from "./ipc.js";

const $ = (id) => document.getElementById(id);

/** How often the till asks again by itself while charges are paused (one small request). */
const RECHECK_MS = 20_000;

/** Per error code: headline, what it means for the counter, the next step; and whether charges wait. */
const STATES = {
  gateway_unreachable: {
    title: "No connection to the payment gateway",
    detail: "New charges are paused. Sales already started are still being checked and update by themselves.",
    next: "Check the shop's internet connection (router, cable, Wi-Fi), then press Check again.",
    blocks: true,
  },
  gateway_error: {
    title: "The payment gateway is having trouble",
    detail: "Charges may fail for a while. Sales already started are still being checked.",
    next: "Try the charge again in a minute. If it keeps failing, ask the manager.",
    blocks: false,
  },
  rate_limited: {
    title: "The gateway asks this till to slow down",
    detail: "New charges are paused for a moment. Sales already started are still being checked.",
    next: "Wait — charging resumes by itself.",
    blocks: true,
  },
  gateway_blocked: {
    title: "The gateway has paused this till",
    detail: "Too many requests were sent. New charges are paused; nothing is lost.",
    next: "Wait the time shown, then press Check again. Do not restart the till meanwhile.",
    blocks: true,
  },
  clock_skew: {
    title: "This computer's clock is wrong",
    detail: "The gateway refuses requests with a wrong time. New charges are paused.",
    next: "Set the date and time to automatic in the system settings, then press Check again.",
    blocks: true,
  },
  not_enabled: {
    title: "API Checkout is not enabled for this merchant",
    detail: "The gateway refuses every order until PayStableCoin enables API Checkout.",
    next: "Ask PayStableCoin support to enable API Checkout for this merchant ID, then press Check again.",
    blocks: true,
  },
  wrong_secret: {
    title: "The gateway refused the API secret",
    detail: "No order can be created with this merchant ID and secret. New charges are paused.",
    next: "A manager must enter the merchant ID and API secret again (Manager → Settings), then press Check again.",
    blocks: true,
  },
};

/** True for the codes this panel explains (the error banner then stays quiet). */
export function explainsTrouble(code) {
  return code in STATES;
}

export class CounterStatus {
  /** @param {() => void} onChange  charges became blocked or free again */
  constructor(onChange) {
    this.health = { state: "ok" };
    this.onChange = onChange;
    this.merchantId = "";
    this.timer = null;
    this.checking = false;
    $("check-gateway").addEventListener("click", () => this.check());
  }

  /** True while new charges must wait. */
  blocksCharges() {
    return this.health?.state === "trouble" && Boolean(STATES[this.health.code]?.blocks);
  }

  /** A short label for the disabled Charge button. */
  chargeLabel() {
    return this.health?.code === "gateway_unreachable" ? "Charging paused — no connection" : "Charging paused";
  }

  /** Applies a `gateway-health` payload. */
  show(health) {
    this.health = health ?? { state: "ok" };
    const panel = $("counter-status");
    const state = this.health.state === "trouble" ? STATES[this.health.code] : null;
    panel.hidden = !state;
    clearTimeout(this.timer);
    if (state) {
      panel.dataset.code = this.health.code;
      panel.classList.toggle("blocking", state.blocks);
      $("status-title").textContent = headline(this.health, state);
      $("status-detail").textContent = state.detail;
      $("status-next").textContent = nextStep(this.health, state, this.merchantId);
      $("status-message").textContent = sentence(this.health.message);
      if (state.blocks) this.timer = setTimeout(() => this.check(), recheckDelay(this.health));
    } else {
      delete panel.dataset.code;
    }
    this.onChange();
  }

  /** Asks the gateway once; the answer arrives as a `gateway-health` event as well. */
  async check() {
    if (this.checking) return;
    this.checking = true;
    const button = $("check-gateway");
    button.disabled = true;
    button.textContent = "Checking…";
    try {
      this.show(await call("check_gateway"));
    } catch (error) {
      if (STATES[error.code]) this.show({ state: "trouble", code: error.code, message: error.message });
    } finally {
      this.checking = false;
      button.disabled = false;
      button.textContent = "Check again";
    }
  }
}

/** Clock skew names the measured offset ("The clock is 7 min 12 s fast"), from the till's message. */
function headline(health, state) {
  if (health.code === "clock_skew") {
    const offset = /clock is ([^:]+?(?:fast|slow))/i.exec(health.message ?? "")?.[1];
    if (offset) return `This computer's clock is ${offset}`;
  }
  return state.title;
}

function nextStep(health, state, merchantId) {
  if (health.code === "not_enabled" && merchantId) {
    return `Ask PayStableCoin support to enable API Checkout for merchant ${merchantId}, then press Check again.`;
  }
  const wait = /(\d+)\s*(s|min)\b/.exec(health.message ?? "");
  if ((health.code === "rate_limited" || health.code === "gateway_blocked") && wait) {
    return `Wait ${wait[1]} ${wait[2]} — charging resumes by itself.`;
  }
  return state.next;
}

/** Waits as long as the gateway asked (retry after …), else the usual interval. */
function recheckDelay(health) {
  const wait = /(\d+)\s*(s|min)\b/.exec(health.message ?? "");
  if (!wait) return RECHECK_MS;
  const ms = Number(wait[1]) * (wait[2] === "min" ? 60_000 : 1000);
  return Math.min(Math.max(ms + 500, 2000), 15 * 60_000);
}

function sentence(message) {
  const text = String(message ?? "").trim();
  return text ? `${text.charAt(0).toUpperCase()}${text.slice(1)}.` : "";
}
