// The time the customer has left to pay, as mm:ss, until the order's expiresAt.

import { minutesSeconds } from "./format.js";

const URGENT_MS = 60_000;

export class Countdown {
  /** @param {HTMLElement} element  @param {HTMLElement} label */
  constructor(element, label, onTimeUp = () => {}) {
    this.onTimeUp = onTimeUp;
    this.element = element;
    this.label = label;
    this.timer = null;
    this.expiresAt = null;
  }

  /** Counts down to `rfc3339` (shows --:-- when the gateway gave no expiry). */
  start(rfc3339) {
    this.stop();
    const time = Date.parse(rfc3339 ?? "");
    this.expiresAt = Number.isNaN(time) ? null : time;
    this.label.textContent = "Time left";
    this.tick();
    this.timer = setInterval(() => this.tick(), 250);
  }

  /** Stops counting (the sale is over at the counter), optionally showing `text` under `label`. */
  stop(label, text) {
    clearInterval(this.timer);
    this.timer = null;
    this.element.classList.remove("urgent");
    if (label) this.label.textContent = label;
    if (text) this.element.textContent = text;
  }

  tick() {
    if (this.expiresAt === null) {
      this.element.textContent = "--:--";
      return;
    }
    const left = this.expiresAt - Date.now();
    this.element.textContent = minutesSeconds(left);
    this.element.classList.toggle("urgent", left < URGENT_MS);
    if (left <= 0 && this.label.textContent !== "Time is up") {
      this.label.textContent = "Time is up";
      this.onTimeUp();
    }
  }
}
