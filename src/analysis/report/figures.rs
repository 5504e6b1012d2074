//! The report's headline figures in words, said once: each with its value, the target it was
//! judged against and whether it met it. The review screen, the HTML and Markdown exports and
//! `starling analyze` all render these rows, so one recording reads the same everywhere.

use super::Report;
use crate::analysis::{counted, format_clock};

/// Whether a figure met the target it was judged against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    OnTarget,
    /// Past the target, enough for a listener to notice.
    Off,
    /// No target applies (or nothing to judge).
    Unjudged,
}

impl Verdict {
    pub fn word(self) -> &'static str {
        match self {
            Verdict::OnTarget => "on target",
            Verdict::Off => "off target",
            Verdict::Unjudged => "",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FigureKind {
    Length,
    Pace,
    Pauses,
    Fillers,
    Pronouns,
    ResultNumber,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub kind: FigureKind,
    pub label: &'static str,
    pub value: String,
    /// The target in words ("2:00–3:00"), judged by the settings the report records.
    pub target: Option<String>,
    pub verdict: Verdict,
    /// What the value means to a listener, where the figure has such words ("noticeable").
    pub remark: Option<&'static str>,
}

impl Figure {
    /// The value with its target, as one line: "2:31 spoken (target 2:00–3:00)".
    pub fn value_and_target(&self) -> String {
        match &self.target {
            Some(t) => format!("{} (target {t})", self.value),
            None => self.value.clone(),
        }
    }
}

fn verdict(on: bool) -> Verdict {
    if on { Verdict::OnTarget } else { Verdict::Off }
}

/// Every kind, in the order every view shows them.
pub const KINDS: [FigureKind; 6] = [
    FigureKind::Length,
    FigureKind::Pace,
    FigureKind::Pauses,
    FigureKind::Fillers,
    FigureKind::Pronouns,
    FigureKind::ResultNumber,
];

/// The headline figures of `report`, in the order every view shows them.
pub fn figures(report: &Report) -> Vec<Figure> {
    KINDS.into_iter().map(|kind| figure(report, kind)).collect()
}

/// One figure of `report`; a view that shows one figure per block asks for just that one.
pub fn figure(report: &Report, kind: FigureKind) -> Figure {
    let s = &report.settings;
    let p = &report.pacing;
    // Nothing said, nothing judged.
    let judged = |on: bool| if report.words.is_empty() { Verdict::Unjudged } else { verdict(on) };
    let (label, value, target, verdict, remark) = match kind {
        FigureKind::Length => {
            let (lo, hi) = report.content.target_total_s;
            let length = report.answer_length_s();
            (
                "Length",
                format!("{} spoken", format_clock(length)),
                Some(format!("{}–{}", format_clock(lo), format_clock(hi))),
                judged((lo..=hi).contains(&length)),
                None,
            )
        }
        FigureKind::Pace => (
            "Pace",
            format!(
                "{:.0} words per minute, {:.0} while speaking, {}",
                p.wpm,
                p.articulation_wpm,
                counted(p.word_count, "word")
            ),
            Some(format!("{:.0}–{:.0}", p.target_wpm.0, p.target_wpm.1)),
            judged((p.target_wpm.0..=p.target_wpm.1).contains(&p.wpm)),
            None,
        ),
        FigureKind::Pauses => (
            "Long pauses",
            format!(
                "{} of {} s or more, {} of {} s or more",
                counted(p.long_pause_count, "long pause"),
                s.long_pause_s,
                counted(p.stall_count, "stall"),
                s.stall_s
            ),
            Some("no stalls".into()),
            judged(p.stall_count == 0),
            None,
        ),
        FigureKind::Fillers => {
            let f = &report.fillers;
            let (fine, distracting) = s.fillers_per_minute;
            let remark = if f.per_minute <= fine {
                "listeners will hardly notice"
            } else if f.per_minute < distracting {
                "noticeable"
            } else {
                "distracting"
            };
            (
                "Fillers",
                format!("{}, {:.1} per minute", f.count, f.per_minute),
                Some(format!("up to {fine:.0} a minute")),
                judged(f.per_minute <= fine),
                (!report.words.is_empty()).then_some(remark),
            )
        }
        FigureKind::Pronouns => (
            "I / we",
            match report.pronouns.i_share {
                Some(share) => {
                    format!("{} / {}, \"I\" {:.0}% of them", report.pronouns.i, report.pronouns.we, share * 100.0)
                }
                None => "neither used".into(),
            },
            None,
            Verdict::Unjudged,
            None,
        ),
        FigureKind::ResultNumber => (
            "Result quantified",
            match report.content.result_quantified {
                Some(true) => "yes".into(),
                Some(false) => "no number or metric".into(),
                None => "no Result to judge".into(),
            },
            Some("a number or metric".into()),
            report.content.result_quantified.map_or(Verdict::Unjudged, verdict),
            None,
        ),
    };
    Figure { kind, label, value, target, verdict, remark }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::report::timed_words;

    #[test]
    fn each_figure_is_judged_by_the_settings_the_report_records() {
        let mut r = Report { words: timed_words("I rolled back the deploy."), ..Report::default() };
        r.pacing.wpm = 190.0;
        r.pacing.target_wpm = (120.0, 160.0);
        r.fillers.per_minute = 8.0;
        r.settings.fillers_per_minute = (5.0, 12.0);
        let pace = figure(&r, FigureKind::Pace);
        assert_eq!(pace.verdict, Verdict::Off);
        assert_eq!(pace.target.as_deref(), Some("120–160"));
        let fillers = figure(&r, FigureKind::Fillers);
        assert_eq!((fillers.verdict, fillers.remark), (Verdict::Off, Some("noticeable")));
        r.settings.fillers_per_minute = (10.0, 20.0);
        assert_eq!(figure(&r, FigureKind::Fillers).verdict, Verdict::OnTarget);
    }

    #[test]
    fn nothing_said_is_not_judged() {
        let r = Report::default();
        assert!(figures(&r).iter().all(|f| f.verdict == Verdict::Unjudged), "{:?}", figures(&r));
        assert_eq!(figure(&r, FigureKind::Pronouns).value, "neither used");
    }
}
