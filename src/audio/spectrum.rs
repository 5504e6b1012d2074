//! How fast the sound's colour changes: band energies of 25 ms frames every 10 ms, with the
//! loudness taken out, compared frame to frame. A held vowel or nasal ("um") barely changes;
//! a word's consonants and vowel transitions change it every few frames.

use realfft::RealFftPlanner;

use super::{Span, WHISPER_RATE};

const HOP: usize = WHISPER_RATE as usize / 100;
const WINDOW: usize = WHISPER_RATE as usize / 40;
const FFT: usize = 512;
/// Bands spaced evenly on a log scale over the range that carries vowel formants.
pub const BANDS: usize = 24;
const LOW_HZ: f32 = 100.0;
const HIGH_HZ: f32 = 4000.0;

/// Band powers of one frame at a time: a Hann-windowed 25 ms frame, its power spectrum, summed
/// in [`BANDS`] bands. One plan and its buffers serve every frame.
pub struct BandAnalyzer {
    fft: std::sync::Arc<dyn realfft::RealToComplex<f32>>,
    input: Vec<f32>,
    output: Vec<realfft::num_complex::Complex<f32>>,
    hann: Vec<f32>,
    edges: Vec<usize>,
}

impl Default for BandAnalyzer {
    fn default() -> Self {
        let fft = RealFftPlanner::<f32>::new().plan_fft_forward(FFT);
        let input = fft.make_input_vec();
        let output = fft.make_output_vec();
        let hann =
            (0..WINDOW).map(|i| 0.5 - 0.5 * (std::f32::consts::TAU * i as f32 / (WINDOW - 1) as f32).cos()).collect();
        let edges = (0..=BANDS)
            .map(|b| {
                let hz = LOW_HZ * (HIGH_HZ / LOW_HZ).powf(b as f32 / BANDS as f32);
                ((hz / WHISPER_RATE as f32 * FFT as f32).round() as usize).min(FFT / 2)
            })
            .collect();
        Self { fft, input, output, hann, edges }
    }
}

impl BandAnalyzer {
    /// Band powers (linear) of the frame starting at `start`; samples past the end count as
    /// silence.
    pub fn powers(&mut self, samples: &[f32], start: usize) -> [f32; BANDS] {
        self.input.iter_mut().for_each(|x| *x = 0.0);
        let frame = samples.get(start..(start + WINDOW).min(samples.len())).unwrap_or(&[]);
        for (i, (x, w)) in frame.iter().zip(&self.hann).enumerate() {
            self.input[i] = x * w;
        }
        let mut out = [0.0; BANDS];
        // The buffers are sized by the plan, so processing cannot fail.
        if self.fft.process(&mut self.input, &mut self.output).is_ok() {
            for (b, e) in self.edges.windows(2).enumerate() {
                out[b] = self.output[e[0]..e[1].max(e[0] + 1)].iter().map(|c| c.norm_sqr()).sum();
            }
        }
        out
    }

    /// Band powers of frames every 10 ms over the whole recording.
    pub fn frames(&mut self, samples: &[f32]) -> Vec<[f32; BANDS]> {
        (0..samples.len() / HOP).map(|h| self.powers(samples, h * HOP)).collect()
    }
}

/// Mean frame-to-frame change of the loudness-normalized log band energies (natural-log
/// units, root mean square over bands) across `span`; None when the span holds fewer than
/// three frames.
pub fn spectral_change(samples: &[f32], span: Span) -> Option<f32> {
    spectral_change_in_bands(samples, span, 0.0)
}

/// [`spectral_change`] with adjacent bands joined until each is at least `min_width_hz` wide:
/// given the voice's pitch, no band is narrower than the spacing of its harmonics, so a higher
/// voice's sparser harmonics drifting across band edges do not read as a change of colour.
pub fn spectral_change_in_bands(samples: &[f32], span: Span, min_width_hz: f32) -> Option<f32> {
    let groups = band_groups(min_width_hz);
    let rate = WHISPER_RATE as f64;
    let first = (span.start.max(0.0) * rate) as usize;
    let last = ((span.end * rate) as usize).min(samples.len());
    let mut analyzer = BandAnalyzer::default();
    let mut previous: Option<Vec<f32>> = None;
    let (mut total, mut count) = (0.0f32, 0usize);
    let mut start = first;
    while start + WINDOW <= last {
        let powers = analyzer.powers(samples, start);
        let mut bands: Vec<f32> = groups.iter().map(|g| (powers[g.clone()].iter().sum::<f32>() + 1e-9).ln()).collect();
        let n = bands.len() as f32;
        let mean = bands.iter().sum::<f32>() / n;
        bands.iter_mut().for_each(|b| *b -= mean);
        if let Some(prev) = &previous {
            let d = prev.iter().zip(&bands).map(|(a, b)| (a - b).powi(2)).sum::<f32>() / n;
            total += d.sqrt();
            count += 1;
        }
        previous = Some(bands);
        start += HOP;
    }
    (count >= 2).then(|| total / count as f32)
}

/// The bands joined, lowest first, so that each group spans at least `min_width_hz`.
fn band_groups(min_width_hz: f32) -> Vec<std::ops::Range<usize>> {
    let edge = |b: usize| LOW_HZ * (HIGH_HZ / LOW_HZ).powf(b as f32 / BANDS as f32);
    let mut out = Vec::new();
    let mut first = 0;
    for b in 0..BANDS {
        if edge(b + 1) - edge(first) >= min_width_hz || b + 1 == BANDS {
            out.push(first..b + 1);
            first = b + 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::test_signals::{noise, voiced};

    fn change(audio: &[f32]) -> f32 {
        spectral_change(audio, Span { start: 0.0, end: audio.len() as f64 / WHISPER_RATE as f64 }).unwrap()
    }

    #[test]
    fn a_held_vowel_changes_less_than_alternating_sounds() {
        let held = change(&voiced(120.0, 0.4));
        // A vowel broken by hiss every 80 ms, as consonants break a word.
        let mut word = Vec::new();
        for k in 0..5 {
            word.extend(voiced(120.0 + 15.0 * k as f32, 0.05));
            word.extend(noise(0.03, 0.2, k));
        }
        let moving = change(&word);
        assert!(moving > 3.0 * held, "held {held}, moving {moving}");
    }

    #[test]
    fn too_short_a_span_has_no_measure() {
        assert!(spectral_change(&voiced(120.0, 0.02), Span { start: 0.0, end: 0.02 }).is_none());
    }
}
