// Loaded by the cashier window (index.html): its "Manager" button and the first-run screen's
// "Set up this till" open the manager window; when the setup there opens the till, the cashier
// window starts over and is ready to take sales. Nothing else of the manager's runs here.

import { call, onEvent } from "../ipc.js";

async function openManager() {
  try {
    await call("open_manager_window");
  } catch (error) {
    console.error("the manager window cannot open", error);
  }
}

function cashierIsBusy() {
  const visible = (id) => {
    const screen = document.getElementById(id);
    return screen !== null && !screen.hidden;
  };
  return visible("sale-screen") || visible("payment-screen");
}

for (const button of document.querySelectorAll("[data-open-manager]")) {
  button.addEventListener("click", openManager);
}

// A till that opened after start-up: the first-run screen gives way to the sale screen.
onEvent("till-opened", () => {
  if (!cashierIsBusy()) window.location.reload();
});
