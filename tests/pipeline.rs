//! End to end on synthesized speech with the real whisper model.

mod common;

use common::*;
use starling::analysis::Report;
use starling::pipeline::{PipelineOptions, analyze_file};

#[test]
#[ignore = "needs a whisper model (STARLING_TEST_MODEL); `make test` runs it"]
fn transcript_holds_the_key_words_with_increasing_times_inside_the_audio() {
    let Some(engine) = engine() else { return };
    let wav = speech("story", STORY, 16_000, 1);
    let analysis = analyze_file(&wav, engine, &PipelineOptions::default()).expect("analysis");
    let report = &analysis.report;
    assert!(analysis.no_speech.is_none());
    let words = plain_words(&report.transcript);
    for key in ["checkout", "service", "launch", "responsible", "rolled", "regression", "dropped"] {
        assert!(words.iter().any(|w| w == key), "{key:?} missing from {:?}", report.transcript);
    }
    assert!(report.words.len() >= 35, "only {} words", report.words.len());
    let mut last = -1.0;
    for w in &report.words {
        assert!(w.start >= last, "{} starts at {} before {last}", w.text, w.start);
        assert!(w.end >= w.start, "{} ends before it starts", w.text);
        assert!(w.end <= report.duration_s + 1e-6, "{} ends after the audio", w.text);
        assert!((0.0..=1.0).contains(&w.probability));
        last = w.start;
    }
    // espeak at 150 wpm: the measured pace must be in that neighbourhood.
    assert!((120.0..190.0).contains(&report.pacing.wpm), "wpm {}", report.pacing.wpm);
    assert!(report.pronouns.i >= 3, "I count {}", report.pronouns.i);
}

#[test]
#[ignore = "needs a whisper model (STARLING_TEST_MODEL); `make test` runs it"]
fn a_48k_stereo_file_gives_the_same_words_as_its_16k_mono_twin() {
    let Some(engine) = engine() else { return };
    let mono = analyze_file(&speech("story", STORY, 16_000, 1), engine, &PipelineOptions::default()).unwrap().report;
    let stereo = analyze_file(&speech("story", STORY, 48_000, 2), engine, &PipelineOptions::default()).unwrap().report;
    // The same words; whisper may hear one of 40 otherwise, as the two files' samples differ
    // in their last bits (a 48 kHz round trip) and a chunk is decoded on its own.
    let (a, b) = (plain_words(&mono.transcript), plain_words(&stereo.transcript));
    assert_eq!(a.len(), b.len(), "{a:?}\n{b:?}");
    assert!(a.iter().zip(&b).filter(|(x, y)| x != y).count() <= 1, "{a:?}\n{b:?}");
    assert!((mono.duration_s - stereo.duration_s).abs() < 0.01);
    for (a, b) in mono.words.iter().zip(&stereo.words) {
        assert!((a.start - b.start).abs() <= 0.1, "{}: {} vs {}", a.text, a.start, b.start);
    }
}

#[test]
#[ignore = "needs a whisper model (STARLING_TEST_MODEL); `make test` runs it"]
fn analyze_command_prints_a_summary_and_writes_schema_v1_json() {
    let Some(model) = model_path() else { return };
    let data = tempfile::tempdir().unwrap();
    let json = data.path().join("out").join("report.json");
    std::fs::create_dir(data.path().join("out")).unwrap();
    let wav = speech("story", STORY, 16_000, 1);
    let out = starling(data.path())
        .args(["analyze"])
        .arg(&wav)
        .arg("--model")
        .arg(&model)
        .arg("--json")
        .arg(&json)
        .args(["--question", "q-ownership-1"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    for needle in ["Length", "Recording", "words per minute", "Next time:", "checkout"] {
        assert!(text.contains(needle), "{needle:?} not in {text}");
    }
    let raw: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(raw["schema_version"], 1);
    for field in ["duration_s", "model", "words", "pacing", "fillers", "pronouns", "star", "coaching", "corrections"] {
        assert!(raw.get(field).is_some(), "{field} missing");
    }
    for field in ["wpm", "pauses"] {
        assert!(raw["pacing"].get(field).is_some(), "pacing.{field} missing");
    }
    for field in ["count", "items"] {
        assert!(raw["fillers"].get(field).is_some(), "fillers.{field} missing");
    }
    assert!(raw["star"]["sections"].is_array());
    let word = &raw["words"][0];
    for field in ["text", "start", "end", "probability", "filler"] {
        assert!(word.get(field).is_some(), "words[].{field} missing");
    }
    let report: Report = serde_json::from_value(raw).unwrap();
    assert_eq!(report.question.as_ref().unwrap().id, "q-ownership-1");
    assert_eq!(report.model.name, "tiny.en");
    // The report says how whisper decoded, and the summary names it beside the model.
    let decoding = starling::transcribe::WhisperSettings::default().decoding();
    assert_eq!(report.model.decoding.as_deref(), Some(decoding.as_str()));
    assert!(text.contains(&format!("tiny.en, {decoding}")), "{text}");

    // The app's review opens the same file, and re-analyzing its words gives the same report.
    let answer = starling::recording::FinishedAnswer::open(&wav, &json).unwrap();
    assert_eq!(answer.report, report);
    let again = starling::pipeline::analyze_transcribed(
        &answer.speech,
        &starling::audio::voice::VoiceActivity::detect(&answer.speech.samples),
        &answer.words,
        report.source.clone(),
        report.model.clone(),
        &starling::pipeline::PipelineOptions {
            question: report.question.clone(),
            words_aligned: answer.words_aligned,
            ..Default::default()
        },
    );
    assert_eq!(again, report, "a saved report re-analyzed from its own words is unchanged");
}

#[test]
#[ignore = "needs a whisper model (STARLING_TEST_MODEL); `make test` runs it"]
fn model_found_through_environment_and_data_folder() {
    let Some(model) = model_path() else { return };
    let wav = speech("short", "I shipped the feature on time.", 16_000, 1);
    // STARLING_MODEL
    let data = tempfile::tempdir().unwrap();
    let out = starling(data.path()).env("STARLING_MODEL", &model).arg("analyze").arg(&wav).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    // data folder models/
    let models = data.path().join("models");
    std::fs::create_dir_all(&models).unwrap();
    std::os::unix::fs::symlink(&model, models.join("ggml-tiny.en.bin")).unwrap();
    let out = starling(data.path()).arg("analyze").arg(&wav).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).to_lowercase().contains("on time"), "{}", stdout(&out));
}

/// Joins 16 kHz mono fixtures with exact silences between them (seconds), through sox; each
/// part's own leading and trailing silence is trimmed first.
fn join(name: &str, parts: &[(&std::path::Path, f64)]) -> std::path::PathBuf {
    let out = fixtures_dir().join(format!("{name}.wav"));
    if out.exists() {
        return out;
    }
    let mut cmd = std::process::Command::new("sox");
    cmd.arg("-V1");
    let dir = tempfile::tempdir().unwrap();
    for (k, (path, silence)) in parts.iter().enumerate() {
        let padded = dir.path().join(format!("{k}.wav"));
        let ok = std::process::Command::new("sox")
            .arg("-V1")
            .arg(path)
            .arg(&padded)
            .args([
                "silence",
                "1",
                "0.01",
                "0.5%",
                "reverse",
                "silence",
                "1",
                "0.01",
                "0.5%",
                "reverse",
                "pad",
                "0",
                &silence.to_string(),
            ])
            .status()
            .unwrap();
        assert!(ok.success());
        cmd.arg(padded);
    }
    let tmp = fixtures_dir().join(format!("{name}.{}.tmp.wav", std::process::id()));
    assert!(cmd.arg(&tmp).status().unwrap().success());
    std::fs::rename(&tmp, &out).unwrap();
    out
}

#[test]
#[ignore = "needs a whisper model (STARLING_TEST_MODEL); `make test` runs it"]
fn synthesized_answer_yields_pauses_hesitations_and_sections() {
    let Some(engine) = engine() else { return };
    let situation = speech("e2e-s", "Last year our checkout service failed during every big launch.", 16_000, 1);
    let task = speech("e2e-t", "My task was to make our releases safe.", 16_000, 1);
    let um = speech("e2e-um", "um", 16_000, 1);
    let action = speech("e2e-a", "I decided to add canary releases, and I wrote a rollback script.", 16_000, 1);
    let result = speech("e2e-r", "As a result, failed releases dropped by eighty percent.", 16_000, 1);
    let wav = join("e2e-answer", &[(&situation, 0.4), (&task, 0.4), (&um, 0.15), (&action, 1.8), (&result, 0.8)]);
    let report = analyze_file(&wav, engine, &PipelineOptions::default()).unwrap().report;
    // The 1.8 s silence after the Action is a long pause, found in the audio.
    let long: Vec<_> = report.pacing.pauses.iter().filter(|p| p.duration >= 1.0).collect();
    assert_eq!(long.len(), 1, "{:?}", report.pacing.pauses);
    assert!((long[0].duration - 1.8).abs() < 0.3, "{:?}", long[0]);
    // The "um" between Task and Action is a hesitation, from the text or the audio.
    let um_at = report.words.iter().find(|w| w.text.to_lowercase().starts_with("decided")).map(|w| w.start).unwrap();
    assert!(
        report.fillers.items.iter().any(|f| f.start < um_at && f.start > um_at - 2.5),
        "no hesitation before {um_at}: {:?}",
        report.fillers.items
    );
    let labels: Vec<_> = report.star.sections.iter().map(|s| s.label).collect();
    use starling::analysis::StarLabel::*;
    assert_eq!(labels, [Situation, Task, Action, Result], "{}", report.transcript);
    assert_eq!(report.content.result_quantified, Some(true));
    assert!(report.pronouns.i >= 3 && report.pronouns.we >= 1, "{:?}", report.pronouns);
}

#[test]
#[ignore = "needs a whisper model (STARLING_TEST_MODEL); `make test` runs it"]
fn a_transcript_cache_is_written_then_reused() {
    let Some(engine) = engine() else { return };
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("words.json");
    let wav = speech("short", "I shipped the feature on time.", 16_000, 1);
    let options = PipelineOptions { transcript_cache: Some(cache.clone()), ..PipelineOptions::default() };
    let first = analyze_file(&wav, engine, &options).unwrap().report;
    let saved: Vec<starling::transcribe::Word> = serde_json::from_slice(&std::fs::read(&cache).unwrap()).unwrap();
    assert_eq!(saved.len(), first.words.len());
    // Edit the cache: the next analysis must read it instead of transcribing.
    let edited = vec![starling::transcribe::Word { text: "Cached.".into(), start: 0.2, end: 0.6, probability: 0.9 }];
    std::fs::write(&cache, serde_json::to_vec(&edited).unwrap()).unwrap();
    let second = analyze_file(&wav, engine, &options).unwrap().report;
    assert_eq!(second.transcript, "Cached.");
}

#[test]
#[ignore = "needs a whisper model (STARLING_TEST_MODEL); `make test` runs it"]
fn the_command_line_and_the_app_judge_the_same_wav_by_the_users_settings_alike() {
    let Some(model) = model_path() else { return };
    let Some(engine) = engine() else { return };
    let data = tempfile::tempdir().unwrap();
    // Thresholds a user changed in the app's Settings screen.
    let mut settings = starling::settings::Settings::default();
    settings.analysis.stall_s = 3.0;
    settings.analysis.wpm_band = (90.0, 110.0);
    settings.analysis.star_targets.action = Some((0.3, 0.4));
    settings.save(data.path()).unwrap();
    let wav = speech("story", STORY, 16_000, 1);
    let json = data.path().join("cli.json");
    let out = starling(data.path())
        .arg("analyze")
        .arg(&wav)
        .arg("--model")
        .arg(&model)
        .arg("--json")
        .arg(&json)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let cli: Report = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(cli.settings, settings.analysis, "the command line judged by the user's thresholds");
    assert!(
        cli.star
            .sections
            .iter()
            .filter(|s| s.label == starling::analysis::StarLabel::Action)
            .all(|s| s.target == Some((0.3, 0.4)))
    );

    // The app imports the same file into its store with the same settings.
    let store = starling::store::Store::open(&data.path().join("store")).unwrap();
    let options = PipelineOptions { analysis: settings.analysis.clone(), ..PipelineOptions::default() };
    let (_, app) = starling::sessions::import(&store, &wav, &Default::default(), engine, &options).unwrap();
    assert_eq!(app.source.as_deref(), Some("answer.wav"));
    assert_eq!(Report { source: cli.source.clone(), ..app }, cli, "one WAV, one set of settings, one report");
}
