use super::*;
use crate::analysis::report::timed_words;
use crate::analysis::{Pause, PausePlace, Section};

#[test]
fn layout_puts_pauses_before_the_next_word_and_groups_by_section() {
    let mut report = Report { words: timed_words("I led it. We shipped it."), ..Report::default() };
    let mid = report.words[3].start;
    report.star.sections = vec![
        Section {
            label: StarLabel::Action,
            start: 0.0,
            end: mid,
            duration: mid,
            share: 0.5,
            target: None,
            first_word: 0,
            end_word: 3,
            confidence: None,
            second_choice: None,
        },
        Section {
            label: StarLabel::Result,
            start: mid,
            end: 9.0,
            duration: 1.0,
            share: 0.5,
            target: None,
            first_word: 3,
            end_word: 6,
            confidence: None,
            second_choice: None,
        },
    ];
    report.pacing.pauses = vec![Pause {
        start: mid - 0.1,
        end: mid,
        duration: 1.2,
        kind: PauseKind::Long,
        place: PausePlace::BetweenSentences,
    }];
    let blocks = layout(&report);
    assert_eq!(blocks.len(), 2);
    assert_eq!(blocks[0].items, vec![Item::Word(0), Item::Word(1), Item::Word(2)]);
    assert_eq!(blocks[1].items[0], Item::Pause(0));
    assert_eq!(blocks[1].section, Some(1));
}

/// A word's correction relabels from the corrected words; it does not make the sections the
/// user's ("Sections follow your markers or edits") or the labelling's odds certain.
#[test]
fn a_word_correction_does_not_make_the_sections_the_users() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let text = "At the time our build took an hour. My task was to speed it up. I cached the dependencies and split the tests. The build dropped to ten minutes.";
    let words: Vec<crate::transcribe::Word> = timed_words(text)
        .into_iter()
        .map(|w| crate::transcribe::Word { text: w.text, start: w.start, end: w.end, probability: 0.9 })
        .collect();
    let speech = crate::audio::SpeechAudio { samples: vec![0.01; (words.len() as f64 * 0.4 * 16_000.0) as usize] };
    let voice = crate::audio::voice::VoiceActivity::detect(&speech.samples);
    let options = crate::pipeline::PipelineOptions::default();
    let model = crate::analysis::report::ModelRef::default();
    let report = crate::pipeline::analyze_transcribed(&speech, &voice, &words, None, model, &options);
    assert!(!report.star.manual_boundaries);
    let answer = crate::recording::FinishedAnswer {
        report,
        words,
        speech: std::sync::Arc::new(speech),
        // A correction saves the report beside the recording.
        wav: dir.path().join("answer.wav"),
        interrupted: None,
        not_saved: None,
        stop_to_report_s: None,
        transcribe_busy_s: 0.0,
        words_aligned: false,
    };
    let mut review = Review::new(answer, None, None, true);
    review.correct(|c, words| c.fix_word(words, 3, "ninety"));
    let star = &review.report().star;
    assert!(!star.manual_boundaries, "a word's correction is not a section edit");
    assert!(star.odds.iter().any(|o| o.probability < 1.0), "{:?}", star.odds);
}
