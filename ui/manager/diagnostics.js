// "Copy diagnostics" in the top bar: the text `stabletill doctor` prints (version, settings
// without the secret, checks, last log lines) goes to the clipboard for support, and the bar
// says "Copied". Works on the PIN screen too: a manager locked out may need support most.

import { call } from "../ipc.js";
import { $, busy } from "./dom.js";
import { sentence } from "./text.js";

export function setUpDiagnostics() {
  $("copy-diagnostics").addEventListener("click", copy);
}

async function copy() {
  const note = $("diagnostics-copied");
  const done = busy($("copy-diagnostics"), "Collecting…");
  note.hidden = true;
  try {
    const text = await call("diagnostics");
    await toClipboard(text);
    note.classList.remove("bad");
    note.textContent = `Copied (${text.split("\n").length} lines) — paste it into your message to support`;
    note.dataset.length = String(text.length);
  } catch (error) {
    note.classList.add("bad");
    note.textContent = `Not copied: ${sentence(error?.message ?? String(error))}`;
  } finally {
    note.hidden = false;
    done();
    clearTimeout(copy.timer);
    copy.timer = setTimeout(() => { note.hidden = true; }, 8000);
  }
}

/** The webview's clipboard; where it is refused, the older copy command on a hidden text box. */
async function toClipboard(text) {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return;
    }
  } catch {
    // Falls through to the copy command below.
  }
  const box = document.createElement("textarea");
  box.value = text;
  box.setAttribute("readonly", "");
  box.style.position = "fixed";
  box.style.opacity = "0";
  document.body.append(box);
  box.select();
  const copied = document.execCommand("copy");
  box.remove();
  if (!copied) throw { message: "the clipboard cannot be used here; run `stabletill doctor` in a terminal instead" };
}
