// The payment-method tiles: fetched from the till for the amount typed (in the gateway's order),
// the first available one chosen unless the cashier picked another that still fits.

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

  /** Fetches the options for `amount` (debounced while typing). Resolves when they are shown. */
  refresh(amount, { debounce = 120 } = {}) {
    clearTimeout(this.timer);
    return new Promise((resolve) => {
      this.timer = setTimeout(() => this.load(amount).then(resolve), debounce);
    });
  }

  async load(amount) {
    const seq = ++this.requestSeq;
    try {
      const options = await call("method_options", { amount });
      if (seq !== this.requestSeq) return; // a newer amount was typed meanwhile
      this.options = options;
      this.onError(null);
    } catch (error) {
      if (seq !== this.requestSeq) return;
      this.options = [];
      this.onError(error);
    }
    this.amountTyped = amount !== "";
    this.loadedAmount = amount;
    this.select();
  }

  /** The chosen method, if it can take the amount. */
  selected() {
    return this.options.find((o) => key(o) === this.selectedKey && o.available) ?? null;
  }

  select() {
    const available = this.options.filter((o) => o.available);
    const chosen = available.find((o) => key(o) === this.chosenKey);
    this.selectedKey = chosen ? key(chosen) : available[0] ? key(available[0]) : null;
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
    if (this.options.length === 0) {
      const empty = document.createElement("p");
      empty.className = "methods-empty";
      empty.textContent = "No payment methods — the gateway offered none.";
      this.container.append(empty);
    }
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

function span(className, text) {
  const element = document.createElement("span");
  element.className = className;
  element.textContent = text;
  return element;
}
