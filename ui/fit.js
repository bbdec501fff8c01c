// Big numbers must never be cut off: shrink an element's font (through the CSSOM, which the CSP
// allows) until its text fits its box.

const SMALLEST_FONT_PX = 28;

/** Starts at `largest` px and steps down until the text fits (or the smallest size is reached). */
export function fitWidth(element, largest) {
  let size = largest;
  element.style.fontSize = `${size}px`;
  while (element.scrollWidth > element.clientWidth && size > SMALLEST_FONT_PX) {
    size -= 4;
    element.style.fontSize = `${size}px`;
  }
}

/** `large` on a big screen (1920x1080 and the like, as the stylesheet's large-screen rules), else `small`. */
export function scaled(small, large) {
  return window.innerWidth >= 1600 && window.innerHeight >= 950 ? large : small;
}
