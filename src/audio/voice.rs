//! Where the voice is, measured from the audio itself: whisper stretches words over silence,
//! so pauses and unspoken-word hesitations are found here, not from word times.
//!
//! Calibrated per recording, in 10 ms hops, then short gaps (stop consonants) closed and tiny
//! blips dropped. Two ways to tell voice from background, chosen by the background:
//! - steady noise (a fan, hiss, a hum): each frequency band's own noise level is its quiet
//!   percentile, and a hop is voice when its bands rise clearly above theirs. Loudness alone
//!   fails here: a voice's quiet vowels sink into 10 dB of noise and pauses appear mid-word.
//! - a moving background (other talkers): band levels rise and fall in the pauses as much as
//!   in speech, so only loudness tells the speaker, nearer the microphone, from the room: a
//!   threshold between the energy floor (a low percentile) and the speech level (a high one).

use super::spectrum::{BANDS, BandAnalyzer};
use super::{Span, WHISPER_RATE};

pub const HOP_S: f64 = 0.010;
const HOP: usize = (WHISPER_RATE as usize) / 100;
const WINDOW: usize = HOP * 2;

#[derive(Debug, Clone)]
pub struct VoiceActivity {
    /// Energy per 10 ms hop, dB.
    pub energy_db: Vec<f32>,
    /// Noise floor (10th percentile of hop energies) and speech level (95th), dB.
    pub floor_db: f32,
    pub speech_db: f32,
    /// Whether the background was steady, so voice was told from it band by band.
    pub steady_background: bool,
    /// True per hop where the voice is.
    pub active: Vec<bool>,
    /// Where the input went silent (exact or near zeros: a muted microphone, a dropout, a
    /// capture file's end): set aside from every level above and never voice nor a pause.
    pub dropouts: Vec<Span>,
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
        let Measured { counted, dropouts, levels: (floor_db, speech_db) } = set_aside_dropouts(&energy_db);
        let threshold_db =
            (floor_db + 8.0).max(floor_db + 0.3 * (speech_db - floor_db)).min(speech_db - 3.0).max(-70.0);
        let loud: Vec<bool> = energy_db.iter().zip(&counted).map(|(&e, &c)| c && e > threshold_db).collect();
        let above_noise = band_excess_db(samples, &counted);
        let steady_background = is_steady(&loud, &above_noise, &counted);
        let active = if steady_background {
            above_noise.iter().zip(&counted).map(|(&x, &c)| c && x > BAND_EXCESS_DB).collect()
        } else {
            loud
        };
        let dropouts =
            dropouts.into_iter().map(|(a, b)| Span { start: a as f64 * HOP_S, end: b as f64 * HOP_S }).collect();
        Self { energy_db, floor_db, speech_db, steady_background, active, dropouts }
    }

    /// Seconds of `span` the input was silent for (see [`Self::dropouts`]).
    pub fn dropout_s(&self, span: Span) -> f64 {
        self.dropouts.iter().map(|d| (d.end.min(span.end) - d.start.max(span.start)).max(0.0)).sum()
    }

    /// Where the recording's own end is: the start of a dropout that runs to its end (a capture
    /// file that ends, a microphone muted before Stop), else None.
    pub fn silent_from(&self) -> Option<f64> {
        let end = self.active.len() as f64 * HOP_S;
        self.dropouts.last().filter(|d| d.end >= end - HOP_S).map(|d| d.start)
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
            .map(|(s, e)| Span {
                start: s as f64 * HOP_S,
                end: e as f64 * HOP_S + WINDOW as f64 / WHISPER_RATE as f64 - HOP_S,
            })
            .collect()
    }

    /// Silences inside `within`, at least `min_s` long, between speech segments.
    pub fn silences(&self, within: Span, min_s: f64) -> Vec<Span> {
        let speech = self.segments(SPEECH_BRIDGE_S, SPEECH_MIN_S);
        let mut out = Vec::new();
        for pair in speech.windows(2) {
            let gap = Span { start: pair[0].end, end: pair[1].start };
            // Not a silence the speaker made: the input went silent.
            if self.dropout_s(gap) > 0.0 {
                continue;
            }
            if gap.start >= within.start - 0.05 && gap.end <= within.end + 0.05 && gap.duration() >= min_s {
                out.push(gap);
            }
        }
        out
    }

    /// How much longer the detected silences are than the speaker's own, seconds, by how far
    /// the voice rises above the background. In a quiet room the 20 ms frames reach into a
    /// silence from both edges (23 ms shorter, median of 75 pauses of the dev answers); under
    /// noise the quiet starts and ends of words sink below it (pink noise 10 dB under the
    /// speech: 70-90 ms longer, median, espeak and piper voices). Fitted on the dev answers
    /// under that noise (pause counts within 9% median, from 108% off), checked on dev2's.
    pub fn silence_overshoot_s(&self) -> f64 {
        const QUIET: (f32, f64) = (40.0, -0.02);
        const NOISY: (f32, f64) = (20.0, 0.10);
        let t = ((self.speech_db - self.floor_db - NOISY.0) / (QUIET.0 - NOISY.0)).clamp(0.0, 1.0) as f64;
        NOISY.1 + t * (QUIET.1 - NOISY.1)
    }

    /// Mean hop energy over `span`, dB; the floor when the span holds no hop.
    pub fn mean_energy_db(&self, span: Span) -> f32 {
        let (a, b) = self.hop_range(span);
        if b <= a {
            return self.floor_db;
        }
        self.energy_db[a..b].iter().sum::<f32>() / (b - a) as f32
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

/// A band counts as above its noise from this far over its quiet (10th) percentile, dB; a hop is
/// voice when its bands' mean excess beyond that exceeds [`BAND_EXCESS_DB`]. Steady noise,
/// smoothed, stays under about 1.7 dB of mean excess (white or pink, measured); speech, even
/// 10 dB under pink noise, rises far above.
const BAND_MARGIN_DB: f32 = 3.0;
const BAND_EXCESS_DB: f32 = 2.5;
/// The background is steady when fewer than this share of the quiet hops (below the energy
/// threshold) rise above their bands' noise: 12-31% do in clean rooms and under pink noise
/// (quiet speech sounds), up to 60% in a reverberant room (echo tails), 84-87% under three
/// talkers' babble.
const MAX_MOVING_QUIET_SHARE: f64 = 0.7;

/// Per hop, how far the frequency bands rise above their own noise level (mean over bands of
/// the excess beyond [`BAND_MARGIN_DB`], dB). Band powers are averaged over pairs of hops,
/// which keeps steady noise's frame-to-frame flicker from reading as voice, and a hop takes the
/// lower of its two pairs, so a voice's edges do not spread into the silence around it.
fn band_excess_db(samples: &[f32], counted: &[bool]) -> Vec<f32> {
    let powers = BandAnalyzer::default().frames(samples);
    let paired_db: Vec<[f32; BANDS]> = (0..powers.len())
        .map(|h| {
            let pair = &powers[h..(h + 2).min(powers.len())];
            std::array::from_fn(|b| {
                let mean = pair.iter().map(|p| p[b]).sum::<f32>() / pair.len() as f32;
                10.0 * (mean + 1e-12).log10()
            })
        })
        .collect();
    let noise_db: [f32; BANDS] = std::array::from_fn(|b| {
        let mut band: Vec<f32> = paired_db
            .iter()
            .enumerate()
            .filter(|(h, _)| counted.get(*h).copied().unwrap_or(true))
            .map(|(_, f)| f[b])
            .collect();
        if band.is_empty() {
            return 0.0;
        }
        let at = ((band.len() - 1) as f32 * 0.10) as usize;
        *band.select_nth_unstable_by(at, f32::total_cmp).1
    });
    let excess: Vec<f32> = paired_db
        .iter()
        .map(|f| f.iter().zip(&noise_db).map(|(x, n)| (x - n - BAND_MARGIN_DB).max(0.0)).sum::<f32>() / BANDS as f32)
        .collect();
    (0..excess.len()).map(|h| if h == 0 { excess[0] } else { excess[h].min(excess[h - 1]) }).collect()
}

/// True when the quiet hops mostly stay at their bands' noise level: a steady background.
fn is_steady(loud: &[bool], above_noise: &[f32], counted: &[bool]) -> bool {
    let quiet: Vec<f32> =
        loud.iter().zip(above_noise).zip(counted).filter(|((l, _), c)| !**l && **c).map(|((_, &x), _)| x).collect();
    if quiet.is_empty() {
        return false;
    }
    let moving = quiet.iter().filter(|&&x| x > BAND_EXCESS_DB).count() as f64 / quiet.len() as f64;
    moving < MAX_MOVING_QUIET_SHARE
}

/// Below this a hop holds no input at all: under a 16-bit sample's last bit. Rooms and
/// microphones hiss at -80 to -50 dBFS.
pub const DROPOUT_DB: f32 = -90.0;
/// Digital silence this long is the input gone silent, not a pause: set aside. Shorter runs
/// stay (a noise gate's zeros between words are the recording's own quiet).
pub const DROPOUT_MIN_S: f64 = 1.0;

/// Which hops the levels are measured on, the runs (first hop, end hop) of digital silence set
/// aside, and the levels (see [`levels`]) of the hops measured. Only set aside when what is left
/// has a floor of its own, a real room's: an answer made of speech and exact zeros (synthesized,
/// or gated) keeps its zeros as its floor.
fn set_aside_dropouts(energy_db: &[f32]) -> Measured {
    let min_hops = (DROPOUT_MIN_S / HOP_S).round() as usize;
    let mut runs = Vec::new();
    let mut start = None;
    for (i, &e) in energy_db.iter().chain(std::iter::once(&0.0)).enumerate() {
        match (e < DROPOUT_DB, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                if i - s >= min_hops {
                    runs.push((s, i));
                }
                start = None;
            }
            _ => {}
        }
    }
    let every_hop =
        || Measured { counted: vec![true; energy_db.len()], dropouts: Vec::new(), levels: levels(energy_db) };
    if runs.is_empty() {
        return every_hop();
    }
    let mut counted = vec![true; energy_db.len()];
    for &(a, b) in &runs {
        counted[a..b].iter_mut().for_each(|c| *c = false);
    }
    let kept: Vec<f32> = energy_db.iter().zip(&counted).filter(|(_, c)| **c).map(|(&e, _)| e).collect();
    let (floor, speech) = levels(&kept);
    if kept.is_empty() || floor < DROPOUT_DB || speech - floor < MIN_SPEECH_RANGE_DB {
        return every_hop();
    }
    Measured { counted, dropouts: runs, levels: (floor, speech) }
}

/// What [`set_aside_dropouts`] found.
struct Measured {
    counted: Vec<bool>,
    dropouts: Vec<(usize, usize)>,
    levels: (f32, f32),
}

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
    use crate::audio::test_signals::{buzz, mix_into};

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

    /// A speaker's syllables (0.25 s, pitch and loudness varying) with the given gaps, one of
    /// them `quiet_db` softer.
    fn syllables(gaps: &[f64], quiet: usize, quiet_db: f32) -> Vec<f32> {
        let mut audio = vec![0.0; WHISPER_RATE as usize / 2];
        for (k, gap) in gaps.iter().enumerate() {
            let gain = if k == quiet { 10f32.powf(-quiet_db / 20.0) } else { 1.0 };
            audio.extend(buzz(110.0 + 7.0 * (k % 5) as f32, 0.25, 0.3 * gain));
            audio.extend(vec![0.0; (gap * WHISPER_RATE as f64) as usize]);
        }
        audio
    }

    /// Adds white noise of peak `amplitude` all through.
    fn in_noise(mut audio: Vec<f32>, amplitude: f32) -> Vec<f32> {
        let hiss = noise(audio.len() as f64 / WHISPER_RATE as f64, amplitude);
        audio.iter_mut().zip(&hiss).for_each(|(x, n)| *x += n);
        audio
    }

    fn long_gaps(va: &VoiceActivity, audio: &[f32]) -> Vec<Span> {
        va.silences(Span { start: 0.0, end: audio.len() as f64 / WHISPER_RATE as f64 }, 1.0)
    }

    /// Syllables that end in a soft hiss (an "s", 0.1 s, far softer than the vowel), 0.3 s of
    /// silence between them.
    fn hissing_syllables(count: usize) -> Vec<f32> {
        let rate = WHISPER_RATE as f64;
        let mut audio = vec![0.0; WHISPER_RATE as usize / 2];
        for k in 0..count {
            audio.extend(buzz(110.0 + 7.0 * (k % 5) as f32, 0.25, 0.3));
            audio.extend(crate::audio::test_signals::noise(0.1, 0.012, 100 + k as u32));
            audio.extend(vec![0.0; (0.3 * rate) as usize]);
        }
        audio
    }

    #[test]
    fn silences_are_corrected_for_word_ends_lost_in_noise() {
        let quiet_room = hissing_syllables(12);
        let within = Span { start: 0.4, end: quiet_room.len() as f64 / WHISPER_RATE as f64 - 0.35 };
        // A background hiss louder than the syllables' own hides their ends: the silences seem 0.1 s longer.
        for (audio, noisy) in [(quiet_room.clone(), false), (in_noise(quiet_room, 0.03), true)] {
            let va = VoiceActivity::detect(&audio);
            let overshoot = va.silence_overshoot_s();
            let silences = va.silences(within, 0.1);
            assert_eq!(silences.len(), 11, "noisy {noisy}: {silences:?}");
            let measured = silences.iter().map(Span::duration).sum::<f64>() / silences.len() as f64;
            assert!(
                (measured - overshoot - 0.3).abs() < 0.03,
                "noisy {noisy}: {measured:.3} s, overshoot {overshoot:.3}"
            );
            assert_eq!(overshoot > 0.05, noisy, "{overshoot}");
        }
    }

    #[test]
    fn quiet_syllables_in_steady_noise_are_speech() {
        // Short gaps between syllables, one long pause of 1.4 s; the syllable 18 dB down between
        // two 0.45 s gaps sinks into the hiss by loudness (a false 1.15 s pause) but not band by
        // band.
        let gaps = [0.3, 0.45, 0.45, 0.3, 1.4, 0.3, 0.3, 0.3, 0.3, 0.3, 0.5];
        let audio = in_noise(syllables(&gaps, 2, 18.0), 0.03);
        let va = VoiceActivity::detect(&audio);
        assert!(va.steady_background);
        let gaps = long_gaps(&va, &audio);
        assert_eq!(gaps.len(), 1, "{gaps:?}");
        assert!((gaps[0].duration() - 1.4).abs() < 0.1, "{gaps:?}");
    }

    #[test]
    fn other_talkers_are_a_moving_background() {
        let gaps = [0.3, 0.3, 0.3, 0.3, 1.4, 0.3, 0.3, 0.3, 0.3, 0.3, 0.5];
        // A faint room bed, and three talkers about 12 dB down, each a syllable every 0.25-0.45 s
        // at its own changing pitch and loudness.
        let mut audio = in_noise(syllables(&gaps, 99, 0.0), 0.002);
        let quiet = 10f32.powf(-12.0 / 20.0);
        let mut k = 7u32;
        for talker in 0..3 {
            let mut at = talker * 1000;
            while at < audio.len() {
                k = k.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                let pitch = 90.0 + (k >> 8) as f32 % 160.0;
                let gain = quiet * (0.4 + ((k >> 16) % 60) as f32 / 100.0);
                mix_into(&mut audio, &buzz(pitch, 0.2, 0.3 * gain), at);
                at += WHISPER_RATE as usize * (25 + (k >> 20) as usize % 20) / 100;
            }
        }
        let va = VoiceActivity::detect(&audio);
        assert!(!va.steady_background);
        let gaps = long_gaps(&va, &audio);
        assert_eq!(gaps.len(), 1, "{gaps:?}");
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
