//! `starling analyze` and the summary every analyzing command prints.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Result;

use crate::analysis::report::figures::Verdict;
use crate::analysis::{Report, format_clock};
use crate::pipeline::{self, PipelineOptions};
use crate::store::report_file;
use crate::transcribe::catalog::format_size;

use super::User;
use super::bench::peak_memory;

pub(super) fn analyze(
    file: &Path,
    user: &User,
    model: Option<&Path>,
    json: Option<&Path>,
    options: &PipelineOptions,
    stats: bool,
) -> Result<ExitCode> {
    let started = Instant::now();
    // Audio first: a bad file is reported before the user waits for a model to load.
    let speech = crate::audio::load_speech(file)?;
    let decoded = started.elapsed();
    let engine = user.engine(model)?;
    let loaded = started.elapsed() - decoded;
    let analysis = pipeline::analyze_speech(&speech, pipeline::source_name(file), &engine, options)?;
    if let Some(out) = json {
        report_file::write(out, &analysis.report)?;
    }
    if let Some(reason) = &analysis.no_speech {
        eprintln!("starling: {}: {reason}; the report is empty", file.display());
    }
    print_summary(&analysis.report);
    if stats {
        let total = started.elapsed();
        eprintln!(
            "stats: model load {:.2} s, analysis {:.2} s, audio {:.1} s, real-time factor {:.3}, peak memory {}",
            loaded.as_secs_f64(),
            (total - loaded).as_secs_f64(),
            analysis.report.duration_s,
            total.as_secs_f64() / analysis.report.duration_s.max(1e-9),
            peak_memory().map(format_size).unwrap_or_else(|| "n/a".into())
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn print_summary(report: &Report) {
    use std::fmt::Write as _;
    // Built whole, then printed terminal-safe: quotes and the transcript carry the user's edits.
    let mut out = String::new();
    for f in crate::analysis::report::figures::figures(report) {
        let mark = if f.verdict == Verdict::Off { "  (off target)" } else { "" };
        let _ = writeln!(out, "{:<18} {}{mark}", f.label, f.value_and_target());
    }
    let _ = writeln!(out, "{:<18} {}", "Recording", format_clock(report.duration_s));
    let sections: Vec<String> =
        report.star.sections.iter().map(|s| format!("{} {}", s.label.name(), format_clock(s.duration))).collect();
    let _ = writeln!(out, "{:<18} {}", "STAR", if sections.is_empty() { "-".to_string() } else { sections.join(", ") });
    let _ = writeln!(out, "{:<18} {}", "Model", report.model.label());
    let _ = writeln!(out, "\n{}", report.summary);
    for note in report.input_gap_notes() {
        let _ = writeln!(out, "{note}");
    }
    if !report.coaching.next_time.is_empty() {
        let _ = writeln!(out, "\nNext time:");
        for (i, tip) in report.coaching.next_time.iter().enumerate() {
            let _ = writeln!(out, "  {}. {}", i + 1, tip.text);
            if let Some(q) = tip.quote_to_show() {
                let at = tip.start.map(|t| format!(" [{}]", format_clock(t))).unwrap_or_default();
                let _ = writeln!(out, "     \"{q}\"{at}");
            }
        }
    }
    if !report.coaching.checks.is_empty() {
        let _ = writeln!(out, "Worth a check (not sure):");
        for tip in &report.coaching.checks {
            let at = tip.start.map(|t| format!(" [{}]", format_clock(t))).unwrap_or_default();
            let _ = writeln!(out, "  ? {}{at}", tip.text);
        }
    }
    if !report.coaching.strengths.is_empty() {
        let _ = writeln!(out, "Already working: {}.", report.coaching.strengths.join("; "));
    }
    let _ = writeln!(out, "\nFindings:");
    for f in &report.findings {
        let at = f.span.map(|s| format!(" [{}]", format_clock(s.start))).unwrap_or_default();
        let _ = writeln!(out, "  - {}{at}", f.message);
    }
    let _ = writeln!(out, "\n{}", wrap(&report.transcript, 90));
    let _ = std::io::stdout().lock().write_all(super::terminal_safe(&out).as_bytes());
}

pub(super) fn wrap(text: &str, width: usize) -> String {
    let mut lines = vec![String::new()];
    for word in text.split_whitespace() {
        let line = lines.last_mut().expect("non-empty");
        if !line.is_empty() && line.len() + 1 + word.len() > width {
            lines.push(word.to_string());
        } else {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    lines.join("\n")
}
