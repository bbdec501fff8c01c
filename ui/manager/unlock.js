// The PIN screens: choosing the first manager PIN, and unlocking with it — with the tries left
// after a wrong PIN, and a countdown while too many wrong PINs keep the screens locked.

import { call } from "../ipc.js";
import { $, busy } from "./dom.js";
import { setStatus, showError } from "./session.js";
import { sentence, waitUntil } from "./text.js";

let lockoutTimer = null;

export function setUpPinScreens() {
  $("choose-pin-form").addEventListener("submit", (event) => {
    event.preventDefault();
    choosePin();
  });
  $("unlock-form").addEventListener("submit", (event) => {
    event.preventDefault();
    unlock();
  });
  $("pin-keypad").addEventListener("click", (event) => {
    const key = event.target.closest("button")?.dataset.key;
    if (!key) return;
    const input = $("unlock-pin");
    if (key === "back") input.value = input.value.slice(0, -1);
    else if (key === "clear") input.value = "";
    else if (input.value.length < 12) input.value += key;
    input.focus();
  });
}

/** Fills the choose-PIN screen; `inSetup` when it is the setup's first step. */
export function showChoosePin(status) {
  $("choose-pin-lead").textContent = status.demo
    ? "The demo has its own manager PIN. Choose one to see the demo till's daily close, exports, settings and audit log."
    : "The PIN opens these screens: settings, the daily close, exports and the audit log. Cashiers should not know it.";
  $("choose-pin-message").textContent = "";
  setTimeout(() => $("choose-pin-new").focus(), 0);
}

async function choosePin() {
  const pin = $("choose-pin-new").value.trim();
  const again = $("choose-pin-again").value.trim();
  const message = $("choose-pin-message");
  if (!/^[0-9]{4,12}$/.test(pin)) {
    message.textContent = "A manager PIN is 4 to 12 digits (0-9), nothing else.";
    return;
  }
  if (pin !== again) {
    message.textContent = "The two PINs differ: type the same PIN twice.";
    $("choose-pin-again").value = "";
    $("choose-pin-again").focus();
    return;
  }
  const done = busy($("choose-pin-save"), "Setting the PIN…");
  try {
    const status = await call("set_first_pin", { pin });
    $("choose-pin-new").value = "";
    $("choose-pin-again").value = "";
    showError(null);
    setStatus(status);
  } catch (error) {
    message.textContent = sentence(error.message);
  } finally {
    done();
  }
}

/** Fills the unlock screen from the PIN's status: tries left, or the lockout's countdown. */
export function showUnlock(status) {
  clearInterval(lockoutTimer);
  const pin = status.pin;
  const message = $("unlock-message");
  if (pin.lockedUntil) {
    const tick = () => {
      const left = new Date(pin.lockedUntil).getTime() - Date.now();
      if (left <= 0) {
        clearInterval(lockoutTimer);
        lockedOut(false);
        message.textContent = "You can try again now.";
        return;
      }
      message.textContent = `Too many wrong PINs: the manager screens are locked. Try again in ${waitUntil(pin.lockedUntil)}.`;
    };
    lockedOut(true);
    tick();
    lockoutTimer = setInterval(tick, 1000);
  } else {
    lockedOut(false);
    message.textContent = pin.failedAttempts > 0
      ? `${pin.failedAttempts} wrong ${pin.failedAttempts === 1 ? "PIN" : "PINs"} so far: ${pin.attemptsLeft} ${pin.attemptsLeft === 1 ? "try" : "tries"} left before the screens lock.`
      : "";
  }
  setTimeout(() => $("unlock-pin").focus(), 0);
}

function lockedOut(locked) {
  $("unlock").disabled = locked;
  $("unlock-pin").disabled = locked;
  document.querySelector(".unlock-card").classList.toggle("locked-out", locked);
}

async function unlock() {
  const input = $("unlock-pin");
  const pin = input.value;
  const message = $("unlock-message");
  if (!pin.trim()) {
    message.textContent = "Type the manager PIN.";
    return;
  }
  const done = busy($("unlock"), "Checking…");
  try {
    const status = await call("unlock_manager", { pin, name: $("unlock-name").value.trim() || null });
    input.value = "";
    message.textContent = "";
    showError(null);
    done();
    setStatus(status);
  } catch (error) {
    done();
    input.value = "";
    if (error.code === "pin_locked" || error.code === "wrong_pin") {
      // The status carries the lockout's end, for the countdown.
      try {
        const status = await call("manager_status");
        setStatus(status);
      } catch {
        // The message below still says what happened.
      }
    }
    message.textContent = sentence(error.message);
    if (error.code === "wrong_pin") message.classList.add("shake");
    setTimeout(() => message.classList.remove("shake"), 400);
  }
}
