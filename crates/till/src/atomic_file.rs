//! Writing a file so that a crash or a full disk never leaves half of it: the content goes to a
//! temporary file in the same folder, is synced, and then takes the final name in one rename.

use std::io::Write;
use std::path::Path;

use crate::TillError;

/// Writes `path` atomically with whatever `fill` puts into the temporary file at `temporary`
/// (its path, for writers that open files themselves) or into the open file. Returns what `fill`
/// returned. On any error the temporary file is removed and `path` is left as it was.
pub(crate) fn write_atomically<T>(
    path: &Path,
    fill: impl FnOnce(&Path, &mut std::fs::File) -> Result<T, TillError>,
) -> Result<T, TillError> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut temporary = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".partial")
        .tempfile_in(dir)
        .map_err(|e| TillError::Storage(format!("cannot write in {}: {e}", dir.display())))?;
    let temporary_path = temporary.path().to_owned();
    let value = fill(&temporary_path, temporary.as_file_mut())?;
    let file = temporary.as_file_mut();
    file.flush()
        .and_then(|()| file.sync_all())
        .map_err(|e| TillError::Storage(format!("cannot write {}: {e}", path.display())))?;
    temporary
        .persist(path)
        .map_err(|e| TillError::Storage(format!("cannot write {}: {}", path.display(), e.error)))?;
    Ok(value)
}

/// [`write_atomically`] with a whole text.
pub(crate) fn write_text_atomically(path: &Path, text: &str) -> Result<(), TillError> {
    write_atomically(path, |_, file| {
        file.write_all(text.as_bytes())
            .map_err(|e| TillError::Storage(format!("cannot write {}: {e}", path.display())))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temporary_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.csv");
        write_text_atomically(&path, "first").unwrap();
        let failed: Result<(), TillError> = write_atomically(&path, |_, file| {
            file.write_all(b"half a fi").unwrap();
            Err(TillError::Storage("the disk is full".into()))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "first");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["report.csv"]);
        write_text_atomically(&path, "second").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "second");
    }
}
