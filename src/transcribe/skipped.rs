//! A second pass over speech whisper skipped.
//!
//! Whisper decodes 30-second windows and sometimes jumps ahead: a sentence after a long pause,
//! or the last seconds of a recording, vanish from the transcript (on the dev set, up to 30
//! words at a time in 4 of 29 answers). Every later figure (pace, I/we, STAR timing) would be
//! wrong. The voice detector knows where speech is, so voiced stretches that no word covers are
//! transcribed again on their own and their words spliced in.

use crate::audio::voice::VoiceActivity;
use crate::audio::{Span, WHISPER_RATE};

use super::Word;
use super::words::normalize;

/// Whisper sometimes stretches a word over speech it skipped; a word is taken to cover at most
/// this long from its start (slow speech still says the longest words in about a second).
const MAX_WORD_COVER_S: f64 = 1.5;
/// Voice pieces closer than this are one stretch (the pauses between words of one sentence).
const JOIN_S: f64 = 0.6;
/// Less uncovered voice than this is a hesitation ("um") or a breath, not skipped words; the
/// filler detector looks at those.
const MIN_SKIPPED_VOICE_S: f64 = 1.0;
/// Audio kept either side of a stretch, so its first and last sounds are heard whole.
const MARGIN_S: f64 = 0.2;
/// whisper.cpp refuses clips under a second; shorter ones are padded with silence.
const MIN_CLIP_S: f64 = 1.5;
/// Words of context passed as the prompt: whisper spells and punctuates mid-sentence pieces
/// better when it knows what came before.
const PROMPT_WORDS: usize = 24;

/// The last words said before a piece of audio, as whisper's prompt for it; None at the start.
pub fn context_prompt(before: &[Word]) -> Option<String> {
    (!before.is_empty()).then(|| {
        before[before.len().saturating_sub(PROMPT_WORDS)..]
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    })
}
/// A re-transcription whose words are on average less likely than this is whisper guessing at
/// noise; it is dropped.
const MIN_MEAN_PROBABILITY: f32 = 0.35;

/// Voiced stretches of `voice` that no word in `words` covers, each holding at least
/// [`MIN_SKIPPED_VOICE_S`] of voice.
pub fn skipped_stretches(voice: &VoiceActivity, words: &[Word]) -> Vec<Span> {
    let covered: Vec<Span> = words
        .iter()
        .map(|w| Span { start: w.start - 0.05, end: w.end.min(w.start + MAX_WORD_COVER_S) + 0.05 })
        .collect();
    let mut pieces: Vec<Span> = Vec::new();
    for segment in voice.segments(0.15, 0.06) {
        pieces.extend(subtract(segment, &covered));
    }
    // Join pieces of one stretch unless a word starts between them.
    let mut stretches: Vec<(Span, f64)> = Vec::new();
    for piece in pieces {
        let voiced = piece.duration();
        match stretches.last_mut() {
            Some((last, v))
                if piece.start - last.end < JOIN_S
                    && !words.iter().any(|w| w.start > last.end && w.start < piece.start) =>
            {
                last.end = piece.end;
                *v += voiced;
            }
            _ => stretches.push((piece, voiced)),
        }
    }
    stretches.into_iter().filter(|(_, v)| *v >= MIN_SKIPPED_VOICE_S).map(|(s, _)| s).collect()
}

/// `span` minus the (sorted by start) `covered` spans.
fn subtract(span: Span, covered: &[Span]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut from = span.start;
    for c in covered.iter().filter(|c| c.end > span.start && c.start < span.end) {
        if c.start > from {
            out.push(Span { start: from, end: c.start });
        }
        from = from.max(c.end);
    }
    if from < span.end {
        out.push(Span { start: from, end: span.end });
    }
    out
}

/// Transcribes each skipped stretch with `transcribe(clip, prompt)` and splices the words in.
/// Times from `transcribe` are relative to the clip.
pub fn fill<E>(
    mut words: Vec<Word>,
    samples: &[f32],
    stretches: &[Span],
    mut transcribe: impl FnMut(&[f32], Option<String>) -> Result<Vec<Word>, E>,
) -> Result<Vec<Word>, E> {
    let rate = WHISPER_RATE as f64;
    let duration = samples.len() as f64 / rate;
    for stretch in stretches {
        let clip_start = (stretch.start - MARGIN_S).max(0.0);
        let clip_end = (stretch.end + MARGIN_S).min(duration);
        let mut clip = samples[(clip_start * rate) as usize..(clip_end * rate) as usize].to_vec();
        clip.resize(clip.len().max((MIN_CLIP_S * rate) as usize), 0.0);
        let before = words.partition_point(|w| w.start < stretch.start);
        let prompt = context_prompt(&words[..before]);
        let found = transcribe(&clip, prompt)?;
        let mut new: Vec<Word> = found
            .into_iter()
            .map(|w| Word { start: w.start + clip_start, end: (w.end + clip_start).min(clip_end), ..w })
            .filter(|w| w.start < stretch.end)
            .collect();
        if new.is_empty() || mean_probability(&new) < MIN_MEAN_PROBABILITY {
            continue;
        }
        // The margin can catch the tail of the words before or the head of the ones after.
        let head = overlap(&words[..before], &new);
        new.drain(..head);
        let tail = overlap(&new, &words[before..]);
        new.truncate(new.len() - tail);
        if let Some(last) = new.last_mut()
            && let Some(next) = words.get(before)
        {
            last.end = last.end.min(next.start);
        }
        if let Some(prev) = before.checked_sub(1).map(|i| &mut words[i])
            && let Some(first) = new.first()
        {
            prev.end = prev.end.min(first.start);
        }
        words.splice(before..before, new);
    }
    Ok(words)
}

/// The longest run (up to 3 words) that ends `a` and starts `b`, compared as normalized text.
fn overlap(a: &[Word], b: &[Word]) -> usize {
    (1..=3.min(a.len()).min(b.len()))
        .rev()
        .find(|&n| a[a.len() - n..].iter().zip(&b[..n]).all(|(x, y)| normalize(&x.text) == normalize(&y.text)))
        .unwrap_or(0)
}

fn mean_probability(words: &[Word]) -> f32 {
    words.iter().map(|w| w.probability).sum::<f32>() / words.len().max(1) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, start: f64, end: f64) -> Word {
        Word { text: text.into(), start, end, probability: 0.9 }
    }

    /// Alternating 0.4 s tone bursts and 0.1 s gaps (speech-like) over `spans`, silence elsewhere.
    fn speech_at(duration: f64, spans: &[(f64, f64)]) -> Vec<f32> {
        let n = (duration * WHISPER_RATE as f64) as usize;
        (0..n)
            .map(|i| {
                let t = i as f64 / WHISPER_RATE as f64;
                let voiced = spans.iter().any(|&(a, b)| t >= a && t < b) && (t * 2.0).fract() < 0.8;
                let noise = ((i as f32 * 12.9898).sin() * 43_758.547).fract() * 0.002;
                if voiced { (i as f32 * 0.11).sin() * 0.3 } else { noise }
            })
            .collect()
    }

    #[test]
    fn finds_speech_no_word_covers() {
        // Words cover 1-4 s; speech 1-4 s and 6-9 s; a 0.5 s "um" at 10 s.
        let samples = speech_at(12.0, &[(1.0, 4.0), (6.0, 9.0), (10.0, 10.5)]);
        let voice = VoiceActivity::detect(&samples);
        let words = vec![word("I", 1.0, 1.4), word("led", 1.5, 2.4), word("the", 2.5, 2.9), word("launch.", 3.0, 4.0)];
        let skipped = skipped_stretches(&voice, &words);
        assert_eq!(skipped.len(), 1, "{skipped:?}");
        assert!((skipped[0].start - 6.0).abs() < 0.1 && (skipped[0].end - 8.9).abs() < 0.2, "{skipped:?}");
    }

    #[test]
    fn a_stretched_word_does_not_hide_skipped_speech() {
        // Whisper put one word over 1-7 s; the speech after its first 1.5 s is uncovered.
        let samples = speech_at(8.0, &[(1.0, 7.0)]);
        let voice = VoiceActivity::detect(&samples);
        let skipped = skipped_stretches(&voice, &[word("migrating", 1.0, 7.0)]);
        assert_eq!(skipped.len(), 1, "{skipped:?}");
        assert!(skipped[0].start > 2.4 && skipped[0].start < 2.7, "{skipped:?}");
    }

    #[test]
    fn splices_words_at_their_place_with_clip_times_shifted() {
        let samples = speech_at(12.0, &[(1.0, 4.0), (6.0, 9.0)]);
        let words = vec![word("I", 1.0, 1.4), word("led", 1.5, 2.4), word("it.", 3.0, 4.0), word("Done.", 10.0, 10.5)];
        let stretch = Span { start: 6.0, end: 8.9 };
        let mut prompts = Vec::new();
        let filled = fill(words, &samples, &[stretch], |clip, prompt| {
            assert!((clip.len() as f64 / WHISPER_RATE as f64 - 3.3).abs() < 0.01);
            prompts.push(prompt);
            // "led it" is the margin catching the words before; dropped as a repeat.
            Ok::<_, ()>(vec![
                word("led", 0.0, 0.1),
                word("it.", 0.1, 0.2),
                word("We", 0.2, 0.6),
                word("shipped", 0.7, 1.4),
                word("early.", 1.5, 3.2),
            ])
        })
        .unwrap();
        let texts: Vec<_> = filled.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["I", "led", "it.", "We", "shipped", "early.", "Done."]);
        assert_eq!(prompts, [Some("I led it.".to_string())]);
        assert!((filled[3].start - 6.0).abs() < 1e-9);
        assert!(filled.windows(2).all(|p| p[0].start <= p[1].start && p[0].end <= p[1].start + 1e-9));
    }

    #[test]
    fn overlap_is_the_longest_repeated_run() {
        let a = [word("we", 0.0, 0.1), word("shipped", 0.1, 0.2), word("it", 0.2, 0.3)];
        let b = [word("Shipped", 0.0, 0.1), word("it.", 0.1, 0.2), word("early", 0.2, 0.3)];
        assert_eq!(overlap(&a, &b), 2);
        assert_eq!(overlap(&b, &a), 0);
        assert_eq!(overlap(&a, &[]), 0);
    }

    #[test]
    fn unlikely_words_from_noise_are_not_spliced() {
        let samples = speech_at(6.0, &[(1.0, 4.0)]);
        let filled = fill(Vec::new(), &samples, &[Span { start: 1.0, end: 4.0 }], |_, prompt| {
            assert_eq!(prompt, None);
            Ok::<_, ()>(vec![Word { text: "Thank".into(), start: 0.5, end: 0.9, probability: 0.1 }])
        })
        .unwrap();
        assert!(filled.is_empty());
    }
}
