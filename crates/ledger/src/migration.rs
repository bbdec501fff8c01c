//! The schema of the sales log as a list of migration steps, and the code that applies them.
//!
//! `PRAGMA user_version` holds how many steps a database has had. Steps are append-only: a
//! released step is never edited, a schema change is a new step at the end.

use rusqlite::{Connection, TransactionBehavior};

use crate::LedgerError;

/// The migration steps, oldest first.
pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: sales and their event log.
    r#"
    CREATE TABLE sales (
        id                   INTEGER PRIMARY KEY,
        merchant_order_id    TEXT    NOT NULL UNIQUE,
        gateway              TEXT    NOT NULL,
        order_amount         TEXT    NOT NULL,
        currency             TEXT    NOT NULL,
        network              TEXT    NOT NULL,
        state                TEXT    NOT NULL CHECK (state IN ('creating', 'awaiting',
                                 'processing', 'paid', 'failed', 'expired', 'cancelled', 'void')),
        raw_status           TEXT,
        acquiring_order_id   TEXT,
        deposit_address      TEXT,
        crypto_amount        TEXT,
        crypto_currency      TEXT,
        network_display_name TEXT,
        crypto_paid_amount   TEXT,
        expires_at           INTEGER,
        created_at           INTEGER NOT NULL,
        updated_at           INTEGER NOT NULL,
        finished_at          INTEGER
    );
    CREATE INDEX sales_created_at ON sales (created_at);
    CREATE INDEX sales_state ON sales (state);

    CREATE TABLE sale_events (
        id         INTEGER PRIMARY KEY,
        sale_id    INTEGER NOT NULL REFERENCES sales (id),
        at         INTEGER NOT NULL,
        from_state TEXT CHECK (from_state IN ('creating', 'awaiting', 'processing', 'paid',
                       'failed', 'expired', 'cancelled', 'void')),
        to_state   TEXT NOT NULL CHECK (to_state IN ('creating', 'awaiting', 'processing',
                       'paid', 'failed', 'expired', 'cancelled', 'void')),
        raw_status TEXT,
        source     TEXT NOT NULL,
        note       TEXT
    );
    CREATE INDEX sale_events_sale_id ON sale_events (sale_id);
    "#,
    // 2: exception flags beside the state (comma-separated names, '' for none) and the reason
    // for the latest change, e.g. why a sale was voided.
    r#"
    ALTER TABLE sales ADD COLUMN exceptions TEXT NOT NULL DEFAULT '';
    ALTER TABLE sales ADD COLUMN reason TEXT;
    "#,
    // 3: who rang up each sale (NULL when the till did not know), and the audit log of manager
    // actions: who did what, when. The audit log is only ever appended to.
    r#"
    ALTER TABLE sales ADD COLUMN cashier TEXT;

    CREATE TABLE audit (
        id     INTEGER PRIMARY KEY,
        at     INTEGER NOT NULL,
        actor  TEXT    NOT NULL,
        action TEXT    NOT NULL,
        detail TEXT    NOT NULL DEFAULT ''
    );
    CREATE INDEX audit_at ON audit (at);
    "#,
    // 4: what the customer's QR shows when it is not the bare deposit address (a gateway's
    // cashier page, a wallet payment link), kept so a reopened sale shows the same QR.
    r#"
    ALTER TABLE sales ADD COLUMN payment_link TEXT;
    "#,
];

/// The schema version this build writes and understands.
pub(crate) fn supported_version() -> i64 {
    // A handful of steps: the count always fits.
    i64::try_from(MIGRATIONS.len()).unwrap_or(i64::MAX)
}

/// The schema version recorded in the database (0 for a new file).
pub(crate) fn schema_version(conn: &Connection) -> Result<i64, LedgerError> {
    Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
}

/// Refuses a database written by a newer build. Only reads, so a refused file stays untouched.
pub(crate) fn ensure_not_newer(found: i64) -> Result<(), LedgerError> {
    let supported = supported_version();
    if found > supported {
        return Err(LedgerError::NewerSchema { found, supported });
    }
    Ok(())
}

/// Applies every pending step in one transaction, so a crash mid-way leaves the old schema intact.
///
/// `before_upgrade` is called with the found version when an existing database (version 1 or
/// later) is about to be changed, while this connection holds the write lock, so the file it sees
/// is exactly the one being migrated and no other process can migrate it in between.
pub(crate) fn migrate(
    conn: &mut Connection,
    before_upgrade: impl FnOnce(i64) -> Result<(), LedgerError>,
) -> Result<(), LedgerError> {
    // IMMEDIATE takes the write lock before the version is read, so two processes opening the
    // same file (app and CLI) cannot both apply the same steps.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let found = schema_version(&tx)?;
    let supported = supported_version();
    if found > supported {
        return Err(LedgerError::NewerSchema { found, supported });
    }
    let applied =
        usize::try_from(found).map_err(|_| LedgerError::Corrupt(format!("its schema version is {found}")))?;
    if applied == MIGRATIONS.len() {
        return Ok(());
    }
    if applied > 0 {
        before_upgrade(found)?;
    }
    for (index, step) in MIGRATIONS.iter().enumerate().skip(applied) {
        tracing::info!(step = index + 1, "applying sales log migration");
        tx.execute_batch(step)?;
    }
    tx.pragma_update(None, "user_version", supported)?;
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_backup(found: i64) -> Result<(), LedgerError> {
        panic!("a new or current database asked for a backup (found version {found})")
    }

    #[test]
    fn a_new_database_gets_every_step_once() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, no_backup).unwrap();
        assert_eq!(schema_version(&conn).unwrap(), supported_version());
        // Running again (as every open does) must not try to create the tables twice.
        migrate(&mut conn, no_backup).unwrap();
        assert_eq!(schema_version(&conn).unwrap(), supported_version());
    }

    #[test]
    fn a_failing_step_leaves_the_database_as_it_was() {
        let mut conn = Connection::open_in_memory().unwrap();
        // A table the first step wants to create already exists: the step fails part-way.
        conn.execute_batch("CREATE TABLE sale_events (x INTEGER)").unwrap();
        assert!(migrate(&mut conn, no_backup).is_err());
        assert_eq!(schema_version(&conn).unwrap(), 0);
        let sales_tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master WHERE name = 'sales'", [], |row| row.get(0))
            .unwrap();
        assert_eq!(sales_tables, 0, "the half-applied step was rolled back");
    }

    #[test]
    fn an_older_database_is_offered_for_backup_once_before_it_changes() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(MIGRATIONS[0]).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        let mut offered = Vec::new();
        migrate(&mut conn, |found| {
            offered.push(found);
            Ok(())
        })
        .unwrap();
        assert_eq!(offered, [1]);
        assert_eq!(schema_version(&conn).unwrap(), supported_version());
        migrate(&mut conn, no_backup).unwrap();
    }

    #[test]
    fn a_failed_backup_leaves_the_database_unmigrated() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(MIGRATIONS[0]).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        let err = migrate(&mut conn, |_| Err(LedgerError::Corrupt("no room for the copy".into())));
        assert!(matches!(err, Err(LedgerError::Corrupt(_))), "{err:?}");
        assert_eq!(schema_version(&conn).unwrap(), 1);
    }

    #[test]
    fn a_newer_schema_is_refused_by_migrate_too() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", supported_version() + 1).unwrap();
        let err = migrate(&mut conn, no_backup).unwrap_err();
        assert!(matches!(err, LedgerError::NewerSchema { .. }), "{err}");
        assert_eq!(schema_version(&conn).unwrap(), supported_version() + 1);
    }
}
