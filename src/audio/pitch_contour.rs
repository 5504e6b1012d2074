//! The pitch of a whole answer, every 10 ms, in a few milliseconds per minute of audio: the
//! delivery measures need every voiced frame of a 3-minute answer, where [`super::pitch::track`]
//! (one correlation per lag per frame at 16 kHz) would take seconds.
//!
//! The same normalized cross-correlation, computed once for all frames: the voice's pitch lies
//! under 400 Hz, so a 4 kHz copy keeps it; products of the signal with itself one lag later are
//! summed per 10 ms block, and a frame's correlation at a lag is the sum of its four blocks. The
//! period found there is then refined at 16 kHz around it.

use super::WHISPER_RATE;
use super::pitch::{MAX_HZ, MIN_HZ, first_strong_peak, parabola};

/// One frame per 10 ms, as the voice detector's hops.
pub const HOP_S: f64 = 0.010;
const FACTOR: usize = 4;
const LOW_RATE: f32 = WHISPER_RATE as f32 / FACTOR as f32;
/// 10 ms and 40 ms at 4 kHz.
const HOP: usize = 40;
const WINDOW: usize = 160;
const BLOCKS: usize = WINDOW / HOP;
/// Taps of the low-pass filter before taking every fourth sample.
const TAPS: usize = 23;

/// The fundamental per 10 ms frame of a recording; frame `i` covers `i * 10 ms` to 40 ms later.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PitchContour {
    /// Hz where the frame is voiced.
    pub hz: Vec<Option<f32>>,
    /// Normalized correlation at the period found (0 where not looked at).
    pub clarity: Vec<f32>,
}

impl PitchContour {
    /// The middle of frame `i`, seconds.
    pub fn time(i: usize) -> f64 {
        i as f64 * HOP_S + 0.5 * WINDOW as f64 / LOW_RATE as f64
    }

    /// The frame whose middle is nearest `t`.
    pub fn frame_at(t: f64) -> usize {
        ((t - Self::time(0)) / HOP_S).round().max(0.0) as usize
    }
}

/// Tracks 16 kHz `samples` in the frames where `wanted` (one flag per 10 ms hop, e.g. where the
/// voice is) is true; `voiced_clarity` is the correlation a frame needs to count as voiced.
pub fn contour(samples: &[f32], wanted: &[bool], voiced_clarity: f32) -> PitchContour {
    let low = decimate(samples);
    let frames = (low.len() + HOP).saturating_sub(WINDOW) / HOP;
    let mut out = PitchContour { hz: vec![None; frames], clarity: vec![0.0; frames] };
    if frames == 0 {
        return out;
    }
    // One lag either side of the range, so a period at its edge is still a peak.
    let min_lag = (LOW_RATE / MAX_HZ).floor() as usize - 1;
    let max_lag = (LOW_RATE / MIN_HZ).ceil() as usize + 1;
    let lags = max_lag - min_lag + 1;
    let blocks = frames + BLOCKS - 1;
    // sums[block][lag]: the block's products with the signal `lag` later; a frame's four blocks
    // are then side by side in memory.
    let mut sums = vec![0.0f32; lags * blocks];
    for (b, row) in sums.chunks_exact_mut(lags).enumerate() {
        let start = b * HOP;
        for (l, sum) in row.iter_mut().enumerate() {
            let lag = min_lag + l;
            let end = (start + HOP).min(low.len().saturating_sub(lag));
            if start < end {
                *sum = dot(&low[start..end], &low[start + lag..end + lag]);
            }
        }
    }
    let mut energy = Vec::with_capacity(low.len() + 1);
    energy.push(0.0f64);
    for s in &low {
        energy.push(energy[energy.len() - 1] + (*s as f64) * (*s as f64));
    }
    let energy_of = |a: usize, b: usize| energy[b.min(low.len())] - energy[a.min(low.len())];
    let mut full_energy = Vec::with_capacity(samples.len() + 1);
    full_energy.push(0.0f64);
    for s in samples {
        full_energy.push(full_energy[full_energy.len() - 1] + (*s as f64) * (*s as f64));
    }
    let mut scores = vec![0.0f32; lags];
    for f in 0..frames {
        if !wanted.get(f).copied().unwrap_or(false) {
            continue;
        }
        let start = f * HOP;
        let e0 = energy_of(start, start + WINDOW);
        if e0 < 1e-9 {
            continue;
        }
        for (l, score) in scores.iter_mut().enumerate() {
            let lag = min_lag + l;
            let cross: f32 = (0..BLOCKS).map(|k| sums[(f + k) * lags + l]).sum();
            let el = energy_of(start + lag, start + lag + WINDOW);
            *score = cross / ((e0 * el).sqrt().max(1e-12) as f32);
        }
        let Some(lag) = best_lag(&scores) else { continue };
        let (period, clarity) = refine(samples, &full_energy, f * HOP * FACTOR, (min_lag as f32 + lag) * FACTOR as f32);
        out.clarity[f] = clarity;
        if clarity >= voiced_clarity {
            out.hz[f] = Some(WHISPER_RATE as f32 / period);
        }
    }
    out
}

/// The strong peak's lag (see [`first_strong_peak`]), refined by a parabola.
fn best_lag(scores: &[f32]) -> Option<f32> {
    let k = first_strong_peak(scores).filter(|&k| scores[k] > 0.0)?;
    Some(k as f32 + parabola(scores[k - 1], scores[k], scores[k + 1]))
}

/// The period near `guess` (16 kHz samples) and its correlation, from the 40 ms window at
/// `start` at full rate: the 4 kHz period is a quarter-sample coarse, within two samples here.
/// `energy` holds running sums of the squared samples, so a window's energy is one subtraction.
fn refine(samples: &[f32], energy: &[f64], start: usize, guess: f32) -> (f32, f32) {
    let window = FACTOR * WINDOW;
    let centre = guess.round() as usize;
    let first = centre.saturating_sub(2).max(1);
    let last = centre + 2;
    if start + window + last > samples.len() {
        return (guess, 0.0);
    }
    let x = &samples[start..start + window];
    let e0 = energy[start + window] - energy[start];
    let nccf = |lag: usize| {
        let ey = energy[start + lag + window] - energy[start + lag];
        dot(x, &samples[start + lag..start + lag + window]) / ((e0 * ey).sqrt().max(1e-12) as f32)
    };
    let scores: Vec<f32> = (first..=last).map(nccf).collect();
    // The best of the middle three, its neighbours for the parabola.
    let k = (1..scores.len() - 1).max_by(|&a, &b| scores[a].total_cmp(&scores[b])).unwrap_or(1);
    let period = (first + k) as f32 + parabola(scores[k - 1], scores[k], scores[k + 1]);
    (period, scores[k].clamp(0.0, 1.0))
}

/// Low-pass at 1.6 kHz (a Hann-windowed sinc) and every fourth sample.
fn decimate(samples: &[f32]) -> Vec<f32> {
    let cutoff = 1600.0 / WHISPER_RATE as f32;
    let half = (TAPS / 2) as f32;
    let mut taps: Vec<f32> = (0..TAPS)
        .map(|k| {
            let t = k as f32 - half;
            let sinc = if t == 0.0 { 2.0 * cutoff } else { (std::f32::consts::TAU * cutoff * t).sin() / (std::f32::consts::PI * t) };
            let hann = 0.5 - 0.5 * (std::f32::consts::TAU * k as f32 / (TAPS - 1) as f32).cos();
            sinc * hann
        })
        .collect();
    let gain: f32 = taps.iter().sum();
    taps.iter_mut().for_each(|t| *t /= gain);
    // A zero tap rounds the filter up to whole chunks of eight for `dot`.
    taps.resize(TAPS.div_ceil(8) * 8, 0.0);
    let padded: Vec<f32> = std::iter::repeat_n(0.0, TAPS / 2).chain(samples.iter().copied()).chain(std::iter::repeat_n(0.0, taps.len())).collect();
    (0..samples.len() / FACTOR).map(|m| dot(&padded[m * FACTOR..m * FACTOR + taps.len()], &taps)).collect()
}

/// A dot product the compiler can vectorize: eight running sums instead of one.
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let mut acc = [0.0f32; 8];
    let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f32 = ca.remainder().iter().zip(cb.remainder()).map(|(x, y)| x * y).sum();
    for (x, y) in ca.zip(cb) {
        let (x, y): (&[f32; 8], &[f32; 8]) = (x.try_into().unwrap_or(&[0.0; 8]), y.try_into().unwrap_or(&[0.0; 8]));
        for i in 0..8 {
            acc[i] += x[i] * y[i];
        }
    }
    acc.iter().sum::<f32>() + tail
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::pitch::{semitones, track};
    use crate::audio::test_signals::{noise, voiced};
    use crate::audio::Span;

    fn all(samples: &[f32]) -> Vec<bool> {
        vec![true; samples.len() / 160 + 1]
    }

    #[test]
    fn finds_the_fundamental_of_voiced_tones_across_the_range() {
        for hz in [75.0, 85.0, 120.0, 210.0, 330.0, 390.0] {
            let audio = voiced(hz, 0.5);
            let c = contour(&audio, &all(&audio), 0.6);
            assert!(c.hz.len() >= 40, "{}", c.hz.len());
            for (i, f) in c.hz.iter().enumerate().skip(1).take(c.hz.len() - 4) {
                let found = f.unwrap_or_else(|| panic!("{hz} Hz frame {i} unvoiced"));
                assert!(semitones(found, hz).abs() < 0.15, "{hz} Hz read as {found}");
            }
        }
    }

    #[test]
    fn agrees_with_the_frame_by_frame_tracker_on_a_glide() {
        let n = WHISPER_RATE as usize;
        let mut phase = 0.0f32;
        let audio: Vec<f32> = (0..n)
            .map(|i| {
                let hz = 110.0 + 140.0 * i as f32 / n as f32;
                phase += std::f32::consts::TAU * hz / WHISPER_RATE as f32;
                0.3 * phase.sin() + 0.15 * (2.0 * phase).sin() + 0.05 * (3.0 * phase).sin()
            })
            .collect();
        let fast = contour(&audio, &all(&audio), 0.6);
        let slow = track(&audio, Span { start: 0.0, end: 1.0 });
        let mut compared = 0;
        for (f, s) in fast.hz.iter().zip(&slow) {
            if let (Some(a), Some(b)) = (f, s.hz) {
                assert!(semitones(*a, b).abs() < 0.2, "{a} vs {b}");
                compared += 1;
            }
        }
        assert!(compared > 80, "{compared}");
    }

    #[test]
    fn noise_silence_and_unwanted_frames_are_unvoiced() {
        let hiss = noise(0.5, 0.3, 7);
        assert!(contour(&hiss, &all(&hiss), 0.6).hz.iter().all(Option::is_none));
        let quiet = vec![0.0; 8000];
        assert!(contour(&quiet, &all(&quiet), 0.6).hz.iter().all(Option::is_none));
        let tone = voiced(150.0, 0.5);
        assert!(contour(&tone, &[false; 60], 0.6).hz.iter().all(Option::is_none));
        assert!(contour(&[], &[], 0.6).hz.is_empty());
    }

    #[test]
    fn frame_times_round_trip() {
        for i in [0, 7, 1234] {
            assert_eq!(PitchContour::frame_at(PitchContour::time(i)), i);
        }
    }
}
