// The receipt, laid out for 80 mm thermal paper by the print stylesheet (styles.css, @media
// print) and printed through the webview's own print dialog. Filled with textContent only.

import { dateTime, money, networkName, stateShort } from "./format.js";

const $ = (id) => document.getElementById(id);

/** Fills the receipt with `sale` and opens the print dialog. */
export function printReceipt(sale, shopName) {
  fillReceipt(sale, shopName);
  // Let the receipt lay out before the print snapshot is taken.
  requestAnimationFrame(() => window.print());
}

export function fillReceipt(sale, shopName) {
  $("receipt-shop").textContent = shopName || "StableTill";
  $("receipt-time").textContent = dateTime(sale.finishedAt ?? sale.createdAt);
  const rows = [
    ["Sale", money(sale.orderAmount)],
    [sale.state === "paid" ? "Paid" : "Due", money(sale.cryptoPaidAmount ?? sale.cryptoPaymentAmount)],
    ["Network", networkName(sale)],
    ["State", stateShort(sale.state).toUpperCase()],
    ["Order", sale.merchantOrderId],
    ["Gateway order", sale.acquiringOrderId ?? ""],
  ];
  const lines = rows
    .filter(([, value]) => value)
    .map(([label, value]) => {
      const row = document.createElement("div");
      row.className = /order/i.test(label) ? "receipt-row receipt-id" : "receipt-row";
      const name = document.createElement("span");
      name.textContent = label;
      const text = document.createElement("span");
      text.textContent = value;
      row.append(name, text);
      return row;
    });
  $("receipt-lines").replaceChildren(...lines);
  $("receipt-foot").textContent = sale.state === "paid" ? "Paid with stablecoin — thank you!" : "NOT PAID — this is not a proof of payment";
}
