// The manager window's shared state: the latest manager_status, the error banner, and `act`,
// which runs a manager command and sends the window back to the PIN screen when the manager
// screens have locked (by hand, after 10 minutes, or in another way).

import { call } from "../ipc.js";
import { errorText } from "./text.js";

export const session = {
  /** The latest answer of manager_status. */
  status: null,
  /** Called with the new status whenever it changes. */
  onStatus: () => {},
};

/** Asks the Rust side where things stand, and lets the window follow. */
export async function refreshStatus() {
  setStatus(await call("manager_status"));
  return session.status;
}

export function setStatus(status) {
  session.status = status;
  session.onStatus(status);
}

/** A manager command. On `pin_required` the window goes back to the PIN screen. */
export async function act(command, args = {}) {
  try {
    return await call(command, args);
  } catch (error) {
    if (error?.code === "pin_required") {
      await refreshStatus().catch(() => {});
    }
    throw error;
  }
}

/** The red banner under the top bar; null hides it. */
export function showError(error) {
  const banner = document.querySelector('[data-testid="manager-error"]');
  banner.textContent = error ? errorText(error) : "";
  banner.hidden = !error;
}
