//! The user's own questions and stories, kept in `library.json` in the data folder.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::Question;
use crate::files::{JsonFileError, load_json_or_default, save_json};

const WHAT: &str = "questions and stories";

pub type LibraryError = JsonFileError;

/// A story the user can tell, and which principles and questions it serves: the guides advise
/// two or three stories that flex across principles.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Story {
    pub id: u64,
    pub title: String,
    pub notes: String,
    pub principles: Vec<String>,
    pub question_ids: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Library {
    pub questions: Vec<Question>,
    pub stories: Vec<Story>,
}

impl Library {
    pub fn path(data_dir: &Path) -> PathBuf {
        data_dir.join("library.json")
    }

    pub fn load(data_dir: &Path) -> Result<Self, LibraryError> {
        load_json_or_default(&Self::path(data_dir), WHAT)
    }

    /// For the app, which writes the file back: a damaged file is kept aside, not replaced
    /// (the second value says where it went).
    pub fn load_keeping_damaged(data_dir: &Path) -> Result<(Self, Option<PathBuf>), LibraryError> {
        crate::files::load_json_keeping_damaged(&Self::path(data_dir), WHAT)
    }

    pub fn save(&self, data_dir: &Path) -> Result<(), LibraryError> {
        save_json(&Self::path(data_dir), WHAT, self)
    }

    /// Adds a question of the user's own; returns its id.
    pub fn add_question(&mut self, text: &str, principles: Vec<String>) -> String {
        let n = self.questions.len() + 1;
        let id = (n..)
            .map(|k| format!("mine-{k:02}"))
            .find(|id| self.questions.iter().all(|q| &q.id != id))
            .unwrap_or_default();
        self.questions.push(Question {
            id: id.clone(),
            text: text.trim().to_string(),
            principles,
            testing: String::new(),
            tips: Vec::new(),
            story_note: None,
            source: "yours".into(),
            multi_part: false,
        });
        id
    }

    pub fn add_story(&mut self, title: &str) -> u64 {
        let id = self.stories.iter().map(|s| s.id).max().unwrap_or(0) + 1;
        self.stories.push(Story { id, title: title.trim().to_string(), ..Story::default() });
        id
    }

    /// Stories linked to a question, directly or through a shared principle.
    pub fn stories_for<'a>(&'a self, question: &'a Question) -> impl Iterator<Item = &'a Story> + 'a {
        self.stories.iter().filter(move |s| {
            s.question_ids.contains(&question.id) || s.principles.iter().any(|p| question.principles.contains(p))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_and_stories_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let mut lib = Library::load(dir.path()).unwrap();
        let qid =
            lib.add_question("Tell me about a time you mentored someone.", vec!["Hire and Develop the Best".into()]);
        let sid = lib.add_story("Onboarding revamp");
        lib.stories[0].question_ids.push(qid.clone());
        lib.save(dir.path()).unwrap();
        let back = Library::load(dir.path()).unwrap();
        assert_eq!(back, lib);
        assert_eq!(sid, 1);
        let q = &back.questions[0];
        assert_eq!(back.stories_for(q).count(), 1);
        std::fs::write(Library::path(dir.path()), b"[").unwrap();
        assert!(Library::load(dir.path()).unwrap_err().to_string().contains("damaged"));
    }
}
