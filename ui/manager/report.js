// The daily close (Z-report) of one business day: totals per currency and network by state,
// the exceptions one by one, first and last sale, each cashier, and the chart. Every name in it
// (networks, order ids, cashiers, reasons) is set as text. Printable: manager.css has a print sheet.

import { $, el } from "./dom.js";
import { act, showError } from "./session.js";
import { addDays, exceptionName, longDay, money, stateName } from "./text.js";

const STATES = ["paid", "failed", "expired", "cancelled", "void", "open"];

export function setUpReport() {
  $("report-show").addEventListener("click", () => load());
  $("report-day").addEventListener("change", () => load());
  $("report-prev").addEventListener("click", () => move(-1));
  $("report-next").addEventListener("click", () => move(1));
  $("report-today").addEventListener("click", () => {
    $("report-day").value = "";
    load();
  });
  $("report-print").addEventListener("click", () => window.print());
}

export async function showReportTab() {
  await load();
}

function move(days) {
  const day = $("report-day").value;
  if (!day) return;
  $("report-day").value = addDays(day, days);
  load();
}

async function load() {
  const day = $("report-day").value || null;
  const button = $("report-show");
  button.disabled = true;
  try {
    const report = await act("day_report", { day });
    $("report-day").value = report.day;
    draw(report);
    showError(null);
  } catch (error) {
    showError(error);
  } finally {
    button.disabled = false;
  }
}

function draw(report) {
  $("report").hidden = false;
  $("report").dataset.day = report.day;
  $("report-title").textContent = `Daily close · ${longDay(report.day)}`;
  $("report-period").textContent =
    `${report.local.from} to ${report.local.until} · ${report.timeZone} · the business day starts at ${report.dayCutoff}`;
  $("report-shop").replaceChildren(
    el("div", { className: "report-shop-name", text: report.shopName ?? "StableTill" }),
    el("div", { text: `Till ${report.tillId}` }),
  );
  drawSummary(report);
  drawTotals(report);
  drawExceptions(report);
  $("report-chart").src = report.chart;
  drawCashiers(report);
}

function card(label, value, testid, extraClass = "", unit = "") {
  return el("div", { className: `report-card ${extraClass}` },
    el("div", { className: "card-label", text: label }),
    el("div", { className: "card-value", attrs: testid ? { "data-testid": testid } : {} },
      el("span", { text: value }), unit ? el("span", { className: "card-unit", text: ` ${unit}` }) : null));
}

function drawSummary(report) {
  const currencies = Object.entries(report.currencies);
  const takings = currencies.length
    ? currencies.map(([currency, totals]) => card("Takings", money(totals.paid), `takings-${currency}`, "takings", currency))
    : [card("Takings", "0", "takings-none", "takings")];
  const stat = (label, value, testid, extraClass = "") =>
    el("div", { className: `report-stat ${extraClass}` },
      el("dt", { text: label }), el("dd", { text: value, attrs: testid ? { "data-testid": testid } : {} }));
  $("report-summary").replaceChildren(
    el("div", { className: "report-cards" }, ...takings),
    el("dl", { className: "report-stats" },
      stat("Sales", String(report.count), "report-count"),
      stat("First sale", report.local.firstSale ?? "–"),
      stat("Last sale", report.local.lastSale ?? "–"),
      stat("Exceptions", String(report.exceptions.length), "report-exception-total", report.exceptions.length ? "attention" : "")),
  );
}

function drawTotals(report) {
  const blocks = Object.entries(report.currencies).map(([currency, totals]) => {
    const stateRows = STATES.filter((state) => totals.states[state].count > 0).map((state) => {
      const line = totals.states[state];
      return el("tr", { className: `state-${state}` },
        el("th", { text: stateName(state), attrs: { scope: "row" } }),
        el("td", { className: "num", text: String(line.count) }),
        el("td", { className: "num", text: money(line.orderAmount) }),
        el("td", { className: "num", text: money(line.cryptoDue) }),
        el("td", { className: "num", text: money(line.cryptoPaid) }));
    });
    const byState = el("table", { className: "grid totals", attrs: { "data-testid": `totals-${currency}` } },
      el("thead", {}, el("tr", {},
        el("th", { text: "State" }), el("th", { className: "num", text: "Sales" }),
        el("th", { className: "num", text: `Order amount (${currency})` }),
        el("th", { className: "num", text: "Crypto due" }), el("th", { className: "num", text: "Crypto received" }))),
      el("tbody", {}, ...stateRows));

    const networkRows = Object.entries(totals.networks).map(([network, line]) =>
      el("tr", {},
        el("th", { text: network, attrs: { scope: "row" } }),
        el("td", { className: "num", text: String(line.count) }),
        ...STATES.map((state) => el("td", { className: "num muted-zero", text: String(line.states[state].count) })),
        el("td", { className: "num strong", text: money(line.paid) })));
    const byNetwork = el("table", { className: "grid networks" },
      el("thead", {}, el("tr", {},
        el("th", { text: "Network" }), el("th", { className: "num", text: "Sales" }),
        ...STATES.map((state) => el("th", { className: "num", text: stateName(state) })),
        el("th", { className: "num", text: "Takings" }))),
      el("tbody", {}, ...networkRows));

    return el("div", { className: "currency-block" },
      el("h3", {}, el("span", { text: currency }),
        el("span", { className: "currency-takings", text: ` · takings ${money(totals.paid, currency)} · ${totals.states.paid.count} of ${totals.count} sales paid` })),
      byState, el("h4", { text: "By network" }), byNetwork);
  });
  $("report-totals").replaceChildren(...(blocks.length ? blocks : [el("p", { className: "empty-note", text: "No sales on this business day." })]));
}

function drawExceptions(report) {
  $("report-exception-count").textContent = report.exceptions.length ? `(${report.exceptions.length})` : "";
  const items = report.exceptions.map((line, i) => {
    const crypto = line.cryptoCurrency ?? line.currency;
    const detail = line.kind === "void"
      ? `Reason: ${line.reason ?? "none recorded"}`
      : `Due ${money(line.cryptoDue, crypto)}, received ${money(line.cryptoPaid, crypto)}` +
        (line.difference != null ? ` (${line.difference.startsWith("-") ? "" : "+"}${money(line.difference)})` : "");
    return el("li", { className: `exception kind-${line.kind}`, attrs: { "data-testid": "report-exception" } },
      el("span", { className: "exception-kind", text: exceptionName(line.kind) }),
      el("span", { className: "exception-time", text: report.local.exceptions[i] ?? "" }),
      el("span", { className: "exception-amount", text: money(line.orderAmount, line.currency) }),
      el("span", { className: "exception-id", text: line.merchantOrderId }),
      el("span", { className: "exception-detail", text: `${detail} · now ${stateName(line.state)}${line.cashier ? ` · cashier ${line.cashier}` : ""}` }));
  });
  $("report-exceptions").replaceChildren(...(items.length ? items : [el("li", { className: "none", text: "None: nothing to settle." })]));
}

function drawCashiers(report) {
  const rows = report.cashiers.map((line) =>
    el("tr", {},
      el("th", { text: line.cashier ?? "(no name)", attrs: { scope: "row" } }),
      el("td", { className: "num", text: String(line.count) }),
      el("td", { className: "num", text: String(line.paidCount) }),
      el("td", { className: "num", text: Object.entries(line.paid).map(([c, a]) => money(a, c)).join(", ") || "–" })));
  $("report-cashiers").replaceChildren(
    el("thead", {}, el("tr", {},
      el("th", { text: "Cashier" }), el("th", { className: "num", text: "Sales" }),
      el("th", { className: "num", text: "Paid" }), el("th", { className: "num", text: "Takings" }))),
    el("tbody", {}, ...(rows.length ? rows : [el("tr", {}, el("td", { text: "No sales.", attrs: { colspan: "4" } }))])),
  );
}
