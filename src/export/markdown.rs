//! A session's report as Markdown: readable as plain text, renders anywhere.

use std::fmt::Write;

use crate::analysis::report::figures::Verdict;
use crate::analysis::{Report, Severity, format_clock};
use crate::store::Session;

pub fn session(session: &Session, report: &Report) -> String {
    let mut md = String::new();
    let _ = writeln!(md, "# {}\n", escape(&session.display_title()));
    let _ = writeln!(md, "Recorded {}. {}\n", session.created_at, escape(&report.summary));
    for note in report.input_gap_notes() {
        let _ = writeln!(md, "> {}\n", escape(&note));
    }
    let _ = writeln!(md, "| measure | value | target |\n|---|---|---|");
    for f in crate::analysis::report::figures::figures(report) {
        let target = match (&f.target, f.verdict) {
            (Some(t), v) if v != Verdict::Unjudged => format!("{t}: {}", v.word()),
            (Some(t), _) => t.clone(),
            (None, _) => String::new(),
        };
        let remark = f.remark.map(|r| format!(": {r}")).unwrap_or_default();
        let _ = writeln!(md, "| {} | {}{remark} | {} |", f.label, escape(&f.value), escape(&target));
    }
    let _ = writeln!(md);

    coaching(&mut md, report);

    let _ = writeln!(md, "## STAR sections\n\n| section | from | length | share |\n|---|---|---|---|");
    for s in &report.star.sections {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {:.0}% |",
            s.label.name(),
            format_clock(s.start),
            format_clock(s.duration),
            s.share * 100.0
        );
    }
    if !report.star.missing.is_empty() {
        let missing: Vec<_> = report.star.missing.iter().map(|l| l.name()).collect();
        let _ = writeln!(md, "\nMissing: {}.", missing.join(", "));
    }

    let delivery = crate::analysis::delivery::describe::rows(&report.delivery);
    if !delivery.is_empty() {
        let _ = writeln!(md, "\n## Delivery\n\n| measure | value |\n|---|---|");
        for (name, value) in delivery {
            let _ = writeln!(md, "| {name} | {} |", escape(&value));
        }
    }

    let _ = writeln!(md, "\n## Findings\n");
    if report.findings.is_empty() {
        let _ = writeln!(md, "Nothing to flag.");
    }
    for f in &report.findings {
        let at = f.span.map(|s| format!(" ({})", format_clock(s.start))).unwrap_or_default();
        let mark = match f.severity {
            Severity::Problem => "**Problem**",
            Severity::Warning => "**Warning**",
            Severity::Suggestion => "Suggestion",
            Severity::Info => "Note",
        };
        let _ = writeln!(md, "- {mark}: {}{at}", escape(&f.message));
    }

    let _ = writeln!(md, "\n## Transcript\n");
    for s in &report.star.sections {
        let words: Vec<&str> = report
            .words
            .get(s.first_word..s.end_word.min(report.words.len()))
            .unwrap_or(&[])
            .iter()
            .map(|w| w.text.as_str())
            .collect();
        let _ = writeln!(md, "**{}** ({})  \n{}\n", s.label.name(), format_clock(s.start), escape(&words.join(" ")));
    }
    if report.star.sections.is_empty() && !report.transcript.is_empty() {
        let _ = writeln!(md, "{}", escape(&report.transcript));
    }
    md
}

/// The "next time" card and what already works, first after the figures.
fn coaching(md: &mut String, report: &Report) {
    let c = &report.coaching;
    if c.next_time.is_empty() && c.strengths.is_empty() && c.checks.is_empty() {
        return;
    }
    let _ = writeln!(md, "## Next time\n");
    for (i, tip) in c.next_time.iter().enumerate() {
        let _ = writeln!(md, "{}. {}", i + 1, escape(&tip.text));
        if let Some(q) = tip.quote_to_show() {
            let at = tip.start.map(|t| format!(" ({})", format_clock(t))).unwrap_or_default();
            let _ = writeln!(md, "   > {}{at}", escape(q));
        }
    }
    if c.next_time.is_empty() {
        let _ = writeln!(md, "Nothing stands out to change: practise it again for fluency.");
    }
    if !c.checks.is_empty() {
        let _ = writeln!(md, "\nWorth a check (the analysis is not sure):\n");
        for tip in &c.checks {
            let at = tip.start.map(|t| format!(" ({})", format_clock(t))).unwrap_or_default();
            let _ = writeln!(md, "- {}{at}", escape(&tip.text));
        }
    }
    if !c.strengths.is_empty() {
        let _ = writeln!(md, "\nAlready working:\n");
        for s in &c.strengths {
            let _ = writeln!(md, "- [x] {}", escape(s));
        }
    }
    let _ = writeln!(md);
}

/// Keeps the user's words from being read as Markdown syntax.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '_' | '`' | '#' | '[' | ']' | '<' | '>' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::report::timed_words;
    use crate::analysis::{Finding, Section, Span, StarLabel};
    use crate::store::Session;

    #[test]
    fn lists_figures_sections_findings_and_the_transcript() {
        let words = timed_words("I fixed the *build* in 3 days.");
        let report = Report {
            duration_s: 130.0,
            summary: "A short answer".into(),
            star: crate::analysis::Star {
                sections: vec![Section {
                    label: StarLabel::Action,
                    start: 0.0,
                    end: 3.0,
                    duration: 3.0,
                    share: 1.0,
                    target: None,
                    first_word: 0,
                    end_word: words.len(),
                    confidence: None,
                    second_choice: None,
                }],
                missing: vec![StarLabel::Result],
                manual_boundaries: false,
                odds: Vec::new(),
            },
            findings: vec![Finding {
                severity: Severity::Problem,
                code: "missing_result".into(),
                message: "No Result".into(),
                span: Some(Span { start: 65.0, end: 70.0 }),
                confidence: None,
            }],
            coaching: crate::analysis::Coaching {
                next_time: vec![crate::analysis::CoachingTip {
                    code: "missing_result".into(),
                    text: "End with the Result.".into(),
                    quote: Some("I fixed the build".into()),
                    start: Some(0.0),
                    end: Some(3.0),
                }],
                strengths: vec!["No fillers".into()],
                checks: vec![crate::analysis::CoachingTip {
                    code: "missing_task".into(),
                    text: "Did you say what <you> were responsible for?".into(),
                    quote: None,
                    start: Some(2.0),
                    end: None,
                }],
            },
            words,
            ..Report::default()
        };
        let row = Session { title: Some("Try | one".into()), ..Session::example() };
        let md = session(&row, &report);
        assert!(md.starts_with("# Try \\| one\n"), "{md}");
        assert!(md.contains("| Length | 2:10 spoken | 0:00–0:00: off target |"), "{md}");
        assert!(md.contains("| Action | 0:00 | 0:03 | 100% |"));
        assert!(md.contains("Missing: Result."));
        assert!(md.contains("## Next time\n\n1. End with the Result.\n   > I fixed the build (0:00)\n"), "{md}");
        assert!(md.contains("- [x] No fillers"), "{md}");
        assert!(md.contains("Worth a check") && md.contains("- Did you say what"), "{md}");
        assert!(md.contains("- **Problem**: No Result (1:05)"));
        assert!(md.contains("I fixed the \\*build\\* in 3 days."), "{md}");
    }
}
