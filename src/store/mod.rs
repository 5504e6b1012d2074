//! Sessions that last: one folder per answer under `sessions/` (the recording and its report
//! JSON, the record of truth) and a SQLite index of each session's figures (`sessions.db`) for
//! listing, filtering and charts. The index can always be rebuilt from the folders.

mod analyze;
pub mod compare;
mod migrations;

pub use analyze::{analyze_session, import};

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, Row, params};
use thiserror::Error;

use crate::analysis::{Report, StarLabel};

pub const AUDIO_FILE: &str = "answer.wav";
pub const REPORT_FILE: &str = "answer.report.json";
/// Present while a session's recording is being analyzed; left behind only if the analysis
/// took the program down, so the next recovery does not try (and crash) again.
pub const ANALYSIS_ATTEMPT_FILE: &str = "analysis.attempt";

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("cannot open the session index {}: {source}", path.display())]
    Open { path: PathBuf, source: rusqlite::Error },
    #[error("{} was written by a newer Starling (index schema {found}; this one knows up to {known})", path.display())]
    Newer { path: PathBuf, found: i64, known: i64 },
    #[error("session index: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("no session {0}")]
    NotFound(i64),
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error(transparent)]
    Report(#[from] crate::recording::OpenError),
    #[error(transparent)]
    Analysis(#[from] crate::pipeline::PipelineError),
    #[error("{}: cannot write the report: {source}", path.display())]
    WriteReport { path: PathBuf, source: std::io::Error },
}

fn open_index(path: &Path) -> Result<Connection, StoreError> {
    let mut conn = Connection::open(path).map_err(|source| StoreError::Open { path: path.to_path_buf(), source })?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    migrations::migrate(&mut conn, path)?;
    // A file whose header is fine can still be damaged further in: read every row once.
    conn.query_row("SELECT count(*) FROM sessions", [], |r| r.get::<_, i64>(0))?;
    Ok(conn)
}

/// The index file is not a database, or a damaged one (as opposed to locked, unwritable, newer).
fn is_damaged(e: &StoreError) -> bool {
    let sqlite = match e {
        StoreError::Open { source, .. } | StoreError::Db(source) => source,
        _ => return false,
    };
    matches!(sqlite.sqlite_error_code(), Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt))
}

/// Where a session stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionStatus {
    /// Audio and report on disk.
    Analyzed,
    /// Audio only: recording in progress, interrupted, or not analyzed yet.
    Recorded,
}

impl SessionStatus {
    fn as_str(self) -> &'static str {
        match self {
            SessionStatus::Analyzed => "analyzed",
            SessionStatus::Recorded => "recorded",
        }
    }

    fn parse(s: &str) -> Self {
        if s == "analyzed" { SessionStatus::Analyzed } else { SessionStatus::Recorded }
    }
}

/// One row of the index: what the history list, its filters and charts need.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub id: i64,
    /// Folder name under `sessions/`.
    pub folder: String,
    /// Local time, "2026-11-22 14:05:09".
    pub created_at: String,
    pub title: Option<String>,
    pub question_id: Option<String>,
    pub question_text: Option<String>,
    pub principle: Option<String>,
    pub story_id: Option<u64>,
    pub status: SessionStatus,
    pub duration_s: Option<f64>,
    pub wpm: Option<f64>,
    pub fillers_per_min: Option<f64>,
    pub i_share: Option<f64>,
    /// Share of the answer per section, in `StarLabel::ALL` order.
    pub star_shares: [Option<f64>; 5],
}

/// A row of the index that cannot be read (edited by hand, damaged on disk): listed apart so
/// every other session still loads.
#[derive(Debug, Clone, PartialEq)]
pub struct DamagedRow {
    pub id: Option<i64>,
    pub folder: Option<String>,
    pub reason: String,
}

impl std::fmt::Display for DamagedRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let id = self.id.map(|i| format!("session {i}")).unwrap_or_else(|| "a session".into());
        let folder = self.folder.as_ref().map(|d| format!(" ({d})")).unwrap_or_default();
        write!(f, "{id}{folder} cannot be read from the index: {}", self.reason)
    }
}

/// The sessions a filter selects, and the rows that could not be read.
#[derive(Debug, Clone, Default)]
pub struct Listing {
    pub sessions: Vec<Session>,
    pub damaged: Vec<DamagedRow>,
}

/// A recording without a report, found when the app starts: cut off by a crash or a kill, or
/// never analyzed. Its WAV header has been repaired.
#[derive(Debug, Clone)]
pub struct Unfinished {
    pub session: Session,
    /// Seconds of audio recovered, or why the audio cannot be used.
    pub audio: Result<f64, String>,
}

/// What to list; empty fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub question_id: Option<String>,
    pub principle: Option<String>,
    pub story_id: Option<u64>,
}

/// Values present in the index, for filter menus.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facets {
    pub question_ids: Vec<String>,
    pub principles: Vec<String>,
    pub story_ids: Vec<u64>,
}

/// What the question was, as the index records it.
#[derive(Debug, Clone, Default)]
pub struct QuestionInfo {
    pub id: Option<String>,
    pub text: Option<String>,
    pub principle: Option<String>,
}

impl QuestionInfo {
    pub fn of(q: &crate::bank::Question) -> Self {
        Self { id: Some(q.id.clone()), text: Some(q.text.clone()), principle: q.principles.first().cloned() }
    }
}

pub struct Store {
    conn: Connection,
    sessions_dir: PathBuf,
    set_aside: Option<PathBuf>,
}

const COLUMNS: &str = "id, folder, created_at, title, question_id, question_text, principle, story_id, status, \
     duration_s, wpm, fillers_per_min, i_share, share_situation, share_task, share_action, share_result, share_reflection";

impl Store {
    /// Opens (creating and migrating as needed) the index in `data_dir`.
    pub fn open(data_dir: &Path) -> Result<Self, StoreError> {
        let sessions_dir = data_dir.join("sessions");
        std::fs::create_dir_all(&sessions_dir).map_err(|source| StoreError::Io { path: sessions_dir.clone(), source })?;
        let path = data_dir.join("sessions.db");
        match open_index(&path) {
            Ok(conn) => Ok(Self { conn, sessions_dir, set_aside: None }),
            Err(e) if is_damaged(&e) => {
                // The folders hold every session; the index is rebuilt from them (sync_folders)
                // and the damaged file is kept for whoever wants to look at it.
                let aside = data_dir.join(format!("sessions.db.damaged-{}", chrono::Local::now().format("%Y%m%d-%H%M%S")));
                std::fs::rename(&path, &aside).map_err(|source| StoreError::Io { path: path.clone(), source })?;
                for suffix in ["-wal", "-shm"] {
                    let _ = std::fs::remove_file(data_dir.join(format!("sessions.db{suffix}")));
                }
                let conn = open_index(&path)?;
                Ok(Self { conn, sessions_dir, set_aside: Some(aside) })
            }
            Err(e) => Err(e),
        }
    }

    /// Where a damaged index was moved when this one was opened (and rebuilt from the folders).
    pub fn damaged_index_set_aside(&self) -> Option<&Path> {
        self.set_aside.as_deref()
    }

    pub fn sessions_dir(&self) -> &Path {
        &self.sessions_dir
    }

    pub fn folder_path(&self, session: &Session) -> PathBuf {
        self.sessions_dir.join(&session.folder)
    }

    /// Creates a fresh folder for an answer, named by the local date and time, and indexes it
    /// as recorded (so an answer cut short by a crash is found again).
    pub fn new_session(&self, question: &QuestionInfo) -> Result<(i64, PathBuf), StoreError> {
        let now = chrono::Local::now();
        let stamp = now.format("%Y-%m-%d_%H-%M-%S").to_string();
        let mut dir = self.sessions_dir.join(&stamp);
        let mut n = 1;
        while dir.exists() {
            dir = self.sessions_dir.join(format!("{stamp}_{n}"));
            n += 1;
        }
        std::fs::create_dir_all(&dir).map_err(|source| StoreError::Io { path: dir.clone(), source })?;
        let folder = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        self.conn.execute(
            "INSERT INTO sessions (folder, created_at, question_id, question_text, principle, status) VALUES (?1, ?2, ?3, ?4, ?5, 'recorded')",
            params![folder, now.format("%Y-%m-%d %H:%M:%S").to_string(), question.id, question.text, question.principle],
        )?;
        Ok((self.conn.last_insert_rowid(), dir))
    }

    /// Records a finished analysis of the session in `folder` (its report is already on disk).
    pub fn set_report(&self, id: i64, report: &Report) -> Result<(), StoreError> {
        let shares = star_shares(report);
        let changed = self.conn.execute(
            "UPDATE sessions SET status = 'analyzed', duration_s = ?2, wpm = ?3, fillers_per_min = ?4, i_share = ?5,
             share_situation = ?6, share_task = ?7, share_action = ?8, share_result = ?9, share_reflection = ?10,
             question_id = COALESCE(question_id, ?11), question_text = COALESCE(question_text, ?12) WHERE id = ?1",
            params![
                id,
                report.duration_s,
                report.pacing.wpm,
                report.fillers.per_minute,
                report.pronouns.i_share,
                shares[0],
                shares[1],
                shares[2],
                shares[3],
                shares[4],
                report.question.as_ref().map(|q| q.id.clone()),
                report.question.as_ref().and_then(|q| q.text.clone()),
            ],
        )?;
        if changed == 0 {
            return Err(StoreError::NotFound(id));
        }
        Ok(())
    }

    /// Sessions matching `filter`, newest first. A row that cannot be read is reported in
    /// `damaged` rather than failing the whole list.
    pub fn list(&self, filter: &Filter) -> Result<Listing, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM sessions
             WHERE (?1 IS NULL OR question_id = ?1) AND (?2 IS NULL OR principle = ?2) AND (?3 IS NULL OR story_id = ?3)
             ORDER BY created_at DESC, id DESC"
        ))?;
        let params = params![filter.question_id, filter.principle, filter.story_id.map(|s| s as i64)];
        let rows = stmt.query_map(params, |row| {
            Ok(session_from_row(row).map_err(|e| DamagedRow { id: row.get(0).ok(), folder: row.get(1).ok(), reason: e.to_string() }))
        })?;
        let mut listing = Listing::default();
        for row in rows {
            match row? {
                Ok(session) => listing.sessions.push(session),
                Err(damaged) => listing.damaged.push(damaged),
            }
        }
        Ok(listing)
    }

    /// The questions, principles and stories that have sessions, for the history's filters.
    pub fn facets(&self) -> Result<Facets, StoreError> {
        let distinct = |column: &str| -> Result<Vec<String>, StoreError> {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT DISTINCT CAST({column} AS TEXT) FROM sessions WHERE {column} IS NOT NULL ORDER BY 1"
            ))?;
            let values = stmt.query_map([], |r| r.get::<_, String>(0))?.filter_map(Result::ok).collect();
            Ok(values)
        };
        Ok(Facets {
            question_ids: distinct("question_id")?,
            principles: distinct("principle")?,
            story_ids: distinct("story_id")?.iter().filter_map(|s| s.parse().ok()).collect(),
        })
    }

    /// Recordings that never got a report (the app or the computer stopped mid-answer): their
    /// WAV headers are repaired so every sample on disk can be played and analyzed. Sessions
    /// that died before any audio reached the disk are removed.
    pub fn recover(&self) -> Result<Vec<Unfinished>, StoreError> {
        let mut stmt = self.conn.prepare(&format!("SELECT {COLUMNS} FROM sessions WHERE status = 'recorded' ORDER BY created_at"))?;
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
            if dir.join(ANALYSIS_ATTEMPT_FILE).is_file() {
                let audio = Err("analyzing this recording stopped Starling last time, so it is not tried again; its audio is kept in the session's folder (delete the session to clear it)".to_string());
                found.push(Unfinished { session, audio });
                continue;
            }
            let audio = match crate::audio::wav::repair_header(&wav) {
                Ok(fixed) if fixed.frames == 0 => {
                    self.delete(session.id)?;
                    continue;
                }
                Ok(fixed) => Ok(fixed.duration_s()),
                Err(e) => Err(e.to_string()),
            };
            found.push(Unfinished { session, audio });
        }
        Ok(found)
    }

    pub fn get(&self, id: i64) -> Result<Session, StoreError> {
        self.conn
            .query_row(&format!("SELECT {COLUMNS} FROM sessions WHERE id = ?1"), [id], session_from_row)
            .optional()?
            .ok_or(StoreError::NotFound(id))
    }

    /// The session whose recording is `wav`, if it is one of this store's.
    pub fn session_for_audio(&self, wav: &Path) -> Result<Option<i64>, StoreError> {
        let Some(dir) = wav.parent() else { return Ok(None) };
        if dir.parent() != Some(self.sessions_dir.as_path()) {
            return Ok(None);
        }
        let folder = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        Ok(self.conn.query_row("SELECT id FROM sessions WHERE folder = ?1", [folder], |r| r.get(0)).optional()?)
    }

    /// The latest analyzed attempt at the same question before `session`, to compare with.
    pub fn previous_attempt(&self, session: &Session) -> Result<Option<Session>, StoreError> {
        let Some(question) = &session.question_id else { return Ok(None) };
        Ok(self
            .conn
            .query_row(
                &format!(
                    "SELECT {COLUMNS} FROM sessions WHERE question_id = ?1 AND status = 'analyzed'
                     AND (created_at < ?2 OR (created_at = ?2 AND id < ?3)) ORDER BY created_at DESC, id DESC LIMIT 1"
                ),
                params![question, session.created_at, session.id],
                session_from_row,
            )
            .optional()?)
    }

    /// The session's report, read from its folder.
    pub fn report(&self, session: &Session) -> Result<Report, StoreError> {
        Ok(crate::recording::read_report(&self.folder_path(session).join(REPORT_FILE))?)
    }

    pub fn rename(&self, id: i64, title: Option<&str>) -> Result<(), StoreError> {
        self.update(id, "UPDATE sessions SET title = ?2 WHERE id = ?1", title.filter(|t| !t.trim().is_empty()))
    }

    pub fn set_story(&self, id: i64, story: Option<u64>) -> Result<(), StoreError> {
        self.update(id, "UPDATE sessions SET story_id = ?2 WHERE id = ?1", story.map(|s| s as i64))
    }

    fn update(&self, id: i64, sql: &str, value: impl rusqlite::ToSql) -> Result<(), StoreError> {
        match self.conn.execute(sql, params![id, value])? {
            0 => Err(StoreError::NotFound(id)),
            _ => Ok(()),
        }
    }

    /// Deletes the session and its folder (audio and report).
    pub fn delete(&self, id: i64) -> Result<(), StoreError> {
        let session = self.get(id)?;
        let dir = self.folder_path(&session);
        match std::fs::remove_dir_all(&dir) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(StoreError::Io { path: dir, source }),
        }
        self.conn.execute("DELETE FROM sessions WHERE id = ?1", [id])?;
        Ok(())
    }

    /// Indexes session folders the index does not know (copied in, or the index was lost),
    /// reading their reports where they have one. Returns how many were added.
    pub fn sync_folders(&self) -> Result<usize, StoreError> {
        let entries = std::fs::read_dir(&self.sessions_dir).map_err(|source| StoreError::Io { path: self.sessions_dir.clone(), source })?;
        let mut added = 0;
        // One transaction: a thousand folders index in a blink instead of a thousand syncs.
        let tx = self.conn.unchecked_transaction()?;
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !entry.path().join(AUDIO_FILE).is_file() {
                continue;
            }
            let known: Option<i64> = self.conn.query_row("SELECT id FROM sessions WHERE folder = ?1", [&name], |r| r.get(0)).optional()?;
            if known.is_some() {
                continue;
            }
            let created = created_from_folder(&name);
            self.conn.execute("INSERT INTO sessions (folder, created_at, status) VALUES (?1, ?2, 'recorded')", params![name, created])?;
            let id = self.conn.last_insert_rowid();
            let report_path = entry.path().join(REPORT_FILE);
            if let Ok(report) = crate::recording::read_report(&report_path) {
                self.set_report(id, &report)?;
            }
            added += 1;
        }
        tx.commit()?;
        Ok(added)
    }
}

impl Store {
    /// Gives sessions that know their question but not its principle (indexed from their
    /// folders: reports name the question only) the principle `principle_of` says.
    pub fn fill_principles(&self, principle_of: impl Fn(&str) -> Option<String>) -> Result<usize, StoreError> {
        let mut stmt = self.conn.prepare("SELECT DISTINCT question_id FROM sessions WHERE principle IS NULL AND question_id IS NOT NULL")?;
        let ids: Vec<String> = stmt.query_map([], |r| r.get(0))?.filter_map(Result::ok).collect();
        let mut filled = 0;
        for id in ids {
            if let Some(p) = principle_of(&id) {
                filled += self.conn.execute("UPDATE sessions SET principle = ?2 WHERE principle IS NULL AND question_id = ?1", params![id, p])?;
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

fn star_shares(report: &Report) -> [Option<f64>; 5] {
    let mut shares = [None; 5];
    for (i, label) in StarLabel::ALL.iter().enumerate() {
        let total: f64 = report.star.sections.iter().filter(|s| s.label == *label).map(|s| s.share).sum();
        if report.star.sections.iter().any(|s| s.label == *label) {
            shares[i] = Some(total);
        }
    }
    shares
}

fn session_from_row(row: &Row) -> rusqlite::Result<Session> {
    let status: String = row.get(8)?;
    Ok(Session {
        id: row.get(0)?,
        folder: row.get(1)?,
        created_at: row.get(2)?,
        title: row.get(3)?,
        question_id: row.get(4)?,
        question_text: row.get(5)?,
        principle: row.get(6)?,
        story_id: row.get::<_, Option<i64>>(7)?.map(|s| s as u64),
        status: SessionStatus::parse(&status),
        duration_s: row.get(9)?,
        wpm: row.get(10)?,
        fillers_per_min: row.get(11)?,
        i_share: row.get(12)?,
        star_shares: [row.get(13)?, row.get(14)?, row.get(15)?, row.get(16)?, row.get(17)?],
    })
}

impl Session {
    /// What the user sees as the session's name.
    pub fn display_title(&self) -> String {
        self.title.clone().or_else(|| self.question_text.clone()).unwrap_or_else(|| format!("Answer of {}", self.created_at))
    }

    /// The share of the answer `label` took, if the session has that section.
    pub fn share(&self, label: StarLabel) -> Option<f64> {
        StarLabel::ALL.iter().position(|l| *l == label).and_then(|i| self.star_shares[i])
    }

    pub fn status_name(&self) -> &'static str {
        self.status.as_str()
    }
}

/// An analyzed session with no figures yet, for the tests of what reads sessions.
#[cfg(test)]
impl Session {
    pub(crate) fn example() -> Self {
        Session {
            id: 1,
            folder: "f".into(),
            created_at: "2026-11-22 10:00:00".into(),
            title: None,
            question_id: None,
            question_text: None,
            principle: None,
            story_id: None,
            status: SessionStatus::Analyzed,
            duration_s: None,
            wpm: None,
            fillers_per_min: None,
            i_share: None,
            star_shares: [None; 5],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::report::timed_words;

    fn report(wpm: f64) -> Report {
        let mut r = Report { schema_version: crate::analysis::report::SCHEMA_VERSION, duration_s: 150.0, words: timed_words("I did it."), ..Report::default() };
        r.pacing.wpm = wpm;
        r.fillers.per_minute = 3.0;
        r.pronouns.i_share = Some(0.7);
        r.question = Some(crate::analysis::QuestionRef { id: "bank-06".into(), text: Some("Broke production?".into()) });
        r
    }

    #[test]
    fn sessions_are_created_indexed_filtered_renamed_and_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let q = QuestionInfo { id: Some("bank-06".into()), text: None, principle: Some("Ownership".into()) };
        let (a, folder_a) = store.new_session(&q).unwrap();
        let (b, folder_b) = store.new_session(&QuestionInfo::default()).unwrap();
        assert_ne!(folder_a, folder_b, "two sessions in the same second get two folders");
        std::fs::write(folder_a.join(AUDIO_FILE), b"x").unwrap();
        store.set_report(a, &report(140.0)).unwrap();
        let s = store.get(a).unwrap();
        assert_eq!((s.status, s.wpm, s.principle.as_deref()), (SessionStatus::Analyzed, Some(140.0), Some("Ownership")));
        assert_eq!(s.question_text.as_deref(), Some("Broke production?"));
        assert_eq!(store.get(b).unwrap().status, SessionStatus::Recorded);

        let only = store.list(&Filter { principle: Some("Ownership".into()), ..Filter::default() }).unwrap().sessions;
        assert_eq!(only.iter().map(|s| s.id).collect::<Vec<_>>(), vec![a]);
        store.set_story(b, Some(7)).unwrap();
        assert_eq!(store.list(&Filter { story_id: Some(7), ..Filter::default() }).unwrap().sessions[0].id, b);
        assert_eq!(store.previous_attempt(&store.get(a).unwrap()).unwrap(), None);
        assert_eq!(store.session_for_audio(&folder_a.join(AUDIO_FILE)).unwrap(), Some(a));
        assert_eq!(store.session_for_audio(Path::new("/elsewhere/answer.wav")).unwrap(), None);
        let (c, _) = store.new_session(&q).unwrap();
        store.set_report(c, &report(150.0)).unwrap();
        assert_eq!(store.previous_attempt(&store.get(c).unwrap()).unwrap().map(|s| s.id), Some(a));
        store.rename(a, Some("First try")).unwrap();
        assert_eq!(store.get(a).unwrap().display_title(), "First try");

        store.delete(c).unwrap();
        store.delete(a).unwrap();
        assert!(!folder_a.exists());
        assert!(matches!(store.get(a), Err(StoreError::NotFound(_))));
        assert!(matches!(store.rename(a, None), Err(StoreError::NotFound(_))));
    }

    #[test]
    fn the_report_file_is_where_the_recorder_writes_it() {
        assert_eq!(crate::recording::report_path_for(Path::new(AUDIO_FILE)), Path::new(REPORT_FILE));
    }

    #[test]
    fn a_lost_index_is_rebuilt_from_the_folders() {
        let dir = tempfile::tempdir().unwrap();
        let folder = {
            let store = Store::open(dir.path()).unwrap();
            let (_, folder) = store.new_session(&QuestionInfo::default()).unwrap();
            folder
        };
        std::fs::write(folder.join(AUDIO_FILE), b"x").unwrap();
        std::fs::write(folder.join(REPORT_FILE), serde_json::to_vec(&report(130.0)).unwrap()).unwrap();
        std::fs::remove_file(dir.path().join("sessions.db")).unwrap();
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(store.sync_folders().unwrap(), 1);
        assert_eq!(store.sync_folders().unwrap(), 0, "a second pass adds nothing");
        let all = store.list(&Filter::default()).unwrap().sessions;
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].wpm, Some(130.0));
        assert_ne!(all[0].created_at, "0000-00-00 00:00:00");
        assert_eq!(store.fill_principles(|id| (id == "bank-06").then(|| "Ownership".to_string())).unwrap(), 1);
        assert_eq!(store.list(&Filter { principle: Some("Ownership".into()), ..Filter::default() }).unwrap().sessions.len(), 1);
    }

    #[test]
    fn a_damaged_report_is_a_clear_error_for_that_session_only() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let (a, folder_a) = store.new_session(&QuestionInfo::default()).unwrap();
        let (b, folder_b) = store.new_session(&QuestionInfo::default()).unwrap();
        std::fs::write(folder_a.join(REPORT_FILE), b"{ broken").unwrap();
        std::fs::write(folder_b.join(REPORT_FILE), serde_json::to_vec(&report(120.0)).unwrap()).unwrap();
        let err = store.report(&store.get(a).unwrap()).unwrap_err().to_string();
        assert!(err.contains("damaged") && err.contains(REPORT_FILE), "{err}");
        assert_eq!(store.report(&store.get(b).unwrap()).unwrap().pacing.wpm, 120.0);
        assert_eq!(store.list(&Filter::default()).unwrap().sessions.len(), 2);
    }

    #[test]
    fn a_damaged_index_row_is_named_while_the_others_load() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let (a, _) = store.new_session(&QuestionInfo::default()).unwrap();
        let (b, _) = store.new_session(&QuestionInfo::default()).unwrap();
        store.set_report(a, &report(150.0)).unwrap();
        // Someone edits the database by hand: text where a number belongs.
        store.conn.execute("UPDATE sessions SET wpm = X'00FF' WHERE id = ?1", [b]).unwrap();
        let listing = store.list(&Filter::default()).unwrap();
        assert_eq!(listing.sessions.iter().map(|s| s.id).collect::<Vec<_>>(), vec![a]);
        assert_eq!(listing.damaged.len(), 1);
        let message = listing.damaged[0].to_string();
        assert!(message.starts_with(&format!("session {b} (")) && message.contains("cannot be read"), "{message}");
    }

    #[test]
    fn facets_list_what_the_sessions_use() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let (a, _) = store.new_session(&QuestionInfo { id: Some("q2".into()), text: None, principle: Some("Ownership".into()) }).unwrap();
        store.new_session(&QuestionInfo { id: Some("q1".into()), text: None, principle: Some("Ownership".into()) }).unwrap();
        store.set_story(a, Some(3)).unwrap();
        let f = store.facets().unwrap();
        assert_eq!(f, Facets { question_ids: vec!["q1".into(), "q2".into()], principles: vec!["Ownership".into()], story_ids: vec![3] });
    }

    /// A damaged index is set aside (kept) and rebuilt from the session folders; every command
    /// works again.
    #[test]
    fn a_damaged_index_is_set_aside_and_rebuilt_from_the_folders() {
        let dir = tempfile::tempdir().unwrap();
        {
            let store = Store::open(dir.path()).unwrap();
            let (_, folder) = store.new_session(&QuestionInfo::default()).unwrap();
            std::fs::write(folder.join(AUDIO_FILE), b"audio").unwrap();
            std::fs::write(folder.join(REPORT_FILE), serde_json::to_vec(&report(131.0)).unwrap()).unwrap();
        }
        let index = dir.path().join("sessions.db");
        let mut bytes = std::fs::read(&index).unwrap();
        bytes[..16].copy_from_slice(b"this is no index");
        std::fs::write(&index, &bytes).unwrap();
        let store = Store::open(dir.path()).unwrap();
        let aside = store.damaged_index_set_aside().expect("set aside").to_path_buf();
        assert!(aside.is_file() && aside.file_name().unwrap().to_string_lossy().starts_with("sessions.db.damaged-"));
        assert_eq!(std::fs::read(&aside).unwrap(), bytes, "kept as it was");
        assert_eq!(store.sync_folders().unwrap(), 1);
        assert_eq!(store.list(&Filter::default()).unwrap().sessions[0].wpm, Some(131.0));
        drop(store);
        assert!(Store::open(dir.path()).unwrap().damaged_index_set_aside().is_none());
    }

    /// The app died mid-answer: the header still says what it said at its last update, and
    /// a session whose recording never started has no audio at all.
    #[test]
    fn recovery_repairs_cut_off_recordings_and_drops_empty_sessions() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let (cut, cut_dir) = store.new_session(&QuestionInfo::default()).unwrap();
        let (empty, empty_dir) = store.new_session(&QuestionInfo::default()).unwrap();
        let (done, done_dir) = store.new_session(&QuestionInfo::default()).unwrap();
        let spec = hound::WavSpec { channels: 1, sample_rate: 16_000, bits_per_sample: 16, sample_format: hound::SampleFormat::Int };
        let mut w = hound::WavWriter::create(cut_dir.join(AUDIO_FILE), spec).unwrap();
        for i in 0..48_000 {
            w.write_sample((i % 200) as i16).unwrap();
        }
        w.flush().unwrap();
        for i in 0..16_000 {
            w.write_sample((i % 200) as i16).unwrap();
        }
        std::mem::forget(w);
        std::fs::write(done_dir.join(AUDIO_FILE), b"x").unwrap();
        std::fs::write(done_dir.join(REPORT_FILE), serde_json::to_vec(&report(125.0)).unwrap()).unwrap();

        let found = store.recover().unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].session.id, cut);
        let seconds = *found[0].audio.as_ref().unwrap();
        assert!(seconds > 3.0 && seconds <= 4.0, "{seconds}");
        assert!(crate::audio::load_speech(&cut_dir.join(AUDIO_FILE)).is_ok());
        assert!(matches!(store.get(empty), Err(StoreError::NotFound(_))) && !empty_dir.exists());
        assert_eq!(store.get(done).unwrap().wpm, Some(125.0), "a report the index missed is picked up");
        assert_eq!(store.recover().unwrap().len(), 1, "still offered until analyzed or deleted");

        // An analysis that took the program down left its marker: the recording is named
        // with the reason and not offered for analysis again; the others still are.
        std::fs::write(cut_dir.join(ANALYSIS_ATTEMPT_FILE), b"").unwrap();
        let (other, other_dir) = store.new_session(&QuestionInfo::default()).unwrap();
        std::fs::copy(cut_dir.join(AUDIO_FILE), other_dir.join(AUDIO_FILE)).unwrap();
        let found = store.recover().unwrap();
        assert_eq!(found.len(), 2);
        let crashed = found.iter().find(|u| u.session.id == cut).unwrap();
        assert!(crashed.audio.as_ref().is_err_and(|e| e.contains("stopped Starling last time")), "{:?}", crashed.audio);
        assert!(found.iter().find(|u| u.session.id == other).unwrap().audio.is_ok());
    }
}
