// The bridge to the Rust side: every command goes through `call`, and every failure comes back
// as one shape, { code, message }, whatever went wrong.

import { invoke, isTauri } from "./vendor/tauri-api/core.js";
import { listen } from "./vendor/tauri-api/event.js";

const inApp = isTauri();

/** Invokes a command; rejects with { code, message }. */
export async function call(command, args = {}) {
  if (!inApp) {
    throw { code: "not_available", message: "StableTill must run inside its desktop app." };
  }
  try {
    return await invoke(command, args);
  } catch (error) {
    throw asIpcError(error);
  }
}

/** Listens to an app event; the handler gets the payload. */
export function onEvent(name, handler) {
  if (!inApp) return Promise.resolve(() => {});
  return listen(name, (event) => handler(event.payload));
}

function asIpcError(error) {
  if (error && typeof error === "object" && typeof error.code === "string" && typeof error.message === "string") {
    return error;
  }
  return { code: "internal", message: String(error) };
}
