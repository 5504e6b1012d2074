//! Recordings in the formats people have (made with sox and ffmpeg at test time): each reads as the same
//! speech as its WAV, imports into a session whose answer.wav holds it, and a damaged, empty or
//! unknown file gets a clear error and leaves no session behind.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{STORY, speech};
use starling::audio::{AudioError, decode::read_audio, load_speech};
use starling::store::{QuestionInfo, Store};
use starling::transcribe::scripted::ScriptedTranscriber;

/// The story converted by sox to `name` (its extension says the format), in `dir`.
fn converted(dir: &Path, name: &str, args: &[&str]) -> PathBuf {
    let out = dir.join(name);
    let status = Command::new("sox")
        .arg("-V1")
        .arg(speech("story", STORY, 16_000, 1))
        .args(args)
        .arg(&out)
        .status()
        .expect("sox (scripts/install-deps.sh installs it)");
    assert!(status.success(), "sox made {name}");
    out
}

fn rms(x: &[f32]) -> f64 {
    (x.iter().map(|v| (*v as f64).powi(2)).sum::<f64>() / x.len().max(1) as f64).sqrt()
}

#[test]
fn flac_and_ogg_read_as_the_same_speech_as_the_wav() {
    let dir = tempfile::tempdir().unwrap();
    let wav = load_speech(&speech("story", STORY, 16_000, 1)).unwrap().samples;
    for (name, args) in [
        ("story.flac", &[][..]),
        ("story-stereo-44k.flac", &["-c", "2", "-r", "44100"][..]),
        ("story.ogg", &[][..]),
        ("story.oga", &["-t", "vorbis"][..]),
    ] {
        let path = converted(dir.path(), name, args);
        let decoded = read_audio(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        let speech = load_speech(&path).unwrap().samples;
        let (seconds, want) = (speech.len() as f64 / 16_000.0, wav.len() as f64 / 16_000.0);
        assert!((seconds - want).abs() < 0.1, "{name}: {seconds:.2} s, the WAV {want:.2} s");
        let level_db = 20.0 * (rms(&speech) / rms(&wav)).log10();
        assert!(level_db.abs() < 0.5, "{name}: {level_db:.2} dB from the WAV's level");
        assert!(decoded.sample_rate == 16_000 || name.contains("44k"), "{name}: {} Hz", decoded.sample_rate);
    }
}

/// The story encoded by ffmpeg into `name` with `args` (codec options; `video` adds a small
/// picture track, as a screen or phone recording has).
fn encoded(dir: &Path, name: &str, args: &[&str], video: bool) -> PathBuf {
    let out = dir.join(name);
    let mut command = Command::new("ffmpeg");
    command.args(["-v", "error", "-y", "-i"]).arg(speech("story", STORY, 16_000, 1));
    if video {
        command.args([
            "-f",
            "lavfi",
            "-i",
            "color=c=navy:s=64x64:r=5",
            "-shortest",
            "-c:v",
            "libx264",
            "-pix_fmt",
            "yuv420p",
        ]);
    }
    let status = command.args(args).arg(&out).status().expect("ffmpeg (scripts/install-deps.sh installs it)");
    assert!(status.success(), "ffmpeg made {name}");
    out
}

#[test]
fn phone_browser_and_screen_recordings_read_as_the_same_speech() {
    let dir = tempfile::tempdir().unwrap();
    let wav = load_speech(&speech("story", STORY, 16_000, 1)).unwrap().samples;
    let cases: [(&str, &[&str], bool); 7] = [
        ("story.mp3", &["-c:a", "libmp3lame", "-b:a", "96k"], false),
        // Both channels the voice at full level (ffmpeg's own upmix puts it 3 dB down in each).
        ("story-44k-stereo.mp3", &["-c:a", "libmp3lame", "-ar", "44100", "-af", "pan=stereo|c0=c0|c1=c0"], false),
        ("story.m4a", &["-c:a", "aac", "-b:a", "96k"], false),
        ("story-vorbis.webm", &["-c:a", "libvorbis"], false),
        ("story.mkv", &["-c:a", "flac"], false),
        ("screen.mp4", &["-c:a", "aac", "-ar", "48000"], true),
        ("phone.mov", &["-c:a", "aac", "-ar", "44100"], true),
    ];
    for (name, args, video) in cases {
        let path = encoded(dir.path(), name, args, video);
        let speech = load_speech(&path).unwrap_or_else(|e| panic!("{name}: {e}")).samples;
        let (seconds, want) = (speech.len() as f64 / 16_000.0, wav.len() as f64 / 16_000.0);
        // Lossy encoders pad a frame or two at the ends.
        assert!((seconds - want).abs() < 0.15, "{name}: {seconds:.2} s, the WAV {want:.2} s");
        let level_db = 20.0 * (rms(&speech) / rms(&wav)).log10();
        assert!(level_db.abs() < 1.0, "{name}: {level_db:.2} dB from the WAV's level");
    }
}

#[test]
fn opus_from_browsers_and_voice_notes_reads_and_imports() {
    let dir = tempfile::tempdir().unwrap();
    let wav = load_speech(&speech("story", STORY, 16_000, 1)).unwrap().samples;
    let store = Store::open(&dir.path().join("data")).unwrap();
    let cases: [(&str, &[&str]); 3] = [
        ("browser.webm", &["-c:a", "libopus", "-b:a", "32k"]),
        ("voice-note.ogg", &["-c:a", "libopus", "-b:a", "24k"]),
        ("stereo-note.opus", &["-c:a", "libopus", "-af", "pan=stereo|c0=c0|c1=c0"]),
    ];
    for (name, args) in cases {
        let path = encoded(dir.path(), name, args, false);
        let decoded = read_audio(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(decoded.sample_rate, 48_000, "{name}: opus decodes at 48 kHz");
        let speech = load_speech(&path).unwrap().samples;
        let (seconds, want) = (speech.len() as f64 / 16_000.0, wav.len() as f64 / 16_000.0);
        assert!((seconds - want).abs() < 0.15, "{name}: {seconds:.2} s, the WAV {want:.2} s");
        let level_db = 20.0 * (rms(&speech) / rms(&wav)).log10();
        assert!(level_db.abs() < 1.0, "{name}: {level_db:.2} dB from the WAV's level");
        let (_, report) = starling::sessions::import(
            &store,
            &path,
            &QuestionInfo::default(),
            &ScriptedTranscriber::new(STORY),
            &Default::default(),
        )
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!((report.duration_s - want).abs() < 0.15, "{name}: the session holds the answer");
    }
    // Surround opus (a multistream stream) is not a voice recording: named, nothing left.
    let surround = encoded(dir.path(), "surround.ogg", &["-c:a", "libopus", "-ac", "6", "-mapping_family", "1"], false);
    let e = read_audio(&surround).unwrap_err();
    assert!(matches!(e, AudioError::UnsupportedCodec { .. }), "{e}");
    assert_eq!(
        store.list(&Default::default()).unwrap().sessions.len(),
        3,
        "one session per readable file, none for the rest"
    );
}

#[test]
fn an_imported_flac_becomes_a_session_with_a_wav_of_it() {
    let dir = tempfile::tempdir().unwrap();
    let flac = converted(dir.path(), "answer.flac", &["-c", "2", "-r", "44100"]);
    let store = Store::open(&dir.path().join("data")).unwrap();
    let (id, report) = starling::sessions::import(
        &store,
        &flac,
        &QuestionInfo::default(),
        &ScriptedTranscriber::new(STORY),
        &Default::default(),
    )
    .unwrap();
    assert!(report.words.len() > 20, "{} words", report.words.len());
    let session = store.get(id).unwrap();
    let kept = store.folder_path(&session).join(starling::store::AUDIO_FILE);
    let header = hound::WavReader::open(&kept).unwrap().spec();
    assert_eq!((header.channels, header.sample_rate), (1, 44_100), "the decoded audio, mono, at its own rate");
    assert!((report.duration_s - load_speech(&flac).unwrap().duration_s()).abs() < 0.05);
}

#[test]
fn damaged_empty_and_unknown_files_are_named_and_leave_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let flac = converted(dir.path(), "good.flac", &[]);
    let bytes = std::fs::read(&flac).unwrap();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty.ogg", Vec::new()),
        ("notes.m4a", b"These are my notes for the interview, not a recording.".repeat(20)),
        ("noise.mp3", (0..20_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect()),
        // The header and a little audio, then nothing: what is there is read.
        ("cut.flac", bytes[..bytes.len() / 3].to_vec()),
    ];
    let store = Store::open(&dir.path().join("data")).unwrap();
    for (name, content) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, &content).unwrap();
        match (name, read_audio(&path)) {
            ("empty.ogg", Err(e)) => assert!(matches!(e, AudioError::Empty { .. }), "{name}: {e}"),
            ("cut.flac", Ok(audio)) => assert!(audio.frames() > 0, "{name}: the readable part"),
            (_, Err(e)) => assert!(
                e.to_string().contains(name)
                    && (e.to_string().contains("not a recording") || e.to_string().contains("unreadable")),
                "{name}: {e}"
            ),
            (_, Ok(audio)) => panic!("{name} read as {} frames of audio", audio.frames()),
        }
        if name != "cut.flac" {
            let imported = starling::sessions::import(
                &store,
                &path,
                &QuestionInfo::default(),
                &ScriptedTranscriber::new(STORY),
                &Default::default(),
            );
            assert!(imported.is_err(), "{name} imported");
        }
    }
    // A flac of a tenth of a second: too short to be an answer.
    let short = dir.path().join("short.flac");
    assert!(
        Command::new("sox").arg("-V1").arg(&flac).arg(&short).args(["trim", "0", "0.1"]).status().unwrap().success()
    );
    let e = read_audio(&short).unwrap_err();
    assert!(matches!(e, AudioError::TooShort { .. }), "{e}");
    assert!(store.list(&Default::default()).unwrap().sessions.is_empty(), "no session left behind");
}

/// A recording dropped on the window is imported and analyzed in the background.
#[test]
fn a_recording_dropped_on_the_window_is_imported() {
    use common::ui::{harness, run_until, scripted};
    let dir = tempfile::tempdir().unwrap();
    let flac = converted(dir.path(), "dropped.flac", &[]);
    let data = dir.path().join("data");
    let mut h = harness(starling::ui::StarlingApp::new(scripted(&data)));
    h.run_steps(2);
    h.input_mut().dropped_files.push(std::sync::Arc::new(Dropped(flac)));
    h.run_steps(1);
    run_until(&mut h, "the import", std::time::Duration::from_secs(30), |app| app.history().busy.is_empty());
    let settings = starling::settings::Settings::load(&data).unwrap();
    let sessions = Store::open(&settings.sessions_root(&data)).unwrap().list(&Default::default()).unwrap().sessions;
    assert_eq!(sessions.len(), 1, "the dropped file became a session");
    assert!(sessions[0].wpm.is_some(), "analyzed");
}

/// A file as the window system hands it over.
#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}
