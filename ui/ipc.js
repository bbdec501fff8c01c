// The bridge to the Rust side: every command goes through `call`, and every failure comes back
// as one shape, { code, message }, whatever went wrong. The till's events arrive through one
// channel per topic (`subscribe`; src-tauri/src/window_events.rs says why not Tauri's events).

import { Channel, invoke, isTauri } from "./vendor/tauri-api/core.js";

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

/** The handlers of each topic this page hears, and the channel that feeds them. */
const topics = new Map();

/**
 * Hears an app event: the handler gets its payload. Resolves once the channel is open, so an
 * event that follows is not missed; rejects with { code, message } for a topic this window may
 * not hear.
 */
export async function onEvent(name, handler) {
  if (!inApp) return;
  let topic = topics.get(name);
  if (!topic) {
    const handlers = [];
    const channel = new Channel((payload) => {
      for (const each of handlers) each(payload);
    });
    topic = { handlers, opened: call("subscribe", { topic: name, channel }) };
    topics.set(name, topic);
  }
  topic.handlers.push(handler);
  await topic.opened;
}

function asIpcError(error) {
  if (error && typeof error === "object" && typeof error.code === "string" && typeof error.message === "string") {
    return error;
  }
  return { code: "internal", message: String(error) };
}
