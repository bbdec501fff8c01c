// How the manager screens say things: error headlines, money, states, days and waits.

/** Error headline per code; the till's message follows it. */
const ERROR_TITLES = {
  invalid_setting: "Check this value",
  not_configured: "Not set up yet",
  keyring_unavailable: "The OS keyring cannot be used",
  gateway_unreachable: "Cannot reach the payment gateway",
  gateway_error: "The payment gateway had a problem",
  gateway_rejected: "The payment gateway refused the request",
  wrong_secret: "The gateway refused the API secret",
  not_enabled: "API Checkout is not enabled for this merchant",
  clock_skew: "This computer's clock is wrong",
  rate_limited: "Too many requests — wait a moment",
  gateway_blocked: "The gateway is blocking this till for now",
  storage: "The sales log cannot be read or written",
  not_found: "Not found",
  not_available: "Not available",
  pin_required: "Locked",
  wrong_pin: "Wrong PIN",
  pin_locked: "Too many wrong PINs",
  sign_in_required: "Sign in first",
};

/** "Headline: Message." for the error banner. */
export function errorText(error) {
  const title = ERROR_TITLES[error?.code] ?? "Something went wrong";
  const message = sentence(error?.message);
  return message ? `${title}: ${message}` : title;
}

/** The till's message alone, as a sentence: for a message next to a field. */
export function sentence(text) {
  const message = String(text ?? "").trim();
  return message ? `${message.charAt(0).toUpperCase()}${message.slice(1)}` : "";
}

/** "1,234.50 USDT": decimal strings keep every digit; only the thousands are grouped. */
export function money(value, currency) {
  if (value === null || value === undefined) return "–";
  const [whole, fraction] = String(value).split(".");
  const sign = whole.startsWith("-") ? "-" : "";
  const digits = whole.replace("-", "").replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const amount = `${sign}${digits}${fraction !== undefined ? `.${fraction}` : ""}`;
  return currency ? `${amount} ${currency}` : amount;
}

const STATE_NAMES = {
  paid: "Paid", failed: "Failed", expired: "Expired", cancelled: "Cancelled", void: "Void", open: "Still open",
  creating: "Creating", awaiting: "Awaiting", processing: "Confirming",
};

export function stateName(state) {
  return STATE_NAMES[state] ?? state;
}

const EXCEPTION_NAMES = {
  underpaid: "Underpaid",
  overpaid: "Overpaid",
  paid_late: "Paid after it expired",
  paid_after_cancel: "Paid after it was cancelled",
  void: "Voided",
  inconsistent_answer: "Gateway answers disagree",
};

export function exceptionName(kind) {
  return EXCEPTION_NAMES[kind] ?? kind;
}

const ACTION_NAMES = {
  unlock: "Unlocked",
  wrong_pin: "Wrong PIN",
  pin_set: "PIN set",
  setting_changed: "Setting changed",
  secret_set: "API secret set",
  secret_cleared: "API secret removed",
  report: "Daily close viewed",
  export: "Sales exported",
  void: "Sale voided",
  cashier_added: "Cashier added",
  cashier_removed: "Cashier removed",
  sign_in: "Cashier signed in",
  sign_out: "Cashier signed out",
  wrong_cashier_pin: "Wrong cashier PIN",
  signing_key_set: "Signing key made",
};

export function actionName(action) {
  return ACTION_NAMES[action] ?? action;
}

/** "30 s", "4 min": how long until `until` (an RFC 3339 instant), rounded up. */
export function waitUntil(until, now = Date.now()) {
  const seconds = Math.max(0, Math.ceil((new Date(until).getTime() - now) / 1000));
  if (seconds < 120) return `${seconds} s`;
  return `${Math.ceil(seconds / 60)} min`;
}

/** "9:41" for a number of seconds. */
export function minutesSeconds(totalSeconds) {
  const total = Math.max(0, Math.floor(totalSeconds));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, "0")}`;
}

/** "Saturday 21 November 2026" for "2026-11-21" (the day as written, no time zone involved). */
export function longDay(day) {
  const [y, m, d] = String(day).split("-").map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  if (Number.isNaN(date.getTime())) return String(day);
  return date.toLocaleDateString(undefined, { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
}

/** Days as "YYYY-MM-DD" strings, moved by whole days without time-zone surprises. */
export function addDays(day, delta) {
  const [y, m, d] = String(day).split("-").map(Number);
  const date = new Date(Date.UTC(y, m - 1, d + delta));
  return date.toISOString().slice(0, 10);
}
