// The last ten sales under the Charge button: time, amount, state.

import { call } from "./ipc.js";
import { clockTime, money, stateShort } from "./format.js";

export async function refreshRecentSales(list) {
  const sales = await call("recent_sales");
  const rows = sales.map((sale) => {
    const item = document.createElement("li");
    item.className = `recent-row state-${sale.state}`;
    item.dataset.merchantOrderId = sale.merchantOrderId;
    item.append(
      cell("recent-time", clockTime(sale.createdAt)),
      cell("recent-amount", money(sale.orderAmount)),
      cell("recent-state", stateShort(sale.state)),
    );
    return item;
  });
  if (rows.length === 0) {
    const empty = document.createElement("li");
    empty.className = "recent-empty";
    empty.textContent = "No sales yet";
    rows.push(empty);
  }
  list.replaceChildren(...rows);
}

function cell(className, text) {
  const element = document.createElement("span");
  element.className = className;
  element.textContent = text;
  return element;
}
