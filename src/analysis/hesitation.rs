//! Hesitations whisper did not write ("um", "uh"), found in the audio and confirmed by how they
//! sound.
//!
//! A candidate is a short voiced burst in which no transcribed word starts, or only one short
//! word (whisper writes a natural voice's "uh" as "at" or "a"). Slow speech, word fragments,
//! breaths, clicks and other talkers make such bursts too, so a candidate only counts when it
//! sounds like a hesitation: one sustained voiced sound (nearly every frame periodic: no
//! consonant, no breath noise), at a flat pitch (a word's syllables move the pitch; an "um"
//! holds it) and with a steady colour (a word's consonants and vowel glides change it). On a
//! natural voice, counting every such burst invented four "um"s of every five.

use super::report::{ReportWord, Span, word_span};
use crate::audio::pitch::{self, semitones};
use crate::audio::spectrum;
use crate::audio::voice::VoiceActivity;

/// Bursts this long at most and at least: a hesitation lasts 0.15-0.9 s.
const MIN_BURST_S: f64 = 0.14;
const MAX_BURST_S: f64 = 0.9;
/// A level hesitation: this share of its frames voiced at least, a pitch spread (standard
/// deviation around the median, semitones) of at most this, and a colour that holds even
/// better than a glide's (see [`MAX_SPECTRAL_CHANGE`]): a natural voice's "um"s measure 0.41-0.56
/// where the vowel of a short word whisper timed late measures up to 0.69.
pub const MIN_VOICED_SHARE: f32 = 0.8;
pub const MAX_PITCH_SPREAD_ST: f32 = 0.4;
pub const MAX_LEVEL_SPECTRAL_CHANGE: f32 = 0.6;
/// A gliding hesitation (an "uhhh" that falls, as robotic voices and many people say it): its
/// pitch moves in one straight line, at most this far from it (semitones) and this far in all;
/// its quieter nasal end may be less clearly voiced.
pub const MAX_GLIDE_WOBBLE_ST: f32 = 0.2;
pub const MAX_GLIDE_ST: f32 = 8.0;
pub const MIN_GLIDE_VOICED_SHARE: f32 = 0.55;
/// Largest mean frame-to-frame change of the sound's colour (see [`spectrum::spectral_change`]).
pub const MAX_SPECTRAL_CHANGE: f32 = 0.7;
/// The same two limits for the colour measured in bands as wide as the voice's own pitch
/// ([`spectrum::spectral_change_in_bands`]). A higher voice's harmonics are sparser than the
/// fine bands, and drift across their edges: the dev voice pitched up 700 cents measured its
/// "um"s at 0.7-1.0 in fine bands, 0.3-0.5 in pitch-wide ones. A sound is steady when its colour
/// holds in either. Fitted on the dev set's natural voice, checked on dev2's and pitched voices.
pub const MAX_SPECTRAL_CHANGE_PITCH_BANDS: f32 = 0.6;
pub const MAX_LEVEL_SPECTRAL_CHANGE_PITCH_BANDS: f32 = 0.5;
/// A hesitation is said at speaking loudness: its mean level at most this far (dB) under the
/// recording's speech level (the 95th percentile of frame energies). "Um"s measure -4 to -12;
/// quieter bursts are the tails of words.
pub const MIN_LEVEL_DB: f32 = -13.0;
/// The sound is judged without its first and last 20 ms: the onset and decay, half buried in
/// the room's noise, change colour and pitch however steady the sound between them (measured
/// whole, three in four of a natural voice's "um"s failed the steadiness test).
const ONSET_S: f64 = 0.02;
/// A hesitation may come before the first word, this close to it.
const LEAD_IN_S: f64 = 1.5;
/// A short hesitation said on its own between two pauses ("we, uh, shipped it"): a natural
/// voice's "uh" set off like that lasts 0.1-0.3 s, too short for the sustained kind's tests, so
/// it is judged on its pitch line, colour and loudness alone. What keeps the syllables of words
/// out is the pause on both sides: a syllable after a stop's closure ("up-date") or a word whisper
/// timed late is cut off by under 0.1 s. Fitted on the dev answers with fillers said inline
/// (`FILLERS=inline make eval`, natural voice), checked on dev2's and the plain answers.
pub const SHORT_MIN_S: f64 = 0.08;
pub const SHORT_MAX_S: f64 = 0.35;
pub const SHORT_MIN_PAUSE_S: f64 = 0.12;
pub const SHORT_MIN_VOICED_SHARE: f32 = 0.6;
pub const SHORT_MAX_GLIDE_ST: f32 = 4.0;
pub const SHORT_MAX_SPECTRAL_CHANGE_PITCH_BANDS: f32 = 0.7;
pub const SHORT_MAX_SPECTRAL_CHANGE: f32 = 0.8;
pub const SHORT_MIN_LEVEL_DB: f32 = -22.0;

/// How a burst sounds, from its pitch frames.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BurstSound {
    pub duration: f64,
    /// Share of frames that are voiced.
    pub voiced_share: f32,
    /// Standard deviation of the voiced frames' pitch, semitones.
    pub pitch_spread_st: f32,
    /// How fast the sound's colour changes; infinite when too short to tell. Also in bands no
    /// narrower than the burst's pitch.
    pub spectral_change: f32,
    pub spectral_change_pitch_bands: f32,
    /// Standard deviation of the voiced frames' pitch around the straight line through them,
    /// and that line's rise (positive) or fall over the burst, semitones.
    pub pitch_wobble_st: f32,
    pub pitch_glide_st: f32,
    /// Mean energy against the recording's speech level, dB.
    pub level_db: f32,
}

impl BurstSound {
    pub fn measure(voice: &VoiceActivity, samples: &[f32], whole: Span) -> Self {
        let span = Span { start: whole.start + ONSET_S, end: whole.end - ONSET_S };
        let frames = pitch::track(samples, span);
        let voiced: Vec<(f64, f32)> = frames.iter().filter_map(|f| f.hz.map(|hz| (f.time, hz))).collect();
        let voiced_share = if frames.is_empty() { 0.0 } else { voiced.len() as f32 / frames.len() as f32 };
        let mut hz: Vec<f32> = voiced.iter().map(|v| v.1).collect();
        hz.sort_by(f32::total_cmp);
        let median_hz = hz.get(hz.len() / 2).copied();
        let (pitch_spread_st, pitch_wobble_st, pitch_glide_st) =
            median_hz.map_or((f32::INFINITY, f32::INFINITY, f32::INFINITY), |m| pitch_shape(&voiced, m));
        let spectral_change = spectrum::spectral_change(samples, span).unwrap_or(f32::INFINITY);
        let spectral_change_pitch_bands =
            median_hz.and_then(|m| spectrum::spectral_change_in_bands(samples, span, m)).unwrap_or(f32::INFINITY);
        let level_db = voice.mean_energy_db(whole) - voice.speech_db;
        Self {
            duration: whole.duration(),
            voiced_share,
            pitch_spread_st,
            spectral_change,
            spectral_change_pitch_bands,
            pitch_wobble_st,
            pitch_glide_st,
            level_db,
        }
    }

    /// One steady voiced sound of a hesitation's length, its pitch level or gliding one way
    /// (a word's syllables rise and fall).
    pub fn is_hesitation(&self) -> bool {
        let steady = (MIN_BURST_S..=MAX_BURST_S).contains(&self.duration)
            && (self.spectral_change <= MAX_SPECTRAL_CHANGE
                || self.spectral_change_pitch_bands <= MAX_SPECTRAL_CHANGE_PITCH_BANDS)
            && self.level_db >= MIN_LEVEL_DB;
        let level = self.voiced_share >= MIN_VOICED_SHARE
            && self.pitch_spread_st <= MAX_PITCH_SPREAD_ST
            && (self.spectral_change <= MAX_LEVEL_SPECTRAL_CHANGE
                || self.spectral_change_pitch_bands <= MAX_LEVEL_SPECTRAL_CHANGE_PITCH_BANDS);
        let glide = self.voiced_share >= MIN_GLIDE_VOICED_SHARE
            && self.pitch_wobble_st <= MAX_GLIDE_WOBBLE_ST
            && self.pitch_glide_st.abs() <= MAX_GLIDE_ST;
        steady && (level || glide)
    }

    /// A short sound between two pauses (see [`SHORT_MIN_S`]) that is one voiced sound at a level
    /// or straight-gliding pitch.
    pub fn is_short_hesitation(&self) -> bool {
        (SHORT_MIN_S..SHORT_MAX_S).contains(&self.duration)
            && self.voiced_share >= SHORT_MIN_VOICED_SHARE
            && self.pitch_wobble_st <= MAX_GLIDE_WOBBLE_ST
            && self.pitch_glide_st.abs() <= SHORT_MAX_GLIDE_ST
            && self.spectral_change_pitch_bands <= SHORT_MAX_SPECTRAL_CHANGE_PITCH_BANDS
            && self.spectral_change <= SHORT_MAX_SPECTRAL_CHANGE
            && self.level_db >= SHORT_MIN_LEVEL_DB
    }
}

/// The pitch track's spread (standard deviation, semitones, around its `median` Hz), its spread
/// around the straight line through it and that line's rise or fall over the track; infinite
/// with too few voiced frames to judge.
fn pitch_shape(timed: &[(f64, f32)], median: f32) -> (f32, f32, f32) {
    if timed.len() < 3 {
        return (f32::INFINITY, f32::INFINITY, f32::INFINITY);
    }
    let xs: Vec<f64> = timed.iter().map(|t| t.0).collect();
    let ys: Vec<f64> = timed.iter().map(|t| semitones(t.1, median) as f64).collect();
    let n = xs.len() as f64;
    let (mx, my) = (xs.iter().sum::<f64>() / n, ys.iter().sum::<f64>() / n);
    let sxx: f64 = xs.iter().map(|x| (x - mx).powi(2)).sum();
    let sxy: f64 = xs.iter().zip(&ys).map(|(x, y)| (x - mx) * (y - my)).sum();
    let slope = if sxx > 0.0 { sxy / sxx } else { 0.0 };
    let spread = (ys.iter().map(|y| (y - my).powi(2)).sum::<f64>() / n).sqrt();
    let wobble = (xs.iter().zip(&ys).map(|(x, y)| (y - my - slope * (x - mx)).powi(2)).sum::<f64>() / n).sqrt();
    (spread as f32, wobble as f32, (slope * (xs[xs.len() - 1] - xs[0])) as f32)
}

/// A place a hesitation whisper did not write can be.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    pub span: Span,
    /// The one short word whisper made of the burst, if any: on a natural voice it writes an
    /// "uh" as "at" or "a" about a quarter of the time.
    pub heard_as: Option<usize>,
    /// With a pause of [`SHORT_MIN_PAUSE_S`] or more on both sides.
    pub set_off: bool,
}

/// What whisper makes of an "um" or "uh" it does not write as one: a word this short
/// (letters), of which it is this unsure at most. A short word it is sure of stays a word.
const MAX_MISHEARD_LETTERS: usize = 3;
const MAX_MISHEARD_PROBABILITY: f32 = 0.8;

/// Voiced bursts of a hesitation's length near the words in which no counted word starts, or
/// only one short word.
pub fn candidates(voice: &VoiceActivity, words: &[ReportWord]) -> Vec<Candidate> {
    let Some(span) = word_span(words) else { return Vec::new() };
    let bursts = voice.segments(0.05, SHORT_MIN_S);
    let set_off = |k: usize| {
        let before = k.checked_sub(1).map_or(f64::INFINITY, |p| bursts[k].start - bursts[p].end);
        let after = bursts.get(k + 1).map_or(f64::INFINITY, |n| n.start - bursts[k].end);
        before.min(after) >= SHORT_MIN_PAUSE_S
    };
    (0..bursts.len())
        .map(|k| (bursts[k], set_off(k)))
        .filter(|(b, _)| b.start >= span.start - LEAD_IN_S && b.end <= span.end + 0.5)
        .filter(|(b, set_off)| {
            (MIN_BURST_S..=MAX_BURST_S).contains(&b.duration())
                || (*set_off && (SHORT_MIN_S..SHORT_MAX_S).contains(&b.duration()))
        })
        .filter_map(|(b, set_off)| {
            let mut starting = (0..words.len())
                .filter(|&i| !words[i].filler && words[i].start >= b.start - 0.05 && words[i].start < b.end - 0.03);
            match (starting.next(), starting.next()) {
                (None, _) => Some(Candidate { span: b, heard_as: None, set_off }),
                (Some(i), None)
                    if letters(&words[i].text) <= MAX_MISHEARD_LETTERS
                        && words[i].probability < MAX_MISHEARD_PROBABILITY =>
                {
                    Some(Candidate { span: b, heard_as: Some(i), set_off })
                }
                _ => None,
            }
        })
        .collect()
}

fn letters(word: &str) -> usize {
    word.chars().filter(|c| c.is_alphabetic()).count()
}

/// The candidates that sound like a hesitation.
pub fn find(voice: &VoiceActivity, samples: &[f32], words: &[ReportWord]) -> Vec<Candidate> {
    let heard: Vec<Candidate> = candidates(voice, words)
        .into_iter()
        .filter(|c| {
            let sound = BurstSound::measure(voice, samples, c.span);
            sound.is_hesitation() || (c.set_off && sound.is_short_hesitation())
        })
        .collect();
    heard
        .iter()
        .enumerate()
        .filter(|&(k, c)| !heard.get(k + 1).is_some_and(|next| is_word_timed_onto(c, next, words)))
        .map(|(_, c)| *c)
        .collect()
}

/// How far apart two hesitation-like bursts may be for a word between them to belong to the
/// first.
const MAX_WORD_SHIFT_S: f64 = 1.2;

/// Whether `first` is really a short word that whisper timed onto the hesitation after it.
/// Whisper's word starts run late, most of all for a short word opening a sentence ("I", "The",
/// "our"): said as "I, um, ...", the "I" is timed onto the "um", which leaves the "I"'s own steady
/// vowel uncovered. Two hesitation-like bursts with one short word between them are one word and
/// one hesitation; the word came first. In the 53 dev answers (both voices) this pattern came up
/// seven times, every time a word and its hesitation, never two hesitations.
fn is_word_timed_onto(first: &Candidate, second: &Candidate, words: &[ReportWord]) -> bool {
    if first.heard_as.is_some() || second.span.start - first.span.end > MAX_WORD_SHIFT_S {
        return false;
    }
    let mut between =
        words.iter().filter(|w| !w.filler && w.start >= first.span.start - 0.05 && w.start < second.span.end - 0.03);
    match (between.next(), between.next()) {
        (Some(word), None) => letters(&word.text) <= MAX_MISHEARD_LETTERS,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::WHISPER_RATE;
    use crate::audio::test_signals::{noise, voiced};

    /// The sound alone, as if it were the whole recording: at speaking level.
    fn measure(audio: &[f32]) -> BurstSound {
        BurstSound::measure(
            &VoiceActivity::detect(audio),
            audio,
            Span { start: 0.0, end: audio.len() as f64 / WHISPER_RATE as f64 },
        )
    }

    /// A vowel at a pitch that moves from `from` to `to` Hz.
    fn gliding(from: f32, to: f32, seconds: f64) -> Vec<f32> {
        let n = (seconds * WHISPER_RATE as f64) as usize;
        let mut phase = 0.0f32;
        (0..n)
            .map(|i| {
                let hz = from + (to - from) * i as f32 / n as f32;
                phase += std::f32::consts::TAU * hz / WHISPER_RATE as f32;
                0.3 * phase.sin() + 0.15 * (2.0 * phase).sin() + 0.08 * (3.0 * phase).sin()
            })
            .collect()
    }

    #[test]
    fn a_steady_um_is_a_hesitation() {
        let um = measure(&voiced(118.0, 0.45));
        assert!(um.is_hesitation(), "{um:?}");
    }

    /// A held vowel of many harmonics (1/k amplitudes up to 4 kHz) whose pitch wavers by 3% six
    /// times a second (half a semitone), as a voice's does.
    fn wavering(hz: f32, seconds: f64) -> Vec<f32> {
        let n = (seconds * WHISPER_RATE as f64) as usize;
        let mut phase = 0.0f32;
        (0..n)
            .map(|i| {
                let t = i as f32 / WHISPER_RATE as f32;
                phase += std::f32::consts::TAU * hz * (1.0 + 0.03 * (std::f32::consts::TAU * 6.0 * t).sin())
                    / WHISPER_RATE as f32;
                (1..=(4000.0 / hz) as usize).map(|k| 0.3 / k as f32 * (k as f32 * phase).sin()).sum::<f32>()
            })
            .collect()
    }

    #[test]
    fn a_high_voices_um_is_a_hesitation() {
        // Sparse harmonics wavering across the fine bands' edges change their colour; in bands as
        // wide as the pitch the colour holds, as the ear hears it (fine bands alone: 0.63 at
        // 330 Hz and 0.70 at 440 Hz, past the level sound's 0.6).
        for hz in [110.0, 220.0, 330.0, 440.0] {
            let um = measure(&wavering(hz, 0.45));
            assert!(um.is_hesitation(), "{hz} Hz: {um:?}");
            assert!(um.spectral_change_pitch_bands <= um.spectral_change, "{hz} Hz: {um:?}");
        }
    }

    #[test]
    fn a_falling_uhhh_is_a_hesitation() {
        // Five semitones down in one straight line, as a robotic voice (and many people) say it.
        let uh = measure(&gliding(140.0, 105.0, 0.4));
        assert!(uh.pitch_spread_st > MAX_PITCH_SPREAD_ST && uh.pitch_wobble_st < 0.1, "{uh:?}");
        assert!(uh.is_hesitation(), "{uh:?}");
    }

    #[test]
    fn a_word_with_moving_pitch_is_not() {
        // A stressed syllable: 20% pitch rise and fall inside 0.4 s.
        let mut word = gliding(120.0, 150.0, 0.2);
        word.extend(gliding(150.0, 115.0, 0.2));
        let sound = measure(&word);
        assert!(!sound.is_hesitation(), "{sound:?}");
    }

    #[test]
    fn a_stretched_word_with_a_consonant_is_not() {
        // "sooo": a hissed /s/ then a long vowel; the hiss is a fifth of the sound.
        let mut so = noise(0.12, 0.2, 3);
        so.extend(voiced(130.0, 0.5));
        let sound = measure(&so);
        assert!(sound.spectral_change > MAX_SPECTRAL_CHANGE, "{sound:?}");
        assert!(!sound.is_hesitation(), "{sound:?}");
    }

    #[test]
    fn a_breath_and_a_click_are_not() {
        let breath = measure(&noise(0.35, 0.05, 11));
        assert!(!breath.is_hesitation(), "{breath:?}");
        let mut click = vec![0.0f32; 2400];
        click[100] = 0.9;
        click[101] = -0.7;
        assert!(!measure(&click).is_hesitation());
    }

    /// Quiet room noise with `sounds` laid in at their times.
    fn answer(seconds: f64, sounds: &[(f64, Vec<f32>)]) -> Vec<f32> {
        let mut audio = noise(seconds, 0.004, 5);
        for (at, sound) in sounds {
            let first = (at * WHISPER_RATE as f64) as usize;
            for (s, x) in audio[first..].iter_mut().zip(sound) {
                *s += x;
            }
        }
        audio
    }

    /// A syllable: the pitch rises then falls, as a stressed syllable's does.
    fn syllable(hz: f32) -> Vec<f32> {
        let mut s = gliding(hz, hz * 1.25, 0.15);
        s.extend(gliding(hz * 1.25, hz * 0.9, 0.15));
        s
    }

    fn word(text: &str, start: f64) -> ReportWord {
        ReportWord { text: text.into(), start, end: start + 0.3, probability: 0.6, filler: false }
    }

    #[test]
    fn slow_speech_with_gaps_between_words_has_no_hesitation() {
        // 80 wpm: a word every 0.75 s, each its own burst.
        let times: Vec<f64> = (0..8).map(|k| 0.5 + 0.75 * k as f64).collect();
        let sounds: Vec<(f64, Vec<f32>)> = times.iter().map(|&t| (t, syllable(120.0))).collect();
        let audio = answer(7.0, &sounds);
        let words: Vec<ReportWord> = times.iter().map(|&t| word("slowly", t)).collect();
        let voice = VoiceActivity::detect(&audio);
        assert!(candidates(&voice, &words).is_empty());
        assert!(find(&voice, &audio, &words).is_empty());
    }

    #[test]
    fn a_held_hum_between_words_is_found_and_a_moving_one_is_not() {
        let audio = answer(
            4.0,
            &[(0.5, syllable(120.0)), (1.2, voiced(115.0, 0.4)), (2.0, syllable(120.0)), (2.7, syllable(118.0))],
        );
        let words = [word("we", 0.5), word("shipped", 2.0), word("it", 2.7)];
        let voice = VoiceActivity::detect(&audio);
        let found = find(&voice, &audio, &words);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!((found[0].span.start - 1.2).abs() < 0.05 && found[0].heard_as.is_none(), "{found:?}");
        // The same place filled by an unwritten syllable (a word whisper dropped) is not one.
        let audio = answer(
            4.0,
            &[(0.5, syllable(120.0)), (1.2, syllable(115.0)), (2.0, syllable(120.0)), (2.7, syllable(118.0))],
        );
        let voice = VoiceActivity::detect(&audio);
        // "we" and "it" are short enough to be a misheard "uh" and are looked at too.
        let unwritten: Vec<Candidate> =
            candidates(&voice, &words).into_iter().filter(|c| c.heard_as.is_none()).collect();
        assert_eq!(unwritten.len(), 1, "{unwritten:?}");
        assert!(find(&voice, &audio, &words).is_empty());
    }

    #[test]
    fn an_uh_whisper_wrote_as_a_short_word_is_found_but_a_long_word_is_not() {
        let audio = answer(4.0, &[(0.5, syllable(120.0)), (1.2, voiced(115.0, 0.3)), (2.0, syllable(120.0))]);
        let voice = VoiceActivity::detect(&audio);
        let words = [word("we", 0.5), word("at", 1.25), word("shipped", 2.0)];
        let found = find(&voice, &audio, &words);
        assert_eq!(found.iter().map(|c| c.heard_as).collect::<Vec<_>>(), [Some(1)]);
        let words = [word("we", 0.5), word("shipped", 1.25), word("it", 2.0)];
        assert!(find(&voice, &audio, &words).is_empty());
        // A short word whisper is sure of stays a word.
        let words = [word("we", 0.5), ReportWord { probability: 0.95, ..word("at", 1.25) }, word("shipped", 2.0)];
        assert!(find(&voice, &audio, &words).is_empty());
    }

    #[test]
    fn a_short_word_timed_onto_the_hesitation_after_it_is_not_one() {
        // "...shipped. I, um, rolled it back": the steady "I" at 1.2 s, the "um" at 1.8 s, and
        // whisper timing "I" at 1.7 s, just before the "um".
        let audio = answer(
            4.0,
            &[(0.3, syllable(120.0)), (1.2, voiced(125.0, 0.25)), (1.8, voiced(115.0, 0.3)), (2.5, syllable(120.0))],
        );
        let voice = VoiceActivity::detect(&audio);
        let late = [word("shipped.", 0.3), ReportWord { probability: 0.95, ..word("I", 1.7) }, word("rolled", 2.5)];
        let found = find(&voice, &audio, &late);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!((found[0].span.start - 1.8).abs() < 0.05, "{found:?}");
        // A longer word between two hesitations is a word of its own: both count.
        let own = [word("shipped.", 0.3), ReportWord { probability: 0.95, ..word("Then", 1.55) }, word("rolled", 2.5)];
        assert_eq!(find(&voice, &audio, &own).len(), 2);
    }

    #[test]
    fn a_short_uh_set_off_by_pauses_is_found_and_one_butted_to_a_word_is_not() {
        // "we, uh, shipped": a 0.1 s "uh" (shorter than the sustained kind) with 0.3 s pauses.
        let words = [word("we", 0.5), word("shipped", 1.45)];
        let audio = answer(3.0, &[(0.5, syllable(120.0)), (1.1, voiced(115.0, 0.1)), (1.5, syllable(120.0))]);
        let voice = VoiceActivity::detect(&audio);
        let found = find(&voice, &audio, &words);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].set_off && (found[0].span.start - 1.1).abs() < 0.05, "{found:?}");
        // The same sound 0.08 s before the next word: a syllable of it, cut off by a stop.
        let audio = answer(3.0, &[(0.5, syllable(120.0)), (1.1, voiced(115.0, 0.1)), (1.28, syllable(120.0))]);
        let voice = VoiceActivity::detect(&audio);
        assert!(find(&voice, &audio, &words).is_empty());
    }

    #[test]
    fn babble_is_not() {
        // Three talkers at once: their pitches interfere and the sum is not one steady voice.
        let a = gliding(110.0, 140.0, 0.5);
        let b = gliding(210.0, 180.0, 0.5);
        let c = gliding(160.0, 230.0, 0.5);
        let mix: Vec<f32> = a.iter().zip(&b).zip(&c).map(|((x, y), z)| (x + y + z) / 2.0).collect();
        let sound = measure(&mix);
        assert!(!sound.is_hesitation(), "{sound:?}");
    }
}
