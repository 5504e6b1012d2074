//! "Today": a few questions to practise, chosen by the spaced-repetition schedule (questions
//! due again), the principles no answer has covered yet, and the measure the user has missed
//! most lately. Each pick says why, in words the Practice screen and `starling plan` show.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::practice_history::{GradedAttempt, all_questions, graded};
use super::schedule::{Attempt, Measure, Schedule, schedule};
use crate::analysis::AnalysisSettings;
use crate::bank::{Library, Question, QuestionBank};
use crate::store::Session;

/// Questions on a day's plan.
pub const DEFAULT_COUNT: u16 = 3;
/// The measure missed most often over this many recent answers leads the plan ...
const RECENT: usize = 10;
/// ... if it was missed at least this often.
const WEAK_MIN_MISSES: usize = 2;

/// Why a question is on today's plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Why {
    /// Practised before and due again (0 days overdue: due today).
    Due { overdue_days: i64 },
    /// No answer has covered this principle yet.
    Uncovered { principle: String },
    /// The measure missed most lately.
    Weakest { measure: Measure },
    /// Not practised yet; nothing more pressing.
    New,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanItem {
    pub question_id: String,
    pub question: String,
    pub principles: Vec<String>,
    pub why: Why,
    /// `why` as a sentence.
    pub reason: String,
    /// The question's schedule after every attempt, today's included, if it was practised.
    pub schedule: Option<Schedule>,
    /// Answered today: the best score of today's attempts (0-5).
    pub done_today: Option<u8>,
}

/// The measure missed most over the recent answers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Weakness {
    pub measure: Measure,
    pub missed: usize,
    pub of: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    pub date: NaiveDate,
    pub items: Vec<PlanItem>,
    pub weakest: Option<Weakness>,
    /// Principles with no answer yet (today's answers count), in the bank's order.
    pub uncovered: Vec<String>,
    /// How many principles the bank has.
    pub principle_count: usize,
    /// The next day a practised question falls due, after today.
    pub next_due: Option<NaiveDate>,
}

/// Principles whose questions train a measure best (ours): "I" in questions about your own
/// actions, the result in questions about delivering one.
fn principles_for(measure: Measure) -> &'static [&'static str] {
    match measure {
        Measure::IShare => &["Ownership", "Bias for Action", "Deliver Results"],
        Measure::ActionShare => &["Bias for Action", "Invent and Simplify", "Dive Deep"],
        Measure::Result => &["Deliver Results", "Customer Obsession", "Insist on the Highest Standards"],
        Measure::Length | Measure::Pace | Measure::Fillers => &[],
    }
}

fn advice(measure: Measure) -> &'static str {
    match measure {
        Measure::Length => "aim for two to three minutes",
        Measure::Pace => "keep a steady, unhurried pace",
        Measure::Fillers => "pause silently where an \"um\" would go",
        Measure::IShare => "say \"I\" for what you did",
        Measure::ActionShare => "spend most of the answer on your actions",
        Measure::Result => "end with the result, in numbers",
    }
}

/// Today's plan of `count` questions from `sessions` (any order), judged by `settings`. It is
/// made from the days before today, so it holds all day: a question answered today stays on
/// it, marked done, and its schedule moves on.
pub fn plan<'q>(
    sessions: &[Session],
    bank: &'q QuestionBank,
    library: &'q Library,
    settings: &AnalysisSettings,
    today: NaiveDate,
    count: usize,
) -> Plan {
    let questions = all_questions(bank, library);
    let everything = graded(sessions, &questions, settings);
    let (attempts, todays): (Vec<GradedAttempt>, Vec<GradedAttempt>) =
        everything.iter().cloned().partition(|a| a.day < today);
    let schedules: HashMap<&str, Schedule> = schedules_of(&attempts);
    let schedules_now = schedules_of(&everything);
    // The plan's picks are made from the days before today (so it holds all day); what is
    // still uncovered is said from every answer, today's included, as the coverage grid shows.
    let uncovered_before: Vec<String> = bank
        .principles
        .iter()
        .map(|p| p.name.clone())
        .filter(|p| !attempts.iter().any(|a| a.principles.contains(p)))
        .collect();
    let uncovered: Vec<String> =
        uncovered_before.iter().filter(|p| !todays.iter().any(|a| a.principles.contains(p))).cloned().collect();
    let principle_count = bank.principles.len();
    let weakest = weakest(&attempts);
    let next_due = schedules_now.values().map(|s| s.due).filter(|&d| d > today).min();
    // Rotates the choice among equals by the day, so "Today" changes from day to day.
    let turn = today.num_days_from_ce().unsigned_abs() as usize;
    let rotate = |list: Vec<&'q Question>| rotated(list, turn);
    let fresh = |q: &&Question| !schedules.contains_key(q.id.as_str());

    let mut due: Vec<(&Question, &Schedule)> = questions
        .iter()
        .filter_map(|q| schedules.get(q.id.as_str()).filter(|s| s.due <= today).map(|s| (*q, s)))
        .collect();
    due.sort_by(|a, b| a.1.due.cmp(&b.1.due).then(a.1.last_score.cmp(&b.1.last_score)).then(a.0.id.cmp(&b.0.id)));
    let mut due_items = due.into_iter().map(|(q, s)| (q, Why::Due { overdue_days: (today - s.due).num_days() }));

    // How many uncovered principles a question would cover at once.
    let covers = |q: &Question| q.principles.iter().filter(|x| uncovered_before.contains(x)).count();
    let mut uncovered_items = uncovered_before.iter().filter_map(|p| {
        // Single questions before the long multi-part prompts.
        let of_principle = |multi: bool| {
            questions
                .iter()
                .copied()
                .filter(fresh)
                .filter(|q| q.principles.contains(p) && q.multi_part == multi)
                .collect::<Vec<_>>()
        };
        let candidates = Some(of_principle(false)).filter(|c| !c.is_empty()).unwrap_or_else(|| of_principle(true));
        // The question that covers most uncovered principles at once, then by the day.
        let most = candidates.iter().map(|q| covers(q)).max()?;
        let best = rotate(candidates.into_iter().filter(|q| covers(q) == most).collect());
        best.first().map(|q| (*q, Why::Uncovered { principle: p.clone() }))
    });

    let mut weak_items = weakest.iter().flat_map(|w| {
        let linked = principles_for(w.measure);
        let trains = |q: &&Question| linked.is_empty() || q.principles.iter().any(|p| linked.contains(&p.as_str()));
        let mut list: Vec<&Question> = questions
            .iter()
            .copied()
            .filter(trains)
            .filter(|q| schedules.get(q.id.as_str()).is_some_and(|s| s.due <= today))
            .collect();
        list.extend(rotate(questions.iter().copied().filter(trains).filter(fresh).collect()));
        list.into_iter().map(move |q| (q, Why::Weakest { measure: w.measure }))
    });
    let mut new_items = rotate(questions.iter().copied().filter(fresh).filter(|q| !q.multi_part).collect())
        .into_iter()
        .map(|q| (q, Why::New));

    // One of each reason in turn (due, uncovered, weakest), then the rest of each, then new.
    let mut picks: Vec<(&Question, Why)> = Vec::new();
    // Takes the source's next question not picked yet; false when it has none left.
    let take = |source: &mut dyn Iterator<Item = (&'q Question, Why)>, picks: &mut Vec<(&'q Question, Why)>| {
        for (q, why) in &mut *source {
            if !picks.iter().any(|(p, _)| p.id == q.id) {
                picks.push((q, why));
                return true;
            }
        }
        false
    };
    while picks.len() < count {
        let mut any = false;
        for source in
            [&mut due_items as &mut dyn Iterator<Item = (&'q Question, Why)>, &mut uncovered_items, &mut weak_items]
        {
            if picks.len() < count {
                any |= take(source, &mut picks);
            }
        }
        if !any {
            break;
        }
    }
    while picks.len() < count && take(&mut new_items, &mut picks) {}
    let items = picks
        .into_iter()
        .map(|(q, why)| PlanItem {
            question_id: q.id.clone(),
            question: q.text.clone(),
            principles: q.principles.clone(),
            reason: reason(&why, weakest.as_ref(), schedules.get(q.id.as_str()), &uncovered),
            why,
            schedule: schedules_now.get(q.id.as_str()).cloned(),
            done_today: todays
                .iter()
                .filter(|a| a.session.question_id.as_deref() == Some(q.id.as_str()))
                .map(|a| a.grade.score)
                .max(),
        })
        .collect();
    Plan { date: today, items, weakest, uncovered, principle_count, next_due }
}

/// `list` turned `turn` places, so the first of equals changes with the day.
fn rotated<T>(mut list: Vec<T>, turn: usize) -> Vec<T> {
    if !list.is_empty() {
        let k = turn % list.len();
        list.rotate_left(k);
    }
    list
}

fn schedules_of<'a>(attempts: &[GradedAttempt<'a>]) -> HashMap<&'a str, Schedule> {
    let mut by_question: HashMap<&str, Vec<Attempt>> = HashMap::new();
    for a in attempts {
        if let Some(id) = a.session.question_id.as_deref() {
            by_question.entry(id).or_default().push(Attempt { day: a.day, score: a.grade.score });
        }
    }
    by_question.into_iter().filter_map(|(id, list)| schedule(&list).map(|s| (id, s))).collect()
}

fn weakest(attempts: &[GradedAttempt]) -> Option<Weakness> {
    let recent = &attempts[attempts.len().saturating_sub(RECENT)..];
    Measure::ALL
        .iter()
        .map(|&m| Weakness {
            measure: m,
            missed: recent.iter().filter(|a| a.grade.missed.contains(&m)).count(),
            of: recent.len(),
        })
        // The first of the most missed, in `Measure::ALL`'s order.
        .fold(
            None,
            |best: Option<Weakness>, w| {
                if best.as_ref().is_some_and(|b| b.missed >= w.missed) { best } else { Some(w) }
            },
        )
        .filter(|w| w.missed >= WEAK_MIN_MISSES)
}

fn reason(why: &Why, weakest: Option<&Weakness>, schedule: Option<&Schedule>, uncovered: &[String]) -> String {
    match why {
        Why::Due { overdue_days } => {
            let when = match overdue_days {
                0 => "due today".to_string(),
                1 => "due since yesterday".to_string(),
                d => format!("due for {d} days"),
            };
            let last = schedule.map(|s| format!("; last grade {}/5", s.last_score)).unwrap_or_default();
            format!("Practised before and {when}{last}.")
        }
        Why::Uncovered { principle } if uncovered.contains(principle) => format!("No answer covers {principle} yet."),
        Why::Uncovered { principle } => {
            format!("Picked because no answer covered {principle}; today's answer is its first.")
        }
        Why::Weakest { measure } => {
            let how = weakest
                .filter(|w| w.measure == *measure)
                .map(|w| format!(" (missed in {} of your last {} answers)", w.missed, w.of))
                .unwrap_or_default();
            format!("Your weakest measure lately is {}{how}: {}.", measure.label(), advice(*measure))
        }
        Why::New => "Not practised yet.".to_string(),
    }
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
