//! The index's schema, one step per version. `PRAGMA user_version` records how far a database
//! has come; each step runs in a transaction, so a failed upgrade leaves the old schema.

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
