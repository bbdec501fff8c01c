// Exporting a day or a range of business days to CSV or XLSX. The Rust side opens the native
// save dialog (the window never names a path); while the file is written the screen shows how
// long it has taken, and afterwards how many sales went into which file.

import { onEvent } from "../ipc.js";
import { $, el } from "./dom.js";
import { act, session, showError } from "./session.js";
import { addDays, money } from "./text.js";

const state = { running: false, started: 0, timer: null, stage: "" };

export function setUpExport() {
  $("export-form").addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  $("quick-ranges").addEventListener("click", (event) => {
    const range = event.target.closest("button")?.dataset.range;
    if (range) pick(range);
  });
  onEvent("export-progress", (progress) => {
    if (state.running && progress?.stage === "writing") {
      state.stage = "Writing the export";
      state.started = Date.now();
      tick();
    }
  });
}

export async function showExportTab(status) {
  if (!$("export-first-day").value) pick("today", status);
}

function today(status = session.status) {
  return status?.today ?? new Date().toISOString().slice(0, 10);
}

function pick(range, status) {
  const now = today(status);
  const [y, m] = now.split("-").map(Number);
  const monthStart = `${now.slice(0, 8)}01`;
  const ranges = {
    today: [now, now],
    yesterday: [addDays(now, -1), addDays(now, -1)],
    week: [addDays(now, -6), now],
    month: [monthStart, now],
    "last-month": [
      new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 10),
      addDays(monthStart, -1),
    ],
  };
  const [first, last] = ranges[range];
  $("export-first-day").value = first;
  $("export-last-day").value = last;
  for (const chip of document.querySelectorAll("#quick-ranges .chip")) {
    chip.classList.toggle("current", chip.dataset.range === range);
  }
}

function tick() {
  const seconds = Math.floor((Date.now() - state.started) / 1000);
  $("export-busy").textContent = state.stage === "Writing the export" ? `${state.stage}… ${seconds} s` : `${state.stage}…`;
}

async function run() {
  if (state.running) return;
  const firstDay = $("export-first-day").value;
  const lastDay = $("export-last-day").value;
  const format = document.querySelector('input[name="format"]:checked')?.value ?? "csv";
  if (!firstDay || !lastDay) {
    showError({ code: "invalid_setting", message: "pick the first and the last business day" });
    return;
  }
  state.running = true;
  state.stage = "Choose where to save the file";
  state.started = Date.now();
  $("export-start").disabled = true;
  $("export-busy").hidden = false;
  $("export-result").hidden = true;
  document.body.classList.add("exporting");
  tick();
  state.timer = setInterval(tick, 500);
  try {
    const done = await act("export_sales", { firstDay, lastDay, format });
    showError(null);
    showResult(done, firstDay, lastDay);
  } catch (error) {
    showError(error);
  } finally {
    clearInterval(state.timer);
    state.running = false;
    $("export-start").disabled = false;
    $("export-busy").hidden = true;
    document.body.classList.remove("exporting");
  }
}

function showResult(done, firstDay, lastDay) {
  const box = $("export-result");
  box.hidden = false;
  if (done.cancelled) {
    box.className = "export-result cancelled";
    box.replaceChildren(el("p", { text: "Nothing was exported: no file was chosen." }));
    return;
  }
  const days = firstDay === lastDay ? firstDay : `${firstDay} to ${lastDay}`;
  const seconds = (done.elapsedMs / 1000).toFixed(1);
  const totals = Object.entries(done.totals).map(([currency, line]) =>
    el("li", { text: `${currency}: ${line.count} sales, takings ${money(line.paid, currency)}` }));
  box.className = "export-result ok";
  box.replaceChildren(
    el("p", { className: "result-headline", attrs: { "data-testid": "export-rows" }, text: `✓ ${done.rows} ${done.rows === 1 ? "sale" : "sales"} of ${days} exported as ${done.format.toUpperCase()} in ${seconds} s` }),
    el("p", { className: "result-path", attrs: { "data-testid": "export-path" }, text: done.path }),
    totals.length ? el("ul", { className: "result-totals" }, ...totals) : el("p", { className: "hint", text: "No sales in these days: the file has the header row only." }),
  );
}
