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
