//! The question bank (built in, from the user's documents) and the user's own library: the
//! questions they added and their stories.

pub mod follow_ups;
pub mod library;

use serde::{Deserialize, Serialize};

pub use library::{Library, LibraryError, Story};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Principle {
    pub name: String,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub principles: Vec<String>,
    /// What the interviewer listens for, in our words.
    #[serde(default)]
    pub testing: String,
    #[serde(default)]
    pub tips: Vec<String>,
    /// The story the notes template mapped to this question (an example on a fresh profile,
    /// not something this user wrote).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub story_note: Option<String>,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub multi_part: bool,
}

impl Question {
    fn matches(&self, words: &[String]) -> bool {
        let hay = format!("{} {} {}", self.text, self.principles.join(" "), self.story_note.as_deref().unwrap_or(""))
            .to_lowercase();
        words.iter().all(|w| hay.contains(w.as_str()))
    }
}

/// The bank shipped with the app (`assets/questions.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionBank {
    pub version: u32,
    pub principles: Vec<Principle>,
    /// The guides' rules of engagement, in our words.
    pub rules: Vec<String>,
    pub questions: Vec<Question>,
}

const BUILTIN: &str = include_str!("../../assets/questions.json");

impl QuestionBank {
    /// The built-in bank. The asset is part of the binary and checked by tests, so a parse
    /// failure is a build defect, not a user error.
    pub fn builtin() -> Self {
        serde_json::from_str(BUILTIN).expect("assets/questions.json is valid (checked by tests)")
    }

    pub fn principle(&self, name: &str) -> Option<&Principle> {
        self.principles.iter().find(|p| p.name == name)
    }

    pub fn question<'a>(&'a self, library: &'a Library, id: &str) -> Option<&'a Question> {
        self.questions.iter().chain(&library.questions).find(|q| q.id == id)
    }

    /// The principle a question is filed under first (the history's principle filter).
    pub fn principle_of(&self, library: &Library, id: &str) -> Option<String> {
        self.question(library, id).and_then(|q| q.principles.first().cloned())
    }

    /// Built-in and user questions matching every word of `query` and, if given, a principle.
    pub fn search<'a>(&'a self, library: &'a Library, query: &str, principle: Option<&str>) -> Vec<&'a Question> {
        let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        self.questions
            .iter()
            .chain(&library.questions)
            .filter(|q| principle.is_none_or(|p| q.principles.iter().any(|qp| qp == p)))
            .filter(|q| q.matches(&words))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_bank_holds_the_users_documents() {
        let bank = QuestionBank::builtin();
        assert_eq!(bank.principles.len(), 16);
        let from = |source: &str| bank.questions.iter().filter(|q| q.source == source).count();
        assert_eq!(from("question bank"), 29);
        assert_eq!(from("notes template"), 26);
        // Ours, for the principles the user's documents leave out: every principle can be asked.
        assert_eq!(from("starling"), 6);
        for p in &bank.principles {
            assert!(
                bank.questions.iter().any(|q| !q.multi_part && q.principles.contains(&p.name)),
                "no question for {}",
                p.name
            );
        }
        assert_eq!(bank.questions.iter().filter(|q| q.multi_part).count(), 2);
        for q in &bank.questions {
            assert!(!q.principles.is_empty(), "{} has no principle", q.id);
            for p in &q.principles {
                assert!(bank.principle(p).is_some(), "{}: unknown principle {p}", q.id);
            }
        }
        let sentence = |s: &str| s.starts_with(|c: char| c.is_uppercase()) && s.ends_with(['.', '?']);
        for q in &bank.questions {
            assert!(sentence(&q.testing) && q.tips.len() >= 2, "{} needs what they listen for and tips", q.id);
            assert!(q.tips.iter().all(|t| sentence(t)), "{}: tips are sentences", q.id);
            assert!(sentence(&q.text), "{}: {:?} is a sentence", q.id, q.text);
        }
        for p in &bank.principles {
            assert!(sentence(&p.summary), "{}: summary {:?} reads as a sentence", p.name, p.summary);
        }
        let ids: std::collections::HashSet<_> = bank.questions.iter().map(|q| &q.id).collect();
        assert_eq!(ids.len(), bank.questions.len(), "question ids are unique");
    }

    #[test]
    fn search_by_words_and_principle() {
        let bank = QuestionBank::builtin();
        let lib = Library::default();
        let simple = bank.search(&lib, "simple CUSTOMERS", None);
        assert_eq!(simple.len(), 1);
        assert_eq!(simple[0].id, "bank-01");
        let bias = bank.search(&lib, "", Some("Bias for Action"));
        assert!(bias.len() >= 5);
        assert!(bias.iter().all(|q| q.principles.iter().any(|p| p == "Bias for Action")));
        assert!(bank.search(&lib, "zzzz", None).is_empty());
    }
}
