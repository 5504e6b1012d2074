//! One mock interview as it goes: what the interviewer asks next (each question, then the
//! follow-ups its answer called for), each answer kept in the index as part of the interview,
//! and the summary at the end. The window steps through it a frame at a time, `starling
//! interview` in a loop; both ask it the same things.

use std::collections::VecDeque;

use super::interview::{Summary, follow_up_settings, summarize};
use crate::analysis::{AnalysisSettings, Report};
use crate::bank::Question;
use crate::bank::follow_ups::{FollowUp, FollowUpBank};
use crate::store::{QuestionInfo, Store, StoreError};

/// What the interviewer asks now.
#[derive(Debug, Clone, PartialEq)]
pub struct Prompt {
    /// "Question 2 of 3 (Ownership)" or "Follow-up".
    pub heading: String,
    pub text: String,
    /// Why a follow-up is asked (what the answer before it left out).
    pub follow_up: Option<FollowUp>,
    /// Which of the interview's questions this is, or follows.
    pub question: usize,
}

/// An answer given in the interview, as the summary takes it.
pub type Given = (i64, String, bool, Report);

#[derive(Debug)]
pub struct InterviewRun {
    /// The interview's name in the index: its start time.
    pub id: String,
    pub questions: Vec<Question>,
    follow_ups_per_answer: usize,
    next_question: usize,
    queued: VecDeque<FollowUp>,
    /// The session of the last main answer, which follow-ups link to.
    main_answer: Option<i64>,
    current: Option<Prompt>,
    pub given: Vec<Given>,
}

impl InterviewRun {
    pub fn new(id: String, questions: Vec<Question>, follow_ups_per_answer: usize) -> Self {
        Self {
            id,
            questions,
            follow_ups_per_answer,
            next_question: 0,
            queued: VecDeque::new(),
            main_answer: None,
            current: None,
            given: Vec::new(),
        }
    }

    /// Moves on to what is asked next (a queued follow-up, else the next question); `None`
    /// once everything was asked. What was asked before and not answered is passed over.
    pub fn advance(&mut self) -> Option<&Prompt> {
        self.current = match self.queued.pop_front() {
            Some(follow_up) => Some(Prompt {
                heading: "Follow-up".into(),
                text: follow_up.text.clone(),
                question: self.next_question - 1,
                follow_up: Some(follow_up),
            }),
            None => {
                let n = self.next_question;
                let q = self.questions.get(n)?;
                self.next_question += 1;
                Some(Prompt {
                    heading: format!("Question {} of {} ({})", n + 1, self.questions.len(), q.principles.join(" · ")),
                    text: q.text.clone(),
                    follow_up: None,
                    question: n,
                })
            }
        };
        self.current.as_ref()
    }

    /// What is being asked, until the next [`advance`](Self::advance).
    pub fn current(&self) -> Option<&Prompt> {
        self.current.as_ref()
    }

    /// How the current prompt's answer is filed in the index: a question as itself, a
    /// follow-up by its own words under the question's principle.
    pub fn answer_info(&self) -> QuestionInfo {
        let Some(prompt) = &self.current else { return QuestionInfo::default() };
        let question = &self.questions[prompt.question];
        match prompt.follow_up {
            None => QuestionInfo::of(question),
            Some(_) => QuestionInfo {
                id: None,
                text: Some(prompt.text.clone()),
                principle: question.principles.first().cloned(),
            },
        }
    }

    /// The thresholds the current answer is judged by: a follow-up has its own length target.
    pub fn answer_settings(&self, user: &AnalysisSettings) -> AnalysisSettings {
        match self.current.as_ref().and_then(|p| p.follow_up.as_ref()) {
            Some(_) => follow_up_settings(user),
            None => user.clone(),
        }
    }

    /// The current prompt was answered in session `id`: the session joins the interview in the
    /// index, and a main answer's follow-ups are chosen from what its analysis found.
    pub fn answered(
        &mut self,
        store: &Store,
        id: i64,
        report: Report,
        follow_ups: &FollowUpBank,
    ) -> Result<(), StoreError> {
        let Some(prompt) = self.current.take() else { return Ok(()) };
        let follows = prompt.follow_up.as_ref().and(self.main_answer);
        store.set_interview(id, &self.id, follows)?;
        if prompt.follow_up.is_none() {
            let question = &self.questions[prompt.question];
            self.queued = follow_ups.choose(&report, Some(question), self.follow_ups_per_answer, id as usize).into();
            self.main_answer = Some(id);
        }
        self.given.push((id, prompt.text, prompt.follow_up.is_some(), report));
        Ok(())
    }

    /// Ends the interview early: nothing more is asked.
    pub fn finish(&mut self) {
        self.queued.clear();
        self.next_question = self.questions.len();
        self.current = None;
    }

    pub fn summary(&self) -> Summary {
        summarize(&self.given)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Finding, Severity};
    use crate::bank::QuestionBank;

    #[test]
    fn each_answer_is_followed_up_and_filed_under_the_interview() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let bank = QuestionBank::builtin();
        let questions: Vec<Question> = bank.questions.iter().filter(|q| !q.multi_part).take(2).cloned().collect();
        let mut run = InterviewRun::new("2026-11-27 09:00:00".into(), questions.clone(), 1);
        let follow_ups = FollowUpBank::builtin();
        // The first answer gives a result without a number: the interviewer asks for one.
        let mut report =
            Report { duration_s: 120.0, words: crate::analysis::timed_words("we fixed it"), ..Report::default() };
        report.findings.push(Finding {
            code: "result_not_quantified".into(),
            severity: Severity::Warning,
            message: String::new(),
            span: None,
            confidence: None,
        });
        let prompt = run.advance().unwrap().clone();
        assert_eq!((prompt.text.as_str(), prompt.follow_up.is_none()), (questions[0].text.as_str(), true));
        assert!(prompt.heading.starts_with("Question 1 of 2"), "{}", prompt.heading);
        assert_eq!(run.answer_info().id.as_deref(), Some(questions[0].id.as_str()));
        let (first, _) = store.new_session(&run.answer_info()).unwrap();
        run.answered(&store, first, report.clone(), &follow_ups).unwrap();

        let follow = run.advance().unwrap().clone();
        assert_eq!(follow.follow_up.as_ref().map(|f| f.code.as_str()), Some("measure_impact"));
        assert_eq!(
            run.answer_settings(&AnalysisSettings::default()).target_total_s,
            super::super::interview::FOLLOW_UP_TARGET_S
        );
        assert_eq!(run.answer_info().text.as_deref(), Some(follow.text.as_str()));
        let (second, _) = store.new_session(&run.answer_info()).unwrap();
        run.answered(&store, second, report, &follow_ups).unwrap();
        // The second question is skipped: no follow-up for an answer not given.
        assert_eq!(run.advance().unwrap().text, questions[1].text);
        assert!(run.advance().is_none());

        let sessions = store.list(&Default::default()).unwrap().sessions;
        let by_id = |id| sessions.iter().find(|s| s.id == id).unwrap();
        assert_eq!(by_id(first).interview.as_deref(), Some("2026-11-27 09:00:00"));
        assert_eq!((by_id(first).follow_up_of, by_id(second).follow_up_of), (None, Some(first)));
        let summary = run.summary();
        assert_eq!(summary.answers.iter().map(|a| a.follow_up).collect::<Vec<_>>(), [false, true]);
    }

    #[test]
    fn finishing_early_asks_nothing_more() {
        let bank = QuestionBank::builtin();
        let mut run = InterviewRun::new("x".into(), bank.questions[..3].to_vec(), 2);
        run.advance();
        run.finish();
        assert!(run.current().is_none() && run.advance().is_none());
    }
}
