//! The user's practice as the plan and the coverage grid read it: every analyzed session with
//! its grade, its day and the principles of the question it answered.

use chrono::NaiveDate;

use super::schedule::{Grade, day_of, grade};
use crate::analysis::AnalysisSettings;
use crate::bank::{Library, Question, QuestionBank};
use crate::store::Session;

/// One graded attempt, joined with its question.
#[derive(Debug, Clone)]
pub struct GradedAttempt<'a> {
    pub session: &'a Session,
    pub day: NaiveDate,
    pub grade: Grade,
    /// The question's principles (from the bank; the index's first principle for a question
    /// since deleted).
    pub principles: Vec<String>,
}

/// Every question the user can practise: the bank's and their own.
pub fn all_questions<'a>(bank: &'a QuestionBank, library: &'a Library) -> Vec<&'a Question> {
    bank.questions.iter().chain(&library.questions).collect()
}

/// The analyzed answers that can be graded, oldest first. Follow-up answers of a mock
/// interview are left out: they have a target of their own and answer no bank question.
pub fn graded<'a>(
    sessions: &'a [Session],
    questions: &[&Question],
    settings: &AnalysisSettings,
) -> Vec<GradedAttempt<'a>> {
    let mut out: Vec<GradedAttempt> = sessions
        .iter()
        .filter(|s| s.follow_up_of.is_none())
        .filter_map(|s| {
            let day = day_of(&s.created_at)?;
            let grade = grade(s, settings)?;
            let principles = s
                .question_id
                .as_deref()
                .and_then(|id| questions.iter().find(|q| q.id == id))
                .map(|q| q.principles.clone())
                .unwrap_or_else(|| s.principle.iter().cloned().collect());
            Some(GradedAttempt { session: s, day, grade, principles })
        })
        .collect();
    out.sort_by(|a, b| a.session.created_at.cmp(&b.session.created_at).then(a.session.id.cmp(&b.session.id)));
    out
}
