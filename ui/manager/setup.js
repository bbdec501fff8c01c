// The first-run setup: the welcome (set up, or try the demo), then — once the PIN is chosen —
// the shop, the gateway with "Test connection", and opening the till. Each step saves through
// the same checked commands as the settings screen, so a bad value is refused next to its field.

import { call } from "../ipc.js";
import { $, busy, el } from "./dom.js";
import { act, setStatus, showError } from "./session.js";
import { chosenKind, hasSigningKey, saveKind, setUpGatewayKind, showKind } from "./setup_kind.js";
import { sentence } from "./text.js";

const STEPS = [
  { id: "pin", title: "Manager PIN" },
  { id: "shop", title: "Shop" },
  { id: "gateway", title: "Gateway" },
  { id: "open", title: "Open the till" },
];

export const wizard = {
  /** The welcome's "Set up this till" was pressed: the PIN step shows instead of the welcome. */
  started: false,
  /** The wizard stays on screen until "Go to the manager screens", even once the till is open. */
  active: false,
  step: "shop",
  /** The settings as loaded, to save only what changed. */
  values: {},
  secretSet: null,
};

/** `reroute` shows the screen the status calls for; `onFinished` runs after the last step. */
export function setUpWizard({ reroute, onFinished }) {
  $("setup-start").addEventListener("click", () => {
    wizard.started = true;
    reroute();
  });
  $("setup-try-demo").addEventListener("click", tryDemo);
  $("shop-form").addEventListener("submit", (event) => {
    event.preventDefault();
    saveShop();
  });
  $("gateway-form").addEventListener("submit", (event) => {
    event.preventDefault();
    saveGateway();
  });
  $("gateway-form").addEventListener("change", async (event) => {
    if (event.target.name === "environment") customUrlState();
    if (event.target.name === "gateway-kind") {
      if (await saveKind(event.target.value)) {
        wizard.values["gateway-kind"] = event.target.value;
        secretState(wizard.secretSet, null);
      }
    }
  });
  setUpGatewayKind();
  $("setup-test").addEventListener("click", testConnection);
  $("setup-back").addEventListener("click", () => goTo("gateway"));
  $("setup-open").addEventListener("click", openTill);
  $("setup-finish").addEventListener("click", () => {
    wizard.active = false;
    onFinished();
  });
  fillTimeZones();
}

/** Draws the step list at the top of a setup screen, with `current` highlighted. */
export function drawStepper(list, current) {
  const index = STEPS.findIndex((step) => step.id === current);
  list.replaceChildren(
    ...STEPS.map((step, i) =>
      el("li", { className: i < index ? "done" : i === index ? "current" : "" },
        el("span", { className: "step-number", text: i < index ? "✓" : String(i + 1) }),
        el("span", { className: "step-title", text: step.title }))),
  );
}

/** Opens the wizard at its first unfinished step (after the PIN). */
export async function showWizard() {
  if (!wizard.active) {
    wizard.active = true;
    wizard.step = "shop";
    await loadSettings();
  }
  goTo(wizard.step);
}

async function loadSettings() {
  try {
    const view = await act("manager_settings");
    wizard.values = Object.fromEntries(view.settings.map((s) => [s.key, s.value]));
    wizard.secretSet = view.secretSet;
    fillForms(view);
  } catch (error) {
    showError(error);
  }
}

function fillForms(view) {
  const v = wizard.values;
  $("setup-shop-name").value = v["shop-name"] ?? "";
  // "system (Europe/Berlin)" is shown as the placeholder: the field takes a zone name.
  const zone = v["time-zone"] ?? "";
  $("setup-time-zone").value = zone.startsWith("system") ? "" : zone;
  $("setup-time-zone").placeholder = zone.startsWith("system") ? zone : "system";
  $("setup-day-cutoff").value = v["day-cutoff"] ?? "00:00";
  const gateway = v.gateway ?? "production";
  const environment = ["production", "sandbox"].includes(gateway) ? gateway : "custom";
  document.querySelector(`input[name="environment"][value="${environment}"]`).checked = true;
  $("setup-gateway-url").value = environment === "custom" ? gateway : "";
  customUrlState();
  $("setup-merchant-id").value = v["merchant-id"] ?? "";
  secretState(view.secretSet, view.keyringProblem);
  showKind(v["gateway-kind"]);
}

function secretState(isSet, problem) {
  const state = $("secret-state");
  const input = $("setup-secret");
  if (problem) {
    state.textContent = "the keyring cannot be reached";
    state.className = "field-hint bad";
  } else if (isSet) {
    state.textContent = "one is stored — leave empty to keep it";
    state.className = "field-hint good";
  } else {
    state.textContent = "none stored yet";
    state.className = "field-hint";
  }
  const blockatm = (wizard.values["gateway-kind"] ?? "paystablecoin") === "blockatm";
  input.placeholder = isSet
    ? "•••••••• (stored)"
    : blockatm
      ? "Paste the API key from BlockATM"
      : "Paste the API secret from the merchant portal";
}

function customUrlState() {
  const custom = document.querySelector('input[name="environment"]:checked')?.value === "custom";
  $("setup-gateway-url").disabled = !custom;
  if (custom) $("setup-gateway-url").focus();
}

function goTo(step) {
  wizard.step = step;
  drawStepper($("wizard-stepper"), step === "done" ? "done" : step);
  for (const section of document.querySelectorAll(".wizard-step")) {
    section.hidden = section.dataset.step !== step;
  }
  if (step === "open") drawSummary();
  const first = document.querySelector(`.wizard-step[data-step="${step}"] input:not([disabled])`);
  if (first) setTimeout(() => first.focus(), 0);
}

/** Saves the fields that changed, one setting each; marks the first bad one and stops there. */
async function saveChanged(form, changes) {
  for (const node of form.querySelectorAll(".field-error")) node.textContent = "";
  for (const [key, value] of changes) {
    if ((wizard.values[key] ?? "") === value) continue;
    try {
      const changed = await act("change_setting", { key, value });
      wizard.values[key] = changed.setting.value;
    } catch (error) {
      const slot = form.querySelector(`.field-error[data-for="${key}"]`);
      if (slot && error.code === "invalid_setting") slot.textContent = sentence(error.message);
      else showError(error);
      return false;
    }
  }
  return true;
}

async function saveShop() {
  const done = busy(document.querySelector('[data-testid="setup-shop-next"]'), "Saving…");
  const zone = $("setup-time-zone").value.trim() || "system";
  const saved = await saveChanged($("shop-form"), [
    ["shop-name", $("setup-shop-name").value.trim()],
    // A zone left as the system's stays "system (…)" in the settings; send it only when typed.
    ...(zone === "system" && (wizard.values["time-zone"] ?? "").startsWith("system") ? [] : [["time-zone", zone]]),
    ["day-cutoff", $("setup-day-cutoff").value.trim() || "00:00"],
  ]);
  done();
  if (saved) goTo("gateway");
}

function gatewayValue() {
  const environment = document.querySelector('input[name="environment"]:checked')?.value ?? "production";
  return environment === "custom" ? $("setup-gateway-url").value.trim() : environment;
}

async function saveGateway() {
  const form = $("gateway-form");
  const done = busy(document.querySelector('[data-testid="setup-gateway-next"]'), "Saving…");
  try {
    const blockatm = chosenKind() === "blockatm";
    const saved = await saveChanged(form, [
      ["gateway", gatewayValue()],
      ...(blockatm ? [] : [["merchant-id", $("setup-merchant-id").value.trim()]]),
    ]);
    if (!saved) return;
    if (blockatm && !hasSigningKey()) {
      form.querySelector('.field-error[data-for="signing-key"]').textContent =
        "Make the signing key and register its public key with BlockATM first.";
      return;
    }
    const secret = $("setup-secret").value;
    if (secret) {
      try {
        await act("set_api_secret", { secret });
        $("setup-secret").value = "";
        wizard.secretSet = true;
        secretState(true, null);
      } catch (error) {
        form.querySelector('.field-error[data-for="secret"]').textContent = sentence(error.message);
        return;
      }
    } else if (!wizard.secretSet) {
      form.querySelector('.field-error[data-for="secret"]').textContent =
        chosenKind() === "blockatm" ? "Paste the API key from BlockATM." : "Paste the API secret from the merchant portal.";
      return;
    }
    goTo("open");
  } finally {
    done();
  }
}

async function testConnection() {
  const box = $("connection-result");
  const done = busy($("setup-test"), "Testing…");
  box.hidden = true;
  try {
    const check = await act("test_connection", {
      gateway: gatewayValue(),
      merchantId: $("setup-merchant-id").value.trim(),
      secret: $("setup-secret").value || null,
    });
    showCheck(check);
  } catch (error) {
    showCheck({ ok: false, headline: "The test could not run", advice: sentence(error.message), methods: [] });
  } finally {
    done();
  }
}

function showCheck(check) {
  const box = $("connection-result");
  box.className = `connection ${check.ok ? "ok" : "bad"}`;
  box.dataset.ok = String(check.ok);
  $("connection-headline").textContent = `${check.ok ? "✓" : "✗"} ${check.headline}`;
  $("connection-advice").textContent = check.advice;
  // Network names come from the gateway: text only.
  $("connection-methods").replaceChildren(...(check.methods ?? []).map((m) => el("li", { text: m })));
  box.hidden = false;
}

function drawSummary() {
  const v = wizard.values;
  const rows = [
    ["Shop", v["shop-name"] || "(no name)"],
    ["Time zone", v["time-zone"]],
    ["Business day starts", v["day-cutoff"]],
    ["Gateway", v.gateway],
    ...(chosenKind() === "blockatm"
      ? [
          ["Gateway kind", "BlockATM"],
          ["API key", wizard.secretSet ? "stored in the keyring" : "missing"],
          ["Signing key", hasSigningKey() ? "stored in the keyring" : "missing"],
        ]
      : [
          ["Merchant ID", v["merchant-id"] || "missing"],
          ["API secret", wizard.secretSet ? "stored in the keyring" : "missing"],
        ]),
  ];
  $("setup-summary").replaceChildren(...rows.flatMap(([term, value]) => [el("dt", { text: term }), el("dd", { text: value ?? "" })]));
  $("setup-open-message").textContent = "";
}

async function openTill() {
  const done = busy($("setup-open"), "Opening the till…");
  try {
    const status = await act("open_till");
    if (status.ready) {
      goTo("done");
      setStatus(status);
    } else {
      $("setup-open-message").textContent = sentence(status.problem?.message ?? "The till could not open.");
    }
  } catch (error) {
    $("setup-open-message").textContent = sentence(error.message);
  } finally {
    done();
  }
}

async function tryDemo() {
  const done = busy($("setup-try-demo"), "Starting the demo…");
  try {
    showError(null);
    setStatus(await call("setup_try_demo"));
  } catch (error) {
    showError(error);
  } finally {
    done();
  }
}

function fillTimeZones() {
  let zones = [];
  try {
    zones = Intl.supportedValuesOf?.("timeZone") ?? [];
  } catch {
    zones = [];
  }
  $("time-zones").replaceChildren(el("option", { attrs: { value: "system" } }), ...zones.map((zone) => el("option", { attrs: { value: zone } })));
}
