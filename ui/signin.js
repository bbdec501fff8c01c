// The counter's cashier sign-in (loaded by index.html beside main.js): while the manager has
// sign-in on and nobody is signed in, a sign-in screen covers the counter — pick your name, key
// your PIN on the keypad or the keyboard — and the top bar shows who is signed in, with Sign out.
// The rule itself is in Rust: `start_sale` refuses a charge with nobody signed in, whatever this
// screen shows. Names are set as text, never as HTML.

import { call, onEvent } from "./ipc.js";

const LONGEST_PIN = 8;
const view = { status: null, picked: null, pin: "", busy: false };

const overlay = build("section", { className: "signin", testid: "signin-screen", hidden: true });
const badge = build("div", { className: "signin-badge", hidden: true });

function build(tag, { className, testid, text, hidden, type } = {}) {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (testid) element.dataset.testid = testid;
  if (text !== undefined) element.textContent = text;
  if (hidden) element.hidden = true;
  if (type) element.type = type;
  return element;
}

function setUp() {
  const card = build("div", { className: "signin-card" });
  const title = build("h1", { text: "Sign in to take payments" });
  const lead = build("p", { className: "signin-lead", text: "Pick your name, then key your PIN." });
  const names = build("div", { className: "signin-names", testid: "signin-names" });
  names.setAttribute("role", "group");
  names.setAttribute("aria-label", "Who are you?");
  const pinLine = build("div", { className: "signin-pin-line" });
  const pinLabel = build("span", { className: "signin-pin-label", text: "PIN" });
  const dots = build("output", { className: "signin-dots", testid: "signin-pin" });
  pinLine.append(pinLabel, dots);
  const keypad = build("div", { className: "signin-keypad" });
  for (const key of ["1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "back"]) {
    const label = key === "clear" ? "C" : key === "back" ? "⌫" : key;
    const button = build("button", { className: `signin-key key-${key}`, text: label, testid: `signin-key-${key}`, type: "button" });
    button.dataset.key = key;
    if (key === "clear") button.setAttribute("aria-label", "clear the PIN");
    if (key === "back") button.setAttribute("aria-label", "delete last digit");
    keypad.append(button);
  }
  const message = build("p", { className: "signin-message", testid: "signin-message" });
  message.setAttribute("role", "alert");
  const submit = build("button", { className: "signin-submit", text: "Sign in", testid: "signin-submit", type: "button" });
  const hint = build("p", { className: "signin-hint", text: "Not on the list? The manager adds cashiers in the manager window, under Cashiers." });
  card.append(title, lead, names, pinLine, keypad, message, submit, hint);
  overlay.append(card);
  document.querySelector("main")?.append(overlay);

  const who = build("span", { className: "signin-who", testid: "signed-in-as" });
  const out = build("button", { className: "signin-out", text: "Sign out", testid: "sign-out", type: "button" });
  badge.append(who, out);
  const topbar = document.querySelector(".topbar");
  topbar?.insertBefore(badge, topbar.querySelector("[data-open-manager]"));

  names.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-name]");
    if (button) pick(button.dataset.name);
  });
  keypad.addEventListener("click", (event) => {
    const key = event.target.closest("button[data-key]")?.dataset.key;
    if (key) press(key);
  });
  submit.addEventListener("click", signIn);
  out.addEventListener("click", signOut);
  // Capture, before the counter's own keys: a PIN must never land in the amount.
  window.addEventListener("keydown", onKey, true);
}

function onKey(event) {
  if (overlay.hidden || event.ctrlKey || event.altKey || event.metaKey) return;
  if (/^[0-9]$/.test(event.key)) press(event.key);
  else if (event.key === "Backspace") press("back");
  else if (event.key === "Escape" || event.key === "Delete") press("clear");
  else if (event.key === "Enter") signIn();
  else return;
  event.preventDefault();
  event.stopImmediatePropagation();
}

function press(key) {
  if (view.busy) return;
  if (key === "clear") view.pin = "";
  else if (key === "back") view.pin = view.pin.slice(0, -1);
  else if (view.pin.length < LONGEST_PIN) view.pin += key;
  drawPin();
}

function pick(name) {
  view.picked = name;
  view.pin = "";
  say("");
  for (const button of overlay.querySelectorAll("button[data-name]")) {
    const chosen = button.dataset.name === name;
    button.classList.toggle("picked", chosen);
    button.setAttribute("aria-pressed", String(chosen));
  }
  drawPin();
}

function drawPin() {
  const dots = overlay.querySelector(".signin-dots");
  dots.textContent = "●".repeat(view.pin.length);
  dots.dataset.length = String(view.pin.length);
  overlay.querySelector(".signin-submit").disabled = view.busy || !view.picked || view.pin.length < 4 || isLocked();
}

function say(text) {
  overlay.querySelector(".signin-message").textContent = text;
}

function isLocked() {
  const until = view.status?.lockedUntil;
  return Boolean(until) && new Date(until).getTime() > Date.now();
}

async function signIn() {
  if (view.busy || !view.picked || view.pin.length < 4) return;
  view.busy = true;
  drawPin();
  try {
    show(await call("cashier_sign_in", { name: view.picked, pin: view.pin }));
  } catch (error) {
    say(sentence(error.message));
    if (error.code === "pin_locked" || error.code === "not_available") refresh();
  } finally {
    view.busy = false;
    view.pin = "";
    drawPin();
  }
}

async function signOut() {
  try {
    show(await call("cashier_sign_out"));
  } catch (error) {
    say(sentence(error.message));
  }
}

/** Draws what the status says: the sign-in screen, the badge, or neither. */
function show(status) {
  view.status = status;
  const signedIn = Boolean(status.cashier);
  badge.hidden = !status.required || !signedIn;
  badge.querySelector(".signin-who").textContent = signedIn ? `Signed in as ${status.cashier}` : "";
  const needed = status.required && !signedIn;
  if (needed && overlay.hidden) {
    view.picked = status.cashiers.length === 1 ? status.cashiers[0] : null;
    view.pin = "";
    say("");
  }
  overlay.hidden = !needed;
  document.body.classList.toggle("signin-needed", needed);
  if (!needed) return;
  if (!status.cashiers.includes(view.picked)) view.picked = null;
  const names = status.cashiers.map((name) => {
    const button = build("button", { className: "signin-name", text: name, testid: "signin-name", type: "button" });
    button.dataset.name = name;
    button.classList.toggle("picked", name === view.picked);
    button.setAttribute("aria-pressed", String(name === view.picked));
    return button;
  });
  overlay.querySelector(".signin-names").replaceChildren(...names);
  if (isLocked()) say("Too many wrong PINs: sign-in is locked for a while. Wait, or ask the manager.");
  drawPin();
}

function sentence(text) {
  const message = String(text ?? "").trim();
  return message ? `${message.charAt(0).toUpperCase()}${message.slice(1)}` : "";
}

async function refresh() {
  try {
    show(await call("cashier_status"));
  } catch {
    // No till yet (first run, still starting): nothing to sign in to.
    overlay.hidden = true;
    badge.hidden = true;
  }
}

setUp();
onEvent("cashiers-changed", refresh);
// A sale refused for want of a sign-in, or a change made while this window was away.
window.addEventListener("focus", refresh);
refresh();
