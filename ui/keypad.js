// The amount the cashier types, from the on-screen keypad or the physical keyboard.
// Holds only the text; what the amount can be charged with is methods.js's business.

import { fitWidth } from "./fit.js";

const MAX_WHOLE_DIGITS = 7;
const MAX_DECIMALS = 2;

export class AmountEntry {
  /** @param {HTMLElement} display  @param {HTMLElement} keypad  @param {(text: string) => void} onChange */
  constructor(display, keypad, onChange) {
    this.display = display;
    this.text = "";
    this.onChange = onChange;
    keypad.addEventListener("click", (event) => {
      const key = event.target.closest("[data-key]")?.dataset.key;
      if (key) this.press(key);
    });
    this.render();
  }

  /** One key: a digit, ".", or "back". */
  press(key) {
    const next = nextText(this.text, key);
    if (next === this.text) return;
    this.text = next;
    this.render();
    this.onChange(this.text);
  }

  clear() {
    if (this.text === "") return;
    this.text = "";
    this.render();
    this.onChange(this.text);
  }

  /** The amount to send to the till: "12." reads as "12"; empty when nothing is typed. */
  amount() {
    return this.text.endsWith(".") ? this.text.slice(0, -1) : this.text;
  }

  /** True when the typed amount is more than zero. */
  isPositive() {
    return Number(this.amount()) > 0;
  }

  render() {
    this.display.textContent = this.text;
    fitWidth(this.display, 72);
  }
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

