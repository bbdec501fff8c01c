// One sale in full, opened from the recent-sales list: amounts, ids, state, exceptions, times;
// and its receipt printed again.

import { dateTime, exceptionWords, groupAddress, money, networkName, stateWords } from "./format.js";
import { printReceipt } from "./receipt.js";

const $ = (id) => document.getElementById(id);

export class SaleDetails {
  /** @param {() => string} shopName */
  constructor(shopName) {
    this.shopName = shopName;
    this.sale = null;
    $("close-details").addEventListener("click", () => this.close());
    $("print-receipt").addEventListener("click", () => this.sale && printReceipt(this.sale, this.shopName()));
    $("sale-details").addEventListener("click", (event) => {
      if (event.target === $("sale-details")) this.close(); // a tap beside the card closes it
    });
  }

  isOpen() {
    return !$("sale-details").hidden;
  }

  open(sale) {
    this.sale = sale;
    const root = $("sale-details");
    root.dataset.state = sale.state;
    $("details-state").textContent = stateWords(sale.state);
    $("details-status").textContent = sale.status ? `Gateway status ${sale.status}` : "No answer from the gateway yet";
    const exceptions = (sale.exceptions ?? []).map(exceptionWords);
    if (sale.reason) exceptions.push(sale.reason);
    $("details-exceptions").textContent = exceptions.join(" · ");
    $("details-exceptions").hidden = exceptions.length === 0;
    const rows = [
      ["Sale amount", money(sale.orderAmount)],
      ["Customer to send", money(sale.cryptoPaymentAmount)],
      ["Received", sale.cryptoPaidAmount ? money(sale.cryptoPaidAmount) : "nothing yet"],
      ["Network", networkName(sale)],
      ["Deposit address", groupAddress(sale.depositAddress), "code"],
      ["Order ID", sale.merchantOrderId, "code"],
      ["Gateway order ID", sale.acquiringOrderId ?? "—", "code"],
      ["Started", dateTime(sale.createdAt)],
      ["Expires", dateTime(sale.expiresAt)],
      ["Finished", sale.finishedAt ? dateTime(sale.finishedAt) : "not yet"],
    ];
    const cells = rows.flatMap(([label, value, kind]) => {
      const term = document.createElement("dt");
      term.textContent = label;
      const data = document.createElement("dd");
      data.textContent = value || "—";
      if (kind === "code") data.className = "code";
      return [term, data];
    });
    $("details-list").replaceChildren(...cells);
    root.hidden = false;
    $("close-details").focus();
  }

  close() {
    $("sale-details").hidden = true;
    this.sale = null;
  }
}
