// The first-run screen: what this till still needs, the CLI commands that set it, and "Try the demo".

const $ = (id) => document.getElementById(id);

/** Fills the screen from app_info's report. */
export function showFirstRun(info) {
  const missing = new Set(info.missing ?? []);
  const keyringDown = missing.has("keyring");
  $("first-run-lead").textContent = lead(missing);
  $("first-run-problem").textContent = info.problem?.message ?? "";

  step("step-merchant", missing.has("merchant_id") ? "missing" : "done",
    missing.has("merchant_id") ? "missing" : `set: ${info.merchantId ?? ""}`);
  step("step-gateway", "done", `now: ${info.gateway || "production"}`);
  if (keyringDown) step("step-secret", "unknown", "keyring locked or missing");
  else step("step-secret", missing.has("api_secret") ? "missing" : "done", missing.has("api_secret") ? "missing" : "stored");
}

const NEEDS = { merchant_id: "a merchant ID", api_secret: "an API secret", keyring: "a working OS keyring" };

/** "StableTill needs a merchant ID and an API secret before it can take payments." */
function lead(missing) {
  if (missing.has("keyring")) {
    return "The OS keyring is locked or not running. StableTill keeps the API secret there and nowhere else: unlock it (or start GNOME Keyring / KWallet), then restart StableTill.";
  }
  const needs = [...missing].map((m) => NEEDS[m]).filter(Boolean);
  if (needs.length === 0) return "StableTill cannot open this till yet.";
  const list = needs.length === 1 ? needs[0] : `${needs.slice(0, -1).join(", ")} and ${needs.at(-1)}`;
  return `StableTill needs ${list} before it can take payments.`;
}

function step(id, status, text) {
  const item = $(id);
  item.classList.remove("missing", "done", "unknown");
  item.classList.add(status);
  $(`${id}-status`).textContent = text;
}
