// The wizard's choice of payment gateway. PayStableCoin wants a merchant ID and an API secret;
// BlockATM an API key and a signing key, which the till makes in the OS keyring and of which only
// the public key is shown, to register with BlockATM. The choice is saved at once: "Test
// connection" asks the gateway of the kind in the settings.

import { $, busy } from "./dom.js";
import { act } from "./session.js";
import { sentence } from "./text.js";

const state = { kind: "paystablecoin", publicKeyPem: null };

export function setUpGatewayKind() {
  $("setup-signing-key-new").addEventListener("click", makeSigningKey);
}

export function chosenKind() {
  return state.kind;
}

export function hasSigningKey() {
  return Boolean(state.publicKeyPem);
}

/** Shows the form for `kind` (from the settings, or a click on one of the choices). */
export async function showKind(kind) {
  state.kind = kind === "blockatm" ? "blockatm" : "paystablecoin";
  const blockatm = state.kind === "blockatm";
  document.querySelector(`input[name="gateway-kind"][value="${state.kind}"]`).checked = true;
  $("setup-merchant-id-field").hidden = blockatm;
  // BlockATM has production or an address of its own; no known sandbox.
  $("setup-env-sandbox-choice").hidden = blockatm;
  const sandbox = document.querySelector('input[name="environment"][value="sandbox"]');
  if (blockatm && sandbox.checked) document.querySelector('input[name="environment"][value="production"]').checked = true;
  $("setup-secret-name").textContent = blockatm ? "API key" : "API secret";
  $("setup-signing-key").hidden = !blockatm;
  if (blockatm) await loadSigningKey();
}

/** Saves a new choice as the `gateway-kind` setting; false (with the reason shown) if refused. */
export async function saveKind(kind) {
  const slot = document.querySelector('.field-error[data-for="gateway-kind"]');
  slot.textContent = "";
  try {
    await act("change_setting", { key: "gateway-kind", value: kind });
  } catch (error) {
    slot.textContent = sentence(error.message);
    return false;
  }
  await showKind(kind);
  return true;
}

async function loadSigningKey() {
  try {
    drawKey((await act("signing_key_status")).publicKeyPem);
  } catch (error) {
    drawKey(null);
    document.querySelector('.field-error[data-for="signing-key"]').textContent = sentence(error.message);
  }
}

function drawKey(publicKeyPem) {
  state.publicKeyPem = publicKeyPem ?? null;
  const shown = $("setup-public-key");
  shown.hidden = !publicKeyPem;
  shown.textContent = publicKeyPem ?? "";
  const status = $("setup-signing-key-status");
  status.textContent = publicKeyPem
    ? "A signing key is stored. Register this public key with BlockATM:"
    : "No signing key yet: make one, then register its public key with BlockATM.";
  status.className = `secret-status ${publicKeyPem ? "good" : "bad"}`;
  $("setup-signing-key-new").hidden = Boolean(publicKeyPem);
}

async function makeSigningKey() {
  const slot = document.querySelector('.field-error[data-for="signing-key"]');
  slot.textContent = "";
  const done = busy($("setup-signing-key-new"), "Making…");
  try {
    drawKey((await act("new_signing_key")).publicKeyPem);
  } catch (error) {
    slot.textContent = sentence(error.message);
  } finally {
    done();
  }
}
