//! The real cpal capture path against the file-backed ALSA device of ../shared/alsa: its own
//! test binary, since alsa-lib reads $HOME/.asoundrc once per process.

mod common;

use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use common::*;
use starling::audio::capture::Recorder;

fn asoundrc_template() -> Option<String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/alsa/asoundrc-file-capture");
    match std::fs::read_to_string(&path) {
        Ok(t) => Some(t),
        Err(e) if std::env::var("STARLING_REQUIRE_MODEL").is_ok_and(|v| v == "1") => panic!("{}: {e}", path.display()),
        Err(e) => {
            eprintln!("skipping: {}: {e}", path.display());
            None
        }
    }
}

#[test]
#[ignore = "needs a whisper model (STARLING_TEST_MODEL); `make test` runs it"]
fn records_from_an_alsa_device_to_a_wav_that_transcribes() {
    let Some(template) = asoundrc_template() else { return };
    let Some(engine) = engine() else { return };
    let source = speech("story", STORY, 16_000, 1);
    let home = tempfile::tempdir().unwrap();
    let raw = home.path().join("input.raw");
    let ok = std::process::Command::new("sox")
        .arg("-V1")
        .arg(&source)
        .args(["-t", "raw", "-r", "16000", "-c", "1", "-b", "16", "-e", "signed"])
        .arg(&raw)
        .status()
        .unwrap();
    assert!(ok.success());
    std::fs::write(home.path().join(".asoundrc"), template.replace("@INFILE@", raw.to_str().unwrap())).unwrap();
    // SAFETY: this test binary runs this one test; nothing else reads the environment meanwhile.
    unsafe {
        std::env::set_var("HOME", home.path());
        std::env::remove_var("ALSA_CONFIG_PATH");
    }
    let source_s = std::fs::metadata(&raw).unwrap().len() as f64 / 2.0 / 16_000.0;
    let out = home.path().join("answer.wav");
    // The whole answer fits in the buffer, so the unpaced device cannot outrun the writer.
    let recorder =
        Recorder::start_with_buffer(None, &out, Duration::from_secs(60)).expect("the file-backed device opens");
    let rate = recorder.sample_rate as f64;
    let target = ((source_s + 0.5) * rate) as u64;
    let started = Instant::now();
    // The file device is not paced in real time: stop after N samples, not N seconds.
    while recorder.status().written_frames.load(Ordering::Relaxed) < target {
        assert!(started.elapsed() < Duration::from_secs(60), "capture stalled");
        std::thread::sleep(Duration::from_millis(20));
    }
    // Past the end of the file the device returns silence as fast as it can be read, so only
    // drops up to here count.
    let dropped = recorder.status().dropped_frames.load(Ordering::Relaxed);
    assert_eq!(dropped, 0, "frames were dropped while the answer was captured");
    // The file is valid on disk while recording goes on: the header is refreshed as it grows.
    let on_disk = || hound::WavReader::open(&out).map(|r| r.duration() as f64 / rate).unwrap_or(0.0);
    let waiting = Instant::now();
    while on_disk() < source_s && waiting.elapsed() < Duration::from_secs(3) {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(on_disk() >= source_s, "the header lags the audio written");
    let summary = recorder.stop().expect("stops cleanly");
    assert!(summary.frames >= target);
    let report = starling::pipeline::analyze_file(&out, engine, &Default::default()).unwrap().report;
    let words = plain_words(&report.transcript);
    for key in ["checkout", "service", "rolled", "release"] {
        assert!(words.iter().any(|w| w == key), "{key:?} missing from {:?}", report.transcript);
    }
}
