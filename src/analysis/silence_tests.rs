//! Digital silence (a muted microphone, a dropout, a capture file's end) changes no measure.

use super::*;
use crate::audio::WHISPER_RATE;
use crate::audio::test_signals::{intonation, mix_into, noise};

const RATE: f64 = WHISPER_RATE as f64;

/// An answer in a quiet room: 60 words of 0.3 s, each a syllable whose pitch moves, 0.15 s
/// apart, with two long pauses (2 s) after words 20 and 40; and its words.
fn answer() -> (Vec<f32>, Vec<Word>) {
    let mut audio = Vec::new();
    let mut words = Vec::new();
    let mut t = 0.5;
    for k in 0..60 {
        let start = (t * RATE) as usize;
        let base = 110.0 + 9.0 * (k % 7) as f32;
        mix_into(&mut audio, &intonation(|s| base * (1.0 + 0.6 * s as f32), 0.3, 0.3), start);
        words.push(Word {
            text: if k % 10 == 9 { "done.".into() } else { "word".into() },
            start: t,
            end: t + 0.3,
            probability: 0.95,
        });
        t += 0.45 + if k == 19 || k == 39 { 2.0 } else { 0.0 };
    }
    audio.resize(((t + 0.5) * RATE) as usize, 0.0);
    let room = noise(audio.len() as f64 / RATE, 0.004, 9);
    audio.iter_mut().zip(room).for_each(|(x, n)| *x += n);
    (audio, words)
}

fn analyzed(samples: &[f32], words: &[Word]) -> Report {
    let input = AnalysisInput {
        words,
        samples,
        duration_s: samples.len() as f64 / RATE,
        model: ModelRef::default(),
        source: None,
        question: None,
        markers: &[],
        words_aligned: false,
        star_model: None,
        corrections: &Corrections::default(),
    };
    analyze(&input, &AnalysisSettings::default())
}

fn zeros(seconds: f64) -> Vec<f32> {
    vec![0.0; (seconds * RATE) as usize]
}

fn shifted(words: &[Word], by: f64, after: f64) -> Vec<Word> {
    words
        .iter()
        .map(|w| if w.start >= after { Word { start: w.start + by, end: w.end + by, ..w.clone() } } else { w.clone() })
        .collect()
}

/// Pace, pauses and their kinds, fillers: what padding must not move.
fn measures(r: &Report) -> (f64, usize, usize, usize) {
    (r.pacing.wpm, r.pacing.pauses.len(), r.pacing.long_pause_count, r.fillers.count)
}

fn assert_same(plain: &Report, padded: &Report, what: &str) {
    let (a, b) = (measures(plain), measures(padded));
    assert!((a.0 - b.0).abs() / a.0 <= 0.05, "{what}: pace {:.1} vs {:.1}", a.0, b.0);
    assert_eq!((a.1, a.2, a.3), (b.1, b.2, b.3), "{what}: pauses, long pauses, fillers");
}

#[test]
fn zeros_before_or_after_an_answer_change_no_measure() {
    let (audio, words) = answer();
    let plain = analyzed(&audio, &words);
    assert_eq!(plain.pacing.long_pause_count, 2, "{:?}", plain.pacing.pauses);
    for seconds in [10.0, 30.0] {
        let after = [audio.clone(), zeros(seconds)].concat();
        let r = analyzed(&after, &words);
        assert_same(&plain, &r, &format!("{seconds} s of zeros after"));
        assert!(
            (r.duration_s - plain.duration_s).abs() < 0.05,
            "the answer ends where the input did: {:.2} s",
            r.duration_s
        );
        assert!(r.input_gaps.is_empty(), "zeros after the answer are not a gap in it");

        let before = [zeros(seconds), audio.clone()].concat();
        let r = analyzed(&before, &shifted(&words, seconds, 0.0));
        assert_same(&plain, &r, &format!("{seconds} s of zeros before"));
        assert!(r.input_gaps.is_empty());
    }
}

#[test]
fn a_dropout_in_the_middle_is_no_pause_and_is_told() {
    let (audio, words) = answer();
    let plain = analyzed(&audio, &words);
    // The input drops out for 3 s between words 30 and 31, and is muted (zeros in place of
    // the room) for 1.5 s inside the second long pause.
    let at = words[30].end + 0.05;
    let cut = (at * RATE) as usize;
    let mut dropped = [&audio[..cut], &zeros(3.0), &audio[cut..]].concat();
    let r = analyzed(&dropped, &shifted(&words, 3.0, at));
    assert_same(&plain, &r, "a 3 s dropout");
    assert_eq!(r.input_gaps.len(), 1, "{:?}", r.input_gaps);
    let gap = r.input_gaps[0];
    assert!((gap.start - at).abs() < 0.05 && (gap.duration() - 3.0).abs() < 0.05, "{gap:?}");
    assert!(r.input_gap_notes()[0].starts_with("The input went silent at 0:"), "{:?}", r.input_gap_notes());

    let pause = words[39].end + 0.2;
    let muted = (pause * RATE) as usize + 3 * WHISPER_RATE as usize;
    dropped[muted..muted + (1.5 * RATE) as usize].iter_mut().for_each(|x| *x = 0.0);
    let r = analyzed(&dropped, &shifted(&words, 3.0, at));
    assert_eq!(
        r.pacing.long_pause_count, 1,
        "a pause the input went silent in is not counted as the speaker's: {:?}",
        r.pacing.pauses
    );
    assert!(r.input_gaps.is_empty() || r.input_gaps.len() == 1, "a mute under 2 s is not worth a note");
}
