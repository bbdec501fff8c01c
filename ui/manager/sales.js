// The Sales tab: one business day's sales, newest first, with who took each and why a void was
// voided; and the void dialog, which asks for a reason and the manager PIN again. Every name and
// reason is set as text.

import { $, busy, el } from "./dom.js";
import { act, showError } from "./session.js";
import { addDays, money, sentence, stateName } from "./text.js";

/** The states a manager may void (an open sale is cancelled at the counter instead). */
const VOIDABLE = new Set(["paid", "failed", "expired"]);

const view = { sales: [], voiding: null };

export function setUpSales() {
  $("sales-day").addEventListener("change", () => load());
  $("sales-prev").addEventListener("click", () => move(-1));
  $("sales-next").addEventListener("click", () => move(1));
  $("sales-today").addEventListener("click", () => {
    $("sales-day").value = "";
    load();
  });
  $("sales-list").addEventListener("click", (event) => {
    const id = event.target.closest("button[data-void]")?.dataset.void;
    const sale = view.sales.find((s) => s.merchantOrderId === id);
    if (sale) openVoid(sale);
  });
  $("void-form").addEventListener("submit", (event) => {
    event.preventDefault();
    confirmVoid();
  });
  $("void-cancel").addEventListener("click", closeVoid);
  $("void-dialog").addEventListener("keydown", (event) => {
    if (event.key === "Escape") closeVoid();
  });
}

export async function showSalesTab(status) {
  if (!$("sales-day").value && status?.today) $("sales-day").value = status.today;
  await load();
}

function move(days) {
  const day = $("sales-day").value;
  if (!day) return;
  $("sales-day").value = addDays(day, days);
  load();
}

async function load() {
  try {
    view.sales = await act("day_sales", { day: $("sales-day").value || null });
    draw();
    showError(null);
  } catch (error) {
    showError(error);
  }
}

function draw() {
  const rows = view.sales.map((sale) => {
    const voidable = VOIDABLE.has(sale.state);
    return el("tr", { className: `state-${sale.state}`, title: sale.merchantOrderId, dataset: { merchantOrderId: sale.merchantOrderId }, attrs: { "data-testid": "sales-row" } },
      el("td", { className: "when", text: localTime(sale.createdAt), title: sale.createdAt }),
      el("td", { className: "num strong", text: money(sale.orderAmount.value, sale.orderAmount.currency) }),
      el("td", { className: "network", text: sale.networkDisplayName ?? sale.network }),
      el("td", { className: "state", text: stateName(sale.state), attrs: { "data-testid": "sales-state" } }),
      el("td", { className: "cashier", text: sale.cashier ?? "–", attrs: { "data-testid": "sales-cashier" } }),
      el("td", { className: "reason", text: sale.state === "void" ? sale.reason ?? "" : "", attrs: { "data-testid": "sales-reason" } }),
      el("td", { className: "action" }, voidable
        ? el("button", { className: "danger", text: "Void…", dataset: { void: sale.merchantOrderId }, attrs: { type: "button", "data-testid": "sales-void" } })
        : null));
  });
  $("sales-list").replaceChildren(
    el("thead", {}, el("tr", {},
      el("th", { text: "Time" }), el("th", { className: "num", text: "Amount" }), el("th", { text: "Network" }),
      el("th", { text: "State" }), el("th", { text: "Cashier" }), el("th", { text: "Void reason" }),
      el("th", { text: "" }))),
    el("tbody", {}, ...(rows.length ? rows : [el("tr", {}, el("td", { className: "empty-note", text: "No sales on this business day.", attrs: { colspan: "7" } }))])),
  );
}

function openVoid(sale) {
  view.voiding = sale;
  const line = (label, value) => [el("dt", { text: label }), el("dd", { text: value })];
  $("void-sale").replaceChildren(
    ...line("Amount", money(sale.orderAmount.value, sale.orderAmount.currency)),
    ...line("State", stateName(sale.state)),
    ...line("Time", `${localTime(sale.createdAt)}${sale.cashier ? ` · cashier ${sale.cashier}` : ""}`),
    ...line("Order", sale.merchantOrderId));
  $("void-reason").value = "";
  $("void-pin").value = "";
  $("void-message").textContent = "";
  $("void-dialog").hidden = false;
  $("void-reason").focus();
}

function closeVoid() {
  view.voiding = null;
  $("void-pin").value = "";
  $("void-dialog").hidden = true;
}

async function confirmVoid() {
  const sale = view.voiding;
  if (!sale) return;
  const reason = $("void-reason").value.trim();
  const pin = $("void-pin").value.trim();
  if (!reason) {
    $("void-message").textContent = "Say why the sale is voided.";
    return;
  }
  if (!pin) {
    $("void-message").textContent = "Type the manager PIN.";
    return;
  }
  const done = busy($("void-confirm"), "Voiding…");
  try {
    await act("void_sale", { merchantOrderId: sale.merchantOrderId, reason, pin });
    closeVoid();
    await load();
  } catch (error) {
    $("void-pin").value = "";
    $("void-message").textContent = sentence(error.message);
    if (error.code === "pin_required") closeVoid();
  } finally {
    done();
  }
}

/** "14:05" on this computer's clock. */
function localTime(instant) {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return String(instant ?? "");
  return `${String(date.getHours()).padStart(2, "0")}:${String(date.getMinutes()).padStart(2, "0")}`;
}
