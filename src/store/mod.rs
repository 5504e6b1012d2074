//! Sessions that last: one folder per answer under `sessions/` (the recording and its report
//! JSON, the record of truth) and a SQLite index of each session's figures (`sessions.db`) for
//! listing, filtering and charts. The index can always be rebuilt from the folders.

pub mod compare;
mod folders;
mod labels;
mod migrations;
pub mod report_file;

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
    #[error("the sessions folder {} is not there (an unplugged drive, a renamed folder?): reconnect it, or choose another in Settings", path.display())]
    FolderGone { path: PathBuf },
    #[error("{} is a database of another kind (its tables are not Starling's)", path.display())]
    Foreign { path: PathBuf },
    #[error("session index: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("no session {0}")]
    NotFound(i64),
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error(transparent)]
    Report(#[from] report_file::ReportFileError),
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
    /// The pitch's 10-90% range, semitones.
    pub pitch_range: Option<f64>,
    /// Mean length of run: words between pauses.
    pub run_length: Option<f64>,
    /// The answer's pet phrases and how often each was said, most first.
    pub pet_phrases: Vec<(String, usize)>,
    /// The mock interview it was part of (its start time, "2026-11-27 14:05:09").
    pub interview: Option<String>,
    /// For a follow-up answer: the answer it follows.
    pub follow_up_of: Option<i64>,
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
    /// An analysis of it was under way when the program stopped (a crash, a kill, a closed
    /// terminal): it is analyzed again only when the user asks, told why, so a recording that
    /// crashes the analysis cannot take every start down with it.
    pub analysis_stopped: bool,
}

impl Unfinished {
    /// Why an analysis is not started on its own, for people.
    pub const STOPPED_NOTE: &str =
        "analyzing it stopped Starling last time (a crash, or the program was closed or killed)";
}

/// What to list; empty fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub question_id: Option<String>,
    pub principle: Option<String>,
    pub story_id: Option<u64>,
    pub interview: Option<String>,
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
     duration_s, wpm, fillers_per_min, i_share, share_situation, share_task, share_action, share_result, share_reflection, \
     pitch_range, run_length, pet_phrases, interview, follow_up_of";

/// The folder of session folders in a store's root (beside its `sessions.db`).
pub fn sessions_dir_in(root: &Path) -> PathBuf {
    root.join("sessions")
}

impl Store {
    /// Opens (creating and migrating as needed) the index in `data_dir`.
    pub fn open(data_dir: &Path) -> Result<Self, StoreError> {
        let sessions_dir = sessions_dir_in(data_dir);
        std::fs::create_dir_all(&sessions_dir)
            .map_err(|source| StoreError::Io { path: sessions_dir.clone(), source })?;
        let path = data_dir.join("sessions.db");
        match migrations::open_index(&path) {
            Ok(conn) => Ok(Self { conn, sessions_dir, set_aside: None }),
            Err(e) if migrations::is_damaged(&e) => {
                // The folders hold every session; the index is rebuilt from them (sync_folders)
                // and the damaged file is kept for whoever wants to look at it.
                let aside = crate::files::damaged_name(&path);
                std::fs::rename(&path, &aside).map_err(|source| StoreError::Io { path: path.clone(), source })?;
                for suffix in ["-wal", "-shm"] {
                    let _ = std::fs::remove_file(data_dir.join(format!("sessions.db{suffix}")));
                }
                let conn = migrations::open_index(&path)?;
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

    /// Records a finished analysis of the session in `folder` (its report is already on disk). The
    /// length is the spoken answer's, as the review and the exports give it, not the recording's.
    pub fn set_report(&self, id: i64, report: &Report) -> Result<(), StoreError> {
        let shares = star_shares(report);
        let changed = self.conn.execute(
            "UPDATE sessions SET status = 'analyzed', duration_s = ?2, wpm = ?3, fillers_per_min = ?4, i_share = ?5,
             share_situation = ?6, share_task = ?7, share_action = ?8, share_result = ?9, share_reflection = ?10,
             question_id = COALESCE(question_id, ?11), question_text = COALESCE(question_text, ?12),
             pitch_range = ?13, run_length = ?14, pet_phrases = ?15 WHERE id = ?1",
            params![
                id,
                report.answer_length_s(),
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
                report.delivery.pitch.range_semitones,
                (!report.delivery.sentences.is_empty()).then_some(report.delivery.fluency.mean_length_of_run),
                pet_phrases_json(report),
            ],
        )?;
        if changed == 0 {
            return Err(StoreError::NotFound(id));
        }
        Ok(())
    }

    /// Sessions matching `filter`, newest first. A row that cannot be read is reported in
    /// `damaged` rather than failing the whole list.
    /// Changes whenever the index does, by this connection or another (a worker's): views that
    /// keep what they read compare it each frame (two cheap calls, no reading of rows).
    pub fn revision(&self) -> (u64, i64) {
        let others = self.conn.query_row("PRAGMA data_version", [], |r| r.get(0)).unwrap_or(0);
        (self.conn.total_changes(), others)
    }

    pub fn list(&self, filter: &Filter) -> Result<Listing, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM sessions
             WHERE (?1 IS NULL OR question_id = ?1) AND (?2 IS NULL OR principle = ?2) AND (?3 IS NULL OR story_id = ?3)
               AND (?4 IS NULL OR interview = ?4)
             ORDER BY created_at DESC, id DESC"
        ))?;
        let params = params![filter.question_id, filter.principle, filter.story_id.map(|s| s as i64), filter.interview];
        let rows = stmt.query_map(params, |row| {
            Ok(session_from_row(row).map_err(|e| DamagedRow {
                id: row.get(0).ok(),
                folder: row.get(1).ok(),
                reason: e.to_string(),
            }))
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
        Ok(report_file::read(&self.folder_path(session).join(REPORT_FILE))?)
    }

    pub fn rename(&self, id: i64, title: Option<&str>) -> Result<(), StoreError> {
        self.update(id, "UPDATE sessions SET title = ?2 WHERE id = ?1", title.filter(|t| !t.trim().is_empty()))?;
        self.write_labels(id)
    }

    pub fn set_story(&self, id: i64, story: Option<u64>) -> Result<(), StoreError> {
        self.update(id, "UPDATE sessions SET story_id = ?2 WHERE id = ?1", story.map(|s| s as i64))?;
        self.write_labels(id)
    }

    /// Files the session under a mock interview, as a follow-up of `follow_up_of` if given.
    pub fn set_interview(&self, id: i64, interview: &str, follow_up_of: Option<i64>) -> Result<(), StoreError> {
        self.update(id, "UPDATE sessions SET interview = ?2 WHERE id = ?1", interview)?;
        self.update(id, "UPDATE sessions SET follow_up_of = ?2 WHERE id = ?1", follow_up_of)?;
        self.write_labels(id)
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

/// The answer's pet phrases for the index: `[["basically", 3], ...]`.
fn pet_phrases_json(report: &Report) -> Option<String> {
    let counts: Vec<(&str, usize)> =
        report.delivery.pet_phrases.iter().map(|p| (p.text.as_str(), p.spans.len())).collect();
    (!report.delivery.sentences.is_empty()).then(|| serde_json::to_string(&counts).unwrap_or_default())
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
        pitch_range: row.get(18)?,
        run_length: row.get(19)?,
        pet_phrases: match row.get::<_, Option<String>>(20)? {
            Some(text) => serde_json::from_str(&text)
                .map_err(|e| rusqlite::Error::FromSqlConversionFailure(20, rusqlite::types::Type::Text, Box::new(e)))?,
            None => Vec::new(),
        },
        interview: row.get(21)?,
        follow_up_of: row.get(22)?,
    })
}

impl Session {
    /// What the user sees as the session's name.
    pub fn display_title(&self) -> String {
        self.title
            .clone()
            .or_else(|| self.question_text.clone())
            .unwrap_or_else(|| format!("Answer of {}", self.created_at))
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
            pitch_range: None,
            run_length: None,
            pet_phrases: Vec::new(),
            interview: None,
            follow_up_of: None,
        }
    }
}

#[cfg(test)]
mod tests;
