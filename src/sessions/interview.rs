//! A mock interview: a few questions drawn across the principles (or from one, or from the
//! weakest), each answer followed by one or two follow-ups chosen from what its analysis found,
//! each follow-up answer a session of its own (30-60 s target) linked to the answer it follows,
//! and one summary across them all. The window and `starling interview` share it.

use serde::Serialize;

use super::coverage::coverage;
use crate::analysis::{AnalysisSettings, Report, StarLabel};
use crate::bank::{Library, Question, QuestionBank};
use crate::store::Session;

pub const DEFAULT_QUESTIONS: usize = 3;
/// How long a follow-up answer should take, seconds.
pub const FOLLOW_UP_TARGET_S: (f64, f64) = (30.0, 60.0);
/// The bar-raiser drill: the interviewer cuts in here ("Let's wrap up").
pub const WRAP_UP_AT_S: f64 = 150.0;

/// Which questions an interview draws.
#[derive(Debug, Clone, PartialEq)]
pub enum Focus {
    /// One question per principle, principles shuffled.
    Across,
    /// Questions of this principle only.
    Principle(String),
    /// The principles practised least and worst first.
    Weakest,
}

/// `count` different questions for an interview on `focus`; `seed` shuffles (the start time,
/// say). Single questions only: the long multi-part prompts are exercises of their own.
pub fn draw(
    bank: &QuestionBank,
    library: &Library,
    sessions: &[Session],
    settings: &AnalysisSettings,
    count: usize,
    focus: &Focus,
    seed: u64,
) -> Vec<Question> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let pool: Vec<&Question> = bank.questions.iter().chain(&library.questions).filter(|q| !q.multi_part).collect();
    let of = |p: &str| pool.iter().copied().filter(|q| q.principles.iter().any(|x| x == p)).collect::<Vec<_>>();
    let principles: Vec<String> = match focus {
        Focus::Principle(p) => vec![p.clone(); count],
        Focus::Across => {
            let mut names: Vec<String> = bank.principles.iter().map(|p| p.name.clone()).collect();
            rng.shuffle(&mut names);
            names
        }
        Focus::Weakest => {
            let mut rows = coverage(sessions, bank, library, settings).principles;
            // Never practised first, then the lowest mean grade; ties shuffled.
            rng.shuffle(&mut rows);
            rows.sort_by(|a, b| {
                (a.attempts > 0)
                    .cmp(&(b.attempts > 0))
                    .then(a.mean_score.unwrap_or(0.0).total_cmp(&b.mean_score.unwrap_or(0.0)))
            });
            rows.into_iter().map(|r| r.principle).collect()
        }
    };
    let mut out: Vec<Question> = Vec::new();
    for p in principles.iter().cycle().take(principles.len() * 2) {
        if out.len() >= count {
            break;
        }
        let fresh: Vec<&Question> = of(p).into_iter().filter(|q| out.iter().all(|o| o.id != q.id)).collect();
        if let Some(q) = rng.choice(fresh) {
            out.push(q.clone());
        }
    }
    out
}

/// The thresholds a follow-up answer is judged by: the user's, with its own length target.
pub fn follow_up_settings(settings: &AnalysisSettings) -> AnalysisSettings {
    AnalysisSettings { target_total_s: FOLLOW_UP_TARGET_S, ..settings.clone() }
}

/// One answer's line in the summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnswerLine {
    pub session_id: i64,
    pub question: String,
    /// Answers a follow-up (of the answer before it).
    pub follow_up: bool,
    pub spoken_s: f64,
    pub target_s: (f64, f64),
    pub wpm: f64,
    pub fillers_per_minute: f64,
    pub i_share: Option<f64>,
    /// Share of the answer per STAR section, in `StarLabel::ALL` order.
    pub star_shares: Vec<Option<f64>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub answers: Vec<AnswerLine>,
    pub spoken_s: f64,
    /// Over every answer, weighted by length.
    pub wpm: Option<f64>,
    pub fillers_per_minute: Option<f64>,
    pub i_share: Option<f64>,
    /// The main answers' mean share per STAR section.
    pub star_balance: Vec<Option<f64>>,
    /// The "next time" items that came up most, most often first (at most three).
    pub next_time: Vec<String>,
}

impl Summary {
    /// "Situation 27%, Task 2%, Action 50%, Result 21%": the main answers' sections that took any time.
    pub fn star_balance_text(&self) -> Option<String> {
        let parts: Vec<String> = StarLabel::ALL
            .iter()
            .zip(&self.star_balance)
            .filter_map(|(l, v)| v.filter(|v| *v > 0.0).map(|v| format!("{} {:.0}%", l.name(), v * 100.0)))
            .collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    }
}

/// The summary of an interview's answers, in the order they were given: `(session id, question
/// asked, is a follow-up, report)`.
pub fn summarize(answers: &[(i64, String, bool, Report)]) -> Summary {
    let lines: Vec<AnswerLine> = answers
        .iter()
        .map(|(id, question, follow_up, r)| AnswerLine {
            session_id: *id,
            question: question.clone(),
            follow_up: *follow_up,
            spoken_s: r.answer_length_s(),
            target_s: r.settings.target_total_s,
            wpm: r.pacing.wpm,
            fillers_per_minute: r.fillers.per_minute,
            i_share: r.pronouns.i_share,
            star_shares: StarLabel::ALL
                .iter()
                .map(|l| r.star.sections.iter().filter(|s| s.label == *l).map(|s| s.share).reduce(|a, b| a + b))
                .collect(),
        })
        .collect();
    let spoken: f64 = lines.iter().map(|l| l.spoken_s).sum();
    let weighted = |value: &dyn Fn(&AnswerLine) -> Option<f64>| {
        let (sum, weight) = lines
            .iter()
            .filter_map(|l| value(l).map(|v| (v * l.spoken_s, l.spoken_s)))
            .fold((0.0, 0.0), |(s, w), (v, x)| (s + v, w + x));
        (weight > 0.0).then(|| sum / weight)
    };
    let main: Vec<&AnswerLine> = lines.iter().filter(|l| !l.follow_up).collect();
    let star_balance = (0..StarLabel::ALL.len())
        .map(|i| {
            let shares: Vec<f64> = main.iter().map(|l| l.star_shares[i].unwrap_or(0.0)).collect();
            (!shares.is_empty()).then(|| shares.iter().sum::<f64>() / shares.len() as f64)
        })
        .collect();
    // Tips by how many answers they came up in; the first answer's wording of each.
    let mut tally: Vec<(crate::analysis::FindingCode, String, usize)> = Vec::new();
    for (_, _, _, r) in answers {
        for tip in &r.coaching.next_time {
            match tally.iter_mut().find(|(code, _, _)| *code == tip.code) {
                Some(entry) => entry.2 += 1,
                None => tally.push((tip.code.clone(), tip.text.clone(), 1)),
            }
        }
    }
    tally.sort_by_key(|t| std::cmp::Reverse(t.2));
    Summary {
        spoken_s: spoken,
        wpm: weighted(&|l| Some(l.wpm)),
        fillers_per_minute: weighted(&|l| Some(l.fillers_per_minute)),
        i_share: weighted(&|l| l.i_share),
        star_balance,
        next_time: tally.into_iter().take(3).map(|(_, text, _)| text).collect(),
        answers: lines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_are_drawn_across_principles_or_from_one() {
        let bank = QuestionBank::builtin();
        let library = Library::default();
        let settings = AnalysisSettings::default();
        let across = draw(&bank, &library, &[], &settings, 3, &Focus::Across, 7);
        assert_eq!(across.len(), 3);
        let firsts: std::collections::HashSet<_> = across.iter().map(|q| q.id.clone()).collect();
        assert_eq!(firsts.len(), 3, "three different questions");
        assert!(across.iter().all(|q| !q.multi_part));
        assert_ne!(
            across.iter().map(|q| &q.id).collect::<Vec<_>>(),
            draw(&bank, &library, &[], &settings, 3, &Focus::Across, 8).iter().map(|q| &q.id).collect::<Vec<_>>()
        );
        let bias = draw(&bank, &library, &[], &settings, 4, &Focus::Principle("Bias for Action".into()), 1);
        assert_eq!(bias.len(), 4);
        assert!(bias.iter().all(|q| q.principles.iter().any(|p| p == "Bias for Action")));
        // A principle with no question (one of the user's own) gives none rather than others.
        assert!(
            draw(&bank, &library, &[], &settings, 2, &Focus::Principle("Vocally Self-Critical".into()), 1).is_empty()
        );
    }

    #[test]
    fn the_weakest_principles_come_first() {
        let bank = QuestionBank::builtin();
        // Every principle practised, Frugality's badly.
        let mut sessions = Vec::new();
        for (i, p) in bank.principles.iter().enumerate() {
            let Some(q) = bank.questions.iter().find(|q| q.principles.contains(&p.name)) else { continue };
            let mut s = Session::example();
            (s.id, s.question_id, s.duration_s) =
                (i as i64, Some(q.id.clone()), Some(if p.name == "Frugality" { 20.0 } else { 150.0 }));
            s.wpm = Some(140.0);
            sessions.push(s);
        }
        let drawn = draw(&bank, &Library::default(), &sessions, &AnalysisSettings::default(), 1, &Focus::Weakest, 3);
        assert!(drawn[0].principles.iter().any(|p| p == "Frugality"), "{:?}", drawn[0].principles);
    }

    #[test]
    fn the_summary_weighs_answers_by_length_and_ranks_tips() {
        let tip = |code: &str, text: &str| crate::analysis::CoachingTip {
            code: code.into(),
            text: text.into(),
            quote: None,
            start: None,
            end: None,
        };
        let mut a = Report { duration_s: 120.0, ..Report::default() };
        a.words = crate::analysis::timed_words(&"word ".repeat(10));
        (a.pacing.wpm, a.fillers.per_minute, a.pronouns.i_share) = (150.0, 2.0, Some(0.8));
        a.coaching.next_time = vec![tip("fillers", "Pause instead of um."), tip("say_i", "Say I.")];
        let mut b = a.clone();
        (b.pacing.wpm, b.pronouns.i_share) = (110.0, Some(0.4));
        b.coaching.next_time = vec![tip("say_i", "Say I, again.")];
        let summary = summarize(&[(1, "Q1".into(), false, a), (2, "What was your part?".into(), true, b)]);
        assert_eq!(summary.answers.len(), 2);
        assert!(summary.answers[1].follow_up);
        assert_eq!(summary.next_time, ["Say I.", "Pause instead of um."]);
        assert!((summary.wpm.unwrap() - 130.0).abs() < 1e-9, "equal lengths: the mean");
        assert!((summary.i_share.unwrap() - 0.6).abs() < 1e-9);
        assert_eq!(follow_up_settings(&AnalysisSettings::default()).target_total_s, FOLLOW_UP_TARGET_S);
    }
}
