//! What the user gave a session that its report does not hold (its name, its story, the mock
//! interview it belongs to), kept beside the recording as well as in the index, so an index
//! rebuilt from the folders (lost, damaged, a folder copied in) keeps them.

use rusqlite::params;
use serde::{Deserialize, Serialize};

use super::{Store, StoreError};

pub const LABELS_FILE: &str = "session.json";

#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
struct Labels {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    story_id: Option<u64>,
    #[serde(default)]
    interview: Option<String>,
    /// The folder of the answer this one follows up: ids change when the index is rebuilt.
    #[serde(default)]
    follows_folder: Option<String>,
}

impl Store {
    /// Writes session `id`'s labels beside its recording, as the index now holds them.
    pub(super) fn write_labels(&self, id: i64) -> Result<(), StoreError> {
        let session = self.get(id)?;
        let follows_folder = session.follow_up_of.and_then(|f| self.get(f).ok()).map(|s| s.folder);
        let labels = Labels {
            title: session.title.clone(),
            story_id: session.story_id,
            interview: session.interview.clone(),
            follows_folder,
        };
        let path = self.folder_path(&session).join(LABELS_FILE);
        crate::files::save_json(&path, "session labels", &labels)
            .map_err(|e| StoreError::Io { path, source: std::io::Error::other(e.to_string()) })
    }

    /// Gives the sessions indexed from `folders` (id, folder name) the labels kept beside
    /// them; a follow-up is linked once every folder has its id. A damaged file is skipped
    /// (the labels are a convenience; the recording and report are what count).
    pub(super) fn read_labels(&self, folders: &[(i64, String)]) -> Result<(), StoreError> {
        let mut follows = Vec::new();
        for (id, folder) in folders {
            let path = self.sessions_dir.join(folder).join(LABELS_FILE);
            let labels: Labels = match crate::files::load_json_or_default(&path, "session labels") {
                Ok(labels) => labels,
                Err(e) => {
                    log::warn!("{e}");
                    continue;
                }
            };
            self.conn.execute(
                "UPDATE sessions SET title = ?2, story_id = ?3, interview = ?4 WHERE id = ?1",
                params![id, labels.title, labels.story_id.map(|s| s as i64), labels.interview],
            )?;
            if let Some(main) = labels.follows_folder {
                follows.push((*id, main));
            }
        }
        for (id, main) in follows {
            self.conn.execute(
                "UPDATE sessions SET follow_up_of = (SELECT id FROM sessions WHERE folder = ?2) WHERE id = ?1",
                params![id, main],
            )?;
        }
        Ok(())
    }
}
