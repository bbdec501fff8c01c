//! Ending the app cleanly however it is asked to: the cashier closing the till's window, or the
//! system asking the process to stop (shutdown, logout, Ctrl+C in a terminal, a service manager).
//! A clean end leaves the sales log checkpointed, so the next start opens it at once instead of
//! checking it as after a crash (seconds with a big log).

use tauri::{AppHandle, Manager, RunEvent, Runtime, WindowEvent};

use crate::TillSlot;

/// What the app does with each event of its run loop that concerns ending it.
pub fn on_run_event<R: Runtime>(app: &AppHandle<R>, event: &RunEvent) {
    match event {
        // The cashier's window is the app: closing it closes the customer display too.
        RunEvent::WindowEvent { label, event: WindowEvent::Destroyed, .. } if label == "main" => app.exit(0),
        // The process ends without dropping the till, so the log is checkpointed here.
        RunEvent::Exit => {
            if let Some(open) = app.state::<TillSlot>().opened() {
                open.till.checkpoint_sales_log();
            }
        }
        _ => {}
    }
}

/// Turns SIGTERM, SIGINT and SIGHUP into the same exit as closing the window.
#[cfg(unix)]
pub fn exit_on_signals<R: Runtime>(app: &AppHandle<R>) {
    use tokio::signal::unix::{signal, SignalKind};
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let streams =
            (signal(SignalKind::terminate()), signal(SignalKind::interrupt()), signal(SignalKind::hangup()));
        let (Ok(mut terminate), Ok(mut interrupt), Ok(mut hangup)) = streams else {
            tracing::warn!("cannot listen for stop signals: a stop by signal will skip the checkpoint");
            return;
        };
        tokio::select! {
            _ = terminate.recv() => {}
            _ = interrupt.recv() => {}
            _ = hangup.recv() => {}
        }
        tracing::info!("asked to stop: ending the till");
        app.exit(0);
    });
}

/// Elsewhere the window's close (and the system's own end of session) is the way out.
#[cfg(not(unix))]
pub fn exit_on_signals<R: Runtime>(_app: &AppHandle<R>) {}
