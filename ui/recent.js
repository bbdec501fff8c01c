// The last ten sales beside the keypad: time, amount, state. The newest one leads, larger, so
// "did the last one go through?" is answered at a glance; a tap opens a sale's details.

import { call } from "./ipc.js";
import { clockTime, money, stateShort } from "./format.js";

export class RecentSales {
  /** @param {HTMLElement} list  @param {(sale) => void} onOpen */
  constructor(list, onOpen) {
    this.list = list;
    this.sales = [];
    list.addEventListener("click", (event) => {
      const id = event.target.closest("button[data-merchant-order-id]")?.dataset.merchantOrderId;
      const sale = this.sales.find((s) => s.merchantOrderId === id);
      if (sale) onOpen(sale);
    });
  }

  /** Shows the latest sales; `answer` is recent_sales already asked for, if it was. */
  async refresh(answer = call("recent_sales")) {
    this.sales = await answer;
    const rows = this.sales.map((sale, index) => {
      const item = document.createElement("li");
      item.className = `recent-row state-${sale.state}${index === 0 ? " latest" : ""}`;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "recent-button";
      button.dataset.merchantOrderId = sale.merchantOrderId;
      button.dataset.testid = "recent-sale";
      const flagged = (sale.exceptions ?? []).length > 0;
      if (index === 0) button.append(cell("recent-label", "Last sale"));
      button.append(
        cell("recent-time", clockTime(sale.createdAt)),
        cell("recent-amount", money(sale.orderAmount)),
        cell("recent-state", `${stateShort(sale.state)}${flagged ? " ⚠" : ""}`),
      );
      button.setAttribute("aria-label", `${index === 0 ? "Last sale: " : ""}${money(sale.orderAmount)}, ${stateShort(sale.state)}, ${clockTime(sale.createdAt)}`);
      item.append(button);
      return item;
    });
    if (rows.length === 0) {
      const empty = document.createElement("li");
      empty.className = "recent-empty";
      empty.textContent = "No sales yet";
      rows.push(empty);
    }
    this.list.replaceChildren(...rows);
  }

  /** The newest version of a listed sale, if it is listed. */
  find(merchantOrderId) {
    return this.sales.find((s) => s.merchantOrderId === merchantOrderId) ?? null;
  }
}

function cell(className, text) {
  const element = document.createElement("span");
  element.className = className;
  element.textContent = text;
  return element;
}
