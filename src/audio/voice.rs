//! Where the voice is, measured from the audio itself: whisper stretches words over silence,
//! so pauses and unspoken-word hesitations are found here, not from word times.
//!
//! An energy detector calibrated per recording: frame energies in 10 ms hops, the noise floor
//! as a low percentile and the speech level as a high one, a threshold between them, then
//! short gaps (stop consonants) closed and tiny blips dropped.

use super::{Span, WHISPER_RATE};

pub const HOP_S: f64 = 0.010;
const HOP: usize = (WHISPER_RATE as usize) / 100;
const WINDOW: usize = HOP * 2;

#[derive(Debug, Clone)]
pub struct VoiceActivity {
    /// Energy per 10 ms hop, dB.
    pub energy_db: Vec<f32>,
    pub threshold_db: f32,
    /// Noise floor (10th percentile of hop energies) and speech level (95th), dB.
    pub floor_db: f32,
    pub speech_db: f32,
    /// True per hop where the level is above the threshold.
    pub active: Vec<bool>,
}

/// Speech rises at least this far above the pauses between words, even in a noisy room;
/// steady noise (a fan, hiss, an open mic in a quiet room) does not.
const MIN_SPEECH_RANGE_DB: f32 = 10.0;

impl VoiceActivity {
    pub fn detect(samples: &[f32]) -> Self {
        let hops = samples.len() / HOP;
        let mut energy_db = Vec::with_capacity(hops);
        for h in 0..hops {
            let start = h * HOP;
            let frame = &samples[start..(start + WINDOW).min(samples.len())];
            let power = frame.iter().map(|s| s * s).sum::<f32>() / frame.len().max(1) as f32;
            energy_db.push(10.0 * (power + 1e-12).log10());
        }
        let (floor_db, speech_db) = levels(&energy_db);
        let threshold_db = (floor_db + 8.0).max(floor_db + 0.3 * (speech_db - floor_db)).min(speech_db - 3.0).max(-70.0);
        let active = energy_db.iter().map(|&e| e > threshold_db).collect();
        Self { energy_db, threshold_db, floor_db, speech_db, active }
    }

    /// False for recordings of steady noise or near-silence, where whisper would only invent
    /// words: the level never rises well above the floor for a third of a second in all.
    pub fn has_speech(&self) -> bool {
        let voiced: f64 = self.segments(SPEECH_BRIDGE_S, SPEECH_MIN_S).iter().map(|s| s.duration()).sum();
        self.speech_db - self.floor_db >= MIN_SPEECH_RANGE_DB && voiced >= 0.3
    }

    /// Voiced stretches, with gaps shorter than `bridge_s` closed and stretches shorter than
    /// `min_s` dropped.
    pub fn segments(&self, bridge_s: f64, min_s: f64) -> Vec<Span> {
        let mut raw: Vec<(usize, usize)> = Vec::new();
        let mut start = None;
        for (i, &a) in self.active.iter().chain(std::iter::once(&false)).enumerate() {
            match (a, start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    raw.push((s, i));
                    start = None;
                }
                _ => {}
            }
        }
        let bridge = (bridge_s / HOP_S).round() as usize;
        let mut merged: Vec<(usize, usize)> = Vec::new();
        for (s, e) in raw {
            match merged.last_mut() {
                Some(last) if s - last.1 <= bridge => last.1 = e,
                _ => merged.push((s, e)),
            }
        }
        let min = (min_s / HOP_S).round() as usize;
        merged
            .into_iter()
            .filter(|(s, e)| e - s >= min.max(1))
            .map(|(s, e)| Span { start: s as f64 * HOP_S, end: e as f64 * HOP_S + WINDOW as f64 / WHISPER_RATE as f64 - HOP_S })
            .collect()
    }

    /// Silences inside `within`, at least `min_s` long, between speech segments.
    pub fn silences(&self, within: Span, min_s: f64) -> Vec<Span> {
        let speech = self.segments(SPEECH_BRIDGE_S, SPEECH_MIN_S);
        let mut out = Vec::new();
        for pair in speech.windows(2) {
            let gap = Span { start: pair[0].end, end: pair[1].start };
            if gap.start >= within.start - 0.05 && gap.end <= within.end + 0.05 && gap.duration() >= min_s {
                out.push(gap);
            }
        }
        out
    }

    /// Fraction of hops in `span` that are voiced.
    pub fn voiced_fraction(&self, span: Span) -> f64 {
        let (a, b) = self.hop_range(span);
        if b <= a {
            return 0.0;
        }
        self.active[a..b].iter().filter(|&&v| v).count() as f64 / (b - a) as f64
    }

    fn hop_range(&self, span: Span) -> (usize, usize) {
        let a = ((span.start / HOP_S).floor().max(0.0) as usize).min(self.active.len());
        let b = ((span.end / HOP_S).ceil().max(0.0) as usize).min(self.active.len());
        (a, b)
    }
}

/// Gaps shorter than this inside speech are closures of stop consonants, not pauses.
pub const SPEECH_BRIDGE_S: f64 = 0.15;
/// Bursts shorter than this are clicks and breaths.
pub const SPEECH_MIN_S: f64 = 0.06;

/// The noise floor (10th percentile) and speech level (95th) of hop energies. The threshold
/// sits between them, no closer than 8 dB to the floor, so quiet rooms and noisy ones both work.
fn levels(energy_db: &[f32]) -> (f32, f32) {
    if energy_db.is_empty() {
        return (-120.0, -120.0);
    }
    let mut sorted = energy_db.to_vec();
    sorted.sort_by(f32::total_cmp);
    let at = |q: f32| sorted[((sorted.len() - 1) as f32 * q) as usize];
    (at(0.10), at(0.95))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tone(seconds: f64, amplitude: f32) -> Vec<f32> {
        (0..(seconds * WHISPER_RATE as f64) as usize).map(|i| (i as f32 * 0.07).sin() * amplitude).collect()
    }

    fn noise(seconds: f64, amplitude: f32) -> Vec<f32> {
        crate::audio::test_signals::noise(seconds, amplitude, 12345)
    }

    #[test]
    fn finds_speech_and_a_long_silence_in_noise() {
        let mut audio = noise(0.5, 0.01);
        audio.extend(tone(2.0, 0.3));
        audio.extend(noise(1.5, 0.01));
        audio.extend(tone(1.0, 0.3));
        audio.extend(noise(0.5, 0.01));
        let va = VoiceActivity::detect(&audio);
        let segs = va.segments(SPEECH_BRIDGE_S, SPEECH_MIN_S);
        assert_eq!(segs.len(), 2, "{segs:?}");
        assert!((segs[0].start - 0.5).abs() < 0.03 && (segs[0].end - 2.5).abs() < 0.03, "{segs:?}");
        let gaps = va.silences(Span { start: 0.5, end: 5.0 }, 1.0);
        assert_eq!(gaps.len(), 1);
        assert!((gaps[0].duration() - 1.5).abs() < 0.05, "{gaps:?}");
    }

    #[test]
    fn steady_noise_is_not_speech() {
        assert!(!VoiceActivity::detect(&noise(3.0, 0.2)).has_speech());
        assert!(!VoiceActivity::detect(&vec![0.0; 48_000]).has_speech());
        let mut audio = noise(0.5, 0.01);
        audio.extend(tone(1.0, 0.3));
        audio.extend(noise(0.5, 0.01));
        assert!(VoiceActivity::detect(&audio).has_speech());
    }

    #[test]
    fn short_closures_do_not_split_speech() {
        let mut audio = tone(0.5, 0.3);
        audio.extend(vec![0.0; (0.08 * WHISPER_RATE as f64) as usize]);
        audio.extend(tone(0.5, 0.3));
        audio.extend(vec![0.0; WHISPER_RATE as usize]);
        let va = VoiceActivity::detect(&audio);
        assert_eq!(va.segments(SPEECH_BRIDGE_S, SPEECH_MIN_S).len(), 1);
        assert_eq!(va.segments(0.02, SPEECH_MIN_S).len(), 2);
    }
}
