//! Opening the manager window from the cashier's "Manager" button: the one command of this
//! module the cashier window may invoke. The manager window has its own capability
//! (`capabilities/manager.json`); closing it locks the manager screens.

use tauri::{AppHandle, Manager, Runtime, WebviewUrl, WebviewWindowBuilder, WindowEvent};

use super::BackOfficeSlot;
use crate::IpcError;

/// The manager window's label, as `capabilities/manager.json` names it.
pub const MANAGER_WINDOW: &str = "manager";

/// Opens the manager window, or brings it to the front if it is open.
#[tauri::command]
pub async fn open_manager_window<R: Runtime>(app: AppHandle<R>) -> Result<(), IpcError> {
    if let Some(window) = app.get_webview_window(MANAGER_WINDOW) {
        let _ = window.unminimize();
        let _ = window.show();
        return window
            .set_focus()
            .map_err(|e| IpcError::not_available(format!("the manager window cannot be shown: {e}")));
    }
    let window = WebviewWindowBuilder::new(&app, MANAGER_WINDOW, WebviewUrl::App("manager.html".into()))
        .title("StableTill — Manager")
        .inner_size(1024.0, 768.0)
        .min_inner_size(900.0, 640.0)
        .center()
        // "Copy diagnostics": WebKitGTK lets a page write the clipboard only when allowed. Only
        // this window's own UI runs here (strict CSP, no remote content).
        .enable_clipboard_access()
        .build()
        .map_err(|e| IpcError::not_available(format!("the manager window cannot open: {e}")))?;
    let handle = app.clone();
    window.on_window_event(move |event| {
        if let WindowEvent::Destroyed = event {
            handle.state::<BackOfficeSlot>().lock();
        }
    });
    Ok(())
}
