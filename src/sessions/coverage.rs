//! Which of the 16 principles the user's stories and answers cover: an interview loop probes
//! several principles, and a candidate needs about two stories for most of them. The grid the
//! Stories screen shows and `starling coverage` prints.

use chrono::NaiveDate;
use serde::Serialize;

use super::practice_history::{all_questions, graded};
use crate::analysis::AnalysisSettings;
use crate::bank::{Library, QuestionBank};
use crate::store::Session;

/// Stories a principle should have.
pub const STORIES_WANTED: usize = 2;

/// One story's column.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryColumn {
    pub id: u64,
    pub title: String,
    /// Answers that told it (the session tagged with it).
    pub attempts: usize,
}

/// A principle x story cell.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Cell {
    /// The story is marked as serving the principle.
    pub tagged: bool,
    /// Answers that told the story to a question of this principle.
    pub attempts: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PrincipleRow {
    pub principle: String,
    /// One cell per story, in `Coverage::stories` order.
    pub cells: Vec<Cell>,
    /// Stories tagged with the principle or told to one of its questions.
    pub stories: usize,
    /// Analyzed answers to its questions.
    pub attempts: usize,
    /// Mean grade of those answers, 0-5.
    pub mean_score: Option<f64>,
    pub last: Option<NaiveDate>,
    /// Questions in the bank and the user's list for it.
    pub questions: usize,
}

impl PrincipleRow {
    /// Nothing covers it: no story and no answer.
    pub fn is_empty(&self) -> bool {
        self.stories == 0 && self.attempts == 0
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coverage {
    pub stories: Vec<StoryColumn>,
    pub principles: Vec<PrincipleRow>,
}

impl Coverage {
    /// Principles with fewer stories than wanted.
    pub fn short_of_stories(&self) -> impl Iterator<Item = &PrincipleRow> {
        self.principles.iter().filter(|p| p.stories < STORIES_WANTED)
    }
}

pub fn coverage(sessions: &[Session], bank: &QuestionBank, library: &Library, settings: &AnalysisSettings) -> Coverage {
    let questions = all_questions(bank, library);
    let attempts = graded(sessions, &questions, settings);
    let stories = library
        .stories
        .iter()
        .map(|s| StoryColumn {
            id: s.id,
            title: s.title.clone(),
            attempts: sessions.iter().filter(|x| x.story_id == Some(s.id)).count(),
        })
        .collect();
    let principles = bank
        .principles
        .iter()
        .map(|p| {
            let name = &p.name;
            let mine: Vec<_> = attempts.iter().filter(|a| a.principles.contains(name)).collect();
            let cells: Vec<Cell> = library
                .stories
                .iter()
                .map(|s| Cell {
                    tagged: s.principles.contains(name),
                    attempts: mine.iter().filter(|a| a.session.story_id == Some(s.id)).count(),
                })
                .collect();
            let scores: Vec<f64> = mine.iter().map(|a| a.grade.score as f64).collect();
            PrincipleRow {
                principle: name.clone(),
                stories: cells.iter().filter(|c| c.tagged || c.attempts > 0).count(),
                cells,
                attempts: mine.len(),
                mean_score: (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64),
                last: mine.iter().map(|a| a.day).max(),
                questions: questions.iter().filter(|q| q.principles.contains(name)).count(),
            }
        })
        .collect();
    Coverage { stories, principles }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stories_and_answers_fill_their_principles_rows() {
        let bank = QuestionBank::builtin();
        let mut library = Library::default();
        let migration = library.add_story("Database migration");
        library.stories[0].principles = vec!["Ownership".into(), "Dive Deep".into()];
        library.add_story("Pricing page");
        let mut told = Session::example();
        told.question_id = Some("bank-01".into());
        told.story_id = Some(migration);
        told.duration_s = Some(150.0);
        let principle_of_bank_01 = bank.question(&library, "bank-01").unwrap().principles[0].clone();
        let grid = coverage(&[told], &bank, &library, &AnalysisSettings::default());
        assert_eq!(grid.principles.len(), 16);
        assert_eq!(
            grid.stories.iter().map(|s| (s.title.as_str(), s.attempts)).collect::<Vec<_>>(),
            [("Database migration", 1), ("Pricing page", 0)]
        );
        let row = |name: &str| grid.principles.iter().find(|p| p.principle == name).unwrap();
        let ownership = row("Ownership");
        assert_eq!((ownership.cells[0].tagged, ownership.cells[1].tagged, ownership.stories), (true, false, 1));
        let answered = row(&principle_of_bank_01);
        assert_eq!((answered.attempts, answered.cells[0].attempts), (1, 1));
        assert_eq!(answered.mean_score, Some(5.0));
        assert!(answered.last.is_some());
        assert!(row("Frugality").is_empty());
        assert!(grid.short_of_stories().any(|p| p.principle == "Ownership"), "one story is not two");
        assert_eq!(row("Hire and Develop the Best").questions, 2, "two of ours");
    }
}
