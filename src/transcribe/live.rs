//! Transcription while the user speaks: the recording is cut at pauses into chunks of a few
//! seconds, each transcribed as soon as it is complete, so at Stop only the last few seconds
//! are left to do.

use super::{TranscribeError, Transcriber, WhisperSettings, Word, skipped};
use crate::audio::WHISPER_RATE;

/// A chunk is cut at the first pause after this much audio...
pub const MIN_CHUNK_S: f64 = 5.0;
/// ...or, with no pause, at the quietest moment once it is this long.
pub const MAX_CHUNK_S: f64 = 20.0;
/// Silence kept before the voice at the start of a chunk.
const LEAD_KEPT_S: f64 = 0.2;
/// Frames are measured, and a cut looked for, this many (0.1 s) at a time.
const STEP_FRAMES: usize = 5;
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
    /// The floor as last worked out: the recording worker asks for it several times a second
    /// while no new frames arrive, and working it out copies and selects over every frame.
    floor: std::cell::Cell<Option<f32>>,
}

impl Levels {
    fn push(&mut self, db: f32) {
        self.frames_db.push(db);
        self.floor.set(None);
    }

    /// The 10th percentile of frame levels: the room's noise between words.
    fn floor_db(&self) -> f32 {
        if self.frames_db.is_empty() {
            return -90.0;
        }
        if let Some(floor) = self.floor.get() {
            return floor;
        }
        // Digital silence (a muted microphone, a dropout) is no room's floor: with it, every
        // frame of speech and pause alike would sit far above the floor, and no pause be found.
        let mut v: Vec<f32> =
            self.frames_db.iter().copied().filter(|&db| db >= crate::audio::voice::DROPOUT_DB).collect();
        if v.is_empty() {
            v = self.frames_db.clone();
        }
        let k = v.len() / 10;
        let floor = *v.select_nth_unstable_by(k, f32::total_cmp).1;
        self.floor.set(Some(floor));
        floor
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
    /// Samples not yet transcribed; `pending_start` is the time of the first.
    pending: Vec<f32>,
    pending_start: f64,
    levels: Levels,
    /// Frames of `pending` already measured into `levels`.
    measured: usize,
    words: Vec<Word>,
    /// `pending` up to its latest pause, transcribed while whisper had nothing else to do.
    ahead: Option<Ahead>,
    /// Seconds spent in whisper, for the benchmark and the time left after Stop.
    pub busy_s: f64,
    /// Seconds of audio whisper was given in that time (chunks without speech are skipped).
    pub whisper_audio_s: f64,
}

impl LiveTranscriber {
    /// A transcriber for 16 kHz samples (a recording goes through `audio::StreamResampler`).
    pub fn new(settings: WhisperSettings) -> Self {
        let rate = WHISPER_RATE;
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
            ahead: None,
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

    /// Seconds of `pending` already transcribed ahead (see [`Self::transcribe_ahead`]).
    pub fn ahead_s(&self) -> f64 {
        self.ahead.as_ref().map_or(0.0, |a| a.cut as f64 / self.rate as f64)
    }

    /// Takes newly recorded samples; transcribes every chunk that is complete and returns the
    /// new words (empty until a chunk is cut).
    ///
    /// Frames are measured and a cut looked for a step (0.1 s) at a time, whatever the batches
    /// the samples came in: where the chunks fall depends on the samples alone, so a recording
    /// and its saved file are cut, and heard, alike.
    pub fn push(&mut self, engine: &dyn Transcriber, samples: &[f32]) -> Result<Vec<Word>, TranscribeError> {
        self.pending.extend_from_slice(samples);
        let before = self.words.len();
        loop {
            let step_end = (self.measured / STEP_FRAMES + 1) * STEP_FRAMES;
            if step_end > self.pending.len() / self.frame_len {
                break;
            }
            self.measure_to(step_end);
            self.skip_dropout();
            while let Some(cut) = self.find_cut() {
                self.transcribe_head(engine, cut)?;
            }
        }
        Ok(self.words[before..].to_vec())
    }

    /// Transcribes what is left, in two chunks when the speaker paused in it (the first of them
    /// usually transcribed ahead, [`Self::transcribe_ahead`]); returns the new words.
    pub fn finish(&mut self, engine: &dyn Transcriber) -> Result<Vec<Word>, TranscribeError> {
        let before = self.words.len();
        self.measure_to(self.pending.len() / self.frame_len);
        self.skip_dropout();
        if let Some(cut) = self.last_pause() {
            let words = match self.ahead.take() {
                // Whisper heard then what it would hear now: the same samples, the same prompt.
                Some(ahead)
                    if ahead.cut == cut && ahead.heard == self.has_speech(cut) && ahead.skip == self.lead_skip(cut) =>
                {
                    ahead.words
                }
                _ => self.transcribe_span(engine, cut)?,
            };
            self.commit_head(cut, words);
        }
        self.ahead = None;
        if !self.pending.is_empty() {
            self.transcribe_head(engine, self.pending.len())?;
        }
        Ok(self.words[before..].to_vec())
    }

    /// Drops the digital silence `pending` starts with (a muted microphone, a dropout, zeros
    /// before the answer): the next chunk starts where the input comes back, as it would
    /// without them, so they change no word.
    fn skip_dropout(&mut self) {
        let silent = self.pending_levels().iter().take_while(|&&db| db < crate::audio::voice::DROPOUT_DB).count();
        if silent > 0 {
            self.ahead = None;
            self.commit_head(silent * self.frame_len, Vec::new());
        }
    }

    /// Measures the frames of `pending` up to `frames` into `levels`.
    fn measure_to(&mut self, frames: usize) {
        for f in self.measured..frames {
            let frame = &self.pending[f * self.frame_len..(f + 1) * self.frame_len];
            self.levels.push(frame_db(frame));
        }
        self.measured = self.measured.max(frames);
    }

    /// The frame levels of `pending`, newest last.
    fn pending_levels(&self) -> &[f32] {
        let n = self.measured;
        &self.levels.frames_db[self.levels.frames_db.len() - n..]
    }

    /// For each frame of `pending` from `from` on: its index and how many frames in a row up to
    /// it (counted from `from`) were quiet enough for a pause.
    fn quiet_runs(&self, from: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        let quiet = self.levels.floor_db() + PAUSE_ABOVE_FLOOR_DB;
        self.pending_levels().iter().enumerate().skip(from).scan(0usize, move |run, (i, &db)| {
            *run = if db < quiet { *run + 1 } else { 0 };
            Some((i, *run))
        })
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
        for (i, run) in self.quiet_runs(min_frames / 2) {
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
        // A chunk cut for real replaces whatever was transcribed ahead of it.
        self.ahead = None;
        let words = self.transcribe_span(engine, cut)?;
        self.commit_head(cut, words);
        Ok(())
    }

    /// Whether `pending[..cut]` holds speech by the levels measured so far: whisper invents
    /// text for a stretch without any.
    fn has_speech(&self, cut: usize) -> bool {
        let cut_frames = (cut / self.frame_len).min(self.measured);
        let loud = self.pending_levels()[..cut_frames].iter().copied().fold(f32::MIN, f32::max);
        loud > self.levels.floor_db() + SPEECH_ABOVE_FLOOR_DB && cut >= self.rate as usize / 2
    }

    /// The words of `pending[..cut]` relative to its start (none for a stretch without speech).
    fn transcribe_span(&mut self, engine: &dyn Transcriber, cut: usize) -> Result<Vec<Word>, TranscribeError> {
        if !self.has_speech(cut) {
            return Ok(Vec::new());
        }
        let started = std::time::Instant::now();
        // Each chunk hears what was said before it, as whisper's own 30-second windows do:
        // without it, short chunks lose words and spellings the whole file gets right.
        let prompt = skipped::context_prompt(&self.words).or_else(|| self.settings.initial_prompt.clone());
        // A chunk fills a few seconds of whisper's 30-second window; encoding only those keeps
        // the last chunk, transcribed after Stop, quick with larger models.
        let settings = WhisperSettings {
            initial_prompt: prompt,
            single_segment: true,
            fit_context: true,
            ..self.settings.clone()
        };
        // A chunk that opens on a long silence (after a long pause) starts shortly before the
        // voice: whisper gave the first word after such a silence a probability of 0.03-0.1,
        // enough to drop an "I" from the counts (dev piper, 1 answer in 3).
        let skip = self.lead_skip(cut);
        let mut words = engine.transcribe(&self.pending[skip..cut], &settings)?;
        let shift = skip as f64 / self.rate as f64;
        for w in &mut words {
            w.start += shift;
            w.end += shift;
        }
        self.busy_s += started.elapsed().as_secs_f64();
        self.whisper_audio_s += (cut - skip) as f64 / self.rate as f64;
        Ok(words)
    }

    /// Samples of silence at the start of `pending[..cut]` left out of its chunk, all but the
    /// last [`LEAD_KEPT_S`] before the voice.
    fn lead_skip(&self, cut: usize) -> usize {
        let quiet = self.levels.floor_db() + PAUSE_ABOVE_FLOOR_DB;
        let lead = self.pending_levels().iter().take_while(|&&db| db < quiet).count();
        let keep = (LEAD_KEPT_S / FRAME_S) as usize;
        (lead.saturating_sub(keep) * self.frame_len).min(cut)
    }

    /// Drops `pending[..cut]`, keeping its `words` (timed from its start) in the transcript.
    fn commit_head(&mut self, cut: usize, words: Vec<Word>) {
        let cut = cut.min(self.pending.len());
        self.pending.drain(..cut);
        self.measured -= (cut / self.frame_len).min(self.measured);
        let offset = self.pending_start;
        self.pending_start += cut as f64 / self.rate as f64;
        let end = self.pending_start;
        self.words.extend(words.into_iter().map(|mut w| {
            w.start = (w.start + offset).min(end);
            w.end = (w.end + offset).min(end);
            w
        }));
    }

    /// While whisper would otherwise wait for the next chunk: transcribe `pending` up to the
    /// pause the speaker has just made, so that if they press Stop now only what follows it is
    /// left (on a busy machine the last chunk took 3.5 s after Stop). Whisper's words are the
    /// same as if the chunk had been cut there; a chunk cut later for real replaces them.
    /// Returns whether whisper ran.
    pub fn transcribe_ahead(&mut self, engine: &dyn Transcriber) -> Result<bool, TranscribeError> {
        let Some(cut) = self.just_paused() else { return Ok(false) };
        if self.ahead.as_ref().is_some_and(|a| a.cut >= cut) {
            return Ok(false);
        }
        let (heard, skip) = (self.has_speech(cut), self.lead_skip(cut));
        let words = self.transcribe_span(engine, cut)?;
        self.ahead = Some(Ahead { cut, heard, skip, words });
        Ok(true)
    }

    /// Each pause in `pending` long enough to cut at with at least [`AHEAD_MIN_S`] of audio
    /// before it: where to cut it (in frames, half a pause's length into it, a point that stays
    /// put however long the pause goes on) and its last frame so far.
    fn pauses(&self) -> Vec<(usize, usize)> {
        let pause_frames = (PAUSE_S / FRAME_S) as usize;
        let min_frames = (AHEAD_MIN_S / FRAME_S) as usize;
        let mut found: Vec<(usize, usize)> = Vec::new();
        for (i, run) in self.quiet_runs(0) {
            let cut = i + 1 - run + pause_frames / 2;
            if run < pause_frames || cut < min_frames {
                continue;
            }
            match found.last_mut() {
                Some(last) if last.0 == cut => last.1 = i,
                _ => found.push((cut, i)),
            }
        }
        found
    }

    /// Where the last pause of `pending` is cut (in samples), if it has one.
    fn last_pause(&self) -> Option<usize> {
        self.pauses().last().map(|&(cut, _)| cut * self.frame_len)
    }

    /// The cut of a pause that has just ended or is still going on: what [`Self::finish`]
    /// would cut at if the speaker stopped now.
    fn just_paused(&self) -> Option<usize> {
        let recent = (AHEAD_RECENT_S / FRAME_S) as usize;
        let frames = self.measured;
        let &(cut, last) = self.pauses().last()?;
        (last + recent >= frames).then_some(cut * self.frame_len)
    }
}

/// Speech before a pause, transcribed ahead of its chunk's cut.
#[derive(Debug)]
struct Ahead {
    /// Where the chunk would be cut, in samples of `pending`.
    cut: usize,
    /// Whether the span was found to hold speech (and so went to whisper), and the silence
    /// left out before its voice.
    heard: bool,
    skip: usize,
    words: Vec<Word>,
}

/// Ahead-of-time transcription needs this much speech before the pause...
const AHEAD_MIN_S: f64 = 1.5;
/// ...and a pause that ended at most this long ago (or is still going on).
const AHEAD_RECENT_S: f64 = 0.5;

/// A whole recording transcribed the way a live one is: in the same chunks, each as it would
/// have completed: how every file is transcribed, so it gets the report its recording got.
pub fn transcribe_in_chunks(
    engine: &dyn Transcriber,
    samples: &[f32],
    settings: &WhisperSettings,
) -> Result<Vec<Word>, TranscribeError> {
    let mut live = LiveTranscriber::new(settings.clone());
    // The batches do not matter (see `push`); a recorder hands over about a tenth of a second.
    for batch in samples.chunks(WHISPER_RATE as usize / 10) {
        live.push(engine, batch)?;
    }
    live.finish(engine)?;
    Ok(live.words)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Half a second of room noise, `first` s of voice, a 0.6 s pause, `second` s of voice.
    fn two_phrases(first: f64, second: f64) -> Vec<f32> {
        use crate::audio::test_signals::{noise, voiced};
        let mut audio = noise(0.5, 0.001, 1);
        audio.extend(voiced(150.0, first));
        audio.extend(noise(0.6, 0.001, 2));
        audio.extend(voiced(140.0, second));
        audio.extend(noise(0.2, 0.001, 3));
        audio
    }

    fn feed(live: &mut LiveTranscriber, engine: &dyn Transcriber, audio: &[f32], ahead: bool) {
        for batch in audio.chunks(1_600) {
            live.push(engine, batch).unwrap();
            if ahead {
                live.transcribe_ahead(engine).unwrap();
            }
        }
    }

    /// Each word's start, to a tenth of a second.
    fn word_starts(live: &LiveTranscriber) -> Vec<i64> {
        live.words().iter().map(|w| (w.start * 10.0).round() as i64).collect()
    }

    #[test]
    fn speech_before_a_pause_is_transcribed_ahead_and_only_the_rest_after_stop() {
        let engine = crate::transcribe::scripted::ScriptedTranscriber::new(&"word ".repeat(200));
        let audio = two_phrases(2.0, 1.5);
        let mut plain = LiveTranscriber::new(WhisperSettings::default());
        feed(&mut plain, &engine, &audio, false);
        assert_eq!(plain.whisper_audio_s, 0.0, "under 5 s: no chunk cut while recording");
        plain.finish(&engine).unwrap();

        let mut live = LiveTranscriber::new(WhisperSettings::default());
        feed(&mut live, &engine, &audio, true);
        let before_stop = live.whisper_audio_s;
        // 0.2 s before the voice (the rest of the lead-in is left out), the phrase, 0.15 s of pause.
        assert!((2.2..2.5).contains(&before_stop), "the first phrase and part of its pause: {before_stop:.2} s");
        // Asking again during the same pause or the next phrase does not run whisper again.
        assert!(!live.transcribe_ahead(&engine).unwrap());
        live.finish(&engine).unwrap();
        let after_stop = live.whisper_audio_s - before_stop;
        // 0.2 s of the pause, the second phrase (1.5 s) and the end (0.2 s), where without it
        // all of it is transcribed after Stop, in the same two chunks.
        assert!((1.8..2.0).contains(&after_stop), "after Stop only the second phrase: {after_stop:.2} s");
        assert!((plain.whisper_audio_s - live.whisper_audio_s).abs() < 1e-9, "the same chunks");
        assert!((live.transcribed_s() - plain.transcribed_s()).abs() < 1e-9);
        // The same speech timed the same: each phrase's words sit where the phrase is.
        assert_eq!(live.words().len(), plain.words().len());
        assert_eq!(word_starts(&live), word_starts(&plain));
    }

    #[test]
    fn a_chunk_cut_for_real_replaces_what_was_transcribed_ahead() {
        let engine = crate::transcribe::scripted::ScriptedTranscriber::new(&"word ".repeat(200));
        // 2 s, a pause, 4 s, a pause (a real cut after 5 s, replacing the first phrase's words
        // transcribed ahead), then two short phrases left for Stop: no word twice, none lost.
        let audio = [two_phrases(2.0, 4.0), two_phrases(1.0, 1.0)].concat();
        let mut live = LiveTranscriber::new(WhisperSettings::default());
        feed(&mut live, &engine, &audio, true);
        live.finish(&engine).unwrap();
        let mut plain = LiveTranscriber::new(WhisperSettings::default());
        feed(&mut plain, &engine, &audio, false);
        plain.finish(&engine).unwrap();
        assert_eq!(word_starts(&live), word_starts(&plain), "no word twice, none lost");
    }

    #[test]
    fn chunks_fall_where_the_samples_say_whatever_the_batches() {
        let engine = crate::transcribe::scripted::ScriptedTranscriber::new(&"word ".repeat(400));
        // Phrases and pauses enough for cuts at pauses, and a 25 s run without one (a cut at
        // the quietest moment once a chunk reaches 20 s).
        let mut audio = [two_phrases(3.0, 4.0), two_phrases(2.5, 1.0), two_phrases(1.0, 2.0)].concat();
        audio.extend(crate::audio::test_signals::voiced(130.0, 25.0));
        audio.extend(two_phrases(1.5, 2.0));
        let words_in = |batch: usize, ahead: bool| {
            let mut live = LiveTranscriber::new(WhisperSettings::default());
            for part in audio.chunks(batch) {
                live.push(&engine, part).unwrap();
                if ahead {
                    live.transcribe_ahead(&engine).unwrap();
                }
            }
            live.finish(&engine).unwrap();
            live.words().iter().map(|w| (w.text.clone(), (w.start * 1000.0).round() as i64)).collect::<Vec<_>>()
        };
        let file = transcribe_in_chunks(&engine, &audio, &WhisperSettings::default()).unwrap();
        let file: Vec<_> = file.iter().map(|w| (w.text.clone(), (w.start * 1000.0).round() as i64)).collect();
        assert!(file.len() > 50);
        for (batch, ahead) in [(1, false), (317, true), (1_600, true), (7_000, false), (audio.len(), false)] {
            assert_eq!(words_in(batch, ahead), file, "batches of {batch}, transcribed ahead: {ahead}");
        }
    }

    #[test]
    fn floor_is_the_quiet_tenth() {
        let mut levels = Levels::default();
        (0..100).for_each(|i| levels.push(-80.0 + i as f32 * 0.5));
        assert_eq!(levels.floor_db(), -75.0);
        // The remembered floor follows new frames.
        (0..100).for_each(|_| levels.push(-90.0));
        assert_eq!(levels.floor_db(), -90.0);
        assert!((frame_db(&[0.5; 160]) - (-6.02)).abs() < 0.01);
    }
}
