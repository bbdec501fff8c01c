// BlockATM's signing key on the settings screen, shown when the shop's gateway kind is
// blockatm: whether one is stored, its public key (to register with BlockATM), and making a new
// one. The private key never reaches this page: the till makes it straight into the OS keyring.

import { $, busy } from "./dom.js";
import { act } from "./session.js";
import { sentence } from "./text.js";

const state = { demo: false, confirming: false };

export function setUpSigningKey() {
  $("signing-key-new").addEventListener("click", makeNewKey);
}

/** Draws the card for `settings` (the settings screen's list); hidden unless BlockATM is chosen. */
export async function showSigningKey(settings, demo) {
  const kind = settings.find((setting) => setting.key === "gateway-kind")?.value;
  const card = $("signing-key-card");
  card.hidden = kind !== "blockatm";
  if (card.hidden) return;
  state.demo = demo;
  state.confirming = false;
  $("signing-key-message").textContent = "";
  $("signing-key-new").textContent = "Make a new signing key";
  $("signing-key-new").disabled = demo;
  if (demo) {
    draw(null, "The demo uses the demo gateway's own key.");
    return;
  }
  try {
    draw((await act("signing_key_status")).publicKeyPem);
  } catch (error) {
    draw(null, sentence(error.message), true);
  }
}

function draw(publicKeyPem, note, bad = false) {
  const status = $("signing-key-status");
  const shown = $("signing-public-key");
  shown.hidden = !publicKeyPem;
  shown.textContent = publicKeyPem ?? "";
  if (note) {
    status.textContent = note;
    status.className = `secret-status${bad ? " bad" : ""}`;
  } else if (publicKeyPem) {
    status.textContent = "A signing key is stored in the OS keyring. Its public key, to register with BlockATM:";
    status.className = "secret-status good";
  } else {
    status.textContent = "No signing key is stored: make one, then register its public key with BlockATM.";
    status.className = "secret-status bad";
  }
}

async function makeNewKey() {
  const button = $("signing-key-new");
  const message = $("signing-key-message");
  const replacing = !$("signing-public-key").hidden;
  if (replacing && !state.confirming) {
    state.confirming = true;
    button.textContent = "Really replace?";
    message.textContent = "BlockATM refuses this till's orders until you register the new public key.";
    return;
  }
  state.confirming = false;
  const done = busy(button, "Making…");
  try {
    draw((await act("new_signing_key")).publicKeyPem);
    message.textContent = "New key stored. Register the public key above with BlockATM before the next sale.";
  } catch (error) {
    message.textContent = sentence(error.message);
  } finally {
    done();
    button.textContent = "Make a new signing key";
  }
}
