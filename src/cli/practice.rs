//! `plan` and `coverage`: what to practise today, and which principles the user's stories and
//! answers cover.

use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::Result;
use chrono::NaiveDate;

use super::User;
use super::sessions::warn_damaged;
use crate::analysis::counted;
use crate::bank::{Library, QuestionBank};
use crate::sessions::coverage::{Coverage, STORIES_WANTED};
use crate::sessions::plan::Plan;

/// The sessions, the bank and the user's library, as both commands read them.
fn practice(user: &User) -> Result<(Vec<crate::store::Session>, QuestionBank, Library)> {
    let library = Library::load(user.data_dir()?)?;
    let listing = user.store()?.list(&Default::default())?;
    warn_damaged(&listing);
    Ok((listing.sessions, QuestionBank::builtin(), library))
}

pub(super) fn plan(user: &User, json: bool, count: usize, date: Option<NaiveDate>) -> Result<ExitCode> {
    let (sessions, bank, library) = practice(user)?;
    let today = date.unwrap_or_else(|| chrono::Local::now().date_naive());
    let plan = crate::sessions::plan::plan(&sessions, &bank, &library, &user.settings.analysis, today, count);
    show(&plan, json, plan_text)
}

/// Prints `value` as JSON, or as `text` renders it.
fn show<T: serde::Serialize>(value: &T, json: bool, text: fn(&T) -> String) -> Result<ExitCode> {
    if json {
        println!("{}", serde_json::to_string_pretty(value)?);
    } else {
        print!("{}", super::terminal_safe(&text(value)));
    }
    Ok(ExitCode::SUCCESS)
}

fn plan_text(plan: &Plan) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Today, {}: {}", plan.date.format("%A %-d %B %Y"), counted(plan.items.len(), "question"));
    for (i, item) in plan.items.iter().enumerate() {
        let done = item
            .done_today
            .map(|g| format!(" Done today, {}.", crate::sessions::schedule::grade_explained(g)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "\n{}. {}\n   {} ({})\n   {}{done}",
            i + 1,
            item.question,
            item.question_id,
            item.principles.join(" · "),
            item.reason
        );
    }
    if let Some(first) = plan.items.first() {
        let _ = writeln!(out, "\nRecord one: starling record --question {}", first.question_id);
    }
    if let Some(w) = &plan.weakest {
        let _ = writeln!(
            out,
            "Weakest measure lately: {} (missed in {} of your last {} answers).",
            w.measure.label(),
            w.missed,
            w.of
        );
    }
    if !plan.uncovered.is_empty() {
        let _ = writeln!(
            out,
            "No answer yet for {} of 16 principles: {}.",
            plan.uncovered.len(),
            plan.uncovered.join(" · ")
        );
    }
    if let Some(next) = plan.next_due {
        let _ = writeln!(out, "Next question due again: {}.", next.format("%A %-d %B"));
    }
    out
}

pub(super) fn coverage(user: &User, json: bool) -> Result<ExitCode> {
    let (sessions, bank, library) = practice(user)?;
    let grid = crate::sessions::coverage::coverage(&sessions, &bank, &library, &user.settings.analysis);
    show(&grid, json, coverage_text)
}

fn coverage_text(grid: &Coverage) -> String {
    let mut out = String::new();
    let width = grid.principles.iter().map(|p| p.principle.chars().count()).max().unwrap_or(9);
    let _ = write!(out, "{:width$}  stories  answers  grade  last practised", "principle");
    for i in 0..grid.stories.len() {
        let _ = write!(out, "  {:>6}", format!("S{}", i + 1));
    }
    out.push('\n');
    for row in &grid.principles {
        let grade = row.mean_score.map(|g| format!("{g:.1}/5")).unwrap_or_else(|| "-".into());
        let last = row.last.map(|d| d.to_string()).unwrap_or_else(|| "never".into());
        let _ =
            write!(out, "{:width$}  {:>7}  {:>7}  {:>5}  {:14}", row.principle, row.stories, row.attempts, grade, last);
        for cell in &row.cells {
            // "yes": the story serves the principle; a number: answers that told it for one.
            let mark = match (cell.tagged, cell.attempts) {
                (false, 0) => ".".to_string(),
                (true, 0) => "yes".to_string(),
                (tagged, n) => format!("{}{n}", if tagged { "yes," } else { "" }),
            };
            let _ = write!(out, "  {mark:>6}");
        }
        out.push('\n');
    }
    if grid.stories.is_empty() {
        out.push_str("\nNo stories yet: add them on the app's Stories screen and mark the principles each serves.\n");
    } else {
        out.push_str("\nStories (yes: serves the principle; a number: answers that told it for one):\n");
        for (i, s) in grid.stories.iter().enumerate() {
            let _ = writeln!(out, "  S{} {} ({})", i + 1, s.title, counted(s.attempts, "answer"));
        }
    }
    let short: Vec<&str> = grid.short_of_stories().map(|p| p.principle.as_str()).collect();
    if !short.is_empty() && !grid.stories.is_empty() {
        let _ = writeln!(out, "\nFewer than {STORIES_WANTED} stories: {}.", short.join(" · "));
    }
    out
}
