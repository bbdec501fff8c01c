//! Exporting the sales of a day or a range to CSV or XLSX. The file is chosen in the native save
//! dialog, opened from here: the web UI never names a path, so no window needs a file-system
//! or dialog permission. `STABLETILL_EXPORT_DIR` (or [`ExportTarget::save_to_folder`]) writes
//! into a folder without asking instead — for automated tests, where no one answers a dialog.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Instant;

use serde::Serialize;
use stabletill_till::{CurrencyBook, ExportFormat, ExportRequest, TillError};
use tauri::{AppHandle, Emitter, Runtime, State, WebviewWindow};
use tauri_plugin_dialog::DialogExt;
use tokio::sync::oneshot;

use super::report::parse_day;
use super::{blocking, BackOfficeSlot};
use crate::IpcError;

/// Exports go to this folder, named after their days, without a dialog.
pub const EXPORT_DIR_ENV: &str = "STABLETILL_EXPORT_DIR";
/// Emitted to the manager window as an export goes: `{"stage": "writing"}`.
pub const EXPORT_PROGRESS: &str = "export-progress";

/// Where exports are saved: asked each time, or a fixed folder.
#[derive(Debug)]
pub struct ExportTarget {
    folder: Mutex<Option<PathBuf>>,
}

impl ExportTarget {
    /// The save dialog, unless `STABLETILL_EXPORT_DIR` names a folder.
    pub fn from_env() -> Self {
        let folder = std::env::var_os(EXPORT_DIR_ENV).filter(|dir| !dir.is_empty()).map(PathBuf::from);
        Self { folder: Mutex::new(folder) }
    }

    /// Saves every export into `folder` from now on, without asking.
    pub fn save_to_folder(&self, folder: PathBuf) {
        *self.folder.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(folder);
    }

    fn folder(&self) -> Option<PathBuf> {
        self.folder.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
    }
}

/// What the export screen shows afterwards.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportDone {
    /// The manager closed the save dialog: nothing was written.
    pub cancelled: bool,
    pub rows: u64,
    pub path: Option<String>,
    pub format: ExportFormat,
    pub totals: CurrencyBook,
    pub elapsed_ms: u64,
}

#[derive(Debug, Clone, Serialize)]
struct Progress {
    stage: &'static str,
}

/// Exports business days `first_day` to `last_day` ("YYYY-MM-DD", both included) as `format`
/// (`csv` or `xlsx`) to a file the manager picks.
#[tauri::command]
pub async fn export_sales<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
    first_day: String,
    last_day: String,
    format: String,
    desk: State<'_, BackOfficeSlot>,
    target: State<'_, ExportTarget>,
) -> Result<ExportDone, IpcError> {
    desk.unlocked(&app).await?;
    let (first_day, last_day) = (parse_day(&first_day)?, parse_day(&last_day)?);
    if last_day < first_day {
        return Err(TillError::InvalidSetting(format!(
            "the range ends ({last_day}) before it starts ({first_day}): pick the earlier day first"
        ))
        .into());
    }
    let format: ExportFormat = format.parse()?;
    let name = if first_day == last_day {
        format!("stabletill-sales-{first_day}.{}", format.as_str())
    } else {
        format!("stabletill-sales-{first_day}-to-{last_day}.{}", format.as_str())
    };
    let out = match target.folder() {
        Some(folder) => folder.join(name),
        None => match ask_where(&app, &window, &name, format).await? {
            Some(path) => path,
            None => return Ok(ExportDone::cancelled(format)),
        },
    };
    // The dialog may have stayed open a while: the pass is checked again.
    let unlocked = desk.unlocked(&app).await?;
    let _ = window.emit_to(window.label(), EXPORT_PROGRESS, Progress { stage: "writing" });
    let started = Instant::now();
    let request = ExportRequest { first_day, last_day, format, out };
    let outcome = blocking(move || unlocked.office.export_sales(&unlocked.pass, &request)).await;
    let _ = window.emit_to(window.label(), EXPORT_PROGRESS, Progress { stage: "done" });
    let outcome = outcome?;
    Ok(ExportDone {
        cancelled: false,
        rows: outcome.rows,
        path: Some(outcome.path.display().to_string()),
        format: outcome.format,
        totals: outcome.totals,
        elapsed_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
    })
}

/// The native save dialog, over the manager window; `None` when the manager cancels.
async fn ask_where<R: Runtime>(
    app: &AppHandle<R>,
    window: &WebviewWindow<R>,
    name: &str,
    format: ExportFormat,
) -> Result<Option<PathBuf>, IpcError> {
    let (filter, extension) = match format {
        ExportFormat::Csv => ("CSV (comma-separated values)", "csv"),
        ExportFormat::Xlsx => ("Excel workbook", "xlsx"),
    };
    let (answer, chosen) = oneshot::channel();
    app.dialog()
        .file()
        .set_title("Save the sales export")
        .set_file_name(name)
        .add_filter(filter, &[extension])
        .set_parent(window)
        .save_file(move |path| {
            let _ = answer.send(path);
        });
    let Ok(Some(path)) = chosen.await else { return Ok(None) };
    let path = path.into_path().map_err(|e| {
        IpcError::from(TillError::NotAvailable(format!("that place cannot be written to: {e}")))
    })?;
    // Some dialogs drop the extension the filter implies; the format must be plain from the name.
    Ok(Some(if path.extension().is_none() { path.with_extension(extension) } else { path }))
}

impl ExportDone {
    fn cancelled(format: ExportFormat) -> Self {
        Self { cancelled: true, rows: 0, path: None, format, totals: CurrencyBook::new(), elapsed_ms: 0 }
    }
}
