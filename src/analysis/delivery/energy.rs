//! Loudness: each sentence's level while the voice is on, sentence ends that fade away, and
//! stretches spoken well under the answer's usual level.

use super::{DeliveryInput, Energy, Sentence, SentenceDelivery, quantile, runs};
use crate::audio::Span;
use crate::audio::voice::{HOP_S, VoiceActivity};

/// The last words this far under the rest of their sentence trail off.
const TRAILING_OFF_DB: f64 = 9.0;
/// A sentence this far under the answer's typical one is too quiet to follow easily.
const QUIET_DB: f64 = 8.0;
/// Voiced hops a stretch needs before its level means anything (0.2 s).
const MIN_HOPS: usize = 20;
/// How many closing words make a sentence's end.
const END_WORDS: usize = 2;

pub(super) fn measure(input: &DeliveryInput, sentences: &[Sentence], out: &mut [SentenceDelivery]) -> Energy {
    let voice = input.voice;
    for (s, d) in sentences.iter().zip(out.iter_mut()) {
        let end_start = input.words[s.words.clone()]
            .iter()
            .rev()
            .filter(|w| !w.filler)
            .nth(END_WORDS - 1)
            .map_or(s.span.start, |w| w.start);
        let body = level_db(voice, s.span.start, end_start);
        let end = level_db(voice, end_start, s.span.end);
        // The end is judged only against a body of at least three words.
        d.trailing_off = s.words.len() > END_WORDS + 2
            && matches!((body, end), (Some(body), Some(end)) if body - end >= TRAILING_OFF_DB);
        d.level_db = level_db(voice, s.span.start, s.span.end);
    }
    let mut levels: Vec<f64> = out.iter().filter_map(|s| s.level_db).collect();
    levels.sort_by(f64::total_cmp);
    let typical = (!levels.is_empty()).then(|| quantile(&levels, 0.5));
    Energy {
        level_db: typical,
        trailing_off: out.iter().filter(|s| s.trailing_off).map(|s| Span { start: s.start, end: s.end }).collect(),
        quiet: match typical {
            Some(t) => runs(out, |s| s.level_db.map(|l| l <= t - QUIET_DB)),
            None => Vec::new(),
        },
    }
}

/// Mean power of the voiced hops from `start` to `end`, dB; `None` with too few of them.
fn level_db(voice: &VoiceActivity, start: f64, end: f64) -> Option<f64> {
    let a = ((start / HOP_S).floor().max(0.0) as usize).min(voice.active.len());
    let b = ((end / HOP_S).ceil().max(0.0) as usize).min(voice.active.len());
    let powers: Vec<f64> =
        (a..b).filter(|&h| voice.active[h]).map(|h| 10f64.powf(voice.energy_db[h] as f64 / 10.0)).collect();
    if powers.len() < MIN_HOPS.min(((end - start) / HOP_S / 2.0) as usize).max(3) {
        return None;
    }
    Some(10.0 * (powers.iter().sum::<f64>() / powers.len() as f64).log10())
}
