// The payment-method tiles: fetched from the till for the amount typed (in the gateway's order,
// without the methods the shop hid), the shop's default method chosen when it fits, else the
// first available one, unless the cashier picked another that still fits.

import { call } from "./ipc.js";
import { confirmationTime } from "./format.js";

export class MethodPicker {
  /** @param {HTMLElement} container  @param {() => void} onChange  @param {(error) => void} onError */
  constructor(container, onChange, onError) {
    this.container = container;
    this.onChange = onChange;
    this.onError = onError;
    this.options = [];
    this.chosenKey = null; // what the cashier tapped; kept while it stays available
    this.defaultKey = null; // the shop's default-method setting
    this.selectedKey = null;
    this.requestSeq = 0;
    this.timer = null;
    this.loadedAmount = null; // the amount the tiles on screen were fetched for
    this.amountTyped = false;
    container.addEventListener("click", (event) => {
      const tile = event.target.closest("button[data-method]");
      if (!tile || tile.disabled) return;
      this.chosenKey = tile.dataset.method;
      this.select();
    });
  }

  /** Fetches the options for `amount` (debounced while typing). Resolves when they are shown.
   *  `answer`: method_options already asked for `amount`, if it was. */
  refresh(amount, { debounce = 120, answer } = {}) {
    clearTimeout(this.timer);
    // No timer when there is nothing to wait for: a timer lets the page paint the screen without
    // its tiles first, then again with them (30 ms more at start-up, BENCHMARKS.md #4).
    if (debounce === 0) return this.load(amount, answer);
    return new Promise((resolve) => {
      this.timer = setTimeout(() => this.load(amount, answer).then(resolve), debounce);
    });
  }

  async load(amount, answer) {
    const seq = ++this.requestSeq;
    // A slow gateway (retrying, or asked to wait) must not leave the tiles silently empty.
    const slow = setTimeout(() => {
      if (seq === this.requestSeq && this.options.length === 0) this.showNote("Asking the payment gateway for its payment methods…");
    }, 800);
    try {
      const options = await (answer ?? call("method_options", { amount }));
      if (seq !== this.requestSeq) return; // a newer amount was typed meanwhile
      this.options = options;
      this.failed = false;
      this.onError(null);
    } catch (error) {
      if (seq !== this.requestSeq) return;
      this.options = [];
      this.failed = true;
      this.onError(error);
    }
    clearTimeout(slow);
    this.amountTyped = amount !== "";
    this.loadedAmount = amount;
    this.select();
  }

  /** The shop's default method ({currency, network}), chosen first when it fits. */
  setDefault(method) {
    this.defaultKey = method ? key(method) : null;
  }

  /** A new sale: the cashier's pick from the last one no longer applies. */
  reset() {
    this.chosenKey = null;
  }

  /** The chosen method, if it can take the amount. */
  selected() {
    return this.options.find((o) => key(o) === this.selectedKey && o.available) ?? null;
  }

  select() {
    const available = this.options.filter((o) => o.available);
    const chosen =
      available.find((o) => key(o) === this.chosenKey) ??
      available.find((o) => sameKey(key(o), this.defaultKey)) ??
      available[0];
    this.selectedKey = chosen ? key(chosen) : null;
    this.render();
    this.onChange();
  }

  render() {
    const existing = [...this.container.querySelectorAll("button[data-method]")];
    const sameTiles = existing.length === this.options.length && existing.every((b, i) => b.dataset.method === key(this.options[i]));
    if (sameTiles && existing.length > 0) {
      // Update in place: a tile the cashier (or a test) is about to press stays the same element.
      this.options.forEach((option, i) => this.fill(existing[i], option));
      return;
    }
    const tiles = this.options.map((option) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "method";
      button.dataset.method = key(option);
      button.dataset.testid = `method-${option.currency}-${option.network}`;
      button.setAttribute("role", "radio");
      this.fill(button, option);
      return button;
    });
    this.container.replaceChildren(...tiles);
    if (this.options.length === 0) this.showNote(this.failed ? "No payment methods — the gateway did not answer." : "No payment methods — the gateway offered none.");
  }

  showNote(text) {
    const note = document.createElement("p");
    note.className = "methods-empty";
    note.textContent = text;
    this.container.replaceChildren(note);
  }

  /** Sets a tile's state and text for `option`. */
  fill(button, option) {
    const selected = key(option) === this.selectedKey;
    button.setAttribute("aria-checked", String(selected));
    button.classList.toggle("selected", selected);
    button.classList.toggle("waiting", !this.amountTyped);
    button.disabled = !option.available;
    button.title = option.available ? option.label : `${option.label}: ${option.reason ?? "not available"}`;
    button.setAttribute("aria-label", button.title);

    const currency = span("method-currency", option.currency);
    const network = span("method-network", option.networkDisplayName);
    const detail = option.available || !this.amountTyped
      ? span("method-detail", confirmationTime(option.estimatedConfirmationTimeSec))
      : span("method-reason", shortReason(option));
    button.replaceChildren(currency, network, detail);
  }
}

function shortReason(option) {
  const reason = option.reason ?? "Not available";
  const suffix = ` ${option.currency}`;
  return reason.endsWith(suffix) ? reason.slice(0, -suffix.length) : reason;
}

function key(option) {
  return `${option.currency}-${option.network}`;
}

function sameKey(a, b) {
  return a != null && b != null && a.toLowerCase() === b.toLowerCase();
}

function span(className, text) {
  const element = document.createElement("span");
  element.className = className;
  element.textContent = text;
  return element;
}
