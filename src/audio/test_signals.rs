//! Synthetic sounds for the audio measures' unit tests.

use super::WHISPER_RATE;

/// A voice-like tone: fundamental plus two weaker harmonics.
pub fn voiced(hz: f32, seconds: f64) -> Vec<f32> {
    let n = (seconds * WHISPER_RATE as f64) as usize;
    (0..n)
        .map(|i| {
            let t = i as f32 / WHISPER_RATE as f32;
            let w = std::f32::consts::TAU * hz * t;
            0.3 * w.sin() + 0.15 * (2.0 * w).sin() + 0.08 * (3.0 * w).sin()
        })
        .collect()
}

/// White noise from a fixed seed, so tests are repeatable.
pub fn noise(seconds: f64, amplitude: f32, seed: u32) -> Vec<f32> {
    let mut x = seed;
    (0..(seconds * WHISPER_RATE as f64) as usize)
        .map(|_| {
            x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            ((x >> 8) as f32 / (1u32 << 24) as f32 - 0.5) * amplitude
        })
        .collect()
}

/// A buzzy vowel: 30 harmonics falling off as 1/k, so its energy spreads over the bands as a
/// voice's does; peak level about `amplitude`.
pub fn buzz(hz: f32, seconds: f64, amplitude: f32) -> Vec<f32> {
    let n = (seconds * WHISPER_RATE as f64) as usize;
    let norm: f32 = (1..=30).map(|k| 1.0 / k as f32).sum();
    (0..n)
        .map(|i| {
            let w = std::f32::consts::TAU * hz * i as f32 / WHISPER_RATE as f32;
            amplitude * (1..=30).map(|k| (k as f32 * w).sin() / k as f32).sum::<f32>() / norm
        })
        .collect()
}

/// Adds `b` into `a` from sample `at` on, growing `a` as needed.
pub fn mix_into(a: &mut Vec<f32>, b: &[f32], at: usize) {
    if a.len() < at + b.len() {
        a.resize(at + b.len(), 0.0);
    }
    a[at..at + b.len()].iter_mut().zip(b).for_each(|(x, y)| *x += y);
}

/// A buzzy voice whose pitch follows `hz_at(seconds from its start)`, at peak level about
/// `amplitude`: a sentence's intonation.
pub fn intonation(hz_at: impl Fn(f64) -> f32, seconds: f64, amplitude: f32) -> Vec<f32> {
    let n = (seconds * WHISPER_RATE as f64) as usize;
    let norm: f32 = (1..=12).map(|k| 1.0 / k as f32).sum();
    let mut phase = 0.0f32;
    (0..n)
        .map(|i| {
            phase = (phase + std::f32::consts::TAU * hz_at(i as f64 / WHISPER_RATE as f64) / WHISPER_RATE as f32)
                % (std::f32::consts::TAU * 1000.0);
            amplitude * (1..=12).map(|k| (k as f32 * phase).sin() / k as f32).sum::<f32>() / norm
        })
        .collect()
}
