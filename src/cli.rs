//! The command line: argument parsing and the human-readable output of each subcommand.
//! Errors become one line on stderr and a non-zero exit status.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};

use crate::analysis::{QuestionRef, Report, format_clock};
use crate::files::write_atomic;
use crate::pipeline::{self, PipelineOptions};
use crate::settings::{self, models_dir};
use crate::transcribe::catalog::{self, CATALOG, format_size};
use crate::transcribe::download::{self, DownloadRequest, Progress};
use crate::transcribe::locate::{self, resolve_model};
use crate::transcribe::{Engine, engine, model_file};

#[derive(Debug, Parser)]
#[command(name = "starling", version, about = "Practise spoken behavioral-interview answers, offline.")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Transcribe and analyze a recorded answer (WAV), print a summary and write the report JSON.
    Analyze {
        /// The recording: WAV, any sample rate, channel count, PCM or float.
        file: PathBuf,
        /// Whisper model file (otherwise STARLING_MODEL, settings, then the data folder).
        #[arg(long)]
        model: Option<PathBuf>,
        /// Where to write the report JSON.
        #[arg(long)]
        json: Option<PathBuf>,
        /// The question being answered, by its bank ID.
        #[arg(long)]
        question: Option<String>,
        /// The question's wording (checked for what it asks, e.g. lessons learned).
        #[arg(long, requires = "question")]
        question_text: Option<String>,
        /// Also print processing time and peak memory to stderr.
        #[arg(long)]
        stats: bool,
        /// Reuse whisper's words from this file if it exists, else save them there
        /// (re-running the analysis after a rule change without transcribing again).
        #[arg(long, value_name = "FILE")]
        transcript_cache: Option<PathBuf>,
        /// Beam search width (default 5; 1 decodes greedily, faster and less accurate).
        #[arg(long)]
        beam_size: Option<i32>,
        /// Prime whisper with a disfluent prompt so it writes out more "um"s (costs accuracy).
        #[arg(long)]
        filler_prompt: bool,
        /// Skip the second pass over voiced stretches whisper left out (faster, loses words).
        #[arg(long)]
        single_pass: bool,
        /// Label STAR sections with this model file (from `star-model train`) instead of the
        /// built-in one.
        #[arg(long, value_name = "FILE")]
        star_model: Option<PathBuf>,
        /// Transcribe in the chunks a live recording is cut into, as the app does while the
        /// user speaks (to measure the live path on files).
        #[arg(long)]
        live_chunks: bool,
    },
    /// Open a recorded answer and its report in the app's review screen.
    Review {
        /// The recording (WAV).
        file: PathBuf,
        /// Its report JSON (default: FILE with the extension .report.json, where the app and
        /// `analyze --json` put it).
        #[arg(long)]
        report: Option<PathBuf>,
    },
    /// Record an answer as a new session without the window: Enter (or --seconds) stops it,
    /// then it is analyzed. The audio is on disk as it is captured.
    Record {
        /// Input device by name (default: the system's).
        #[arg(long)]
        device: Option<String>,
        /// Feed this WAV in real time instead of a microphone (demos, tests).
        #[arg(long, conflicts_with = "device")]
        input: Option<PathBuf>,
        /// Stop after this many seconds.
        #[arg(long)]
        seconds: Option<f64>,
        /// The question being answered, by its bank ID.
        #[arg(long)]
        question: Option<String>,
        #[arg(long)]
        model: Option<PathBuf>,
        /// Keep the recording unanalyzed (the app offers it next time; or `sessions recover`).
        #[arg(long)]
        no_analyze: bool,
    },
    /// Analyze an existing recording (WAV) as a new session in the history.
    Import {
        file: PathBuf,
        #[arg(long)]
        model: Option<PathBuf>,
        /// The question it answers, by its bank ID (see the app's Questions screen).
        #[arg(long)]
        question: Option<String>,
    },
    /// The saved sessions.
    Sessions {
        #[command(subcommand)]
        action: SessionsAction,
    },
    /// Every session's figures, for a spreadsheet.
    History {
        /// Write CSV (the only format so far).
        #[arg(long, required = true)]
        csv: bool,
        /// Write to this file instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// List, download and check whisper models.
    Models {
        #[command(subcommand)]
        action: ModelsAction,
    },
    /// Fit the STAR section classifier on labelled answers, or judge it on answers it was not
    /// fitted on (developers; the app uses the model built into it).
    StarModel {
        #[command(subcommand)]
        action: crate::star_model_cli::StarModelAction,
    },
    /// Time the History screen and the CSV export on a store of many sessions.
    BenchHistory {
        #[arg(long, default_value_t = 1000)]
        sessions: usize,
        #[arg(long, default_value_t = 5)]
        runs: usize,
    },
    /// Measure the pipeline against a bare whisper call on the same audio.
    Bench {
        /// A recorded answer (ideally about 3 minutes).
        wav: PathBuf,
        #[arg(long)]
        model: Option<PathBuf>,
        /// Timed runs of each kind, interleaved.
        #[arg(long, default_value_t = 3)]
        runs: usize,
        /// Instead: feed the answer through the recorder as if spoken live (at `--speed` times
        /// real time) and measure Stop-to-report latency.
        #[arg(long)]
        live: bool,
        /// Live feeding speed (1 = real time).
        #[arg(long, default_value_t = 1.0, requires = "live")]
        speed: f32,
        /// Instead: time the review screen's frames (egui pass and tessellation) while the
        /// playhead moves through the answer's annotated transcript.
        #[arg(long, conflicts_with = "live")]
        ui: bool,
        /// Frames to time with `--ui`.
        #[arg(long, default_value_t = 600, requires = "ui")]
        frames: usize,
    },
}

#[derive(Debug, Subcommand)]
pub enum SessionsAction {
    /// Sessions, newest first, with their figures.
    List,
    /// Find recordings cut off by a crash (headers repaired) and analyze them.
    Recover {
        #[arg(long)]
        model: Option<PathBuf>,
        /// Only list them.
        #[arg(long)]
        list: bool,
    },
    /// One session's report as Markdown, self-contained HTML or JSON.
    Export {
        id: i64,
        #[arg(long, value_enum, default_value = "md")]
        format: crate::export::Format,
        /// Write to this file instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ModelsAction {
    /// Show installed models and the ones that can be downloaded.
    List,
    /// Download a catalog model into the data folder, resuming an interrupted download.
    Download {
        /// Catalog name, e.g. base.en or tiny.en-q5_1.
        name: String,
        /// Fetch from this base URL instead of the official host (also STARLING_MODEL_BASE_URL).
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Check that a file is a whisper model and compare its SHA-1 with the official one.
    Verify { path: PathBuf },
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("starling: {}", one_line(&e));
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
            let report = report.unwrap_or_else(|| crate::recording::report_path_for(&file));
            let answer = crate::recording::FinishedAnswer::open(&file, &report).with_context(|| {
                if report.exists() {
                    format!("cannot open {}", file.display())
                } else {
                    format!("cannot open {} (write its report with `starling analyze {} --json {}`)", file.display(), file.display(), report.display())
                }
            })?;
            crate::ui::run(Some(answer))?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Analyze { file, model, json, question, question_text, stats, transcript_cache, beam_size, filler_prompt, single_pass, star_model, live_chunks }) => {
            check_output(json.as_deref())?;
            let question = question.map(|id| QuestionRef { id, text: question_text });
            let mut options = PipelineOptions { question, transcript_cache, live_chunks, ..user_options() };
            if let Some(path) = star_model {
                let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
                let model = crate::analysis::star::StarModel::from_json(&text).with_context(|| format!("{}", path.display()))?;
                options.star_model = Some(std::sync::Arc::new(model));
            }
            if beam_size.is_some() {
                options.whisper.beam_size = beam_size.filter(|&b| b > 1);
            }
            if filler_prompt {
                options.whisper.initial_prompt = Some(crate::transcribe::engine::FILLER_PROMPT.to_string());
            }
            options.whisper.fill_skipped = !single_pass;
            analyze(&file, model.as_deref(), json.as_deref(), &options, stats)
        }
        Some(Command::Models { action }) => models(action),
        Some(Command::Record { device, input, seconds, question, model, no_analyze }) => {
            record(RecordArgs { device, input, seconds, question, model, no_analyze })
        }
        Some(Command::Import { file, model, question }) => import(&file, model.as_deref(), question.as_deref()),
        Some(Command::Sessions { action }) => sessions(action),
        Some(Command::History { out, .. }) => {
            check_output(out.as_deref())?;
            let store = open_store()?;
            let listing = store.list(&Default::default())?;
            warn_damaged(&listing);
            emit(&crate::export::csv::history(&listing.sessions)?, out.as_deref())
        }
        Some(Command::StarModel { action }) => crate::star_model_cli::run(action),
        Some(Command::BenchHistory { sessions, runs }) => crate::bench_history::run(sessions, runs).map(|()| ExitCode::SUCCESS),
        Some(Command::Bench { wav, model, live: true, speed, .. }) => bench_live(&wav, model.as_deref(), speed),
        Some(Command::Bench { wav, model, ui: true, frames, .. }) => bench_ui(&wav, model.as_deref(), frames),
        Some(Command::Bench { wav, model, runs, .. }) => bench(&wav, model.as_deref(), runs),
    }
}

/// Analysis with the thresholds the user set in the app, so an answer gets the same findings
/// from the command line as from the window. Without a settings file: the defaults.
fn user_options() -> PipelineOptions {
    let analysis = match settings::data_dir().map(|dir| settings::Settings::load(&dir)) {
        Ok(Ok(s)) => s.analysis,
        Ok(Err(e)) => {
            eprintln!("starling: {e}; analyzing with the default thresholds");
            Default::default()
        }
        Err(_) => Default::default(),
    };
    PipelineOptions { analysis, ..PipelineOptions::default() }
}

fn load_engine(model: Option<&Path>) -> Result<Engine> {
    let data_dir = settings::data_dir().ok();
    let resolved = resolve_model(model, data_dir.as_deref())?;
    Ok(Engine::load(&resolved.path)?)
}

fn analyze(file: &Path, model: Option<&Path>, json: Option<&Path>, options: &PipelineOptions, stats: bool) -> Result<ExitCode> {
    let started = Instant::now();
    // Audio first: a bad file is reported before the user waits for a model to load.
    let speech = crate::audio::load_speech(file)?;
    let decoded = started.elapsed();
    let engine = load_engine(model)?;
    let loaded = started.elapsed() - decoded;
    let analysis = pipeline::analyze_speech(&speech, pipeline::source_name(file), &engine, options)?;
    if let Some(out) = json {
        write_report(&analysis.report, out)?;
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

fn open_store() -> Result<crate::store::Store> {
    let data_dir = settings::data_dir()?;
    let root = settings::Settings::load(&data_dir).unwrap_or_default().sessions_root(&data_dir);
    let store = crate::store::Store::open(&root)?;
    store.sync_folders()?;
    if let Some(aside) = store.damaged_index_set_aside() {
        eprintln!("starling: the session index was damaged; it was kept as {} and rebuilt from the session folders", aside.display());
    }
    let (bank, library) = (crate::bank::QuestionBank::builtin(), crate::bank::Library::load(&data_dir).unwrap_or_default());
    store.fill_principles(|id| bank.principle_of(&library, id))?;
    Ok(store)
}

/// An output file's folder must exist: a mistyped path is an error before any work, not a
/// new folder made silently somewhere.
pub(crate) fn check_output(path: Option<&Path>) -> Result<()> {
    let Some(path) = path else { return Ok(()) };
    if path.is_dir() {
        anyhow::bail!("{}: cannot write: it is a folder; give a file name", path.display());
    }
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() && !dir.is_dir() => {
            anyhow::bail!("{}: cannot write: the folder {} does not exist", path.display(), dir.display())
        }
        _ => Ok(()),
    }
}

/// Prints `text`, or writes it (atomically) to `out` (its callers [`check_output`] first,
/// before the work that makes `text`).
fn emit(text: &str, out: Option<&Path>) -> Result<ExitCode> {
    match out {
        Some(path) => write_atomic(path, text.as_bytes()).with_context(|| format!("{}: cannot write", path.display()))?,
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}

/// The index entry for a bank question, checked to exist.
fn question_info(id: Option<&str>) -> Result<crate::store::QuestionInfo> {
    let Some(id) = id else { return Ok(Default::default()) };
    let bank = crate::bank::QuestionBank::builtin();
    let library = crate::bank::Library::load(&settings::data_dir()?).unwrap_or_default();
    let q = bank.question(&library, id).with_context(|| format!("no question {id:?} in the bank"))?;
    Ok(crate::store::QuestionInfo::of(q))
}

/// A recording from elsewhere becomes a session (see `store::import`).
fn import(file: &Path, model: Option<&Path>, question: Option<&str>) -> Result<ExitCode> {
    // Audio first: a bad file is reported before the user waits for a model to load.
    crate::audio::wav::read_wav(file)?;
    let engine = load_engine(model)?;
    let info = question_info(question)?;
    let store = open_store()?;
    let (id, report) = crate::store::import(&store, file, &info, &engine, &user_options())?;
    println!("Session {id} ({})", store.folder_path(&store.get(id)?).display());
    print_summary(&report);
    Ok(ExitCode::SUCCESS)
}

struct RecordArgs {
    device: Option<String>,
    input: Option<PathBuf>,
    seconds: Option<f64>,
    question: Option<String>,
    model: Option<PathBuf>,
    no_analyze: bool,
}

/// Headless recording into a new session. Progress goes to stdout ("recorded 12.50 s"), one
/// line at a time when it is not a terminal, so scripts and tests can follow it.
fn record(args: RecordArgs) -> Result<ExitCode> {
    use crate::audio::capture::{CaptureOptions, CaptureSource, Recorder};
    let source = match &args.input {
        Some(path) => {
            let speech = crate::audio::load_speech(path)?;
            CaptureSource::Samples { samples: speech.samples.into(), rate: crate::audio::WHISPER_RATE, speed: 1.0 }
        }
        None => CaptureSource::Device(args.device.clone()),
    };
    let engine = if args.no_analyze { None } else { Some(load_engine(args.model.as_deref())?) };
    let info = question_info(args.question.as_deref())?;
    let store = open_store()?;
    let (id, dir) = store.new_session(&info)?;
    let wav = dir.join(crate::store::AUDIO_FILE);
    let recorder = match Recorder::open(&source, &wav, CaptureOptions::default()) {
        Ok(r) => r,
        Err(e) => {
            let _ = store.delete(id);
            return Err(e.into());
        }
    };
    let terminal = std::io::stdout().is_terminal();
    if terminal || std::io::stdin().is_terminal() {
        eprintln!("Recording session {id} from {}: press Enter to stop.", recorder.device_name);
    }
    let (enter_tx, enter) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        // End of input (no terminal) is not a request to stop.
        if matches!(std::io::stdin().read_line(&mut line), Ok(n) if n > 0) {
            let _ = enter_tx.send(());
        }
    });
    let started = Instant::now();
    loop {
        std::thread::sleep(Duration::from_millis(250));
        let recorded = recorder.recorded_s();
        let mut out = std::io::stdout().lock();
        let _ = if terminal { write!(out, "\rrecorded {recorded:.2} s ") } else { writeln!(out, "recorded {recorded:.2} s") };
        let _ = out.flush();
        // A file given as the microphone ends the answer when it ends, unless --seconds says otherwise.
        let out_of_time = match args.seconds {
            Some(s) => started.elapsed().as_secs_f64() >= s,
            None => recorder.source_ended(),
        };
        if out_of_time || enter.try_recv().is_ok() || recorder.has_failed() {
            break;
        }
    }
    if terminal {
        println!();
    }
    let summary = recorder.stop();
    let interrupted = summary.as_ref().err().map(|e| e.to_string());
    if let Some(e) = &interrupted {
        eprintln!("starling: {e}");
    }
    let Some(engine) = engine else {
        println!("Session {id} recorded in {}", dir.display());
        return Ok(if interrupted.is_some() { ExitCode::FAILURE } else { ExitCode::SUCCESS });
    };
    let options = PipelineOptions { question: info.id.clone().map(|id| QuestionRef { id, text: info.text.clone() }), ..user_options() };
    let report = crate::store::analyze_session(&store, id, &engine, &options)?;
    println!("Session {id} ({})", dir.display());
    print_summary(&report);
    Ok(ExitCode::SUCCESS)
}

/// Recordings cut off by a crash: listed, and analyzed unless `list_only`.
fn recover(store: &crate::store::Store, model: Option<&Path>, list_only: bool) -> Result<ExitCode> {
    let found = store.recover()?;
    if found.is_empty() {
        println!("No unfinished recordings.");
        return Ok(ExitCode::SUCCESS);
    }
    let engine = if list_only { None } else { Some(load_engine(model)?) };
    let options = user_options();
    let mut failed = false;
    for item in found {
        let s = &item.session;
        match (&item.audio, &engine) {
            (Err(e), _) => {
                failed = true;
                eprintln!("session {} ({}): not analyzed: {e}", s.id, s.created_at);
            }
            (Ok(seconds), None) => println!("session {} ({}): {} recorded, not analyzed", s.id, s.created_at, format_clock(*seconds)),
            (Ok(_), Some(engine)) => match crate::store::analyze_session(store, s.id, engine, &options) {
                Ok(report) => println!("session {} ({}): analyzed, {} at {:.0} wpm", s.id, s.created_at, format_clock(report.duration_s), report.pacing.wpm),
                Err(e) => {
                    failed = true;
                    eprintln!("session {} ({}): {e}", s.id, s.created_at);
                }
            },
        }
    }
    Ok(if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// Names index rows that could not be read, so the user knows some are missing and why.
fn warn_damaged(listing: &crate::store::Listing) {
    for d in &listing.damaged {
        eprintln!("starling: {d}");
    }
}

fn sessions(action: SessionsAction) -> Result<ExitCode> {
    let store = open_store()?;
    match action {
        SessionsAction::Recover { model, list } => recover(&store, model.as_deref(), list),
        SessionsAction::List => {
            let listing = store.list(&Default::default())?;
            warn_damaged(&listing);
            let all = listing.sessions;
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{:>5}  {:19}  {:>6}  {:>5}  {:>9}  {:>6}  title", "id", "date", "length", "wpm", "fillers/m", "I");
            let number = |v: Option<f64>, f: &dyn Fn(f64) -> String| v.map(f).unwrap_or_else(|| "-".into());
            for s in &all {
                let _ = writeln!(
                    out,
                    "{:>5}  {:19}  {:>6}  {:>5}  {:>9}  {:>6}  {}",
                    s.id,
                    s.created_at,
                    number(s.duration_s, &|d| format_clock(d)),
                    number(s.wpm, &|w| format!("{w:.0}")),
                    number(s.fillers_per_min, &|f| format!("{f:.1}")),
                    number(s.i_share, &|i| format!("{:.0}%", i * 100.0)),
                    s.display_title()
                );
            }
            if all.is_empty() {
                let _ = writeln!(out, "No sessions yet: record one in the app or `starling import FILE.wav`.");
            }
            Ok(ExitCode::SUCCESS)
        }
        SessionsAction::Export { id, format, out } => {
            check_output(out.as_deref())?;
            let session = store.get(id)?;
            let report = store.report(&session)?;
            emit(&crate::export::session(format, &session, &report)?, out.as_deref())
        }
    }
}

pub fn write_report(report: &Report, path: &Path) -> Result<()> {
    let json = serde_json::to_vec_pretty(report).context("serializing the report")?;
    write_atomic(path, &json).with_context(|| format!("{}: cannot write report", path.display()))
}

fn print_summary(report: &Report) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "Duration   {}", format_clock(report.duration_s));
    let _ = writeln!(out, "Words      {}", report.pacing.word_count);
    let _ = writeln!(out, "Pace       {:.0} words per minute", report.pacing.wpm);
    let _ = writeln!(out, "Pauses     {} long, {} of them stalls", report.pacing.long_pause_count, report.pacing.stall_count);
    let _ = writeln!(out, "Fillers    {} ({:.1} per minute)", report.fillers.count, report.fillers.per_minute);
    let share = report.pronouns.i_share.map(|s| format!(", {:.0}% I", s * 100.0)).unwrap_or_default();
    let _ = writeln!(out, "I / we     {} / {}{share}", report.pronouns.i, report.pronouns.we);
    let sections: Vec<String> = report.star.sections.iter().map(|s| format!("{} {}", s.label.name(), format_clock(s.duration))).collect();
    let _ = writeln!(out, "STAR       {}", if sections.is_empty() { "-".to_string() } else { sections.join(", ") });
    let _ = writeln!(out, "Model      {}", report.model.name);
    let _ = writeln!(out, "\n{}", report.summary);
    for f in &report.findings {
        let at = f.span.map(|s| format!(" [{}]", format_clock(s.start))).unwrap_or_default();
        let _ = writeln!(out, "  - {}{at}", f.message);
    }
    let _ = writeln!(out, "\n{}", wrap(&report.transcript, 90));
}

fn wrap(text: &str, width: usize) -> String {
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

fn models(action: ModelsAction) -> Result<ExitCode> {
    match action {
        ModelsAction::List => {
            let data_dir = settings::data_dir()?;
            let dir = models_dir(&data_dir);
            let installed = locate::installed(&dir);
            println!("Models folder: {}", dir.display());
            match resolve_model(None, Some(&data_dir)) {
                Ok(r) => println!("In use: {} (from {})", r.path.display(), r.source.describe()),
                Err(e) => println!("In use: none ({e})"),
            }
            println!();
            println!("{:<14} {:<10} {:<11} NOTES", "MODEL", "SIZE", "STATUS");
            for entry in CATALOG {
                let status = if installed.iter().any(|(e, _)| e.name == entry.name) {
                    "installed"
                } else if dir.join(format!("{}.partial", entry.file)).exists() {
                    "partial"
                } else {
                    "available"
                };
                let size = if entry.size_exact { format_size(entry.size_bytes) } else { format!("~{}", format_size(entry.size_bytes)) };
                println!("{:<14} {:<10} {:<11} {}", entry.name, size, status, entry.summary);
            }
            println!("\nDownload one with: starling models download NAME");
            Ok(ExitCode::SUCCESS)
        }
        ModelsAction::Download { name, base_url } => {
            let Some(entry) = catalog::find(&name) else {
                let names: Vec<_> = CATALOG.iter().map(|e| e.name).collect();
                bail!("unknown model {name:?}; choose one of {}", names.join(", "));
            };
            let dir = models_dir(&settings::data_dir()?);
            let request = DownloadRequest::for_model(entry, &dir, base_url.as_deref());
            if request.destination.exists() {
                println!("{} is already installed at {}", entry.name, request.destination.display());
                return Ok(ExitCode::SUCCESS);
            }
            println!("Downloading {} ({}) from {}", entry.name, format_size(entry.size_bytes), request.url);
            let bar = progress_bar();
            let path = download::download(&request, 3, &mut |p| match p {
                Progress::Start { done, total } => {
                    if let Some(t) = total {
                        bar.set_length(t);
                    }
                    bar.set_position(done);
                }
                Progress::Advance { done } => bar.set_position(done),
                Progress::Verifying => bar.set_message("verifying SHA-1"),
            });
            bar.finish_and_clear();
            let path = path?;
            println!("Installed {} at {}", entry.name, path.display());
            Ok(ExitCode::SUCCESS)
        }
        ModelsAction::Verify { path } => {
            let v = model_file::verify(&path)?;
            println!("{}: whisper model, {} architecture, {}", path.display(), v.info.label(), format_size(v.info.size_bytes));
            println!("SHA-1 {}", v.sha1);
            match (v.catalog, v.matches_official) {
                (Some(e), Some(true)) => {
                    println!("Matches the official {} file.", e.name);
                    Ok(ExitCode::SUCCESS)
                }
                (Some(e), _) => {
                    println!("Does NOT match the official {} ({}): the file is damaged or a different build.", e.file, e.sha1);
                    Ok(ExitCode::from(2))
                }
                (None, _) => {
                    println!("Not a catalog file; its header is valid.");
                    Ok(ExitCode::SUCCESS)
                }
            }
        }
    }
}

fn progress_bar() -> indicatif::ProgressBar {
    let bar = if std::io::stderr().is_terminal() {
        indicatif::ProgressBar::new(0)
    } else {
        indicatif::ProgressBar::hidden()
    };
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta} {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}

/// Peak resident memory of this process (Linux), for `--stats` and the benchmark.
pub fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

fn bench(wav: &Path, model: Option<&Path>, runs: usize) -> Result<ExitCode> {
    let load_start = Instant::now();
    let engine = load_engine(model)?;
    let load = load_start.elapsed();
    let options = PipelineOptions::default();
    let speech = crate::audio::load_speech(wav)?;
    let audio_s = speech.duration_s();
    let out = std::env::temp_dir().join(format!("starling-bench-{}.json", std::process::id()));
    // The plumbing is judged against bare full() with the second pass off: that pass is more
    // whisper work, reported on its own line with the words it recovered.
    let single_pass = PipelineOptions { whisper: crate::transcribe::WhisperSettings { fill_skipped: false, ..options.whisper.clone() }, ..options.clone() };
    let (mut bare, mut full, mut single, mut decode) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut words_full, mut words_single) = (0, 0);
    // Warm-up so neither side pays for first-touch page faults.
    {
        let mut state = engine.new_state()?;
        engine::run_full(&mut state, &speech.samples, &options.whisper)?;
    }
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        let mut state = engine.new_state()?;
        engine::run_full(&mut state, &speech.samples, &options.whisper)?;
        bare.push(t.elapsed());

        let t = Instant::now();
        drop(crate::audio::load_speech(wav)?);
        decode.push(t.elapsed());

        let t = Instant::now();
        let analysis = pipeline::analyze_file(wav, &engine, &single_pass)?;
        write_report(&analysis.report, &out)?;
        single.push(t.elapsed());
        words_single = analysis.report.words.len();

        let t = Instant::now();
        let analysis = pipeline::analyze_file(wav, &engine, &options)?;
        write_report(&analysis.report, &out)?;
        full.push(t.elapsed());
        words_full = analysis.report.words.len();
    }
    let _ = std::fs::remove_file(&out);
    // The analysis alone, after transcription: it reruns whenever the user edits a section.
    let words = engine.transcribe(&speech.samples, &options.whisper)?;
    let input = crate::analysis::AnalysisInput {
        words: &words,
        samples: &speech.samples,
        duration_s: audio_s,
        model: pipeline::model_ref(&engine),
        source: None,
        question: None,
        markers: &[],
        words_aligned: false,
        star_model: None,
    };
    let mut analysis_only: Vec<Duration> = (0..20)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(crate::analysis::analyze(&input, &options.analysis));
            t.elapsed()
        })
        .collect();
    let median = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2].as_secs_f64()
    };
    let (b, f, p, d) = (median(&mut bare), median(&mut full), median(&mut single), median(&mut decode));
    let a = median(&mut analysis_only);
    println!("audio            {:.1} s ({})", audio_s, wav.display());
    println!("model            {} (load {:.2} s)", engine.info().label(), load.as_secs_f64());
    println!("runs             {} of each, interleaved", runs.max(1));
    println!("bare full()      {:.3} s median", b);
    println!("pipeline, 1 pass {:.3} s median (decode, resample, transcribe, words, analysis, JSON)", p);
    println!("decode+resample  {:.3} s median (of which the pipeline's overhead is made)", d);
    println!("overhead         {:+.1}% (one pass against bare full())", (p / b - 1.0) * 100.0);
    println!("whole pipeline   {:.3} s median, with the second pass over skipped speech", f);
    println!("second pass      {:+.3} s ({:+.1}%), {} words recovered ({} -> {})", f - p, (f / p - 1.0) * 100.0, words_full as i64 - words_single as i64, words_single, words_full);
    println!("analysis alone   {:.1} ms median of 20 ({} words)", a * 1000.0, words.len());
    println!("real-time factor {:.3} (pipeline incl. model load: {:.3})", f / audio_s, (f + load.as_secs_f64()) / audio_s);
    println!("peak memory      {}", peak_memory().map(format_size).unwrap_or_else(|| "n/a".into()));
    Ok(ExitCode::SUCCESS)
}

/// The live path as the app runs it: recorder -> live transcription -> analysis at Stop.
fn bench_live(wav: &Path, model: Option<&Path>, speed: f32) -> Result<ExitCode> {
    use crate::audio::capture::CaptureSource;
    use crate::recording::{RecordingEvent, RecordingJob};
    let engine = std::sync::Arc::new(load_engine(model)?);
    let decoded = crate::audio::wav::read_wav(wav)?;
    let rate = decoded.sample_rate;
    let samples = decoded.mono;
    let audio_s = samples.len() as f64 / rate as f64;
    let dir = tempfile_dir()?;
    let out = dir.join("live.wav");
    let source = CaptureSource::Samples { samples: samples.into(), rate, speed };
    let (tx, rx) = std::sync::mpsc::channel();
    let mut job = RecordingJob::start(&source, &out, engine.clone(), PipelineOptions::default(), move |e| {
        let _ = tx.send(e);
    })?;
    let started = Instant::now();
    let mut live_words = 0usize;
    let feed_s = audio_s / speed as f64;
    eprintln!("feeding {audio_s:.1} s of audio at x{speed} ({feed_s:.0} s)...");
    while job.recorder().is_some_and(|r| r.recorded_s() < audio_s) {
        while let Ok(RecordingEvent::Words(w)) = rx.try_recv() {
            live_words += w.len();
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let lag = started.elapsed().as_secs_f64() - feed_s;
    let summary = job.stop(Vec::new())?;
    let stop = Instant::now();
    let finished = loop {
        match rx.recv()? {
            RecordingEvent::Words(w) => live_words += w.len(),
            RecordingEvent::Finished(done) => break done,
            RecordingEvent::Failed(e) => bail!("live analysis failed: {e}"),
        }
    };
    let latency = stop.elapsed().as_secs_f64();
    job.join();
    let whole = engine.transcribe(&crate::audio::load_speech(wav)?.samples, &PipelineOptions::default().whisper)?;
    let _ = std::fs::remove_dir_all(&dir);
    println!("audio             {audio_s:.1} s at {rate} Hz, fed at x{speed} ({})", wav.display());
    println!("model             {}", engine.info().label());
    println!("recorded          {:.1} s, dropped frames {}", summary.frames as f64 / rate as f64, summary.dropped_frames);
    println!("words             {} live before Stop, {} in the report; whole-file transcription: {}", live_words, finished.words.len(), whole.len());
    println!("whisper busy      {:.1} s while recording ({:.0}% of the feeding time)", finished.transcribe_busy_s, finished.transcribe_busy_s / feed_s * 100.0);
    println!("feeding overrun   {lag:.2} s");
    println!("stop -> report    {latency:.2} s (worker's own count {:.2} s)", finished.stop_to_report_s);
    Ok(ExitCode::SUCCESS)
}

/// Frame times of the review screen with a whole answer on it. The answer is analyzed first;
/// each frame then moves the playhead on (so the highlighted word changes and the transcript
/// scrolls to follow it), runs egui's pass and tessellates, at 60 frames a second.
fn bench_ui(wav: &Path, model: Option<&Path>, frames: usize) -> Result<ExitCode> {
    use crate::ui::{AppConfig, StarlingApp};
    let dir = tempfile_dir()?;
    let report_path = dir.join("answer.report.json");
    let engine = load_engine(model)?;
    let report = pipeline::analyze_file(wav, &engine, &PipelineOptions::default())?.report;
    write_atomic(&report_path, &serde_json::to_vec(&report)?)?;
    let answer = crate::recording::FinishedAnswer::open(wav, &report_path)?;
    let duration = answer.report.duration_s;
    let words = answer.report.words.len();
    let mut app = StarlingApp::new(AppConfig { silent: true, ..AppConfig::new(dir.clone()) });
    app.open_review(answer);
    let ctx = egui::Context::default();
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1280.0, 820.0));
    let frames = frames.max(10);
    let (mut pass, mut tessellate) = (Vec::with_capacity(frames), Vec::with_capacity(frames));
    let mut vertices = 0usize;
    let started = Instant::now();
    for i in 0..frames + 10 {
        let frame_start = Instant::now();
        if let Some(review) = app.review.as_mut() {
            review.seek(duration * i as f64 / (frames + 10) as f64);
        }
        let input = egui::RawInput { screen_rect: Some(screen), time: Some(started.elapsed().as_secs_f64()), ..Default::default() };
        let t = Instant::now();
        let mut output = ctx.run_ui(input, |ui| app.show(ui));
        let pass_s = t.elapsed();
        let t = Instant::now();
        let primitives = ctx.tessellate(std::mem::take(&mut output.shapes), output.pixels_per_point);
        vertices = primitives.iter().map(|p| if let egui::epaint::Primitive::Mesh(m) = &p.primitive { m.vertices.len() } else { 0 }).sum();
        let tessellate_s = t.elapsed();
        output.textures_delta.clear();
        // The first frames lay out fonts and fill the glyph atlas.
        if i >= 10 {
            pass.push(pass_s);
            tessellate.push(tessellate_s);
        }
        std::thread::sleep(Duration::from_micros(16_667).saturating_sub(frame_start.elapsed()));
    }
    let _ = std::fs::remove_dir_all(&dir);
    let total: Vec<Duration> = pass.iter().zip(&tessellate).map(|(a, b)| *a + *b).collect();
    let ms = |v: &[Duration], q: f64| {
        let mut v = v.to_vec();
        v.sort();
        v[((v.len() - 1) as f64 * q).round() as usize].as_secs_f64() * 1000.0
    };
    println!("answer            {duration:.1} s, {words} words ({})", wav.display());
    println!("frames            {} timed at 1280x820, the playhead moving through the whole answer ({vertices} vertices in the last)", pass.len());
    println!("egui pass         {:.2} ms median, {:.2} ms p95, {:.2} ms max", ms(&pass, 0.5), ms(&pass, 0.95), ms(&pass, 1.0));
    println!("tessellation      {:.2} ms median, {:.2} ms p95, {:.2} ms max", ms(&tessellate, 0.5), ms(&tessellate, 0.95), ms(&tessellate, 1.0));
    println!("frame (both)      {:.2} ms median, {:.2} ms p95, {:.2} ms max (budget 16.7 ms)", ms(&total, 0.5), ms(&total, 0.95), ms(&total, 1.0));
    Ok(ExitCode::SUCCESS)
}

fn tempfile_dir() -> Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("starling-bench-live-{}", std::process::id()));
    std::fs::create_dir_all(&dir).with_context(|| dir.display().to_string())?;
    Ok(dir)
}
