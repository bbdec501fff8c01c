// The settings screen: every setting with its help, each saved on its own and checked by the
// till (a bad value is refused next to it, with what to write instead); the API secret, which
// can be replaced or removed but is never shown; and changing the manager PIN.

import { $, busy, el } from "./dom.js";
import { act, showError } from "./session.js";
import { setUpSigningKey, showSigningKey } from "./signing_key.js";
import { sentence } from "./text.js";

const state = { changedSinceOpen: false, restartNeeded: false, demo: false };

export function setUpSettings() {
  $("secret-form").addEventListener("submit", (event) => {
    event.preventDefault();
    saveSecret();
  });
  $("secret-clear").addEventListener("click", clearSecret);
  $("pin-form").addEventListener("submit", (event) => {
    event.preventDefault();
    changePin();
  });
  $("restart").addEventListener("click", restart);
  setUpSigningKey();
}

export async function showSettingsTab() {
  try {
    const view = await act("manager_settings");
    state.restartNeeded = view.restartNeeded;
    state.demo = view.demo;
    drawSettings(view.settings);
    drawSecret(view.secretSet, view.keyringProblem);
    drawRestart();
    await showSigningKey(view.settings, view.demo);
  } catch (error) {
    showError(error);
  }
}

function drawSettings(settings) {
  const groups = new Map();
  for (const setting of settings) {
    if (!groups.has(setting.group)) groups.set(setting.group, []);
    groups.get(setting.group).push(setting);
  }
  const sections = [...groups].map(([group, list]) =>
    el("section", { className: "settings-group card" },
      el("h2", { text: group }),
      state.demo && group === "Gateway" ? el("p", { className: "hint", text: "The demo always uses a built-in demo gateway, of the kind chosen here (after a restart)." }) : null,
      ...list.map(settingRow)));
  $("settings-list").replaceChildren(...sections);
}

function settingRow(setting) {
  const id = `setting-${setting.key}`;
  let input;
  if (setting.input === "text") {
    input = el("input", { attrs: { type: "text", id, "data-testid": id, spellcheck: "false" } });
    input.value = setting.key === "time-zone" && setting.value.startsWith("system") ? "" : setting.value;
    if (setting.key === "time-zone") {
      input.placeholder = setting.value.startsWith("system") ? setting.value : "system";
      input.setAttribute("list", "time-zones");
    }
  } else {
    input = el("select", { attrs: { id, "data-testid": id } },
      ...setting.choices.map((choice) => el("option", { text: choice, attrs: { value: choice } })));
    input.value = setting.value;
  }
  const save = el("button", { className: "secondary save", text: "Save", attrs: { type: "button", "data-testid": `${id}-save` } });
  save.disabled = true;
  const message = el("div", { className: "setting-message", attrs: { "data-testid": `${id}-message`, role: "status" } });
  const row = el("div", { className: "setting", dataset: { key: setting.key } },
    el("label", { className: "setting-label", text: setting.label, attrs: { for: id } }),
    el("div", { className: "setting-input" }, input, save),
    el("div", { className: "setting-help", text: setting.help }),
    message);
  let saved = input.value;
  const changed = () => {
    save.disabled = input.value === saved;
    message.textContent = "";
    row.classList.remove("bad", "good");
  };
  input.addEventListener("input", changed);
  input.addEventListener("change", changed);
  const commit = async () => {
    const done = busy(save, "Saving…");
    let value = input.value.trim();
    if (setting.key === "time-zone" && value === "") value = "system";
    try {
      const result = await act("change_setting", { key: setting.key, value });
      const now = result.setting.value;
      input.value = setting.key === "time-zone" && now.startsWith("system") ? "" : now;
      saved = input.value;
      row.classList.add("good");
      message.textContent = `Saved: ${now || "(empty)"}`;
      state.changedSinceOpen = true;
      state.restartNeeded = result.restartNeeded;
      drawRestart();
      done();
      save.disabled = true;
    } catch (error) {
      done();
      row.classList.add("bad");
      message.textContent = sentence(error.message);
    }
  };
  save.addEventListener("click", commit);
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !save.disabled) commit();
  });
  return row;
}

function drawRestart() {
  $("restart-notice").hidden = !(state.changedSinceOpen && state.restartNeeded);
}

function drawSecret(isSet, problem) {
  const status = $("secret-status");
  if (state.demo) {
    status.textContent = "The demo uses the demo gateway's own credentials.";
    status.className = "secret-status";
  } else if (problem) {
    status.textContent = sentence(problem.message);
    status.className = "secret-status bad";
  } else {
    status.textContent = isSet ? "An API secret is stored in the OS keyring. It is never shown." : "No API secret is stored.";
    status.className = `secret-status ${isSet ? "good" : "bad"}`;
  }
  $("secret-clear").disabled = !isSet || state.demo;
  $("secret-save").disabled = state.demo;
  $("secret-input").disabled = state.demo;
  $("secret-save").textContent = isSet ? "Replace secret" : "Save secret";
}

async function saveSecret() {
  const input = $("secret-input");
  const message = $("secret-message");
  if (!input.value) {
    message.textContent = "Paste the new API secret first.";
    return;
  }
  const done = busy($("secret-save"), "Saving…");
  try {
    await act("set_api_secret", { secret: input.value });
    input.value = "";
    message.textContent = "Saved in the OS keyring.";
    state.changedSinceOpen = true;
    done();
    drawSecret(true, null);
    drawRestart();
  } catch (error) {
    done();
    message.textContent = sentence(error.message);
  }
}

async function clearSecret() {
  const message = $("secret-message");
  if (!$("secret-clear").dataset.confirm) {
    $("secret-clear").dataset.confirm = "yes";
    $("secret-clear").textContent = "Really remove?";
    message.textContent = "Without the secret this till cannot take payments after a restart.";
    return;
  }
  delete $("secret-clear").dataset.confirm;
  $("secret-clear").textContent = "Remove";
  try {
    const stillSet = await act("clear_api_secret");
    message.textContent = "The API secret was removed from the keyring.";
    state.changedSinceOpen = true;
    drawSecret(stillSet, null);
    drawRestart();
  } catch (error) {
    message.textContent = sentence(error.message);
  }
}

async function changePin() {
  const current = $("pin-current");
  const fresh = $("pin-new");
  const again = $("pin-again");
  const message = $("pin-message");
  if (!/^[0-9]{4,12}$/.test(fresh.value.trim())) {
    message.textContent = "A manager PIN is 4 to 12 digits (0-9), nothing else.";
    return;
  }
  if (fresh.value !== again.value) {
    message.textContent = "The two new PINs differ.";
    return;
  }
  try {
    await act("change_pin", { current: current.value, newPin: fresh.value });
    message.textContent = "The manager PIN was changed.";
  } catch (error) {
    message.textContent = sentence(error.message);
  } finally {
    current.value = "";
    fresh.value = "";
    again.value = "";
  }
}

async function restart() {
  try {
    await act("restart_app");
  } catch (error) {
    showError(error);
  }
}
