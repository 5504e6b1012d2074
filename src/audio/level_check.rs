//! The microphone check before a first recording: a few seconds of the user's voice judged for
//! level (heard at all, loud enough, not clipping) and for how far it stands above the room.

/// What a short test recording says about the microphone.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LevelCheck {
    /// Loudest 20 ms frame (RMS, dBFS): the voice.
    pub voice_db: f32,
    /// Quietest tenth of the frames (dBFS): the room between words.
    pub room_db: f32,
    /// Share of samples at full scale.
    pub clipped: f32,
    pub verdict: LevelVerdict,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LevelVerdict {
    /// Nothing came in: a muted or wrong microphone.
    Silent,
    TooQuiet,
    /// The voice hardly stands out from the background.
    Noisy,
    Clipping,
    Good,
}

/// Below this the input is digital silence or a muted device.
const SILENT_DB: f32 = -60.0;
/// A voice peaking below this is hard for whisper and for pause detection.
const QUIET_DB: f32 = -35.0;
/// The voice should stand this far above the room.
const MIN_ABOVE_ROOM_DB: f32 = 15.0;
/// More than this share of samples at full scale is audible distortion.
const MAX_CLIPPED: f32 = 0.001;
const FRAME_S: f32 = 0.02;

impl LevelVerdict {
    /// What to tell the user, and what to do about it.
    pub fn advice(self) -> &'static str {
        match self {
            Self::Silent => {
                "Nothing was heard. Check that the right microphone is chosen and not muted, then try again."
            }
            Self::TooQuiet => {
                "Your voice came through very quietly. Move closer to the microphone or raise its input volume in the system settings."
            }
            Self::Noisy => {
                "Your voice hardly stands out from the background noise. Find a quieter spot or move closer to the microphone."
            }
            Self::Clipping => {
                "Your voice is so loud it distorts. Lower the microphone's input volume or move back a little."
            }
            Self::Good => "The level is good: your voice is clear and well above the background.",
        }
    }
}

/// Judges `samples` (mono, at `rate`) of someone saying a sentence.
pub fn check(samples: &[f32], rate: u32) -> LevelCheck {
    let frame = ((rate as f32 * FRAME_S) as usize).max(1);
    let mut frames: Vec<f32> = samples
        .chunks(frame)
        .filter(|c| c.len() == frame)
        .map(|c| {
            let energy = c.iter().map(|s| s * s).sum::<f32>() / c.len() as f32;
            10.0 * (energy + 1e-12).log10()
        })
        .collect();
    frames.sort_by(f32::total_cmp);
    let voice_db = frames.last().copied().unwrap_or(-120.0);
    let room_db = frames.get(frames.len() / 10).copied().unwrap_or(-120.0);
    let clipped = samples.iter().filter(|s| s.abs() >= 0.999).count() as f32 / samples.len().max(1) as f32;
    let verdict = if voice_db < SILENT_DB {
        LevelVerdict::Silent
    } else if clipped > MAX_CLIPPED {
        LevelVerdict::Clipping
    } else if voice_db < QUIET_DB {
        LevelVerdict::TooQuiet
    } else if voice_db - room_db < MIN_ABOVE_ROOM_DB {
        LevelVerdict::Noisy
    } else {
        LevelVerdict::Good
    };
    LevelCheck { voice_db, room_db, clipped, verdict }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::test_signals::{noise, voiced};

    const RATE: u32 = 16_000;

    /// Half a second of room, two seconds of a voiced sound scaled by `gain`, half a second of room.
    fn sentence(gain: f32, room: f32) -> Vec<f32> {
        let voice = voiced(140.0, 2.0);
        let hiss = noise(3.0, room, 7);
        let start = RATE as usize / 2;
        hiss.iter().enumerate().map(|(i, h)| h + voice.get(i.wrapping_sub(start)).map_or(0.0, |v| v * gain)).collect()
    }

    #[test]
    fn each_kind_of_bad_input_is_told_apart_from_a_good_one() {
        assert_eq!(check(&sentence(1.0, 0.001), RATE).verdict, LevelVerdict::Good);
        assert_eq!(check(&vec![0.0; RATE as usize * 3], RATE).verdict, LevelVerdict::Silent);
        assert_eq!(check(&sentence(0.05, 0.0005), RATE).verdict, LevelVerdict::TooQuiet);
        assert_eq!(check(&sentence(1.0, 0.4), RATE).verdict, LevelVerdict::Noisy);
        let loud: Vec<f32> = sentence(4.0, 0.001).into_iter().map(|s| s.clamp(-1.0, 1.0)).collect();
        assert_eq!(check(&loud, RATE).verdict, LevelVerdict::Clipping);
        assert_eq!(check(&[], RATE).verdict, LevelVerdict::Silent, "no audio at all");
    }
}
