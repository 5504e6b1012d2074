//! The session commands: `record`, `import`, `sessions ...` and `history`.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use crate::analysis::format_clock;
use crate::transcribe::Transcriber;

use super::analyze::print_summary;
use super::{SessionsAction, User, check_output, emit};

/// The index entry for a bank question, checked to exist.
pub(super) fn question_info(user: &User, id: Option<&str>) -> Result<crate::store::QuestionInfo> {
    let Some(id) = id else {
        return Ok(Default::default());
    };
    let bank = crate::bank::QuestionBank::builtin();
    let library = crate::bank::Library::load(user.data_dir()?).unwrap_or_default();
    let q = bank.question(&library, id).with_context(|| format!("no question {id:?} in the bank"))?;
    Ok(crate::store::QuestionInfo::of(q))
}

/// A recording from elsewhere becomes a session (see `sessions::import`).
pub(super) fn import(user: &User, file: &Path, model: Option<&Path>, question: Option<&str>) -> Result<ExitCode> {
    // Audio first: a bad file is reported before the user waits for a model to load.
    crate::audio::decode::read_audio(file)?;
    let engine = user.engine(model)?;
    let info = question_info(user, question)?;
    let store = user.store()?;
    let (id, report) = crate::sessions::import(&store, file, &info, &engine, &user.options())?;
    println!("Session {id} ({})", store.folder_path(&store.get(id)?).display());
    print_summary(&report);
    Ok(ExitCode::SUCCESS)
}

pub(super) struct RecordArgs {
    pub(super) device: Option<String>,
    pub(super) input: Option<PathBuf>,
    pub(super) seconds: Option<f64>,
    pub(super) question: Option<String>,
    pub(super) model: Option<PathBuf>,
    pub(super) no_analyze: bool,
    /// How many times faster than real time `input` is fed.
    pub(super) speed: f32,
}

/// Where an answer is heard from: a file fed in real time, or a device.
pub(super) fn capture_source(
    input: Option<&Path>,
    device: Option<&str>,
    speed: f32,
) -> Result<crate::audio::capture::CaptureSource> {
    use crate::audio::capture::CaptureSource;
    Ok(match input {
        Some(path) => {
            let speech = crate::audio::load_speech(path)?;
            CaptureSource::Samples { samples: speech.samples.into(), rate: crate::audio::WHISPER_RATE, speed }
        }
        None => CaptureSource::Device(device.map(str::to_string)),
    })
}

/// A headless answer: its session, and its report unless only the audio was kept.
pub(super) struct Answer {
    pub(super) id: i64,
    pub(super) dir: PathBuf,
    pub(super) report: Option<crate::analysis::Report>,
    /// The recording stopped early (device lost, disk full): what was captured is kept.
    pub(super) interrupted: bool,
    /// The report could not be written (a full disk): it is in neither the folder nor the
    /// history, and the recording waits for `sessions recover`.
    pub(super) not_saved: bool,
}

/// Records an answer into a new session the way the app records (`sessions::start_recording`):
/// transcribed while it is spoken, analyzed at Stop. Enter, `seconds` or the end of a file
/// stops it; `each_second` hears the seconds recorded (the interviewer's cut-in).
pub(super) fn capture_answer(
    store: &crate::store::Store,
    info: &crate::store::QuestionInfo,
    source: &crate::audio::capture::CaptureSource,
    engine: Option<Arc<dyn Transcriber>>,
    options: crate::pipeline::PipelineOptions,
    seconds: Option<f64>,
    each_second: &mut dyn FnMut(f64),
) -> Result<Answer> {
    use crate::recording::RecordingEvent;
    let (events, finished) = std::sync::mpsc::channel();
    let mut recording = crate::sessions::start_recording(store, info, source, engine.clone(), options, move |e| {
        let _ = events.send(e);
    })?;
    let (id, dir) = (recording.id, recording.folder().to_path_buf());
    let recorder = recording.recorder().context("the recording ended before it started")?;
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
    while let Some(recorder) = recording.recorder() {
        std::thread::sleep(Duration::from_millis(250));
        let recorded = recorder.recorded_s();
        each_second(recorded);
        let mut out = std::io::stdout().lock();
        let _ = if terminal {
            write!(out, "\rrecorded {recorded:.2} s ")
        } else {
            writeln!(out, "recorded {recorded:.2} s")
        };
        let _ = out.flush();
        // A file given as the microphone ends the answer when it ends, unless --seconds says otherwise.
        let out_of_time = match seconds {
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
    let interrupted = recording.stop(Vec::new()).err();
    if let Some(e) = &interrupted {
        eprintln!("starling: {e}");
    }
    if engine.is_none() {
        recording.join();
        return Ok(Answer { id, dir, report: None, interrupted: interrupted.is_some(), not_saved: false });
    }
    eprintln!("Analyzing...");
    let done = loop {
        match finished.recv() {
            Ok(RecordingEvent::Words(_)) => continue,
            Ok(RecordingEvent::Finished(done)) => break done,
            Ok(RecordingEvent::Failed(e)) => anyhow::bail!(
                "session {id}: the answer could not be analyzed: {e}; the recording is kept in {}",
                dir.display()
            ),
            Err(_) => anyhow::bail!(
                "session {id}: the analysis ended without a report; the recording is kept in {}",
                dir.display()
            ),
        }
    };
    recording.join();
    // One message for what happened: an unsaved report is not also "saved but not indexed".
    if let Some(e) = &done.not_saved {
        eprintln!(
            "starling: session {id}: the report could not be saved ({e}); the recording is kept in {}: `starling sessions recover` analyzes it again once there is room",
            dir.display()
        );
    } else if let Err(e) = crate::sessions::index_answer(store, id, &done.report) {
        eprintln!("starling: the report is saved beside the recording but not in the history: {e}");
    }
    Ok(Answer {
        id,
        dir,
        report: Some(done.report),
        interrupted: interrupted.is_some(),
        not_saved: done.not_saved.is_some(),
    })
}

/// Headless recording into a new session (see [`capture_answer`]). Progress goes to stdout
/// ("recorded 12.50 s"), one line at a time when it is not a terminal, so scripts and tests can
/// follow it.
pub(super) fn record(user: &User, args: RecordArgs) -> Result<ExitCode> {
    let source = capture_source(args.input.as_deref(), args.device.as_deref(), args.speed)?;
    let engine: Option<Arc<dyn Transcriber>> =
        if args.no_analyze { None } else { Some(Arc::new(user.engine(args.model.as_deref())?)) };
    let info = question_info(user, args.question.as_deref())?;
    let store = user.store()?;
    let answer = capture_answer(&store, &info, &source, engine, user.options(), args.seconds, &mut |_| {})?;
    match &answer.report {
        None => {
            println!("Session {} recorded in {}", answer.id, answer.dir.display());
            Ok(if answer.interrupted { ExitCode::FAILURE } else { ExitCode::SUCCESS })
        }
        Some(report) => {
            println!("Session {} ({})", answer.id, answer.dir.display());
            print_summary(report);
            Ok(if answer.interrupted || answer.not_saved { ExitCode::FAILURE } else { ExitCode::SUCCESS })
        }
    }
}

/// Recordings cut off by a crash: listed, and analyzed unless `list_only`.
pub(super) fn recover(
    user: &User,
    store: &crate::store::Store,
    model: Option<&Path>,
    list_only: bool,
    retry: bool,
) -> Result<ExitCode> {
    let found = store.recover()?;
    if found.is_empty() {
        println!("No unfinished recordings.");
        return Ok(ExitCode::SUCCESS);
    }
    let engine = if list_only { None } else { Some(user.engine(model)?) };
    let options = user.options();
    let mut failed = false;
    for item in found {
        let s = &item.session;
        match (&item.audio, &engine) {
            (Err(e), _) => {
                failed = true;
                eprintln!("session {} ({}): not analyzed: {e}", s.id, s.created_at);
            }
            (Ok(_), Some(_)) if item.analysis_stopped && !retry => {
                failed = true;
                eprintln!(
                    "session {} ({}): not analyzed: {}; `starling sessions recover --retry` tries it again",
                    s.id,
                    s.created_at,
                    crate::store::Unfinished::STOPPED_NOTE
                );
            }
            (Ok(seconds), None) => {
                let why = if item.analysis_stopped {
                    format!(" ({})", crate::store::Unfinished::STOPPED_NOTE)
                } else {
                    String::new()
                };
                println!("session {} ({}): {} recorded, not analyzed{why}", s.id, s.created_at, format_clock(*seconds))
            }
            (Ok(_), Some(engine)) => match crate::sessions::analyze_session(store, s.id, engine, &options) {
                Ok(report) => println!(
                    "session {} ({}): analyzed, {} at {:.0} wpm",
                    s.id,
                    s.created_at,
                    format_clock(report.answer_length_s()),
                    report.pacing.wpm
                ),
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
pub(super) fn warn_damaged(listing: &crate::store::Listing) {
    for d in &listing.damaged {
        eprintln!("starling: {d}");
    }
}

pub(super) fn sessions(user: &User, action: SessionsAction) -> Result<ExitCode> {
    let store = user.store()?;
    match action {
        SessionsAction::Recover { model, list, retry } => recover(user, &store, model.as_deref(), list, retry),
        SessionsAction::List => {
            let listing = store.list(&Default::default())?;
            warn_damaged(&listing);
            let all = listing.sessions;
            let mut out = std::io::stdout().lock();
            let _ = writeln!(
                out,
                "{:>5}  {:19}  {:>6}  {:>5}  {:>9}  {:>6}  title",
                "id", "date", "length", "wpm", "fillers/m", "I"
            );
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
                    super::terminal_safe(&s.display_title())
                );
            }
            if all.is_empty() {
                let _ = writeln!(out, "No sessions yet: record one in the app or `starling import FILE.wav`.");
            }
            Ok(ExitCode::SUCCESS)
        }
        SessionsAction::Export { id, format, out } => {
            check_output(out.as_deref(), &[])?;
            let session = store.get(id)?;
            let report = store.report(&session)?;
            emit(&crate::export::session(format, &session, &report)?, out.as_deref())
        }
    }
}
