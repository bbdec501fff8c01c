//! The one command every window has: opening a channel for one of the till's event topics (see
//! `window_events.rs` for why channels, and which window hears what).

use tauri::ipc::{Channel, InvokeResponseBody};
use tauri::{Runtime, State, Webview};

use crate::window_events::Subscriptions;
use crate::IpcError;

/// The page asks to hear `topic` through `channel`; refused for a topic its window may not hear.
#[tauri::command]
pub fn subscribe<R: Runtime>(
    webview: Webview<R>,
    subscriptions: State<'_, Subscriptions>,
    topic: String,
    channel: Channel<InvokeResponseBody>,
) -> Result<(), IpcError> {
    subscriptions.add(webview.label(), &topic, channel)
}
