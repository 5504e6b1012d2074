//! When to practise a question again: SM-2 spaced repetition (Wozniak's SuperMemo 2) over the
//! question's attempts, each graded 0-5 by how many of the answer's measures were on target.
//! The schedule is replayed from the session index every time, so it needs no store of its own
//! and follows edits, deletions and re-analysis.

use chrono::NaiveDate;
use serde::Serialize;

use crate::analysis::{AnalysisSettings, StarLabel};
use crate::store::Session;

/// A measure an attempt is graded on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    Length,
    Pace,
    Fillers,
    IShare,
    ActionShare,
    Result,
}

impl Measure {
    pub const ALL: [Measure; 6] =
        [Measure::Length, Measure::Pace, Measure::Fillers, Measure::IShare, Measure::ActionShare, Measure::Result];

    /// As a user reads it in "your weakest measure lately: ...".
    pub fn label(self) -> &'static str {
        match self {
            Measure::Length => "answer length",
            Measure::Pace => "pace",
            Measure::Fillers => "filler words",
            Measure::IShare => "saying \"I\" for your part",
            Measure::ActionShare => "time on your actions",
            Measure::Result => "a told result",
        }
    }
}

/// How an attempt went: 0-5 (SM-2's scale) and the measures it missed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grade {
    pub score: u8,
    pub missed: Vec<Measure>,
}

/// A grade in words, for a plan that says "done today": what the 0-5 means.
pub fn grade_explained(score: u8) -> String {
    format!(
        "grade {score} of 5: the share of six measures on target (length, pace, fillers, \"I\", the Action's share, the Result's), scaled to 5"
    )
}

/// Grades an analyzed session by the thresholds it is judged by; `None` before analysis or
/// when no measure is known.
pub fn grade(session: &Session, settings: &AnalysisSettings) -> Option<Grade> {
    let within = |v: f64, (lo, hi): (f64, f64)| v >= lo && v <= hi;
    let checks: [(Measure, Option<bool>); 6] = [
        (Measure::Length, session.duration_s.map(|d| within(d, settings.target_total_s))),
        (Measure::Pace, session.wpm.map(|w| within(w, settings.wpm_band))),
        (Measure::Fillers, session.fillers_per_min.map(|f| f <= settings.fillers_per_minute.0)),
        (Measure::IShare, session.i_share.map(|i| i >= settings.action_i_share_min)),
        (
            Measure::ActionShare,
            session.share(StarLabel::Action).zip(settings.star_targets.action).map(|(s, t)| within(s, t)),
        ),
        (
            Measure::Result,
            session.share(StarLabel::Result).zip(settings.star_targets.result).map(|(s, (lo, _))| s >= lo),
        ),
    ];
    let known: Vec<(Measure, bool)> = checks.iter().filter_map(|&(m, ok)| ok.map(|ok| (m, ok))).collect();
    if known.is_empty() {
        return None;
    }
    let passed = known.iter().filter(|(_, ok)| *ok).count();
    let score = (5.0 * passed as f64 / known.len() as f64).round() as u8;
    Some(Grade { score, missed: known.iter().filter(|(_, ok)| !ok).map(|&(m, _)| m).collect() })
}

/// One graded attempt at a question.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Attempt {
    pub day: NaiveDate,
    pub score: u8,
}

/// A question's place in the schedule after its attempts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Schedule {
    /// Good attempts in a row (score 3 or more).
    pub repetitions: u32,
    pub interval_days: u32,
    /// SM-2's easiness factor, 1.3 and up (2.5 to start).
    pub ease: f64,
    pub last: NaiveDate,
    pub last_score: u8,
    pub due: NaiveDate,
    pub attempts: usize,
}

const START_EASE: f64 = 2.5;
const MIN_EASE: f64 = 1.3;
/// A score from this up counts as remembered (SM-2's pass mark).
pub const PASS: u8 = 3;

/// Replays `attempts` (any order) through SM-2. Several attempts on one day count as that
/// day's last, so recording a question five times in a row does not push it months away.
pub fn schedule(attempts: &[Attempt]) -> Option<Schedule> {
    let mut sorted = attempts.to_vec();
    sorted.sort_by_key(|a| a.day);
    sorted.dedup_by(|later, earlier| {
        let same = later.day == earlier.day;
        if same {
            *earlier = *later;
        }
        same
    });
    let first = sorted.first()?;
    let mut s = Schedule {
        repetitions: 0,
        interval_days: 0,
        ease: START_EASE,
        last: first.day,
        last_score: first.score,
        due: first.day,
        attempts: attempts.len(),
    };
    for a in &sorted {
        let q = a.score.min(5) as f64;
        if a.score >= PASS {
            s.interval_days = match s.repetitions {
                0 => 1,
                1 => 6,
                _ => (s.interval_days as f64 * s.ease).round() as u32,
            };
            s.repetitions += 1;
        } else {
            s.repetitions = 0;
            s.interval_days = 1;
        }
        s.ease = (s.ease + 0.1 - (5.0 - q) * (0.08 + (5.0 - q) * 0.02)).max(MIN_EASE);
        s.last = a.day;
        s.last_score = a.score;
        s.due = a.day + chrono::Days::new(s.interval_days as u64);
    }
    Some(s)
}

/// The calendar day of an index time ("2026-11-22 14:05:09").
pub fn day_of(created_at: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(created_at.get(..10)?, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn good_attempts_space_out_and_a_poor_one_brings_the_question_back_tomorrow() {
        let good = [Attempt { day: day("2026-11-01"), score: 5 }];
        let s = schedule(&good).unwrap();
        assert_eq!((s.repetitions, s.interval_days, s.due), (1, 1, day("2026-11-02")));
        let s = schedule(&[good[0], Attempt { day: day("2026-11-02"), score: 4 }]).unwrap();
        assert_eq!((s.repetitions, s.interval_days, s.due), (2, 6, day("2026-11-08")));
        let three =
            [good[0], Attempt { day: day("2026-11-02"), score: 4 }, Attempt { day: day("2026-11-08"), score: 5 }];
        let s = schedule(&three).unwrap();
        // Ease after 5, 4, 5: 2.6, 2.6, 2.7; the third interval is 6 x 2.6.
        assert_eq!(s.interval_days, 16);
        assert!((s.ease - 2.7).abs() < 1e-9, "{}", s.ease);
        let mut poor = three.to_vec();
        poor.push(Attempt { day: day("2026-11-24"), score: 1 });
        let s = schedule(&poor).unwrap();
        assert_eq!((s.repetitions, s.interval_days, s.due), (0, 1, day("2026-11-25")));
        assert!(s.ease < 2.7 && s.ease >= MIN_EASE);
        assert_eq!(s.attempts, 4);
    }

    #[test]
    fn ease_never_falls_below_its_floor_and_order_does_not_matter() {
        let bad: Vec<Attempt> = (1..=20).map(|d| Attempt { day: day(&format!("2026-10-{d:02}")), score: 0 }).collect();
        assert_eq!(schedule(&bad).unwrap().ease, MIN_EASE);
        let mut shuffled = bad.clone();
        shuffled.reverse();
        assert_eq!(schedule(&shuffled), schedule(&bad));
        assert_eq!(schedule(&[]), None);
    }

    #[test]
    fn the_days_last_attempt_is_the_one_that_counts() {
        let d = day("2026-11-03");
        let s = schedule(&[Attempt { day: d, score: 1 }, Attempt { day: d, score: 5 }]).unwrap();
        assert_eq!((s.repetitions, s.last_score, s.attempts), (1, 5, 2));
    }

    fn session(duration: f64, wpm: f64, fillers: f64, i_share: f64, action: f64, result: f64) -> Session {
        let mut s = Session::example();
        s.duration_s = Some(duration);
        s.wpm = Some(wpm);
        s.fillers_per_min = Some(fillers);
        s.i_share = Some(i_share);
        s.star_shares = [Some(0.1), Some(0.1), Some(action), Some(result), None];
        s
    }

    #[test]
    fn grades_count_the_measures_on_target() {
        let settings = AnalysisSettings::default();
        let fine = grade(&session(150.0, 140.0, 2.0, 0.8, 0.55, 0.15), &settings).unwrap();
        assert_eq!((fine.score, fine.missed.clone()), (5, vec![]));
        let rushed = grade(&session(70.0, 190.0, 2.0, 0.8, 0.55, 0.0), &settings).unwrap();
        assert_eq!(rushed.missed, vec![Measure::Length, Measure::Pace, Measure::Result]);
        assert_eq!(rushed.score, 3);
        let worst = grade(&session(40.0, 200.0, 20.0, 0.2, 0.2, 0.0), &settings).unwrap();
        assert_eq!((worst.score, worst.missed.len()), (0, 6));
        let mut unanalyzed = session(0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
        (
            unanalyzed.duration_s,
            unanalyzed.wpm,
            unanalyzed.fillers_per_min,
            unanalyzed.i_share,
            unanalyzed.star_shares,
        ) = (None, None, None, None, [None; 5]);
        assert_eq!(grade(&unanalyzed, &settings), None);
    }

    #[test]
    fn days_come_from_the_index_time() {
        assert_eq!(day_of("2026-11-22 14:05:09"), Some(day("2026-11-22")));
        assert_eq!(day_of("garbage"), None);
    }
}
