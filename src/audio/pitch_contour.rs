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
/// Long recordings are cut into one piece per core, tracked side by side.
pub fn contour(samples: &[f32], wanted: &[bool], voiced_clarity: f32) -> PitchContour {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    contour_in_pieces(samples, wanted, voiced_clarity, cores.min(MAX_PIECES))
}

/// At most this many threads: the pieces are a few milliseconds each.
const MAX_PIECES: usize = 4;
/// Pieces shorter than this many frames (10 s) are not worth a thread.
const MIN_PIECE_FRAMES: usize = 1000;
/// 16 kHz samples per frame step.
const STEP: usize = HOP * FACTOR;
/// Frames a piece reads before its first (the low-pass filter's start-up) and after its last
/// (the window and the longest period reach past a frame's start).
const LEAD_FRAMES: usize = 2;
const TAIL_FRAMES: usize = 8;

fn contour_in_pieces(samples: &[f32], wanted: &[bool], voiced_clarity: f32, pieces: usize) -> PitchContour {
    let frames = (samples.len() / FACTOR + HOP).saturating_sub(WINDOW) / HOP;
    let pieces = pieces.min(frames / MIN_PIECE_FRAMES).max(1);
    if pieces == 1 {
        return contour_of_piece(samples, wanted, voiced_clarity);
    }
    let per = frames.div_ceil(pieces);
    let parts: Vec<PitchContour> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..pieces)
            .map(|p| {
                let (first, last) = (p * per, ((p + 1) * per).min(frames));
                let lead = first.min(LEAD_FRAMES);
                let audio = &samples[(first - lead) * STEP..((last + TAIL_FRAMES) * STEP).min(samples.len())];
                let wanted = wanted.get(first - lead..).unwrap_or(&[]);
                scope.spawn(move || {
                    let mut part = contour_of_piece(audio, wanted, voiced_clarity);
                    part.hz = part.hz.into_iter().skip(lead).take(last - first).collect();
                    part.clarity = part.clarity.into_iter().skip(lead).take(last - first).collect();
                    part
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
    });
    let mut out = PitchContour::default();
    for part in parts {
        out.hz.extend(part.hz);
        out.clarity.extend(part.clarity);
    }
    out
}

fn contour_of_piece(samples: &[f32], wanted: &[bool], voiced_clarity: f32) -> PitchContour {
    let mut low = decimate(samples);
    let n = low.len();
    let frames = (n + HOP).saturating_sub(WINDOW) / HOP;
    let mut out = PitchContour { hz: vec![None; frames], clarity: vec![0.0; frames] };
    if frames == 0 {
        return out;
    }
    // One lag either side of the range, so a period at its edge is still a peak.
    let min_lag = (LOW_RATE / MAX_HZ).floor() as usize - 1;
    let max_lag = (LOW_RATE / MIN_HZ).ceil() as usize + 1;
    let lags = max_lag - min_lag + 1;
    // Rows of whole vector lanes; zeros after the end, so every window and lag is in reach.
    let stride = lags.next_multiple_of(8);
    low.resize(n + WINDOW + min_lag + stride, 0.0);
    let blocks = frames + BLOCKS - 1;
    // sums[block][lag]: the block's products with the signal `lag` later; a frame's four blocks
    // are then side by side in memory.
    let mut sums = vec![0.0f32; stride * blocks];
    for (b, row) in sums.chunks_exact_mut(stride).enumerate() {
        // Only blocks of a wanted frame (block `b` belongs to frames `b - 3..=b`).
        if !(b.saturating_sub(BLOCKS - 1)..=b).any(|f| wanted.get(f).copied().unwrap_or(false)) {
            continue;
        }
        // Each sample times the stretch `min_lag..` samples after it: one product per lag,
        // side by side, which the compiler vectorizes.
        for i in b * HOP..((b + 1) * HOP).min(n) {
            let x = low[i];
            for (sum, y) in row.iter_mut().zip(&low[i + min_lag..i + min_lag + stride]) {
                *sum += x * y;
            }
        }
    }
    // One over each 40 ms window's norm, so a correlation is products only (silence gets a
    // large one, but its products are zero).
    let energy = running_squares(&low);
    let inverse_norm: Vec<f32> =
        energy[WINDOW..].iter().zip(&energy).map(|(b, a)| ((b - a) as f32).max(1e-9).sqrt().recip()).collect();
    let mut scores = vec![0.0f32; stride];
    for f in 0..frames {
        let start = f * HOP;
        if !wanted.get(f).copied().unwrap_or(false) || energy[start + WINDOW] - energy[start] < 1e-9 {
            continue;
        }
        let rows = &sums[f * stride..(f + BLOCKS) * stride];
        scores.copy_from_slice(&rows[..stride]);
        for row in rows.chunks_exact(stride).skip(1) {
            scores.iter_mut().zip(row).for_each(|(s, x)| *s += x);
        }
        let own = inverse_norm[start];
        scores.iter_mut().zip(&inverse_norm[start + min_lag..]).for_each(|(s, n)| *s *= own * n);
        let Some(lag) = best_lag(&scores[..lags]) else { continue };
        let (period, clarity) = refine(samples, f * HOP * FACTOR, (min_lag as f32 + lag) * FACTOR as f32);
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
/// The best of the three lags around the guess, with its neighbours for the parabola.
fn refine(samples: &[f32], start: usize, guess: f32) -> (f32, f32) {
    let window = FACTOR * WINDOW;
    let centre = (guess.round() as usize).max(2);
    if start + window + centre + 2 > samples.len() {
        return (guess, 0.0);
    }
    let x = &samples[start..start + window];
    let e0 = dot(x, x);
    let at = |lag: usize| &samples[start + lag..start + lag + window];
    // The lagged window's energy slides one sample per lag from the centre's.
    let centre_energy = dot(at(centre), at(centre));
    let energy = |lag: usize| {
        let (mut e, mut l) = (centre_energy, centre);
        while l < lag {
            e += samples[start + l + window] * samples[start + l + window] - samples[start + l] * samples[start + l];
            l += 1;
        }
        while l > lag {
            l -= 1;
            e += samples[start + l] * samples[start + l] - samples[start + l + window] * samples[start + l + window];
        }
        e.max(0.0)
    };
    let nccf = |lag: usize| dot(x, at(lag)) / (e0 * energy(lag)).sqrt().max(1e-12);
    let (before, middle, after) = (nccf(centre - 1), nccf(centre), nccf(centre + 1));
    let (lag, l, c, r) = if before > middle && before >= after {
        (centre - 1, nccf(centre - 2), before, middle)
    } else if after > middle {
        (centre + 1, middle, after, nccf(centre + 2))
    } else {
        (centre, before, middle, after)
    };
    (lag as f32 + parabola(l, c, r), c.clamp(0.0, 1.0))
}

/// Running sums of the squared samples (`[0]` is 0), so a window's energy is one subtraction.
fn running_squares(samples: &[f32]) -> Vec<f64> {
    let mut total = 0.0f64;
    std::iter::once(0.0)
        .chain(samples.iter().map(|&s| {
            total += (s * s) as f64;
            total
        }))
        .collect()
}

/// Low-pass at 1.6 kHz (a Hann-windowed sinc) and every fourth sample.
fn decimate(samples: &[f32]) -> Vec<f32> {
    let cutoff = 1600.0 / WHISPER_RATE as f32;
    let half = (TAPS / 2) as f32;
    let mut taps: Vec<f32> = (0..TAPS)
        .map(|k| {
            let t = k as f32 - half;
            let sinc = if t == 0.0 {
                2.0 * cutoff
            } else {
                (std::f32::consts::TAU * cutoff * t).sin() / (std::f32::consts::PI * t)
            };
            let hann = 0.5 - 0.5 * (std::f32::consts::TAU * k as f32 / (TAPS - 1) as f32).cos();
            sinc * hann
        })
        .collect();
    let gain: f32 = taps.iter().sum();
    taps.iter_mut().for_each(|t| *t /= gain);
    // Output m is the sum over k of taps[k] * samples[4m + k - 11]. Split a chunk of the input
    // into its four phases (phase r holds samples[4m + r - 11]) and each tap becomes one
    // multiply-add over a contiguous stretch, which the compiler vectorizes.
    const CHUNK: usize = 512;
    let reach = TAPS.div_ceil(FACTOR);
    let mut phases = vec![vec![0.0f32; CHUNK + reach]; FACTOR];
    let mut out = vec![0.0f32; samples.len() / FACTOR];
    for (c, chunk) in out.chunks_mut(CHUNK).enumerate() {
        let first = (c * CHUNK * FACTOR) as isize - (TAPS / 2) as isize;
        let span = (CHUNK + reach) * FACTOR;
        match samples.get(first.max(0) as usize..first.max(0) as usize + span) {
            Some(inside) if first >= 0 => {
                for (m, four) in inside.chunks_exact(FACTOR).enumerate() {
                    for (phase, &x) in phases.iter_mut().zip(four) {
                        phase[m] = x;
                    }
                }
            }
            // The first and last chunks reach past the ends: zeros there.
            _ => {
                for (r, phase) in phases.iter_mut().enumerate() {
                    for (m, x) in phase.iter_mut().enumerate() {
                        let i = first + (m * FACTOR + r) as isize;
                        *x = usize::try_from(i).ok().and_then(|i| samples.get(i)).copied().unwrap_or(0.0);
                    }
                }
            }
        }
        for (k, &tap) in taps.iter().enumerate() {
            for (o, x) in chunk.iter_mut().zip(&phases[k % FACTOR][k / FACTOR..]) {
                *o += tap * x;
            }
        }
    }
    out
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
    use crate::audio::Span;
    use crate::audio::pitch::{semitones, track};
    use crate::audio::test_signals::{noise, voiced};

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
    fn pieces_side_by_side_track_the_same_frames_as_one() {
        // A 25 s voice that glides up and down, with silences, cut into three pieces.
        let n = 25 * WHISPER_RATE as usize;
        let mut phase = 0.0f32;
        let audio: Vec<f32> = (0..n)
            .map(|i| {
                let t = i as f32 / WHISPER_RATE as f32;
                let hz = 150.0 + 60.0 * (t * 0.7).sin();
                phase += std::f32::consts::TAU * hz / WHISPER_RATE as f32;
                let on = if (t % 3.0) < 2.2 { 1.0 } else { 0.0 };
                on * (0.3 * phase.sin() + 0.15 * (2.0 * phase).sin() + 0.05 * (3.0 * phase).sin())
            })
            .collect();
        let whole = contour_in_pieces(&audio, &all(&audio), 0.6, 1);
        let cut = contour_in_pieces(&audio, &all(&audio), 0.6, 3);
        assert_eq!(whole.hz.len(), cut.hz.len());
        assert!(whole.hz.iter().filter(|f| f.is_some()).count() > 1500);
        for (i, (a, b)) in whole.hz.iter().zip(&cut.hz).enumerate() {
            match (a, b) {
                (Some(a), Some(b)) => assert!(semitones(*a, *b).abs() < 0.01, "frame {i}: {a} vs {b}"),
                _ => assert_eq!(a.is_some(), b.is_some(), "frame {i}"),
            }
        }
    }

    #[test]
    fn frame_times_round_trip() {
        for i in [0, 7, 1234] {
            assert_eq!(PitchContour::frame_at(PitchContour::time(i)), i);
        }
    }
}
