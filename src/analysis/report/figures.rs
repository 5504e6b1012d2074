//! The report's headline figures in words, said once: each with its value, the target it was
//! judged against and whether it met it. The review screen, the HTML and Markdown exports and
//! `starling analyze` all render these rows, so one recording reads the same everywhere.

use super::Report;
use crate::analysis::format_clock;

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

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The headline figures of `report`, in the order every view shows them.
pub fn figures(report: &Report) -> Vec<Figure> {
    let s = &report.settings;
    let p = &report.pacing;
    let (lo, hi) = report.content.target_total_s;
    let length = report.answer_length_s();
    let (fine, distracting) = s.fillers_per_minute;
    let f = &report.fillers;
    let spoke = !report.words.is_empty();
    vec![
        Figure {
            kind: FigureKind::Length,
            label: "Length",
            value: format!("{} spoken", format_clock(length)),
            target: Some(format!("{}–{}", format_clock(lo), format_clock(hi))),
            verdict: if spoke { verdict((lo..=hi).contains(&length)) } else { Verdict::Unjudged },
            remark: None,
        },
        Figure {
            kind: FigureKind::Pace,
            label: "Pace",
            value: format!(
                "{:.0} words per minute, {:.0} while speaking, {}",
                p.wpm,
                p.articulation_wpm,
                plural(p.word_count, "word", "words")
            ),
            target: Some(format!("{:.0}–{:.0}", p.target_wpm.0, p.target_wpm.1)),
            verdict: if spoke {
                verdict((p.target_wpm.0..=p.target_wpm.1).contains(&p.wpm))
            } else {
                Verdict::Unjudged
            },
            remark: None,
        },
        Figure {
            kind: FigureKind::Pauses,
            label: "Long pauses",
            value: format!(
                "{} of {} s or more, {} of {} s or more",
                plural(p.long_pause_count, "long pause", "long pauses"),
                s.long_pause_s,
                plural(p.stall_count, "stall", "stalls"),
                s.stall_s
            ),
            target: Some("no stalls".into()),
            verdict: if spoke { verdict(p.stall_count == 0) } else { Verdict::Unjudged },
            remark: None,
        },
        Figure {
            kind: FigureKind::Fillers,
            label: "Fillers",
            value: format!("{}, {:.1} per minute", f.count, f.per_minute),
            target: Some(format!("up to {fine:.0} a minute")),
            verdict: if spoke { verdict(f.per_minute <= fine) } else { Verdict::Unjudged },
            remark: spoke.then_some(if f.per_minute <= fine {
                "listeners will hardly notice"
            } else if f.per_minute < distracting {
                "noticeable"
            } else {
                "distracting"
            }),
        },
        Figure {
            kind: FigureKind::Pronouns,
            label: "I / we",
            value: match report.pronouns.i_share {
                Some(share) => {
                    format!("{} / {}, \"I\" {:.0}% of them", report.pronouns.i, report.pronouns.we, share * 100.0)
                }
                None => "neither used".into(),
            },
            target: None,
            verdict: Verdict::Unjudged,
            remark: None,
        },
        Figure {
            kind: FigureKind::ResultNumber,
            label: "Result quantified",
            value: match report.content.result_quantified {
                Some(true) => "yes".into(),
                Some(false) => "no number or metric".into(),
                None => "no Result to judge".into(),
            },
            target: Some("a number or metric".into()),
            verdict: match report.content.result_quantified {
                Some(q) => verdict(q),
                None => Verdict::Unjudged,
            },
            remark: None,
        },
    ]
}

/// The figure of this kind (every report has each).
pub fn figure(report: &Report, kind: FigureKind) -> Figure {
    figures(report).into_iter().find(|f| f.kind == kind).unwrap_or_else(|| unreachable!("figures() has every kind"))
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
