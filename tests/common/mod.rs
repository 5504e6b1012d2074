//! Shared helpers for integration tests: the whisper model, speech fixtures made with
//! espeak-ng and sox, and running the `starling` binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use starling::transcribe::Engine;

pub mod ui;

/// The whisper model for tests (tiny.en). CI sets STARLING_REQUIRE_MODEL=1, turning a missing
/// model into a failure; elsewhere the test is skipped with a message.
pub fn model_path() -> Option<PathBuf> {
    model_from("STARLING_TEST_MODEL")
}

/// The base-architecture model (`../shared/models/ggml-base.bin`, multilingual), required in
/// CI like tiny.en: the model users pick must be tested as much as the small one.
pub fn base_model_path() -> Option<PathBuf> {
    model_from("STARLING_TEST_MODEL_BASE")
}

fn model_from(variable: &str) -> Option<PathBuf> {
    let path = std::env::var_os(variable).map(PathBuf::from);
    match path {
        Some(p) if p.is_file() => Some(p),
        other => {
            let why = match other {
                Some(p) => format!("{variable}={} does not exist", p.display()),
                None => format!("{variable} is not set"),
            };
            if std::env::var("STARLING_REQUIRE_MODEL").is_ok_and(|v| v == "1") {
                panic!("whisper model required: {why}");
            }
            eprintln!("skipping: {why}");
            None
        }
    }
}

/// One engine per test binary; loading takes a while.
pub fn engine() -> Option<&'static Engine> {
    static ENGINE: OnceLock<Option<Engine>> = OnceLock::new();
    ENGINE.get_or_init(|| model_path().map(|p| Engine::load(&p).expect("test model loads"))).as_ref()
}

/// The base model's engine, once per test binary.
pub fn base_engine() -> Option<&'static Engine> {
    static ENGINE: OnceLock<Option<Engine>> = OnceLock::new();
    ENGINE.get_or_init(|| base_model_path().map(|p| Engine::load(&p).expect("base model loads"))).as_ref()
}

pub fn fixtures_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fixtures");
    std::fs::create_dir_all(&dir).expect("fixtures dir");
    dir
}

fn run(cmd: &mut Command) {
    let out = cmd.output().unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e} (run `make test` to install it)"));
    assert!(out.status.success(), "{cmd:?} failed: {}", String::from_utf8_lossy(&out.stderr));
}

/// Speaks `text` with espeak-ng into a 16 kHz mono 16-bit WAV, then (for other layouts)
/// converts that file with sox, so every layout of one name carries the same sound.
/// Cached by name; written through a temporary file so parallel tests never see half.
pub fn speech(name: &str, text: &str, rate: u32, channels: u32) -> PathBuf {
    let dir = fixtures_dir();
    let out = dir.join(format!("{name}-{rate}-{channels}.wav"));
    if out.exists() {
        return out;
    }
    // Unique per call: tests run in parallel threads of one process.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let unique = format!("{}-{}", std::process::id(), CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
    let tmp = dir.join(format!("{name}-{rate}-{channels}.{unique}.tmp.wav"));
    if (rate, channels) == (16_000, 1) {
        let raw = dir.join(format!("{name}.{unique}.espeak.wav"));
        run(Command::new("espeak-ng").args(["-v", "en-us", "-s", "150", "-w"]).arg(&raw).arg(text));
        run(Command::new("sox").arg("-V1").arg(&raw).args(["-r", "16000", "-c", "1", "-b", "16"]).arg(&tmp));
        let _ = std::fs::remove_file(&raw);
    } else {
        let base = speech(name, text, 16_000, 1);
        run(Command::new("sox")
            .arg("-V1")
            .arg(&base)
            .args(["-r", &rate.to_string(), "-c", &channels.to_string(), "-b", "16"])
            .arg(&tmp));
    }
    std::fs::rename(&tmp, &out).expect("rename fixture");
    out
}

pub const STORY: &str = "Last year our checkout service started failing during a product launch. \
    I was responsible for the payments team. I rolled back the release, and then I wrote a \
    regression test. As a result, errors dropped by forty percent within two days.";

/// The `starling` binary with an isolated data folder and no model from the environment.
pub fn starling(data_dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_starling"));
    cmd.env("STARLING_DATA_DIR", data_dir).env_remove("STARLING_MODEL").env_remove("STARLING_MODEL_BASE_URL");
    cmd
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Lower-case words without punctuation, for comparing transcripts.
pub fn plain_words(text: &str) -> Vec<String> {
    // Builds of whisper for other CPUs spell some compounds with a hyphen ("check-out").
    text.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).replace('-', "").to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}
