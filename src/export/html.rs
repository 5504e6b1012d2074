//! A session's report as one self-contained HTML file: no scripts, no fonts or images to
//! fetch, so it opens anywhere and can be mailed to a coach. The timeline is inline SVG
//! (sections, pauses, fillers, findings on one time axis); the transcript marks fillers,
//! long pauses and the section each sentence belongs to.

use std::fmt::Write;

use crate::analysis::report::figures::Verdict;
use crate::analysis::{FillerSource, PauseKind, Report, Severity, StarLabel, format_clock};
use crate::store::Session;

const WIDTH: f64 = 960.0;
const LEFT: f64 = 24.0;
const PLOT_W: f64 = WIDTH - 2.0 * LEFT;

pub fn session(session: &Session, report: &Report) -> String {
    let mut h = String::with_capacity(32 * 1024 + report.words.len() * 40);
    // The question is shown under the heading, so an untitled session does not repeat it.
    let title = escape(session.title.as_deref().unwrap_or("Practice answer"));
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"{}\">\n<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
        escape(&report.generator)
    );
    let _ = writeln!(h, "<h1>{title}</h1>");
    let question = report.question.as_ref().and_then(|q| q.text.clone()).or_else(|| session.question_text.clone());
    if let Some(q) = question {
        let _ = writeln!(h, "<p class=\"question\">{}</p>", escape(&q));
    }
    let _ = writeln!(
        h,
        "<p class=\"meta\">Recorded {} · {} · model {}</p>",
        escape(&session.created_at),
        format_clock(report.duration_s),
        escape(&report.model.label())
    );
    let _ = writeln!(h, "<p class=\"summary\">{}</p>", escape(&report.summary));
    for note in report.input_gap_notes() {
        let _ = writeln!(h, "<p class=\"meta\">{}</p>", escape(&note));
    }
    coaching(&mut h, report);
    figures(&mut h, report);
    let _ = writeln!(h, "<h2>Timeline</h2>");
    timeline(&mut h, report);
    sections(&mut h, report);
    delivery(&mut h, report);
    findings(&mut h, report);
    transcript(&mut h, report);
    let _ = writeln!(
        h,
        "<footer>Made by {} on this computer; no audio left it.</footer>\n</main>\n</body>\n</html>",
        escape(&report.generator)
    );
    h
}

fn figures(h: &mut String, report: &Report) {
    let _ = writeln!(h, "<table class=\"figures\">");
    for f in crate::analysis::report::figures::figures(report) {
        let class = match f.verdict {
            Verdict::OnTarget => " class=\"on-target\"",
            Verdict::Off => " class=\"off-target\"",
            Verdict::Unjudged => "",
        };
        let remark = f.remark.map(|r| format!(": {r}")).unwrap_or_default();
        let _ = writeln!(
            h,
            "<tr{class}><th>{}</th><td>{}{}</td></tr>",
            f.label,
            escape(&f.value_and_target()),
            escape(&remark)
        );
    }
    let _ = writeln!(h, "</table>");
}

/// The Delivery table and the pitch contour (semitones around the speaker's median, flat
/// stretches shaded).
fn delivery(h: &mut String, report: &Report) {
    let rows = crate::analysis::delivery::describe::rows(&report.delivery);
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(h, "<h2>Delivery</h2>");
    let pitch = &report.delivery.pitch;
    if let Some(median) = pitch.median_hz {
        let (d, height, half) = (report.duration_s, 80.0, 8.0);
        let y = |st: f32| height / 2.0 - (st as f64).clamp(-half, half) / half * (height / 2.0 - 4.0);
        let _ = writeln!(
            h,
            "<svg class=\"pitch\" viewBox=\"0 0 {WIDTH} {height}\" width=\"100%\" role=\"img\" aria-label=\"Pitch in semitones around {median:.0} Hz; shaded: flat stretches\" xmlns=\"http://www.w3.org/2000/svg\">"
        );
        let _ = writeln!(h, "<rect x=\"{LEFT}\" y=\"0\" width=\"{PLOT_W}\" height=\"{height}\" fill=\"#f4f4f4\"/>");
        for m in &pitch.monotone {
            let (x0, x1) = (x_of(m.start, d), x_of(m.end, d));
            let _ = writeln!(
                h,
                "<rect x=\"{x0:.1}\" y=\"0\" width=\"{:.1}\" height=\"{height}\" fill=\"#f0c060\" fill-opacity=\"0.35\"><title>Flat {}–{}</title></rect>",
                (x1 - x0).max(0.5),
                format_clock(m.start),
                format_clock(m.end)
            );
        }
        let _ = writeln!(
            h,
            "<line x1=\"{LEFT}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#bbbbbb\"/>",
            y(0.0),
            LEFT + PLOT_W,
            y(0.0)
        );
        // One polyline per voiced stretch.
        let mut line: Vec<String> = Vec::new();
        for (i, st) in pitch.contour.iter().enumerate().chain(std::iter::once((pitch.contour.len(), &None))) {
            match st {
                Some(st) => line.push(format!("{:.1},{:.1}", x_of(pitch.contour_time(i), d), y(*st))),
                None if line.len() > 1 => {
                    let _ = writeln!(
                        h,
                        "<polyline points=\"{}\" fill=\"none\" stroke=\"#1e5ab4\" stroke-width=\"1.5\"/>",
                        line.join(" ")
                    );
                    line.clear();
                }
                None => line.clear(),
            }
        }
        let _ = writeln!(h, "</svg>");
    }
    let _ = writeln!(h, "<table class=\"figures\">");
    for (name, value) in rows {
        let _ = writeln!(h, "<tr><th>{name}</th><td>{}</td></tr>", escape(&value));
    }
    let _ = writeln!(h, "</table>");
}

fn x_of(t: f64, duration: f64) -> f64 {
    LEFT + (t / duration.max(1e-6)).clamp(0.0, 1.0) * PLOT_W
}

fn hex([r, g, b]: [u8; 3]) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// Sections as bands, long pauses as grey blocks, fillers as orange ticks, findings as
/// triangles, with a time axis. Every mark has a `<title>` tooltip.
fn timeline(h: &mut String, report: &Report) {
    let d = report.duration_s;
    let height = 120.0;
    let _ = writeln!(
        h,
        "<svg class=\"timeline\" viewBox=\"0 0 {WIDTH} {height}\" width=\"100%\" role=\"img\" aria-label=\"Timeline of the answer: sections, pauses, fillers and findings\" xmlns=\"http://www.w3.org/2000/svg\">"
    );
    let _ = writeln!(h, "<rect x=\"{LEFT}\" y=\"30\" width=\"{PLOT_W}\" height=\"40\" fill=\"#eeeeee\"/>");
    for s in &report.star.sections {
        let (x0, x1) = (x_of(s.start, d), x_of(s.end, d));
        let _ = writeln!(
            h,
            "<rect x=\"{x0:.1}\" y=\"30\" width=\"{:.1}\" height=\"40\" fill=\"{}\"><title>{} {}–{} ({:.0}%)</title></rect>",
            (x1 - x0).max(0.5),
            hex(s.label.rgb()),
            s.label.name(),
            format_clock(s.start),
            format_clock(s.end),
            s.share * 100.0
        );
        if x1 - x0 > 60.0 {
            let _ = writeln!(h, "<text x=\"{:.1}\" y=\"55\" class=\"band\">{}</text>", x0 + 5.0, s.label.name());
        }
    }
    for p in report.pacing.pauses.iter().filter(|p| p.kind != PauseKind::Short) {
        let (x0, x1) = (x_of(p.start, d), x_of(p.end, d));
        let _ = writeln!(
            h,
            "<rect x=\"{x0:.1}\" y=\"72\" width=\"{:.1}\" height=\"10\" fill=\"#8c8c8c\"><title>{:.1} s pause at {}</title></rect>",
            (x1 - x0).max(1.0),
            p.duration,
            format_clock(p.start)
        );
    }
    for f in &report.fillers.items {
        let x = x_of(f.start, d);
        let _ = writeln!(
            h,
            "<line x1=\"{x:.1}\" y1=\"20\" x2=\"{x:.1}\" y2=\"30\" stroke=\"#e67828\" stroke-width=\"2\"><title>\"{}\" at {}</title></line>",
            escape(&f.text),
            format_clock(f.start)
        );
    }
    for f in &report.findings {
        if let Some(span) = f.span {
            let x = x_of(span.start, d);
            let color = match f.severity {
                Severity::Problem => "#c62828",
                Severity::Warning => "#d08000",
                _ => "#607d8b",
            };
            let _ = writeln!(
                h,
                "<path d=\"M{:.1} 4 L{:.1} 4 L{x:.1} 16 Z\" fill=\"{color}\"><title>{} at {}</title></path>",
                x - 5.0,
                x + 5.0,
                escape(&f.message),
                format_clock(span.start)
            );
        }
    }
    // Axis: the finest of 5 s ... 2 min steps that gives at most a dozen ticks.
    let step = [5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0]
        .into_iter()
        .find(|s| d / s <= 12.0)
        .unwrap_or((d / 12.0 / 60.0).ceil() * 60.0);
    // Counted, not stepped to the end: no length, however wild, makes more than 13 ticks.
    for t in (0..=12).map(|i| i as f64 * step).take_while(|&t| t <= d + 1e-6) {
        let x = x_of(t, d);
        let _ = writeln!(
            h,
            "<line x1=\"{x:.1}\" y1=\"86\" x2=\"{x:.1}\" y2=\"92\" stroke=\"#666\"/><text x=\"{x:.1}\" y=\"106\" class=\"tick\">{}</text>",
            format_clock(t)
        );
    }
    let _ = writeln!(h, "</svg>");
    let _ = writeln!(
        h,
        "<p class=\"legend\"><span class=\"swatch\" style=\"background:#e67828\"></span>filler <span class=\"swatch\" style=\"background:#8c8c8c\"></span>pause of {} s or more <span class=\"swatch\" style=\"background:#c62828\"></span>finding</p>",
        report.settings.long_pause_s
    );
}

fn sections(h: &mut String, report: &Report) {
    let _ = writeln!(h, "<h2>STAR sections</h2>");
    if report.star.sections.is_empty() {
        let _ = writeln!(h, "<p>No sections: nothing was said.</p>");
        return;
    }
    let _ = writeln!(
        h,
        "<table class=\"sections\"><tr><th>Section</th><th>From</th><th>Length</th><th>Share</th><th>Target</th><th>\"I\" share</th></tr>"
    );
    for s in &report.star.sections {
        let target =
            s.target.map(|(lo, hi)| format!("{:.0}–{:.0}%", lo * 100.0, hi * 100.0)).unwrap_or_else(|| "–".into());
        let i_share = report
            .pronouns
            .by_section
            .iter()
            .find(|p| p.label == s.label)
            .and_then(|p| p.i_share)
            .map(|v| format!("{:.0}%", v * 100.0))
            .unwrap_or_else(|| "–".into());
        let _ = writeln!(
            h,
            "<tr><td><span class=\"swatch\" style=\"background:{}\"></span>{}</td><td>{}</td><td>{}</td><td>{:.0}%</td><td>{target}</td><td>{i_share}</td></tr>",
            hex(s.label.rgb()),
            s.label.name(),
            format_clock(s.start),
            format_clock(s.duration),
            s.share * 100.0
        );
    }
    let _ = writeln!(h, "</table>");
    if !report.star.missing.is_empty() {
        let missing: Vec<_> = report.star.missing.iter().map(|l| l.name()).collect();
        let _ = writeln!(h, "<p>Missing: {}.</p>", missing.join(", "));
    }
}

/// The "next time" card: the changes that would most improve the answer, then what works.
fn coaching(h: &mut String, report: &Report) {
    let c = &report.coaching;
    if c.next_time.is_empty() && c.strengths.is_empty() && c.checks.is_empty() {
        return;
    }
    let _ = writeln!(h, "<section class=\"coaching\" aria-label=\"Next time\">\n<h2>Next time</h2>");
    if c.next_time.is_empty() {
        let _ = writeln!(h, "<p>Nothing stands out to change: practise it again for fluency.</p>");
    } else {
        let _ = writeln!(h, "<ol>");
        for tip in &c.next_time {
            let quote = tip.quote_to_show().map(|q| format!("<q>{}</q>", escape(q))).unwrap_or_default();
            let at = match (tip.quote_to_show(), tip.start) {
                (Some(_), Some(t)) => format!(" <span class=\"at\">{}</span>", format_clock(t)),
                _ => String::new(),
            };
            let _ = writeln!(h, "<li>{}{quote}{at}</li>", escape(&tip.text));
        }
        let _ = writeln!(h, "</ol>");
    }
    if !c.checks.is_empty() {
        let items: Vec<String> = c
            .checks
            .iter()
            .map(|t| {
                format!(
                    "<li>{}{}</li>",
                    escape(&t.text),
                    t.start.map(|s| format!(" <span class=\"at\">{}</span>", format_clock(s))).unwrap_or_default()
                )
            })
            .collect();
        let _ = writeln!(
            h,
            "<p class=\"works\">Worth a check (the analysis is not sure):</p>\n<ul class=\"checks\">{}</ul>",
            items.join("")
        );
    }
    if !c.strengths.is_empty() {
        let items: Vec<String> = c.strengths.iter().map(|s| format!("<li>{}</li>", escape(s))).collect();
        let _ = writeln!(h, "<p class=\"works\">Already working:</p>\n<ul class=\"strengths\">{}</ul>", items.join(""));
    }
    let _ = writeln!(h, "</section>");
}

fn findings(h: &mut String, report: &Report) {
    let _ = writeln!(h, "<h2>Findings</h2>");
    if report.findings.is_empty() {
        let _ = writeln!(h, "<p>Nothing to flag.</p>");
        return;
    }
    let _ = writeln!(h, "<ul class=\"findings\">");
    for f in &report.findings {
        let (class, label) = match f.severity {
            Severity::Problem => ("problem", "Problem"),
            Severity::Warning => ("warning", "Warning"),
            Severity::Suggestion => ("suggestion", "Suggestion"),
            Severity::Info => ("info", "Note"),
        };
        let at = f
            .span
            .map(|s| format!(" <span class=\"at\">{}–{}</span>", format_clock(s.start), format_clock(s.end)))
            .unwrap_or_default();
        let _ = writeln!(h, "<li class=\"{class}\"><strong>{label}</strong> {}{at}</li>", escape(&f.message));
    }
    let _ = writeln!(h, "</ul>");
}

/// Words by section, with fillers marked and long pauses shown where they fall.
fn transcript(h: &mut String, report: &Report) {
    let _ = writeln!(h, "<h2>Transcript</h2>");
    if report.words.is_empty() {
        let _ = writeln!(h, "<p>No words were transcribed.</p>");
        return;
    }
    let mut pauses = report.pacing.pauses.iter().filter(|p| p.kind != PauseKind::Short).peekable();
    // Transcribed fillers are marked on their words; acoustic ones are inserted where heard.
    let mut fillers = report.fillers.items.iter().filter(|f| f.source == FillerSource::Acoustic).peekable();
    let spoken: Vec<&crate::analysis::FillerItem> =
        report.fillers.items.iter().filter(|f| f.source == FillerSource::Transcript).collect();
    let is_filler = |w: &crate::analysis::ReportWord| {
        w.filler || spoken.iter().any(|f| w.start >= f.start - 0.05 && w.start < f.end)
    };
    let section_of = |i: usize| report.star.sections.iter().find(|s| i >= s.first_word && i < s.end_word);
    let mut current: Option<StarLabel> = None;
    let mut open = false;
    for (i, w) in report.words.iter().enumerate() {
        let label = section_of(i).map(|s| s.label);
        if label != current || !open {
            if open {
                let _ = writeln!(h, "</p>");
            }
            if let Some(l) = label {
                let _ = write!(
                    h,
                    "<p class=\"section\" style=\"border-color:{}\"><span class=\"label\">{} · {}</span><br>",
                    hex(l.rgb()),
                    l.name(),
                    format_clock(w.start)
                );
            } else {
                let _ = write!(h, "<p class=\"section\">");
            }
            current = label;
            open = true;
        }
        while let Some(p) = pauses.next_if(|p| p.start <= w.start) {
            let _ = write!(
                h,
                "<span class=\"pause\" title=\"pause at {}\">[{:.1} s]</span> ",
                format_clock(p.start),
                p.duration
            );
        }
        // Hesitations heard in the audio but absent from the words.
        while let Some(f) = fillers.next_if(|f| f.start <= w.start) {
            let _ = write!(
                h,
                "<span class=\"filler\" title=\"{} at {}\">({})</span> ",
                escape(&f.text),
                format_clock(f.start),
                escape(&f.text)
            );
        }
        let text = escape(&w.text);
        if is_filler(w) {
            let _ = write!(h, "<span class=\"filler\" title=\"filler at {}\">{text}</span> ", format_clock(w.start));
        } else {
            let _ = write!(h, "<span title=\"{}\">{text}</span> ", format_clock(w.start));
        }
    }
    if open {
        let _ = writeln!(h, "</p>");
    }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#222;background:#fafafa;margin:0}\
main{max-width:980px;margin:0 auto;padding:24px}\
h1{margin:0 0 6px;font-size:26px}h2{margin-top:28px;font-size:19px;border-bottom:1px solid #ddd;padding-bottom:4px}\
.question{font-size:17px;margin:4px 0}.meta{color:#666;margin:2px 0}.summary{font-size:16px;background:#fff;border-left:4px solid #4683d6;padding:8px 12px}\
table{border-collapse:collapse;background:#fff}th,td{text-align:left;padding:5px 12px;border-bottom:1px solid #eee}\
.figures th{color:#555;font-weight:600;width:160px}.figures tr.off-target td{color:#a33}\
.timeline{background:#fff;border:1px solid #e3e3e3}.timeline .band{font-size:13px;fill:#fff;font-weight:600}.timeline .tick{font-size:11px;fill:#555;text-anchor:middle}\
.legend{color:#555;font-size:13px}.swatch{display:inline-block;width:11px;height:11px;margin:0 5px 0 10px;vertical-align:middle;border-radius:2px}\
.coaching{background:#fff;border-left:4px solid #2e7d32;padding:4px 14px 10px;margin:12px 0}.coaching li{margin:6px 0}.coaching q{display:block;color:#444;font-style:italic;margin-top:2px}.strengths{list-style:none;padding-left:4px}.strengths li::before{content:'\\2713  ';color:#2e7d32}.works{margin:8px 0 2px;color:#444}.findings li{margin:5px 0}.findings .problem strong{color:#c62828}.findings .warning strong{color:#b36b00}.at{color:#666;font-size:13px}\
.section{background:#fff;border-left:5px solid #ccc;padding:8px 12px;line-height:1.7}.section .label{font-weight:600;font-size:13px;color:#555}\
.filler{background:#ffe0c2;border-radius:3px;padding:0 2px}.pause{color:#777;font-size:12px}\
footer{margin-top:32px;color:#888;font-size:12px}";

#[cfg(test)]
#[path = "html_tests.rs"]
mod tests;
