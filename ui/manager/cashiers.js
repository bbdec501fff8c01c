// The Cashiers tab: turn sign-in at the counter on or off, add a cashier (name and a PIN of 4 to
// 8 digits, typed twice), remove one (a second click confirms). The PINs go to Rust and never
// come back; the list is names only.

import { $, busy, el } from "./dom.js";
import { act, showError } from "./session.js";
import { sentence } from "./text.js";

const view = { confirming: null };

export function setUpCashiers() {
  $("cashier-form").addEventListener("submit", (event) => {
    event.preventDefault();
    add();
  });
  $("cashier-sign-in").addEventListener("change", switchSignIn);
  $("cashier-list").addEventListener("click", (event) => {
    const name = event.target.closest("button[data-remove]")?.dataset.remove;
    if (name !== undefined) remove(name);
  });
}

export async function showCashiersTab() {
  try {
    draw(await act("list_cashiers"));
  } catch (error) {
    showError(error);
  }
}

function draw(list) {
  view.confirming = null;
  $("cashier-sign-in").checked = list.signIn;
  const items = list.cashiers.map((name) =>
    el("li", { attrs: { "data-testid": "cashier-row" } },
      el("span", { className: "cashier-name", text: name }),
      el("button", { className: "danger", text: "Remove", dataset: { remove: name }, attrs: { type: "button", "data-testid": "cashier-remove" } })));
  $("cashier-list").replaceChildren(...(items.length ? items
    : [el("li", { className: "none", text: "No cashiers yet. Add one to turn sign-in on." })]));
}

async function switchSignIn() {
  const box = $("cashier-sign-in");
  const message = $("cashier-sign-in-message");
  message.textContent = "";
  box.disabled = true;
  try {
    await act("change_setting", { key: "cashier-sign-in", value: box.checked ? "on" : "off" });
    await showCashiersTab();
  } catch (error) {
    box.checked = !box.checked;
    message.textContent = sentence(error.message);
  } finally {
    box.disabled = false;
  }
}

async function add() {
  const message = $("cashier-message");
  const name = $("cashier-name").value.trim();
  const pin = $("cashier-pin").value.trim();
  if (pin !== $("cashier-pin-again").value.trim()) {
    message.textContent = "The two PINs are not the same: type them again.";
    $("cashier-pin").value = "";
    $("cashier-pin-again").value = "";
    return;
  }
  const done = busy($("cashier-add"), "Adding…");
  try {
    draw(await act("add_cashier", { name, pin }));
    message.textContent = "";
    $("cashier-form").reset();
  } catch (error) {
    message.textContent = sentence(error.message);
  } finally {
    done();
  }
}

async function remove(name) {
  const button = [...$("cashier-list").querySelectorAll("button[data-remove]")].find((b) => b.dataset.remove === name);
  if (view.confirming !== name) {
    // A second click removes: a cashier taken off by a slip of the finger cannot sign in.
    view.confirming = name;
    if (button) button.textContent = `Remove ${name}?`;
    return;
  }
  try {
    draw(await act("remove_cashier", { name }));
    $("cashier-sign-in-message").textContent = "";
  } catch (error) {
    view.confirming = null;
    if (button) button.textContent = "Remove";
    $("cashier-sign-in-message").textContent = sentence(error.message);
  }
}
