//! A transcriber without model weights, for tests: it "hears" a script. Each stretch of voice
//! in the audio it is given becomes the script's next words, spread over the stretch, so the
//! recorder, live transcription, analysis and the app's screens run on every `cargo test`.
//! It keeps no state: the same audio always gives the same words (each clip starts the
//! script again, so live chunks repeat its opening; flows, not transcripts, are under test).

use std::path::Path;

use super::{TranscribeError, Transcriber, WhisperSettings, Word};
use crate::audio::WHISPER_RATE;
use crate::audio::voice::VoiceActivity;

/// Words a second of voice gets: about a conversational 150 words per minute.
const WORDS_PER_SECOND: f64 = 2.5;

pub struct ScriptedTranscriber {
    words: Vec<String>,
}

impl ScriptedTranscriber {
    pub fn new(script: &str) -> Self {
        Self { words: script.split_whitespace().map(str::to_string).collect() }
    }
}

impl Transcriber for ScriptedTranscriber {
    fn transcribe(&self, samples: &[f32], _settings: &WhisperSettings) -> Result<Vec<Word>, TranscribeError> {
        let stretches = VoiceActivity::detect(samples).segments(0.25, 0.1);
        let mut next = 0;
        let mut out = Vec::new();
        let clip_end = samples.len() as f64 / WHISPER_RATE as f64;
        for span in stretches {
            let n = ((span.duration() * WORDS_PER_SECOND).round() as usize).max(1);
            let step = span.duration() / n as f64;
            for k in 0..n {
                if next >= self.words.len() {
                    break;
                }
                let start = span.start + k as f64 * step;
                out.push(Word {
                    text: self.words[next].clone(),
                    start,
                    end: (start + step * 0.9).min(clip_end),
                    probability: 0.95,
                });
                next += 1;
            }
        }
        Ok(out)
    }

    fn name(&self) -> String {
        "scripted".into()
    }

    fn file(&self) -> Option<&Path> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::test_signals::voiced;

    #[test]
    fn each_voiced_stretch_gets_the_next_words_of_the_script_in_order() {
        let t = ScriptedTranscriber::new("I rolled back the release and errors dropped by forty percent");
        let mut clip = vec![0.0; 8_000];
        clip.extend(voiced(140.0, 1.2));
        clip.extend(vec![0.0; 16_000]);
        let first = t.transcribe(&clip, &WhisperSettings::default()).unwrap();
        assert_eq!(first.iter().map(|w| w.text.as_str()).collect::<Vec<_>>(), ["I", "rolled", "back"]);
        assert!(first[0].start >= 0.4 && first[2].end <= 1.8, "{first:?}");
        let mut twice = clip.clone();
        twice.extend(&clip);
        let both = t.transcribe(&twice, &WhisperSettings::default()).unwrap();
        assert_eq!(
            both.iter().map(|w| w.text.as_str()).collect::<Vec<_>>(),
            ["I", "rolled", "back", "the", "release", "and"],
            "the next stretch continues the script"
        );
        assert_eq!(t.transcribe(&clip, &WhisperSettings::default()).unwrap(), first, "the same audio, the same words");
        assert!(
            t.transcribe(&vec![0.0; 16_000], &WhisperSettings::default()).unwrap().is_empty(),
            "silence has no words"
        );
    }
}
