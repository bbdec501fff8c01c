// The audit log: who did what at this till, and when (on the shop's clock), newest first.

import { $, el } from "./dom.js";
import { act, showError } from "./session.js";
import { actionName } from "./text.js";

export function setUpAudit() {
  $("audit-refresh").addEventListener("click", () => showAuditTab());
}

export async function showAuditTab() {
  try {
    const rows = await act("audit_log", { limit: 300 });
    draw(rows);
  } catch (error) {
    showError(error);
  }
}

function draw(rows) {
  const body = rows.map((row) =>
    el("tr", { className: `action-${row.action}` },
      el("td", { className: "when", text: row.local, title: row.at }),
      el("td", { className: "who", text: row.actor }),
      el("td", { className: "what" }, el("span", { className: "action", text: actionName(row.action) })),
      el("td", { className: "detail", text: row.detail })));
  $("audit-log").replaceChildren(
    el("thead", {}, el("tr", {}, el("th", { text: "When" }), el("th", { text: "Who" }), el("th", { text: "What" }), el("th", { text: "Details" }))),
    el("tbody", {}, ...(body.length ? body : [el("tr", {}, el("td", { text: "Nothing recorded yet.", attrs: { colspan: "4" } }))])),
  );
}
