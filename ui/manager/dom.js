// Building the manager screens: elements are made with their text set as text, never as HTML,
// so a name that came from the gateway or the sales log can never become markup.

export const $ = (id) => document.getElementById(id);

/**
 * el("td", { className: "num", text: "12.50" }, child, …): an element with its class, text,
 * data-* attributes (dataset) and children.
 */
export function el(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  if (props.className) element.className = props.className;
  if (props.text !== undefined && props.text !== null) element.textContent = String(props.text);
  if (props.title) element.title = props.title;
  for (const [key, value] of Object.entries(props.dataset ?? {})) element.dataset[key] = value;
  for (const [key, value] of Object.entries(props.attrs ?? {})) element.setAttribute(key, value);
  element.append(...children.filter((child) => child !== null && child !== undefined && child !== false));
  return element;
}

/** Shows one element of a set, by id. */
export function showOnly(ids, shown) {
  for (const id of ids) $(id).hidden = id !== shown;
}

/** Puts a button in its busy state (disabled, with `text`) and returns a function that restores it. */
export function busy(button, text) {
  const before = button.textContent;
  button.disabled = true;
  if (text) button.textContent = text;
  return () => {
    button.disabled = false;
    button.textContent = before;
  };
}
