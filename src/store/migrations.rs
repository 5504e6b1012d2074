//! Opening the index: its schema, one step per version, and telling a damaged file or another
//! program's from ours. `PRAGMA user_version` records how far a database has come; each step
//! runs in a transaction, so a failed upgrade leaves the old schema.

use std::path::Path;

use rusqlite::Connection;

use super::StoreError;

const STEPS: &[&str] = &[
    // 1: the sessions table.
    "CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        folder TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        title TEXT,
        question_id TEXT,
        question_text TEXT,
        principle TEXT,
        story_id INTEGER,
        status TEXT NOT NULL,
        duration_s REAL,
        wpm REAL,
        fillers_per_min REAL,
        i_share REAL,
        share_situation REAL,
        share_task REAL,
        share_action REAL,
        share_result REAL,
        share_reflection REAL
    );
    CREATE INDEX sessions_created ON sessions (created_at);
    CREATE INDEX sessions_question ON sessions (question_id);
    CREATE INDEX sessions_principle ON sessions (principle);
    CREATE INDEX sessions_story ON sessions (story_id);",
    // 2: delivery figures (issue 19); sessions analyzed before keep them empty.
    "ALTER TABLE sessions ADD COLUMN pitch_range REAL;
    ALTER TABLE sessions ADD COLUMN run_length REAL;
    ALTER TABLE sessions ADD COLUMN pet_phrases TEXT;",
    // 3: mock interviews (issue 20): the interview an answer belongs to, and the answer a
    // follow-up answer follows.
    "ALTER TABLE sessions ADD COLUMN interview TEXT;
    ALTER TABLE sessions ADD COLUMN follow_up_of INTEGER;
    CREATE INDEX sessions_interview ON sessions (interview);",
];

pub(super) fn open_index(path: &Path) -> Result<Connection, StoreError> {
    let mut conn = Connection::open(path).map_err(|source| StoreError::Open { path: path.to_path_buf(), source })?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    let foreign = || StoreError::Foreign { path: path.to_path_buf() };
    // A step that fails on tables it did not make (another program's `sessions`) is not ours.
    migrate(&mut conn, path).map_err(|e| if is_schema_error(&e) { foreign() } else { e })?;
    // Every column the index reads must be there: a file whose version says ours and whose
    // tables do not (another program's database of the same name) is set aside like damage.
    if conn.prepare(&format!("SELECT {} FROM sessions LIMIT 0", super::COLUMNS)).is_err() {
        return Err(foreign());
    }
    // A file whose header is fine can still be damaged further in: read every row once.
    conn.query_row("SELECT count(*) FROM sessions", [], |r| r.get::<_, i64>(0))?;
    Ok(conn)
}

/// SQLite's plain "error" code: a statement that does not fit the tables (a table that
/// already exists, a missing column), as opposed to a busy, read-only or full database.
fn is_schema_error(e: &StoreError) -> bool {
    let code = match e {
        StoreError::Db(rusqlite::Error::SqlInputError { error, .. }) => Some(error.code),
        StoreError::Db(source) => source.sqlite_error_code(),
        _ => None,
    };
    code == Some(rusqlite::ErrorCode::Unknown)
}

/// The index file is not a database, a damaged one, or another program's (as opposed to
/// locked, unwritable, newer).
pub(super) fn is_damaged(e: &StoreError) -> bool {
    let sqlite = match e {
        StoreError::Foreign { .. } => return true,
        StoreError::Open { source, .. } | StoreError::Db(source) => source,
        _ => return false,
    };
    matches!(sqlite.sqlite_error_code(), Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt))
}

/// The first schema, to build an index as an older Starling left it.
#[cfg(test)]
pub fn first_step_for_tests() -> &'static str {
    STEPS[0]
}

pub fn migrate(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let known = STEPS.len() as i64;
    if found > known {
        return Err(StoreError::Newer { path: path.to_path_buf(), found, known });
    }
    for (i, step) in STEPS.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(step)?;
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrates_once_and_refuses_a_newer_index() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        let mut conn = Connection::open(&path).unwrap();
        migrate(&mut conn, &path).unwrap();
        migrate(&mut conn, &path).unwrap();
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(version, STEPS.len() as i64);
        conn.pragma_update(None, "user_version", 99).unwrap();
        let err = migrate(&mut conn, &path).unwrap_err().to_string();
        assert!(err.contains("newer Starling"), "{err}");
    }
}
