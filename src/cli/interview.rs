//! `starling interview`: the mock interview in the terminal (`sessions::interview` chooses the
//! questions, the follow-ups and the summary; this face reads, records and prints).

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};

use super::User;
use super::sessions::{capture_answer, capture_source, warn_damaged};
use crate::analysis::{Report, format_clock};
use crate::audio::speaker::Speaker;
use crate::bank::follow_ups::FollowUpBank;
use crate::bank::{Library, QuestionBank};
use crate::pipeline::PipelineOptions;
use crate::sessions::interview::{Focus, Summary, WRAP_UP_AT_S, draw};
use crate::sessions::interview_run::InterviewRun;
use crate::store::QuestionInfo;
use crate::transcribe::Transcriber;

pub(super) struct InterviewArgs {
    pub(super) questions: usize,
    pub(super) principle: Option<String>,
    pub(super) weakest: bool,
    pub(super) follow_ups: usize,
    pub(super) voice: bool,
    pub(super) think: u64,
    pub(super) wrap_up: bool,
    pub(super) device: Option<String>,
    pub(super) input: Vec<PathBuf>,
    pub(super) model: Option<PathBuf>,
    pub(super) json: bool,
}

/// The interviewer's side: what is said is printed, and read aloud where a voice exists.
struct Interviewer {
    voice: Option<Speaker>,
}

impl Interviewer {
    fn new(wanted: bool) -> Self {
        let voice = wanted
            .then(Speaker::new)
            .and_then(|made| made.map_err(|e| eprintln!("starling: {e}; the questions are shown as text.")).ok());
        Self { voice }
    }

    fn say(&mut self, heading: &str, text: &str) {
        println!("\n{heading}\n  {text}");
        if let Some(voice) = &mut self.voice
            && let Err(e) = voice.say_and_wait(text, crate::audio::speaker::reading_limit(text))
        {
            eprintln!("starling: {e}; the questions are shown as text from now on.");
            self.voice = None;
        }
    }
}

pub(super) fn interview(user: &User, args: InterviewArgs) -> Result<ExitCode> {
    let bank = QuestionBank::builtin();
    let library = Library::load(user.data_dir()?)?;
    let focus = match (&args.principle, args.weakest) {
        (Some(name), _) => {
            let p = bank.principles.iter().find(|p| p.name.eq_ignore_ascii_case(name.trim())).with_context(|| {
                format!(
                    "no principle {name:?}; the principles are: {}",
                    bank.principles.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(" · ")
                )
            })?;
            Focus::Principle(p.name.clone())
        }
        (None, true) => Focus::Weakest,
        (None, false) => Focus::Across,
    };
    let store = user.store()?;
    let listing = store.list(&Default::default())?;
    warn_damaged(&listing);
    let started = chrono::Local::now();
    let questions = draw(
        &bank,
        &library,
        &listing.sessions,
        &user.settings.analysis,
        args.questions,
        &focus,
        started.timestamp() as u64,
    );
    if questions.is_empty() {
        anyhow::bail!("no question to ask for that principle: add one of your own on the app's Questions screen");
    }
    // Files first, then the model: a bad file is reported before the user waits for a model.
    let mut inputs = args
        .input
        .iter()
        .map(|path| capture_source(Some(path), None, 1.0).with_context(|| format!("{}", path.display())))
        .collect::<Result<Vec<_>>>()?
        .into_iter();
    let from_files = !args.input.is_empty();
    let engine: Arc<dyn Transcriber> = Arc::new(user.engine(args.model.as_deref())?);
    let mut run = InterviewRun::new(started.format("%Y-%m-%d %H:%M:%S").to_string(), questions, args.follow_ups);
    let follow_up_bank = FollowUpBank::builtin();
    let mut interviewer = Interviewer::new(args.voice);
    let mut ran_out = false;
    while let Some(prompt) = run.advance() {
        let main_question = prompt.follow_up.is_none();
        match &prompt.follow_up {
            None => interviewer.say(&prompt.heading, &prompt.text),
            Some(f) => interviewer.say(&format!("Follow-up ({})", f.why), &prompt.text),
        }
        if main_question && !from_files && args.think > 0 {
            think(args.think);
        }
        let Some(source) = next_source(&mut inputs, from_files, args.device.as_deref())? else {
            ran_out = true;
            break;
        };
        let options = PipelineOptions { analysis: run.answer_settings(&user.settings.analysis), ..user.options() };
        let info = run.answer_info();
        if let Some((id, report)) =
            answer(&store, &info, &source, &engine, options, args.wrap_up && main_question, &mut interviewer)?
        {
            run.answered(&store, id, report, &follow_up_bank)?;
        }
    }
    if ran_out {
        println!("\nNo more --input files: the interview ends here.");
    }
    if run.given.is_empty() {
        anyhow::bail!("no answer was recorded");
    }
    let summary = run.summary();
    if args.json {
        println!("{}", serde_json::to_string_pretty(&summary)?);
    } else {
        print!("{}", super::terminal_safe(&summary_text(&summary, &run.id)));
    }
    Ok(ExitCode::SUCCESS)
}

/// The next answer's source: the next file, or the device; `None` when the files ran out.
fn next_source(
    inputs: &mut impl Iterator<Item = crate::audio::capture::CaptureSource>,
    from_files: bool,
    device: Option<&str>,
) -> Result<Option<crate::audio::capture::CaptureSource>> {
    if from_files {
        return Ok(inputs.next());
    }
    capture_source(None, device, 1.0).map(Some)
}

fn think(seconds: u64) {
    for left in (1..=seconds).rev() {
        eprint!("\rThink: {left:>2} s ");
        std::thread::sleep(Duration::from_secs(1));
    }
    eprintln!("\rGo ahead.      ");
}

/// Records and analyzes one answer; `None` (said why) when it could not be analyzed, so the
/// interview goes on.
fn answer(
    store: &crate::store::Store,
    info: &QuestionInfo,
    source: &crate::audio::capture::CaptureSource,
    engine: &Arc<dyn Transcriber>,
    options: PipelineOptions,
    wrap_up: bool,
    interviewer: &mut Interviewer,
) -> Result<Option<(i64, Report)>> {
    let mut cut_in = false;
    let mut each_second = |recorded: f64| {
        if wrap_up && !cut_in && recorded >= WRAP_UP_AT_S {
            cut_in = true;
            interviewer.say("The interviewer", "Let's wrap up.");
        }
    };
    match capture_answer(store, info, source, Some(engine.clone()), options, None, &mut each_second) {
        Ok(answer) => Ok(answer.report.map(|r| (answer.id, r))),
        Err(e) => {
            eprintln!("starling: {e:#}");
            Ok(None)
        }
    }
}

fn summary_text(s: &Summary, interview: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ =
        writeln!(out, "\nInterview of {interview}: {} answers, {} spoken", s.answers.len(), format_clock(s.spoken_s));
    let _ = writeln!(out, "{:>7}  {:>13}  {:>5}  {:>9}  {:>5}  question", "session", "length", "wpm", "fillers/m", "I");
    for a in &s.answers {
        let length =
            format!("{} / {}-{}", format_clock(a.spoken_s), format_clock(a.target_s.0), format_clock(a.target_s.1));
        let i = a.i_share.map(|i| format!("{:.0}%", i * 100.0)).unwrap_or_else(|| "-".into());
        let question =
            format!("{}{}", if a.follow_up { "  follow-up: " } else { "" }, crate::ui::widgets::short(&a.question, 70));
        let _ = writeln!(
            out,
            "{:>7}  {:>13}  {:>5.0}  {:>9.1}  {:>5}  {question}",
            a.session_id, length, a.wpm, a.fillers_per_minute, i
        );
    }
    let pct = |v: Option<f64>| v.map(|v| format!("{:.0}%", v * 100.0)).unwrap_or_else(|| "-".into());
    let _ = writeln!(
        out,
        "\nOverall: {:.0} words per minute, {:.1} fillers a minute, {} I",
        s.wpm.unwrap_or(0.0),
        s.fillers_per_minute.unwrap_or(0.0),
        pct(s.i_share)
    );
    if let Some(balance) = s.star_balance_text() {
        let _ = writeln!(out, "STAR balance of the main answers: {balance}");
    }
    if !s.next_time.is_empty() {
        let _ = writeln!(out, "\nNext time:");
        for tip in &s.next_time {
            let _ = writeln!(out, "  - {tip}");
        }
    }
    out
}
