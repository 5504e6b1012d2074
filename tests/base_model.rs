//! The base architecture (the model users who care about accuracy pick), read from
//! `../shared/models/ggml-base.bin` through STARLING_TEST_MODEL_BASE: multilingual, so
//! Starling must force English and use base's alignment heads.

mod common;

use common::*;
use starling::pipeline::{PipelineOptions, analyze_file};
use starling::transcribe::catalog::Architecture;
use starling::transcribe::engine::dtw_preset;
use whisper_rs::DtwModelPreset;

#[test]
#[ignore = "needs a whisper model (STARLING_TEST_MODEL); `make test` runs it"]
fn base_is_recognized_and_gets_its_alignment_heads() {
    let Some(engine) = base_engine() else { return };
    let info = engine.info();
    assert_eq!(info.architecture, Architecture::Base);
    assert!(!info.english_only, "ggml-base.bin is the multilingual model");
    assert_eq!(info.label(), "base");
    assert!(matches!(dtw_preset(info), DtwModelPreset::Base));
}

#[test]
#[ignore = "needs a whisper model (STARLING_TEST_MODEL); `make test` runs it"]
fn base_transcribes_english_with_word_times_inside_the_audio() {
    let Some(engine) = base_engine() else { return };
    let wav = speech("story", STORY, 16_000, 1);
    let report = analyze_file(&wav, engine, &PipelineOptions::default()).expect("analysis").report;
    let words = plain_words(&report.transcript);
    // English forced: a multilingual model left to guess can answer in another language.
    for key in ["checkout", "service", "launch", "responsible", "rolled", "regression", "dropped"] {
        assert!(words.iter().any(|w| w == key), "{key:?} missing from {:?}", report.transcript);
    }
    assert_eq!(report.model.name, "base");
    let mut last = -1.0;
    for w in &report.words {
        assert!(
            w.start >= last && w.end >= w.start && w.end <= report.duration_s + 1e-6,
            "{} at {}-{}",
            w.text,
            w.start,
            w.end
        );
        last = w.start;
    }
    // DTW word starts: "rolled" is near the middle of the answer, not at either end.
    let rolled = report.words.iter().find(|w| plain_words(&w.text) == ["rolled"]).expect("rolled");
    let at = rolled.start / report.duration_s;
    assert!((0.3..0.8).contains(&at), "\"rolled\" placed at {:.0}% of the answer", at * 100.0);
    assert!((120.0..190.0).contains(&report.pacing.wpm), "wpm {}", report.pacing.wpm);
    assert!(report.pronouns.i >= 3, "I count {}", report.pronouns.i);
}

/// Live chunks are decoded in a window fitted to their length: the words and their times
/// must be those of the whole 30-second window, not a loop or a drift.
#[test]
#[ignore = "needs a whisper model (STARLING_TEST_MODEL); `make test` runs it"]
fn base_reads_a_chunk_in_a_fitted_window_as_in_the_whole_one() {
    use starling::transcribe::WhisperSettings;
    let Some(engine) = base_engine() else { return };
    let wav = speech("story", STORY, 16_000, 1);
    let samples = starling::audio::load_speech(&wav).expect("speech").samples;
    // Live chunks end in a pause, so this one does too: a word cut in half at the chunk's end
    // may be heard differently by any two decodes and says nothing about the window.
    let voice = starling::audio::voice::VoiceActivity::detect(&samples);
    let within = starling::audio::Span { start: 5.0, end: 8.0 };
    let pause = voice.silences(within, 0.15).into_iter().last().expect("a pause between 5 and 8 s");
    let cut = ((pause.start + pause.end) / 2.0 * 16_000.0) as usize;
    let chunk = &samples[..cut];
    let whole = WhisperSettings { single_segment: true, fill_skipped: false, ..WhisperSettings::default() };
    let fitted = WhisperSettings { fit_context: true, ..whole.clone() };
    let a = engine.transcribe(chunk, &whole).expect("whole window");
    let b = engine.transcribe(chunk, &fitted).expect("fitted window");
    let text = |w: &[starling::transcribe::Word]| {
        plain_words(&w.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" "))
    };
    assert_eq!(text(&a), text(&b), "fitted window heard other words");
    for (x, y) in a.iter().zip(&b) {
        assert!(
            (x.start - y.start).abs() <= 0.2,
            "{} starts at {:.2} s in the whole window, {:.2} s in the fitted one",
            x.text,
            x.start,
            y.start
        );
    }
}
