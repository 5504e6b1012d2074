//! The command line: argument parsing and the human-readable output of each subcommand.
//! Errors become one line on stderr and a non-zero exit status. Each command group has its
//! file; the use cases themselves live below (`sessions`, `pipeline`, `store`).

mod analyze;
mod args;
pub mod bench;
mod interview;
mod models;
mod practice;
mod sessions;
pub mod star_model;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Parser;

use crate::analysis::QuestionRef;
use crate::files::write_user_file;
use crate::pipeline::PipelineOptions;
use crate::settings::{self, Settings};
use crate::transcribe::Engine;
pub use args::{Cli, Command, ModelsAction, SessionsAction};

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Ok(dir) = settings::data_dir() {
        crate::logging::init(&dir, true);
    }
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            let line = one_line(&e);
            log::error!("{line}");
            eprintln!("starling: {line}");
            ExitCode::FAILURE
        }
    }
}

/// Joins an error and its causes into one line.
fn one_line(e: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in e.chain() {
        let s = cause.to_string();
        if !parts.iter().any(|p| p.contains(&s)) {
            parts.push(s);
        }
    }
    parts.join(": ")
}

pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        None => {
            crate::ui::run(None)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Review { file, report }) => {
            let report = report.unwrap_or_else(|| crate::store::report_file::path_for(&file));
            let answer = crate::recording::FinishedAnswer::open(&file, &report).with_context(|| {
                if report.exists() {
                    format!("cannot open {}", file.display())
                } else {
                    format!(
                        "cannot open {} (write its report with `starling analyze {} --json {}`)",
                        file.display(),
                        file.display(),
                        report.display()
                    )
                }
            })?;
            crate::ui::run(Some(answer))?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Analyze {
            file,
            model,
            json,
            question,
            question_text,
            stats,
            transcript_cache,
            beam_size,
            filler_prompt,
            single_pass,
            star_model,
            whole_window,
            threads,
        }) => {
            let mut inputs = vec![(file.as_path(), "recording")];
            inputs.extend(model.as_deref().map(|m| (m, "model")));
            inputs.extend(star_model.as_deref().map(|m| (m, "STAR model")));
            check_output(json.as_deref(), &inputs)?;
            check_output(transcript_cache.as_deref(), &inputs)?;
            let question = question.map(|id| QuestionRef { id, text: question_text });
            let user = User::load();
            let mut options = PipelineOptions { question, transcript_cache, whole_window, ..user.options() };
            if let Some(path) = star_model {
                let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
                let model = crate::analysis::star::StarModel::from_json(&text)
                    .with_context(|| format!("{}", path.display()))?;
                options.star_model = Some(std::sync::Arc::new(model));
            }
            if beam_size.is_some() {
                options.whisper.beam_size = beam_size.filter(|&b| b > 1);
            }
            if filler_prompt {
                options.whisper.initial_prompt = Some(crate::transcribe::engine::FILLER_PROMPT.to_string());
            }
            options.whisper.fill_skipped = !single_pass;
            options.whisper.threads = threads.map(usize::from);
            analyze::analyze(&file, &user, model.as_deref(), json.as_deref(), &options, stats)
        }
        Some(Command::Models { action }) => models::models(action, &User::load()),
        Some(Command::Record { device, input, seconds, question, model, no_analyze, speed }) => sessions::record(
            &User::load(),
            sessions::RecordArgs { device, input, seconds, question, model, no_analyze, speed },
        ),
        Some(Command::Import { file, model, question }) => {
            sessions::import(&User::load(), &file, model.as_deref(), question.as_deref())
        }
        Some(Command::Sessions { action }) => sessions::sessions(&User::load(), action),
        Some(Command::Plan { json, count, date }) => practice::plan(&User::load(), json, count.into(), date),
        Some(Command::Coverage { json }) => practice::coverage(&User::load(), json),
        Some(Command::Interview {
            questions,
            principle,
            weakest,
            follow_ups,
            no_voice,
            think,
            wrap_up,
            device,
            input,
            model,
            json,
        }) => {
            let args = interview::InterviewArgs {
                questions: questions.into(),
                principle,
                weakest,
                follow_ups: follow_ups.into(),
                voice: !no_voice,
                think,
                wrap_up,
                device,
                input,
                model,
                json,
            };
            interview::interview(&User::load(), args)
        }
        Some(Command::History { out, .. }) => {
            check_output(out.as_deref(), &[])?;
            let store = User::load().store()?;
            let listing = store.list(&Default::default())?;
            sessions::warn_damaged(&listing);
            emit(&crate::export::csv::history(&listing.sessions)?, out.as_deref())
        }
        Some(Command::StarModel { action }) => star_model::run(action),
        Some(Command::BenchHistory { sessions, runs }) => {
            bench::history::run(sessions, runs).map(|()| ExitCode::SUCCESS)
        }
        Some(Command::Bench { wav, model, live: true, speed, load, .. }) => {
            bench::bench_live(&wav, &User::load(), model.as_deref(), speed, load)
        }
        Some(Command::Bench { wav, model, ui: true, frames, .. }) => {
            bench::bench_ui(&wav, &User::load(), model.as_deref(), frames)
        }
        Some(Command::Bench { wav, model, runs, load, .. }) if load > 0 => {
            bench::loaded::bench_loaded(&wav, &User::load().engine(model.as_deref())?, load, runs)
        }
        Some(Command::Bench { wav, model, runs, .. }) => bench::bench(&wav, &User::load(), model.as_deref(), runs),
        Some(Command::BusyLoop) => bench::loaded::busy_loop(),
        Some(Command::ManPages { dir }) => {
            std::fs::create_dir_all(&dir).with_context(|| dir.display().to_string())?;
            clap_mangen::generate_to(<args::Cli as clap::CommandFactory>::command(), &dir)
                .with_context(|| format!("writing man pages into {}", dir.display()))?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The user's data folder and settings, read once per command so every part of it (model,
/// thresholds, session folder) follows the same file. Damaged settings are said once and the
/// defaults used, as in the app; the file is left for the user to fix.
pub(crate) struct User {
    data_dir: Option<PathBuf>,
    settings: Settings,
}

impl User {
    fn load() -> Self {
        let data_dir = settings::data_dir().ok();
        let settings = match data_dir.as_deref().map(Settings::load) {
            Some(Ok(s)) => s,
            Some(Err(e)) => {
                eprintln!("starling: {e}; using the default settings");
                Settings::default()
            }
            None => Settings::default(),
        };
        Self { data_dir, settings }
    }

    fn data_dir(&self) -> Result<&Path> {
        self.data_dir.as_deref().ok_or_else(|| settings::SettingsError::NoDataDir.into())
    }

    /// Analysis with the thresholds and decoding the user set in the app, so an answer gets the
    /// same findings from the command line as from the window.
    fn options(&self) -> PipelineOptions {
        self.settings.pipeline_options()
    }

    fn model(&self, flag: Option<&Path>) -> Result<crate::transcribe::locate::ResolvedModel> {
        Ok(self.settings.resolve_model(flag, self.data_dir.as_deref())?)
    }

    fn engine(&self, flag: Option<&Path>) -> Result<Engine> {
        Ok(Engine::load(&self.model(flag)?.path)?)
    }

    /// The session store where the settings keep it, synced with its folders.
    fn store(&self) -> Result<crate::store::Store> {
        let data_dir = self.data_dir()?;
        let library = crate::bank::Library::load(data_dir).unwrap_or_default();
        let (store, set_aside) = crate::sessions::open_saved_store(
            &self.settings,
            data_dir,
            &crate::bank::QuestionBank::builtin(),
            &library,
        )?;
        if let Some(aside) = set_aside {
            eprintln!(
                "starling: the session index was damaged; it was kept as {} and rebuilt from the session folders",
                aside.display()
            );
        }
        Ok(store)
    }
}

/// An output file must be writable and not one of the command's `inputs`, found before any
/// work: a mistyped path is an error, not a new folder made silently somewhere, and a report
/// never replaces its own recording.
pub(crate) fn check_output(path: Option<&Path>, inputs: &[(&Path, &'static str)]) -> Result<()> {
    match path {
        Some(path) => Ok(crate::files::check_output_path(path, inputs)?),
        None => Ok(()),
    }
}

/// Text of the user's (titles, story names, questions) made safe to print: control characters
/// other than line breaks and tabs (a terminal escape that would retitle the window or clear
/// the screen, a carriage return that would hide what came before) are shown as U+FFFD.
pub(crate) fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(is_unsafe) {
        text.chars().map(|c| if is_unsafe(c) { '\u{fffd}' } else { c }).collect::<String>().into()
    } else {
        text.into()
    }
}

fn is_unsafe(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// Prints `text`, or writes it to `out` (its callers [`check_output`] first, before the work
/// that makes `text`): atomically for a file, through a link or into a device as it is.
fn emit(text: &str, out: Option<&Path>) -> Result<ExitCode> {
    match out {
        Some(path) => {
            write_user_file(path, text.as_bytes()).with_context(|| format!("{}: cannot write", path.display()))?
        }
        None => print!("{}", terminal_safe(text)),
    }
    Ok(ExitCode::SUCCESS)
}
