//! Transcription while the user speaks: the recording is cut at pauses into chunks of a few
//! seconds, each transcribed as soon as it is complete, so at Stop only the last few seconds
//! are left to do.

use super::{TranscribeError, Transcriber, WhisperSettings, Word, skipped};
use crate::audio::resample;

/// A chunk is cut at the first pause after this much audio...
pub const MIN_CHUNK_S: f64 = 5.0;
/// ...or, with no pause, at the quietest moment once it is this long.
pub const MAX_CHUNK_S: f64 = 20.0;
/// Quiet this long counts as a pause between phrases.
const PAUSE_S: f64 = 0.3;
const FRAME_S: f64 = 0.02;
/// A pause is quieter than the recording's noise floor plus this.
const PAUSE_ABOVE_FLOOR_DB: f32 = 10.0;
/// Chunks whose loudest frame is not this far above the floor hold no speech: whisper would
/// invent text for them.
const SPEECH_ABOVE_FLOOR_DB: f32 = 15.0;

/// Frame levels of the recording so far, for the noise floor.
#[derive(Debug, Default)]
struct Levels {
    frames_db: Vec<f32>,
}

impl Levels {
    /// The 10th percentile of frame levels: the room's noise between words.
    fn floor_db(&self) -> f32 {
        if self.frames_db.is_empty() {
            return -90.0;
        }
        let mut v = self.frames_db.clone();
        let k = v.len() / 10;
        *v.select_nth_unstable_by(k, f32::total_cmp).1
    }
}

fn frame_db(frame: &[f32]) -> f32 {
    let energy = frame.iter().map(|s| s * s).sum::<f32>() / frame.len().max(1) as f32;
    10.0 * (energy + 1e-12).log10()
}

/// Cuts a recording into chunks as it grows and transcribes each; the engine is lent per call
/// so the same chunking serves a live recording and a whole file (`transcribe_in_chunks`).
pub struct LiveTranscriber {
    settings: WhisperSettings,
    rate: u32,
    frame_len: usize,
    /// Source-rate samples not yet transcribed; `pending_start` is the time of the first.
    pending: Vec<f32>,
    pending_start: f64,
    levels: Levels,
    /// Frames of `pending` already measured into `levels`.
    measured: usize,
    words: Vec<Word>,
    /// Seconds spent in whisper, for the benchmark and the time left after Stop.
    pub busy_s: f64,
    /// Seconds of audio whisper was given in that time (chunks without speech are skipped).
    pub whisper_audio_s: f64,
}

impl LiveTranscriber {
    pub fn new(settings: WhisperSettings, rate: u32) -> Self {
        let frame_len = ((rate as f64 * FRAME_S) as usize).max(1);
        Self {
            settings,
            rate,
            frame_len,
            pending: Vec::new(),
            pending_start: 0.0,
            levels: Levels::default(),
            measured: 0,
            words: Vec::new(),
            busy_s: 0.0,
            whisper_audio_s: 0.0,
        }
    }

    pub fn words(&self) -> &[Word] {
        &self.words
    }

    /// Seconds from the start of the recording that are transcribed (or were found silent).
    pub fn transcribed_s(&self) -> f64 {
        self.pending_start
    }

    /// Takes newly recorded samples; transcribes every chunk that is complete and returns the
    /// new words (empty until a chunk is cut).
    pub fn push(&mut self, engine: &dyn Transcriber, samples: &[f32]) -> Result<Vec<Word>, TranscribeError> {
        self.pending.extend_from_slice(samples);
        let whole = self.pending.len() / self.frame_len;
        for f in self.measured..whole {
            let frame = &self.pending[f * self.frame_len..(f + 1) * self.frame_len];
            self.levels.frames_db.push(frame_db(frame));
        }
        self.measured = whole;
        let before = self.words.len();
        while let Some(cut) = self.find_cut() {
            self.transcribe_head(engine, cut)?;
        }
        Ok(self.words[before..].to_vec())
    }

    /// Transcribes what is left; returns the new words.
    pub fn finish(&mut self, engine: &dyn Transcriber) -> Result<Vec<Word>, TranscribeError> {
        let before = self.words.len();
        if !self.pending.is_empty() {
            self.transcribe_head(engine, self.pending.len())?;
        }
        Ok(self.words[before..].to_vec())
    }

    /// The frame levels of `pending`, newest last.
    fn pending_levels(&self) -> &[f32] {
        let n = self.measured;
        &self.levels.frames_db[self.levels.frames_db.len() - n..]
    }

    /// Where to cut `pending` (in samples): the middle of the first pause after MIN_CHUNK_S,
    /// or the quietest frame of the last few seconds once MAX_CHUNK_S is reached.
    fn find_cut(&self) -> Option<usize> {
        let levels = self.pending_levels();
        let min_frames = (MIN_CHUNK_S / FRAME_S) as usize;
        let pause_frames = (PAUSE_S / FRAME_S) as usize;
        if levels.len() < min_frames + pause_frames {
            return None;
        }
        let quiet = self.levels.floor_db() + PAUSE_ABOVE_FLOOR_DB;
        let mut run = 0usize;
        for (i, &db) in levels.iter().enumerate().skip(min_frames / 2) {
            run = if db < quiet { run + 1 } else { 0 };
            if run >= pause_frames && i >= min_frames {
                return Some((i + 1 - run / 2) * self.frame_len);
            }
        }
        if levels.len() as f64 * FRAME_S >= MAX_CHUNK_S {
            let search = (levels.len() - (3.0 / FRAME_S) as usize)..levels.len();
            let quietest = search.min_by(|&a, &b| levels[a].total_cmp(&levels[b]))?;
            return Some(quietest * self.frame_len);
        }
        None
    }

    /// Transcribes `pending[..cut]` and drops it from `pending`.
    fn transcribe_head(&mut self, engine: &dyn Transcriber, cut: usize) -> Result<(), TranscribeError> {
        let chunk: Vec<f32> = self.pending.drain(..cut).collect();
        let cut_frames = (cut / self.frame_len).min(self.measured);
        let chunk_levels = &self.pending_levels()[..cut_frames];
        let loud = chunk_levels.iter().copied().fold(f32::MIN, f32::max);
        let has_speech = loud > self.levels.floor_db() + SPEECH_ABOVE_FLOOR_DB;
        self.measured -= cut_frames;
        let offset = self.pending_start;
        self.pending_start += chunk.len() as f64 / self.rate as f64;
        if !has_speech || chunk.len() < self.rate as usize / 2 {
            return Ok(());
        }
        let started = std::time::Instant::now();
        let at16k = resample::to_whisper_rate(&chunk, self.rate).map_err(|e| TranscribeError::Audio(e.to_string()))?;
        // Each chunk hears what was said before it, as whisper's own 30-second windows do:
        // without it, short chunks lose words and spellings the whole file gets right.
        let prompt = skipped::context_prompt(&self.words).or_else(|| self.settings.initial_prompt.clone());
        // A chunk fills a few seconds of whisper's 30-second window; encoding only those keeps
        // the last chunk, transcribed after Stop, quick with larger models.
        let settings = WhisperSettings { initial_prompt: prompt, single_segment: true, fit_context: true, ..self.settings.clone() };
        let words = engine.transcribe(&at16k, &settings)?;
        self.busy_s += started.elapsed().as_secs_f64();
        self.whisper_audio_s += chunk.len() as f64 / self.rate as f64;
        let end = offset + chunk.len() as f64 / self.rate as f64;
        self.words.extend(words.into_iter().map(|mut w| {
            w.start = (w.start + offset).min(end);
            w.end = (w.end + offset).min(end);
            w
        }));
        Ok(())
    }
}

/// A whole recording transcribed the way a live one is: in the same chunks, each as it would
/// have completed. Lets the live path be measured on files (`analyze --live-chunks`).
pub fn transcribe_in_chunks(engine: &dyn Transcriber, samples: &[f32], rate: u32, settings: &WhisperSettings) -> Result<Vec<Word>, TranscribeError> {
    let mut live = LiveTranscriber::new(settings.clone(), rate);
    // The recorder hands over about a tenth of a second at a time.
    for batch in samples.chunks((rate as usize / 10).max(1)) {
        live.push(engine, batch)?;
    }
    live.finish(engine)?;
    Ok(live.words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floor_is_the_quiet_tenth() {
        let levels = Levels { frames_db: (0..100).map(|i| -80.0 + i as f32 * 0.5).collect() };
        assert_eq!(levels.floor_db(), -75.0);
        assert!((frame_db(&[0.5; 160]) - (-6.02)).abs() < 0.01);
    }
}
