// The manager window: which screen the status calls for (setup, PIN, the manager screens), the
// top bar with who is unlocked and the Lock button, the tabs, and the lock that comes by itself
// after 10 minutes. The manager pass stays in Rust; this window only knows whether it is unlocked.

import { onEvent } from "../ipc.js";
import { $, showOnly } from "./dom.js";
import { act, refreshStatus, session, setStatus, showError } from "./session.js";
import { minutesSeconds } from "./text.js";
import { setUpPinScreens, showChoosePin, showUnlock } from "./unlock.js";
import { drawStepper, setUpWizard, showWizard, wizard } from "./setup.js";
import { setUpReport, showReportTab } from "./report.js";
import { setUpExport, showExportTab } from "./export.js";
import { setUpSettings, showSettingsTab } from "./settings.js";
import { setUpAudit, showAuditTab } from "./audit.js";
import { setUpSales, showSalesTab } from "./sales.js";
import { setUpCashiers, showCashiersTab } from "./cashiers.js";
import { setUpDiagnostics } from "./diagnostics.js";

const SCREENS = ["loading-screen", "welcome-screen", "choose-pin-screen", "unlock-screen", "wizard-screen", "office-screen"];
const TABS = {
  report: showReportTab, sales: showSalesTab, export: showExportTab, cashiers: showCashiersTab,
  settings: showSettingsTab, audit: showAuditTab,
};

const view = { screen: "loading-screen", tab: "report", timer: null };

function show(screen) {
  view.screen = screen;
  showOnly(SCREENS, screen);
  document.body.dataset.screen = screen.replace("-screen", "");
}

/** Shows what the status calls for. */
async function route() {
  const status = session.status;
  if (!status) return;
  drawTopBar(status);
  if (!status.pin.isSet) {
    if (status.setupNeeded && !wizard.started) {
      show("welcome-screen");
    } else {
      show("choose-pin-screen");
      const stepper = $("choose-pin-stepper");
      stepper.hidden = !status.setupNeeded;
      if (status.setupNeeded) drawStepper(stepper, "pin");
      showChoosePin(status);
    }
  } else if (!status.unlocked) {
    show("unlock-screen");
    showUnlock(status);
  } else if (status.setupNeeded || wizard.active) {
    show("wizard-screen");
    await showWizard();
  } else {
    show("office-screen");
    await openTab(view.tab);
  }
  document.body.dataset.ready = "true";
}

function drawTopBar(status) {
  document.querySelector('[data-testid="manager-demo-badge"]').hidden = !status.demo;
  document.body.classList.toggle("demo", status.demo);
  $("shop-name").textContent = status.shopName ?? "";
  $("session").hidden = !status.unlocked;
  clearInterval(view.timer);
  if (status.unlocked && status.locksAt) {
    const tick = () => {
      const left = (new Date(status.locksAt).getTime() - Date.now()) / 1000;
      if (left <= 0) {
        clearInterval(view.timer);
        refreshStatus().catch(showError);
        return;
      }
      $("session-who").textContent = `Unlocked as ${status.actor} · locks in ${minutesSeconds(left)}`;
    };
    tick();
    view.timer = setInterval(tick, 1000);
  }
}

async function openTab(tab) {
  view.tab = tab;
  for (const button of document.querySelectorAll(".tab")) {
    const current = button.dataset.tab === tab;
    button.classList.toggle("current", current);
    button.setAttribute("aria-selected", String(current));
  }
  for (const panel of document.querySelectorAll(".panel")) panel.hidden = panel.dataset.panel !== tab;
  showError(null);
  await TABS[tab](session.status);
}

async function lock() {
  try {
    setStatus(await act("lock_manager"));
  } catch (error) {
    showError(error);
  }
}

async function start() {
  session.onStatus = () => {
    route().catch(showError);
  };
  setUpPinScreens();
  setUpWizard({ reroute: () => route().catch(showError), onFinished: () => refreshStatus().catch(showError) });
  setUpReport();
  setUpExport();
  setUpSettings();
  setUpAudit();
  setUpSales();
  setUpCashiers();
  setUpDiagnostics();
  $("lock").addEventListener("click", lock);
  for (const button of document.querySelectorAll(".tab")) {
    button.addEventListener("click", () => openTab(button.dataset.tab).catch(showError));
  }
  // A till opened (setup done, or the demo started from the cashier screen): the status changed.
  await onEvent("till-opened", () => refreshStatus().catch(showError));
  try {
    await refreshStatus();
  } catch (error) {
    showError(error);
    document.body.dataset.ready = "true";
  }
}

start();
