//! The session folders as the record of truth: indexing folders the index does not know,
//! recovering recordings cut off mid-answer, and filling what reports do not say.

use rusqlite::{OptionalExtension, params};

use super::{
    ANALYSIS_ATTEMPT_FILE, AUDIO_FILE, COLUMNS, REPORT_FILE, Session, Store, StoreError, Unfinished, report_file,
    session_from_row,
};

impl Store {
    /// Recordings that never got a report (the app or the computer stopped mid-answer): their
    /// WAV headers are repaired so every sample on disk can be played and analyzed. Sessions
    /// that died before any audio reached the disk are removed.
    pub fn recover(&self) -> Result<Vec<Unfinished>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {COLUMNS} FROM sessions WHERE status = 'recorded' ORDER BY created_at"))?;
        let recorded: Vec<Session> = stmt.query_map([], session_from_row)?.filter_map(Result::ok).collect();
        let mut found = Vec::new();
        for session in recorded {
            let dir = self.folder_path(&session);
            let wav = dir.join(AUDIO_FILE);
            if dir.join(REPORT_FILE).is_file() {
                // Analyzed, but the index missed it (a crash between the two writes).
                if let Ok(report) = self.report(&session) {
                    self.set_report(session.id, &report)?;
                    continue;
                }
            }
            if crate::files::is_being_written(&wav) {
                // Another Starling is recording it right now: neither crashed nor ours to touch.
                continue;
            }
            if !wav.is_file() {
                self.delete(session.id)?;
                continue;
            }
            let analysis_stopped = dir.join(ANALYSIS_ATTEMPT_FILE).is_file();
            let audio = match crate::audio::wav::repair_header(&wav) {
                Ok(fixed) if fixed.frames == 0 => {
                    self.delete(session.id)?;
                    continue;
                }
                Ok(fixed) => Ok(fixed.duration_s()),
                Err(e) => Err(e.to_string()),
            };
            found.push(Unfinished { session, audio, analysis_stopped });
        }
        Ok(found)
    }

    /// Indexes session folders the index does not know (copied in, or the index was lost),
    /// reading their reports where they have one. Returns how many were added.
    pub fn sync_folders(&self) -> Result<usize, StoreError> {
        let entries = std::fs::read_dir(&self.sessions_dir)
            .map_err(|source| StoreError::Io { path: self.sessions_dir.clone(), source })?;
        let mut added = Vec::new();
        // One transaction: a thousand folders index in a blink instead of a thousand syncs.
        let tx = self.conn.unchecked_transaction()?;
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !entry.path().join(AUDIO_FILE).is_file() {
                continue;
            }
            let known: Option<i64> =
                self.conn.query_row("SELECT id FROM sessions WHERE folder = ?1", [&name], |r| r.get(0)).optional()?;
            if known.is_some() {
                continue;
            }
            let created = created_from_folder(&name);
            self.conn.execute(
                "INSERT INTO sessions (folder, created_at, status) VALUES (?1, ?2, 'recorded')",
                params![name, created],
            )?;
            let id = self.conn.last_insert_rowid();
            let report_path = entry.path().join(REPORT_FILE);
            if let Ok(report) = report_file::read(&report_path) {
                self.set_report(id, &report)?;
            }
            added.push((id, name));
        }
        self.read_labels(&added)?;
        tx.commit()?;
        Ok(added.len())
    }
}

impl Store {
    /// Gives sessions that know their question but not its principle (indexed from their
    /// folders: reports name the question only) the principle `principle_of` says.
    pub fn fill_principles(&self, principle_of: impl Fn(&str) -> Option<String>) -> Result<usize, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT DISTINCT question_id FROM sessions WHERE principle IS NULL AND question_id IS NOT NULL")?;
        let ids: Vec<String> = stmt.query_map([], |r| r.get(0))?.filter_map(Result::ok).collect();
        let mut filled = 0;
        for id in ids {
            if let Some(p) = principle_of(&id) {
                filled += self.conn.execute(
                    "UPDATE sessions SET principle = ?2 WHERE principle IS NULL AND question_id = ?1",
                    params![id, p],
                )?;
            }
        }
        Ok(filled)
    }
}

/// "2026-11-22_14-05-09[_n]" -> "2026-11-22 14:05:09"; other names sort first.
fn created_from_folder(name: &str) -> String {
    chrono::NaiveDateTime::parse_from_str(name.get(..19).unwrap_or(""), "%Y-%m-%d_%H-%M-%S")
        .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_else(|_| "0000-00-00 00:00:00".into())
}
