// The amount the cashier rings up, from the on-screen keypad or the physical keyboard: the item
// being typed, the items already added with "+", and their total. The total is added up in Rust
// (`add_amounts`, exact decimals): JavaScript numbers are floats and never touch money here.
// What the amount can be charged with is methods.js's business.

import { call } from "./ipc.js";
import { fitWidth, scaled } from "./fit.js";

const MAX_WHOLE_DIGITS = 7;
const MAX_DECIMALS = 2;
const MAX_ITEMS = 30;

export class AmountEntry {
  /**
   * @param {{ display: HTMLElement, items: HTMLElement, keypad: HTMLElement }} elements
   * @param {(amount: string) => void} onChange  the amount to charge changed (after the total is known)
   * @param {(error) => void} onError
   */
  constructor({ display, items, keypad }, onChange, onError) {
    this.display = display;
    this.itemsLine = items;
    this.text = ""; // the item being typed
    this.items = []; // items added with "+", as typed ("12.50", "3")
    this.total = ""; // what `amount` shows and Charge charges
    this.totalSeq = 0;
    this.pending = Promise.resolve();
    this.onChange = onChange;
    this.onError = onError;
    keypad.addEventListener("click", (event) => {
      const key = event.target.closest("[data-key]")?.dataset.key;
      if (key) this.press(key);
    });
    this.render();
  }

  /** One key: a digit, ".", "back", "plus" or "clear". */
  press(key) {
    if (key === "plus") return this.addItem();
    if (key === "clear") return this.clear();
    if (key === "back" && this.text === "" && this.items.length > 0) {
      // Backspace past the start of an item reopens the one before it.
      this.text = this.items.pop();
      return this.changed();
    }
    const next = nextText(this.text, key);
    if (next === this.text) return;
    this.text = next;
    this.changed();
  }

  /** "+": the typed item joins the list; the next one starts empty. */
  addItem() {
    const item = trimDot(this.text);
    if (!isPositive(item) || this.items.length >= MAX_ITEMS) return;
    this.items.push(item);
    this.text = "";
    this.changed();
  }

  clear() {
    if (this.text === "" && this.items.length === 0) return;
    this.text = "";
    this.items = [];
    this.changed();
  }

  /** The amount to charge: the typed amount, or the exact total of the items. Empty: nothing yet. */
  amount() {
    return this.total;
  }

  /** Resolves once the total on screen is the total of what was typed. */
  settled() {
    return this.pending;
  }

  /** True when the amount to charge is more than zero (decided on the digits, not a float). */
  isPositive() {
    return isPositive(this.total);
  }

  hasItems() {
    return this.items.length > 0;
  }

  changed() {
    const parts = isPositive(trimDot(this.text)) ? [...this.items, trimDot(this.text)] : [...this.items];
    const seq = ++this.totalSeq;
    if (this.items.length === 0) {
      // One amount: shown exactly as typed, "12." included, charged without the dot.
      this.total = trimDot(this.text);
      this.render(this.text);
      this.pending = Promise.resolve();
      this.onChange(this.total);
      return;
    }
    this.render(this.total);
    this.pending = call("add_amounts", { items: parts })
      .then((total) => {
        if (seq !== this.totalSeq) return;
        this.total = total;
        this.onError(null);
        this.render(total);
        this.onChange(total);
      })
      .catch((error) => {
        if (seq !== this.totalSeq) return;
        this.onError(error);
      });
  }

  render(shown = "") {
    this.display.textContent = shown;
    fitWidth(this.display, scaled(72, 96));
    const line = this.itemsLine;
    if (this.items.length === 0) {
      line.textContent = "";
      line.hidden = true;
      return;
    }
    line.hidden = false;
    const typing = this.text === "" ? "" : ` + ${this.text}`;
    line.textContent = `${this.items.join(" + ")}${typing}${this.text === "" ? " +" : ""}`;
    line.title = line.textContent;
    // The newest items matter most: keep the end of a long list in view.
    line.scrollLeft = line.scrollWidth;
  }
}

function trimDot(text) {
  return text.endsWith(".") ? text.slice(0, -1) : text;
}

/** True when the decimal text has a non-zero digit: "0.00" is not, "0.01" is. */
function isPositive(text) {
  return /^[0-9]+(\.[0-9]+)?$/.test(text) && /[1-9]/.test(text);
}

function nextText(text, key) {
  if (key === "back") return text.slice(0, -1);
  const [whole, fraction] = text.split(".");
  if (key === ".") {
    if (text.includes(".")) return text;
    return text === "" ? "0." : `${text}.`;
  }
  if (!/^[0-9]$/.test(key)) return text;
  if (fraction !== undefined) {
    return fraction.length >= MAX_DECIMALS ? text : text + key;
  }
  if (whole === "0") return key; // "0" then "5" is "5", not "05"
  if (whole.length >= MAX_WHOLE_DIGITS) return text;
  return text + key;
}
