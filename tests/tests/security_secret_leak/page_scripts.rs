//! What the secret-leak test runs inside each window of the app: a recorder of every IPC answer
//! and event the page gets, what a page holds beyond its markup, and a sweep of commands.

/// Every event the till sends its windows.
pub const EVENTS: [&str; 6] = [
    "sale-updated",
    "gateway-health",
    "counter-changed",
    "cashiers-changed",
    "till-opened",
    "export-progress",
];

/// Installed in every window: keeps every IPC answer (and error) and every event payload the
/// page receives, as text, in `window.__leakLog`. Tauri freezes `__TAURI_INTERNALS__`, but its IPC
/// answers come back through `fetch` on the `ipc:` protocol, looked up on every call: wrapping
/// `window.fetch` sees each answer as the page gets it. Events come through channels: the recorder
/// opens one of its own on every topic the window may hear (the app refuses the others).
pub const RECORDER: &str = r#"
const events = arguments[0];
if (window.__leakLog) return "already";
const original = window.fetch;
const wrapped = function (resource, init) {
  const url = String(resource?.url ?? resource);
  return original.call(this, resource, init).then((response) => {
    if (url.startsWith("ipc:") || url.includes("ipc.localhost")) {
      response.clone().text().then((text) => window.__leakLog?.push(`${url} ${text}`), () => {});
    }
    return response;
  });
};
try { window.fetch = wrapped; } catch (e) { /* reported below */ }
if (window.fetch !== wrapped) return "window.fetch cannot be wrapped";
window.__leakLog = [];
const internals = window.__TAURI_INTERNALS__;
for (const name of events) {
  const id = internals.transformCallback((message) => window.__leakLog.push(`event ${name} ${JSON.stringify(message)}`));
  internals.invoke("subscribe", { topic: name, channel: `__CHANNEL__:${id}` }).catch(() => {});
}
return "installed";
"#;

/// Hands over what the recorder kept since the last time, and starts a fresh list.
pub const HARVEST: &str = "const log = window.__leakLog ?? []; window.__leakLog = []; return log;";

/// What a page holds beyond its markup: the values of its fields (a typed secret stays in a
/// password field's value, which the page source does not show) and its web storage.
pub const PAGE_STATE: &str = r#"
const fields = Array.from(document.querySelectorAll("input, textarea, select"))
  .map((field) => `${field.id || field.name}=${field.value}`);
const storage = (store) => { try { return JSON.stringify({ ...store }); } catch (e) { return String(e); } };
return [...fields, `localStorage=${storage(window.localStorage)}`, `sessionStorage=${storage(window.sessionStorage)}`].join("\n");
"#;

/// Calls each `[command, args]` from this window and returns every answer or error as JSON text.
pub const SWEEP: &str = r#"
const done = arguments[arguments.length - 1];
const calls = arguments[0];
(async () => {
  const out = [];
  for (const [cmd, args] of calls) {
    try { out.push(JSON.stringify({ cmd, answer: await window.__TAURI_INTERNALS__.invoke(cmd, args) })); }
    catch (error) { out.push(JSON.stringify({ cmd, error })); }
  }
  done(out);
})();
"#;
