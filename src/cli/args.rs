//! The command line's arguments: every subcommand and its options, as clap reads them.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "starling", version, about = "Practise spoken behavioral-interview answers, offline.")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Transcribe and analyze a recorded answer, print a summary and write the report JSON.
    Analyze {
        /// The recording: WAV (any rate, channels, PCM or float), mp3, m4a, ogg, opus, webm, flac, mp4 or mov.
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
        /// Beam search width, 1 to 8 (default 5; 1 decodes greedily, faster and less accurate;
        /// whisper keeps at most 8 decoders).
        #[arg(long, value_parser = clap::value_parser!(i32).range(1..=8))]
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
        /// Developers: transcribe in whisper's 30-second windows, not in the chunks every other
        /// path (the app, record, import) cuts an answer into; the report's decoding says so.
        #[arg(long, hide = true)]
        whole_window: bool,
        /// Whisper threads, 1-8 (default: one for each core other programs leave free).
        #[arg(long, value_parser = clap::value_parser!(u16).range(1..=8))]
        threads: Option<u16>,
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
        /// Tests: feed --input this many times faster than real time.
        #[arg(long, hide = true, requires = "input", default_value_t = 1.0)]
        speed: f32,
    },
    /// Analyze an existing recording (WAV, mp3, m4a, ogg, opus, webm, flac, mp4 or mov) as a new session in the history.
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
    /// Today's practice plan: questions due again by the spaced-repetition schedule, principles
    /// no answer covers yet, the measure missed most lately; and why each was picked.
    Plan {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        /// How many questions.
        #[arg(long, default_value_t = crate::sessions::plan::DEFAULT_COUNT, value_parser = clap::value_parser!(u16).range(1..=20))]
        count: u16,
        /// Plan for this day (YYYY-MM-DD) instead of today.
        #[arg(long, value_name = "DATE")]
        date: Option<chrono::NaiveDate>,
    },
    /// Which principles your stories and answers cover: principles x stories, with how often
    /// and how well each principle was practised.
    Coverage {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// A mock interview in the terminal: questions drawn across the principles (or from one, or
    /// your weakest), each read aloud, a moment to think, your answer recorded, then follow-up
    /// questions chosen from what its analysis found; a summary at the end. Every answer is a
    /// session in the history, grouped as one interview.
    Interview {
        /// How many questions.
        #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u16).range(1..=10))]
        questions: u16,
        /// Questions of this principle only (its name, e.g. "Bias for Action").
        #[arg(long, conflicts_with = "weakest")]
        principle: Option<String>,
        /// The principles you practised least and worst first.
        #[arg(long)]
        weakest: bool,
        /// Follow-up questions after each answer (0-2).
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u16).range(0..=2))]
        follow_ups: u16,
        /// Show the questions without reading them aloud.
        #[arg(long)]
        no_voice: bool,
        /// Seconds to think before each answer (none when answering from files).
        #[arg(long, default_value_t = 10)]
        think: u64,
        /// The bar-raiser drill: the interviewer cuts in at 2:30 ("Let's wrap up").
        #[arg(long)]
        wrap_up: bool,
        /// Input device by name (default: the system's).
        #[arg(long, conflicts_with = "input")]
        device: Option<String>,
        /// Answer from these WAV files, one per answer in order, follow-ups included (demos,
        /// tests); the interview ends when they run out.
        #[arg(long, num_args = 1..)]
        input: Vec<PathBuf>,
        /// Whisper model file (otherwise STARLING_MODEL, settings, then the data folder).
        #[arg(long)]
        model: Option<PathBuf>,
        /// Print the summary as JSON.
        #[arg(long)]
        json: bool,
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
        action: super::star_model::StarModelAction,
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
        /// Also measure with this many other busy programs running (one core each), side by
        /// side with the idle machine in the same run.
        #[arg(long, default_value_t = 0, conflicts_with = "ui")]
        load: usize,
    },
    /// Spin on one core until killed (the busy programs of `bench --load`).
    #[command(hide = true)]
    BusyLoop,
    /// Write the man pages (starling.1 and one per command) into a folder (`make deb`).
    #[command(hide = true)]
    ManPages { dir: PathBuf },
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
        /// Also analyze again those whose last analysis stopped Starling (a crash, a kill);
        /// without it they are listed with the reason, so one bad file cannot stop every run.
        #[arg(long)]
        retry: bool,
    },
    /// One session's report as Markdown, self-contained HTML or JSON.
    Export {
        id: i64,
        #[arg(long, default_value = "md", value_parser = export_format())]
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

/// The export formats by their file extensions; clap lists and checks them.
fn export_format() -> impl clap::builder::TypedValueParser<Value = crate::export::Format> {
    use clap::builder::TypedValueParser;
    let names = crate::export::Format::ALL.map(|f| f.extension());
    clap::builder::PossibleValuesParser::new(names)
        .map(|name| crate::export::Format::from_extension(&name).unwrap_or(crate::export::Format::Md))
}
