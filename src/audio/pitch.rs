//! Pitch (F0) and voicing per 10 ms frame, from the normalized autocorrelation of a 40 ms
//! window: a voiced frame repeats itself one period later, noise and consonants do not.
//!
//! The hesitation check reads it (an "um" is one flat, steady voiced sound); it is a plain
//! NCCF tracker, enough to tell voiced from unvoiced and to follow a speaking voice's pitch.

use super::{Span, WHISPER_RATE};

/// Frames start every 10 ms, as the voice detector's hops do.
const HOP: usize = WHISPER_RATE as usize / 100;
/// 40 ms holds two periods of the lowest pitch followed.
const WINDOW: usize = WHISPER_RATE as usize / 25;
/// Speaking voices: 70 Hz (deep male) to 400 Hz (high female, raised).
pub const MIN_HZ: f32 = 70.0;
pub const MAX_HZ: f32 = 400.0;
/// Correlation at the period above which a frame counts as voiced.
pub const VOICED_CLARITY: f32 = 0.6;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PitchFrame {
    /// Seconds from the start of the recording to the frame's start.
    pub time: f64,
    /// Normalized autocorrelation at the best period, 0..1.
    pub clarity: f32,
    /// The fundamental, where the frame is voiced.
    pub hz: Option<f32>,
}

/// Pitch frames whose windows lie inside `span` of 16 kHz `samples` (one at its start when the
/// span is shorter than a window), so sounds either side do not leak in.
pub fn track(samples: &[f32], span: Span) -> Vec<PitchFrame> {
    let rate = WHISPER_RATE as f64;
    let first = (span.start.max(0.0) * rate) as usize;
    let last = ((span.end * rate) as usize).min(samples.len());
    let min_lag = (WHISPER_RATE as f32 / MAX_HZ).floor() as usize;
    let max_lag = (WHISPER_RATE as f32 / MIN_HZ).ceil() as usize;
    let mut frames = Vec::new();
    let mut start = first;
    while start + WINDOW <= samples.len() && (start + WINDOW <= last || start == first) {
        let window = &samples[start..start + WINDOW];
        let (lag, clarity) = best_period(window, min_lag, max_lag);
        let hz = (clarity >= VOICED_CLARITY).then(|| WHISPER_RATE as f32 / lag);
        frames.push(PitchFrame { time: start as f64 / rate, clarity, hz });
        start += HOP;
    }
    frames
}

/// The lag (fractional, by parabolic interpolation) with the highest normalized
/// autocorrelation, and that correlation.
fn best_period(window: &[f32], min_lag: usize, max_lag: usize) -> (f32, f32) {
    let mean = window.iter().sum::<f32>() / window.len() as f32;
    let x: Vec<f32> = window.iter().map(|s| s - mean).collect();
    let energy: f32 = x.iter().map(|s| s * s).sum();
    if energy < 1e-9 {
        return (0.0, 0.0);
    }
    let max_lag = max_lag.min(x.len() / 2);
    // Energies of the window's heads and tails from running sums: one dot product per lag.
    let mut squares = Vec::with_capacity(x.len() + 1);
    squares.push(0.0f32);
    for s in &x {
        squares.push(squares[squares.len() - 1] + s * s);
    }
    let n = x.len();
    let nccf = |lag: usize| {
        let (a, b) = (&x[..n - lag], &x[lag..]);
        let cross: f32 = a.iter().zip(b).map(|(p, q)| p * q).sum();
        let ea = squares[n - lag];
        let eb = squares[n] - squares[lag];
        cross / (ea * eb).max(0.0).sqrt().max(1e-12)
    };
    let scores: Vec<f32> = (min_lag..=max_lag).map(nccf).collect();
    let Some(k) = first_strong_peak(&scores) else {
        return (0.0, 0.0);
    };
    ((min_lag + k) as f32 + parabola(scores[k - 1], scores[k], scores[k + 1]), scores[k].clamp(0.0, 1.0))
}

/// The first peak close to the best one: a period's multiples correlate almost as well. Only
/// peaks inside the range: an edge value is a slope, not a period.
pub(super) fn first_strong_peak(scores: &[f32]) -> Option<usize> {
    let is_peak = |k: usize| k > 0 && k + 1 < scores.len() && scores[k] >= scores[k - 1] && scores[k] >= scores[k + 1];
    let best = (0..scores.len()).filter(|&k| is_peak(k)).map(|k| scores[k]).fold(f32::MIN, f32::max);
    (0..scores.len()).find(|&k| is_peak(k) && scores[k] >= best * 0.9)
}

/// Where the top of the parabola through three neighbouring scores lies, -0.5..0.5 from the middle.
pub(super) fn parabola(l: f32, c: f32, r: f32) -> f32 {
    let denom = l - 2.0 * c + r;
    if denom.abs() > 1e-9 { (0.5 * (l - r) / denom).clamp(-0.5, 0.5) } else { 0.0 }
}

/// Semitones from `reference` to `hz`.
pub fn semitones(hz: f32, reference: f32) -> f32 {
    12.0 * (hz / reference).log2()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::test_signals::{noise, voiced};

    #[test]
    fn finds_the_fundamental_of_voiced_tones() {
        for hz in [85.0, 120.0, 210.0, 330.0] {
            let audio = voiced(hz, 0.5);
            let frames = track(&audio, Span { start: 0.0, end: 0.5 });
            assert!(frames.len() >= 40, "{}", frames.len());
            for f in &frames {
                let found = f.hz.unwrap_or_else(|| panic!("{hz} Hz frame unvoiced: {f:?}"));
                assert!(semitones(found, hz).abs() < 0.3, "{hz} Hz read as {found}");
            }
        }
    }

    #[test]
    fn noise_and_silence_are_unvoiced() {
        let hiss = noise(0.5, 0.3, 7);
        let frames = track(&hiss, Span { start: 0.0, end: 0.5 });
        assert!(frames.iter().all(|f| f.hz.is_none()), "{:?}", frames.iter().find(|f| f.hz.is_some()));
        let quiet = vec![0.0; 8000];
        assert!(track(&quiet, Span { start: 0.0, end: 0.5 }).iter().all(|f| f.hz.is_none() && f.clarity == 0.0));
    }

    #[test]
    fn follows_a_glide() {
        // 150 -> 250 Hz over a second: phase accumulates the changing frequency.
        let n = WHISPER_RATE as usize;
        let mut phase = 0.0f32;
        let audio: Vec<f32> = (0..n)
            .map(|i| {
                let hz = 150.0 + 100.0 * i as f32 / n as f32;
                phase += std::f32::consts::TAU * hz / WHISPER_RATE as f32;
                0.3 * phase.sin() + 0.1 * (2.0 * phase).sin()
            })
            .collect();
        let frames = track(&audio, Span { start: 0.0, end: 1.0 });
        let first = frames[2].hz.unwrap();
        let last = frames[frames.len() - 3].hz.unwrap();
        assert!((first - 153.0).abs() < 6.0 && (last - 245.0).abs() < 8.0, "{first} {last}");
    }
}
