//! Everything that can go wrong with the sales log, worded for the person who has to act on it.

/// One error type for every ledger operation.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    /// The file was migrated by a later StableTill; writing to it with this build could damage it,
    /// so it is refused and left untouched.
    #[error(
        "this sales log was written by a newer StableTill (schema {found}); this build understands \
         up to {supported} — update StableTill"
    )]
    NewerSchema { found: i64, supported: i64 },
    #[error("there is no sale with order id {0} in the sales log")]
    UnknownSale(String),
    #[error("a sale with order id {0} is already in the sales log")]
    DuplicateOrderId(String),
    /// SQLite's own check found the file damaged (or it is not a database at all). Nothing is
    /// written to it: a write could spread the damage, and the file may still be rescued.
    #[error(
        "the sales log {} is damaged ({detail}): restore it from a backup (the *.backup files \
         beside it, or your own); StableTill will not write to it",
        path.display()
    )]
    Damaged { path: std::path::PathBuf, detail: String },
    /// A stored value cannot be read back (for example an amount that is not a decimal number).
    #[error("the sales log is damaged: {0}")]
    Corrupt(String),
    #[error("the sales log database failed: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The folder or file of the sales log could not be created; the inner error names the path.
    #[error("the sales log file cannot be created: {0}")]
    Io(std::io::Error),
    /// A total would need more digits than a decimal holds; it is refused rather than rounded.
    #[error("a total is too large to add up exactly ({0})")]
    TotalTooLarge(String),
    /// Writing an export failed (the disk, or the spreadsheet writer).
    #[error("the export cannot be written: {0}")]
    Export(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newer_schema_message_tells_the_user_to_update() {
        let err = LedgerError::NewerSchema { found: 7, supported: 1 };
        assert_eq!(
            err.to_string(),
            "this sales log was written by a newer StableTill (schema 7); this build understands \
             up to 1 — update StableTill"
        );
    }

    #[test]
    fn damaged_message_names_the_file_and_the_way_out() {
        let err = LedgerError::Damaged {
            path: "/data/sales.sqlite3".into(),
            detail: "file is not a database".to_owned(),
        };
        assert_eq!(
            err.to_string(),
            "the sales log /data/sales.sqlite3 is damaged (file is not a database): restore it from \
             a backup (the *.backup files beside it, or your own); StableTill will not write to it"
        );
    }
}
