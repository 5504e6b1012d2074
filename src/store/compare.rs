//! An attempt beside the previous attempt at the same question: which figures moved toward
//! their targets and which moved away. "Better" means closer to the target band (or lower,
//! for fillers), so a pace that drops from 190 to 150 wpm improves and one that drops from
//! 130 to 100 gets worse.

use crate::analysis::{AnalysisSettings, StarLabel};

use super::Session;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Better,
    Worse,
    Same,
}

/// One figure, before and after.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub measure: &'static str,
    pub before: Option<f64>,
    pub after: Option<f64>,
    pub verdict: Verdict,
    /// How the figure reads: "2:31", "142 wpm", "64%".
    pub unit: Unit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Clock,
    Wpm,
    PerMinute,
    Percent,
}

impl Unit {
    pub fn format(self, value: Option<f64>) -> String {
        let Some(v) = value else { return "–".into() };
        match self {
            Unit::Clock => crate::analysis::format_clock(v),
            Unit::Wpm => format!("{v:.0} wpm"),
            Unit::PerMinute => format!("{v:.1}/min"),
            Unit::Percent => format!("{:.0}%", v * 100.0),
        }
    }
}

/// Distance from `v` to the band `lo..=hi` (0 inside it).
fn off_band(v: f64, (lo, hi): (f64, f64)) -> f64 {
    if v < lo {
        lo - v
    } else if v > hi {
        v - hi
    } else {
        0.0
    }
}

/// Compares by distance from a band; changes smaller than `noise` count as the same.
fn judge(before: Option<f64>, after: Option<f64>, band: (f64, f64), noise: f64) -> Verdict {
    match (before, after) {
        (Some(b), Some(a)) => {
            let (b, a) = (off_band(b, band), off_band(a, band));
            if (a - b).abs() <= noise {
                Verdict::Same
            } else if a < b {
                Verdict::Better
            } else {
                Verdict::Worse
            }
        }
        _ => Verdict::Same,
    }
}

/// The figures of `after` against `before`, in the order the history shows them.
pub fn compare(before: &Session, after: &Session, settings: &AnalysisSettings) -> Vec<Change> {
    let band = |label| settings.star_targets.get(label).unwrap_or((0.0, 1.0));
    let row = |measure, unit, before: Option<f64>, after: Option<f64>, band, noise| Change {
        measure,
        before,
        after,
        verdict: judge(before, after, band, noise),
        unit,
    };
    vec![
        row("Length", Unit::Clock, before.duration_s, after.duration_s, settings.target_total_s, 5.0),
        row("Pace", Unit::Wpm, before.wpm, after.wpm, settings.wpm_band, 3.0),
        row("Fillers", Unit::PerMinute, before.fillers_per_min, after.fillers_per_min, (0.0, 0.0), 0.2),
        row("\"I\" share", Unit::Percent, before.i_share, after.i_share, (1.0, 1.0), 0.02),
        row(
            "Action share",
            Unit::Percent,
            before.share(StarLabel::Action),
            after.share(StarLabel::Action),
            band(StarLabel::Action),
            0.02,
        ),
        row(
            "Result share",
            Unit::Percent,
            before.share(StarLabel::Result),
            after.share(StarLabel::Result),
            band(StarLabel::Result),
            0.02,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(duration: f64, wpm: f64, fillers: f64, i_share: f64, action: f64) -> Session {
        Session {
            question_id: Some("q".into()),
            duration_s: Some(duration),
            wpm: Some(wpm),
            fillers_per_min: Some(fillers),
            i_share: Some(i_share),
            star_shares: [Some(0.2), Some(0.1), Some(action), Some(0.15), None],
            ..Session::example()
        }
    }

    #[test]
    fn moving_toward_the_target_is_better_whichever_way_it_moves() {
        let s = AnalysisSettings::default();
        let before = session(200.0, 190.0, 6.0, 0.5, 0.40);
        let after = session(150.0, 150.0, 6.1, 0.8, 0.70);
        let verdicts: Vec<_> = compare(&before, &after, &s).iter().map(|c| (c.measure, c.verdict)).collect();
        assert_eq!(
            verdicts,
            vec![
                ("Length", Verdict::Better),
                ("Pace", Verdict::Better),
                ("Fillers", Verdict::Same),
                ("\"I\" share", Verdict::Better),
                ("Action share", Verdict::Better),
                ("Result share", Verdict::Same),
            ]
        );
        let slower = session(150.0, 100.0, 9.0, 0.3, 0.58);
        let worse: Vec<_> = compare(&after, &slower, &s).iter().map(|c| c.verdict).collect();
        assert_eq!(worse[1..4], [Verdict::Worse, Verdict::Worse, Verdict::Worse]);
        assert_eq!(worse[4], Verdict::Better, "0.70 -> 0.58 enters the 50-65% band");
    }

    #[test]
    fn a_missing_figure_is_neither_better_nor_worse() {
        let mut unanalyzed = session(0.0, 0.0, 0.0, 0.0, 0.0);
        unanalyzed.wpm = None;
        let c = compare(&unanalyzed, &session(150.0, 150.0, 1.0, 0.8, 0.6), &AnalysisSettings::default());
        assert_eq!(c[1].verdict, Verdict::Same);
        assert_eq!(Unit::Wpm.format(None), "–");
        assert_eq!(Unit::Percent.format(Some(0.634)), "63%");
    }
}
