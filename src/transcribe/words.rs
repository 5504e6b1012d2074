//! Turning whisper's sub-word tokens into timed words.
//!
//! Whisper reports times in centiseconds; [`centis_to_seconds`] is the one place they become
//! seconds. Token texts are byte strings that may split a UTF-8 character, so words are built
//! from bytes and decoded once complete.

use serde::{Deserialize, Serialize};

/// One token as whisper produced it, copied out of the whisper state.
#[derive(Debug, Clone, PartialEq)]
pub struct RawToken {
    pub bytes: Vec<u8>,
    pub probability: f32,
    /// Token-timestamp heuristic times (centiseconds).
    pub t0: i64,
    pub t1: i64,
    /// DTW alignment time (centiseconds), the moment the token starts; -1 when unavailable.
    pub t_dtw: i64,
    /// Control tokens (start, end, timestamps, language) carry no text.
    pub special: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RawSegment {
    pub t0: i64,
    pub t1: i64,
    pub tokens: Vec<RawToken>,
}

/// A transcribed word with its time span in seconds from the start of the audio.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Word {
    pub text: String,
    pub start: f64,
    pub end: f64,
    /// Lowest token probability within the word: one doubtful piece makes the word doubtful.
    pub probability: f32,
}

/// Lower-case with surrounding punctuation removed and curly apostrophes straightened:
/// "I'm," -> "i'm", "Kubernetes." -> "kubernetes".
pub fn normalize(word: &str) -> String {
    word.replace('’', "'")
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '%')
        .trim_matches('\'')
        .to_lowercase()
}

/// Words in a row that, met twice, mean whisper is looping rather than transcribing.
const LOOP_WORDS: usize = 5;
/// Faster than anyone speaks (fast speech is about 4 words a second).
const MAX_WORDS_PER_S: f64 = 6.0;

/// Whether a decode of `duration_s` of audio looped: wrote a run of [`LOOP_WORDS`] words again
/// that it (or the `prompt` of what was said just before) already has, or more words than the
/// time could hold. People rarely repeat five words verbatim within seconds; a looping decoder
/// repeats whole sentences.
pub fn repeats_itself(prompt: &str, words: &[Word], duration_s: f64) -> bool {
    if words.len() as f64 > MAX_WORDS_PER_S * duration_s + LOOP_WORDS as f64 {
        return true;
    }
    let before: Vec<String> = prompt.split_whitespace().map(normalize).filter(|w| !w.is_empty()).collect();
    let said: Vec<String> = words.iter().map(|w| normalize(&w.text)).filter(|w| !w.is_empty()).collect();
    let all: Vec<&String> = before.iter().chain(&said).collect();
    let mut seen = std::collections::HashSet::new();
    // A run counts as repeated only when its second occurrence reaches into the new words.
    all.windows(LOOP_WORDS).enumerate().any(|(i, run)| !seen.insert(run.to_vec()) && i + LOOP_WORDS > before.len())
}

/// Whisper's time unit to ours.
pub fn centis_to_seconds(centis: i64) -> f64 {
    centis as f64 / 100.0
}

/// Longest a single word may be taken to last when nothing follows it to bound it; whisper's
/// segment ends often stretch over the silence after the last word.
const MAX_LAST_WORD_S: f64 = 1.2;

/// Builds words from the segments of one transcription.
///
/// A token that begins with a space starts a word; others continue the current word (sub-word
/// pieces) — except that a token of only punctuation always attaches to the word before it.
/// A word starts at the DTW time of its first token (falling back to the heuristic time), and
/// ends where the next word starts, or for the last word of a segment at the segment end.
pub fn words_from_segments(segments: &[RawSegment], audio_duration_s: f64) -> Vec<Word> {
    struct Building {
        bytes: Vec<u8>,
        start_cs: i64,
        probability: f32,
        segment_end_cs: i64,
    }
    let mut built: Vec<Building> = Vec::new();
    for segment in segments {
        let mut in_segment = false;
        for token in segment.tokens.iter().filter(|t| !t.special && !t.bytes.is_empty()) {
            let starts_with_space = token.bytes.first() == Some(&b' ');
            let punctuation_only = token.bytes.iter().all(|b| b.is_ascii_punctuation() || *b == b' ');
            let continues = in_segment && (!starts_with_space || punctuation_only);
            if continues && let Some(word) = built.last_mut() {
                word.bytes.extend_from_slice(&token.bytes);
                word.probability = word.probability.min(token.probability);
                continue;
            }
            if punctuation_only && !in_segment {
                // A stray leading punctuation token (a quote or dash) starts no word.
                continue;
            }
            let start_cs = if token.t_dtw >= 0 { token.t_dtw } else { token.t0 };
            built.push(Building {
                bytes: token.bytes.clone(),
                start_cs,
                probability: token.probability,
                segment_end_cs: segment.t1,
            });
            in_segment = true;
        }
    }

    let mut words: Vec<Word> = Vec::with_capacity(built.len());
    for (i, b) in built.iter().enumerate() {
        let text = String::from_utf8_lossy(&b.bytes).trim().to_string();
        if text.is_empty() {
            continue;
        }
        let start = centis_to_seconds(b.start_cs).clamp(0.0, audio_duration_s);
        let next_start = built.get(i + 1).map(|n| centis_to_seconds(n.start_cs));
        let segment_end = centis_to_seconds(b.segment_end_cs);
        let end = match next_start {
            Some(next) if next <= segment_end + 0.01 => next,
            _ => segment_end.min(start + MAX_LAST_WORD_S),
        };
        let end = end.clamp(start, audio_duration_s);
        words.push(Word { text, start, end, probability: b.probability });
    }
    // DTW occasionally places a token a frame before the one preceding it; keep time monotonic.
    for i in 1..words.len() {
        if words[i].start < words[i - 1].start {
            words[i].start = words[i - 1].start;
            words[i].end = words[i].end.max(words[i].start);
        }
        if words[i - 1].end > words[i].start {
            words[i - 1].end = words[i].start;
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tok(text: &str, t_dtw: i64) -> RawToken {
        RawToken { bytes: text.as_bytes().to_vec(), probability: 0.9, t0: t_dtw, t1: t_dtw + 10, t_dtw, special: false }
    }

    fn special() -> RawToken {
        RawToken { bytes: b"[_BEG_]".to_vec(), probability: 1.0, t0: 0, t1: 0, t_dtw: -1, special: true }
    }

    #[test]
    fn joins_sub_words_and_keeps_punctuation() {
        let seg = RawSegment {
            t0: 0,
            t1: 500,
            tokens: vec![
                special(),
                tok(" I", 50),
                tok(" rolled", 80),
                tok(" back", 120),
                tok(",", 140),
                tok(" Kub", 160),
                tok("ern", 180),
                tok("etes", 190),
                tok(".", 230),
                special(),
            ],
        };
        let words = words_from_segments(&[seg], 10.0);
        let texts: Vec<_> = words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["I", "rolled", "back,", "Kubernetes."]);
        assert_eq!(words[0].start, 0.5);
        assert_eq!(words[0].end, 0.8);
        assert_eq!(words[3].start, 1.6);
        // Last word: bounded, not stretched to the 5 s segment end.
        assert!((words[3].end - (1.6 + MAX_LAST_WORD_S)).abs() < 1e-9);
    }

    fn said(text: &str) -> Vec<Word> {
        text.split_whitespace()
            .enumerate()
            .map(|(i, w)| Word { text: w.into(), start: i as f64 * 0.3, end: i as f64 * 0.3 + 0.3, probability: 0.9 })
            .collect()
    }

    #[test]
    fn a_decode_that_writes_a_sentence_twice_has_looped() {
        let once = "I shared a working build with the PM after week one to course correct early.";
        assert!(!repeats_itself("", &said(once), 5.8));
        assert!(repeats_itself("", &said(&format!("{once} {once}")), 5.8));
        // Repeating what was said just before the clip is a loop too, but the prompt's own
        // repeats are not the clip's.
        assert!(repeats_itself(once, &said("with the PM after week one, and then"), 3.0));
        assert!(!repeats_itself(&format!("{once} {once}"), &said("We shipped it."), 2.0));
        // Four words again ("in terms of the") are how people talk, not a loop.
        assert!(!repeats_itself("", &said("in terms of the team and in terms of the budget"), 4.0));
        // More words than two seconds can hold.
        assert!(repeats_itself(
            "",
            &said(
                "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty"
            ),
            2.0
        ));
    }

    #[test]
    fn utf8_split_across_tokens_is_rejoined() {
        let e_acute = "é".as_bytes();
        let mut a = tok(" caf", 10);
        let mut b = tok("", 20);
        b.bytes = vec![e_acute[0]];
        let mut c = tok("", 25);
        c.bytes = vec![e_acute[1]];
        a.probability = 0.5;
        let words = words_from_segments(&[RawSegment { t0: 0, t1: 100, tokens: vec![a, b, c] }], 5.0);
        assert_eq!(words.len(), 1);
        assert_eq!(words[0].text, "café");
        assert_eq!(words[0].probability, 0.5);
    }

    #[test]
    fn falls_back_to_heuristic_times_and_stays_monotonic() {
        let mut a = tok(" one", -1);
        a.t0 = 100;
        let b = tok(" two", 90);
        let words = words_from_segments(&[RawSegment { t0: 100, t1: 300, tokens: vec![a, b] }], 2.5);
        assert_eq!(words[0].start, 1.0);
        assert!(words[1].start >= words[0].start);
        assert!(words.iter().all(|w| w.end >= w.start && w.end <= 2.5));
    }

    #[test]
    fn times_are_converted_once() {
        assert_eq!(centis_to_seconds(1234), 12.34);
    }
}
