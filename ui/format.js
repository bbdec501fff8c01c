// How things read on screen: states in words, times, grouped addresses.

const STATE_WORDS = {
  creating: "Creating the order…",
  awaiting: "Waiting for payment",
  processing: "Payment seen — confirming",
  paid: "Paid ✓",
  failed: "Payment failed",
  expired: "Expired — not paid",
  cancelled: "Sale cancelled",
  void: "Sale voided",
};

/** The sale state as the cashier and the customer read it. */
export function stateWords(state) {
  return STATE_WORDS[state] ?? state;
}

/** Short state for the recent-sales list. */
export function stateShort(state) {
  const short = {
    creating: "Creating", awaiting: "Waiting", processing: "Confirming", paid: "Paid",
    failed: "Failed", expired: "Expired", cancelled: "Cancelled", void: "Void",
  };
  return short[state] ?? state;
}

/** States after which nothing more happens at the counter. Cancelled is still watched, but the cashier is done. */
export function isFinishedAtCounter(state) {
  return ["paid", "failed", "expired", "cancelled", "void"].includes(state);
}

/** "TQn9 Y2kh EsLJ …": blocks of four, easy to read aloud and compare. */
export function groupAddress(address) {
  return (address ?? "").match(/.{1,4}/g)?.join(" ") ?? "";
}

/** "13.00 USDT" */
export function money(view) {
  return view ? `${view.value} ${view.currency}` : "";
}

/** ~45 s, ~1 min, ~5 min */
export function confirmationTime(seconds) {
  if (seconds == null) return "";
  if (seconds < 60) return `~${seconds} s`;
  return `~${Math.round(seconds / 60)} min`;
}

/** 14:05, local time */
export function clockTime(rfc3339) {
  const date = new Date(rfc3339);
  if (Number.isNaN(date.getTime())) return "";
  return date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
}

/** mm:ss for a number of milliseconds (never negative). */
export function minutesSeconds(ms) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
}

/** Error headline per code; the message from the till follows it. */
const ERROR_TITLES = {
  invalid_amount: "Check the amount",
  unknown_method: "That payment method is not offered",
  not_configured: "The till is not set up",
  invalid_setting: "A setting is wrong",
  keyring_unavailable: "The OS keyring cannot be used",
  gateway_unreachable: "Cannot reach the payment gateway — check the internet connection",
  gateway_error: "The payment gateway had a problem",
  gateway_rejected: "The payment gateway refused the request",
  wrong_secret: "The gateway refused the API secret — a manager must set it again",
  not_enabled: "API Checkout is not enabled for this merchant — ask PayStableCoin support",
  clock_skew: "This computer's clock is wrong — set the correct time",
  rate_limited: "Too many requests — wait a moment and try again",
  gateway_blocked: "The gateway is blocking this till for now — wait a few minutes",
  storage: "The sales log cannot be written",
  not_found: "Not found",
  not_available: "Not available",
};

/** "Headline: message." */
export function errorText(error) {
  const title = ERROR_TITLES[error?.code] ?? "Something went wrong";
  const message = String(error?.message ?? "").trim();
  if (!message) return title;
  return `${title}: ${message.charAt(0).toUpperCase()}${message.slice(1)}`;
}

/** 2026-11-21 14:05, local time (for receipts and the details card). */
export function dateTime(rfc3339) {
  const date = new Date(rfc3339 ?? "");
  if (Number.isNaN(date.getTime())) return "";
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** "TRON Network" as the gateway names it, else the network code. */
export function networkName(sale) {
  return sale?.networkDisplayName || sale?.network || "";
}

/** "TRON" from "TRON Network": short enough for a warning read at a glance. */
export function shortNetwork(name) {
  return String(name ?? "").replace(/\s+network$/i, "");
}

const EXCEPTION_WORDS = {
  underpaid: "Paid LESS than asked",
  overpaid: "Paid MORE than asked",
  paid_late: "Paid after it had expired",
  paid_after_cancel: "Paid after it was cancelled",
  inconsistent_answer: "The gateway's answers did not agree — check this order in the gateway's portal",
};

/** An exception flag in words for the cashier and the manager. */
export function exceptionWords(flag) {
  return EXCEPTION_WORDS[flag] ?? flag;
}
