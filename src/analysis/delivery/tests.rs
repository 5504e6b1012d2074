use super::*;
use crate::analysis::report::{ReportWord, Star};
use crate::audio::WHISPER_RATE;
use crate::audio::test_signals::{intonation, mix_into, noise};

/// Words spread evenly over `span`, the last one closing the sentence with `end_mark`.
fn sentence_words(text: &str, start: f64, end: f64) -> Vec<ReportWord> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let step = (end - start) / words.len() as f64;
    words
        .iter()
        .enumerate()
        .map(|(i, t)| ReportWord {
            text: t.to_string(),
            start: start + i as f64 * step,
            end: start + (i as f64 + 0.9) * step,
            probability: 0.9,
            filler: false,
        })
        .collect()
}

struct Answer {
    samples: Vec<f32>,
    words: Vec<ReportWord>,
}

impl Answer {
    fn new() -> Self {
        Self { samples: noise(0.5, 0.002, 3), words: Vec::new() }
    }

    /// A sentence of `text` spoken with the pitch `hz_at`, then `pause_s` of room noise.
    fn say(mut self, text: &str, seconds: f64, amplitude: f32, hz_at: impl Fn(f64) -> f32, pause_s: f64) -> Self {
        let start = self.samples.len() as f64 / WHISPER_RATE as f64;
        let voice = intonation(hz_at, seconds, amplitude);
        let at = self.samples.len();
        mix_into(&mut self.samples, &voice, at);
        self.words.extend(sentence_words(text, start, start + seconds));
        let room = noise(pause_s, 0.002, self.words.len() as u32);
        let at = self.samples.len();
        mix_into(&mut self.samples, &room, at);
        self
    }

    fn delivery(&self) -> Delivery {
        let voice = VoiceActivity::detect(&self.samples);
        measure(&DeliveryInput {
            words: &self.words,
            samples: &self.samples,
            voice: &voice,
            star: &Star::default(),
            question: None,
            min_word_probability: 0.2,
        })
    }
}

fn flat(t: f64) -> f32 {
    // A quarter-semitone wobble: alive enough to be a voice, flat to a listener.
    140.0 * 2f32.powf(0.25 * (std::f64::consts::TAU * 3.0 * t).sin() as f32 / 12.0)
}

fn lively(t: f64) -> f32 {
    // Rises and falls over six semitones twice a second.
    140.0 * 2f32.powf(3.0 * (std::f64::consts::TAU * 0.5 * t).sin() as f32 / 12.0)
}

#[test]
fn a_flat_sentence_is_monotone_and_a_lively_one_is_not() {
    let answer = Answer::new()
        .say("I rebuilt the deployment scripts over two weeks.", 3.0, 0.3, lively, 0.6)
        .say("Then I moved every service to the new pipeline.", 3.0, 0.3, flat, 0.6)
        .say("And I wrote the runbook for the on call team.", 3.0, 0.3, flat, 0.6)
        .say("Deploys went from an hour to ten minutes.", 3.0, 0.3, lively, 0.6);
    let d = answer.delivery();
    let ranges: Vec<f64> = d.sentences.iter().map(|s| s.range_semitones.expect("judged")).collect();
    assert_eq!(d.sentences.iter().map(|s| s.monotone).collect::<Vec<_>>(), [false, true, true, false], "{ranges:?}");
    assert!(ranges[1] < 0.5 && ranges[0] > 4.0, "{ranges:?}");
    // The two flat sentences are one stretch, from the first's start to the second's end.
    assert_eq!(d.pitch.monotone.len(), 1, "{:?}", d.pitch.monotone);
    assert!(
        (d.pitch.monotone[0].start - d.sentences[1].start).abs() < 1e-9
            && (d.pitch.monotone[0].end - d.sentences[2].end).abs() < 1e-9
    );
    let median = d.pitch.median_hz.expect("voiced");
    assert!((median - 140.0).abs() < 3.0, "{median}");
    assert!(d.pitch.spread_semitones.unwrap() > 1.0 && d.pitch.range_semitones.unwrap() > 3.0, "{:?}", d.pitch);
    // The stored contour follows the voice, around its median.
    let voiced: Vec<f32> = d.pitch.contour.iter().flatten().copied().collect();
    assert!(voiced.len() > 150 && voiced.iter().all(|v| v.abs() < 4.0), "{}", voiced.len());
}

#[test]
fn a_statement_that_rises_at_the_end_is_uptalk_and_a_question_is_not() {
    let rise = |t: f64| if t < 2.2 { 130.0 } else { 130.0 * 2f32.powf(6.0 * ((t - 2.2) / 0.6) as f32 / 12.0) };
    let answer = Answer::new()
        .say("We cut the on call pages by half.", 2.8, 0.3, rise, 0.6)
        .say("Do you know what happened next?", 2.8, 0.3, rise, 0.6)
        .say("The team kept the new process afterwards.", 2.8, 0.3, flat, 0.6);
    let d = answer.delivery();
    assert_eq!(d.sentences.iter().map(|s| s.uptalk).collect::<Vec<_>>(), [true, false, false]);
    assert_eq!(d.pitch.uptalk.len(), 1);
    assert!(d.pitch.uptalk[0].end <= d.sentences[0].end + 1e-9 && d.pitch.uptalk[0].start >= d.sentences[0].start);
}

#[test]
fn a_sentence_that_fades_trails_off_and_a_quiet_one_is_found() {
    let mut answer = Answer::new().say("I owned the migration plan from the start.", 3.0, 0.3, lively, 0.6).say(
        "I checked every table twice before the switch.",
        3.0,
        0.3,
        lively,
        0.6,
    );
    // The second sentence's last two words, 20 dB down.
    let last_two = answer.words[answer.words.len() - 2].start;
    let from = (last_two * WHISPER_RATE as f64) as usize;
    let to = answer.words.last().map(|w| (w.end * WHISPER_RATE as f64) as usize + 1600).unwrap();
    answer.samples[from..to].iter_mut().for_each(|s| *s *= 0.1);
    let answer = answer.say("Nobody lost any data in the move.", 3.0, 0.06, lively, 0.6).say(
        "We finished a week early and under budget.",
        3.0,
        0.3,
        lively,
        0.6,
    );
    let d = answer.delivery();
    assert_eq!(d.sentences.iter().map(|s| s.trailing_off).collect::<Vec<_>>(), [false, true, false, false]);
    assert_eq!(d.energy.quiet.len(), 1, "{:?}", d.sentences);
    assert!((d.energy.quiet[0].start - d.sentences[2].start).abs() < 1e-9);
    let levels: Vec<f64> = d.sentences.iter().filter_map(|s| s.level_db).collect();
    assert_eq!(levels.len(), 4);
    assert!(levels[0] - levels[2] > 12.0, "{levels:?}");
    assert!((d.energy.level_db.unwrap() - levels[0]).abs() < 3.0);
}

#[test]
fn fluency_counts_runs_between_pauses_and_finds_pauses_inside_a_phrase() {
    // Four runs of words, three pauses: 0.4 s after "scripts.", 0.8 s after "the", 1.0 s after "team.".
    let answer = Answer::new()
        .say("I rebuilt the deployment scripts.", 2.0, 0.3, lively, 0.4)
        .say("Then I moved the", 1.2, 0.3, lively, 0.8)
        .say("services to the new pipeline and trained the team.", 3.0, 0.3, lively, 1.0)
        .say("Deploys took ten minutes.", 1.6, 0.3, lively, 0.3);
    let d = answer.delivery();
    let f = &d.fluency;
    let words = answer.words.len() as f64;
    assert!((f.mean_length_of_run - words / 4.0).abs() < 1e-9, "{f:?}");
    let span = answer.words.last().unwrap().end - answer.words[0].start;
    let spoken = span - 0.4 - 0.8 - 1.0;
    // Word ends sit a little before the voice stops (0.9 of a word's slot): allow for it.
    assert!((f.phonation_time_ratio - spoken / span).abs() < 0.05, "{} vs {}", f.phonation_time_ratio, spoken / span);
    assert!((f.pauses_per_minute - 3.0 / (span / 60.0)).abs() < 0.5, "{f:?}");
    assert_eq!(f.mid_phrase_pauses.len(), 1, "{f:?}");
    assert!((f.mid_phrase_pauses[0].start - (answer.words[8].end)).abs() < 0.3, "{f:?}");
}

fn said(text: &str) -> Vec<ReportWord> {
    crate::analysis::report::timed_words(text)
}

#[test]
fn pet_phrases_are_stock_phrases_and_everyday_phrases_said_again_and_again() {
    let words = said(
        "Basically we had a lot of alerts. The release pipeline broke a lot of nights. I fixed the release pipeline, \
         basically by hand, and a lot of people helped. At the end of the day the release pipeline was green.",
    );
    let found = pet_phrases::find(&words, Some("Tell me about a time you fixed a broken process."));
    let texts: Vec<(&str, usize, PetPhraseKind)> =
        found.iter().map(|p| (p.text.as_str(), p.spans.len(), p.kind)).collect();
    assert_eq!(texts, [("a lot of", 3, PetPhraseKind::Repeated), ("basically", 2, PetPhraseKind::Crutch)], "{texts:?}");
    // "the release pipeline" is the topic, said three times; "at the end of the day" once.
    let first = &found[0].spans[0];
    assert!((first.start - words[3].start).abs() < 1e-9 && (first.end - words[5].end).abs() < 1e-9);
}

#[test]
fn a_question_word_said_again_is_the_topic_not_a_habit() {
    let words = said("I made sure of it. I made sure of the plan. I made sure of the dates.");
    assert_eq!(pet_phrases::find(&words, None).iter().map(|p| p.text.as_str()).collect::<Vec<_>>(), ["i made sure of"]);
    assert!(
        pet_phrases::find(&words, Some("How do you make sure deadlines are met?"))
            .iter()
            .all(|p| !p.text.contains("sure"))
    );
    // Pairs of one everyday word and grammar are pieces of many phrases.
    let words = said("It was the right call, you know. The right people, you know. The right time, you know.");
    assert!(pet_phrases::find(&words, None).is_empty(), "{:?}", pet_phrases::find(&words, None));
}

#[test]
fn sentences_end_at_a_full_stop_a_question_mark_or_a_long_silence() {
    let mut words = said("We shipped it. Did it work? Yes it did");
    for w in &mut words[7..] {
        w.start += 2.0;
        w.end += 2.0;
    }
    let s = sentences(&words);
    assert_eq!(s.iter().map(|s| s.words.clone()).collect::<Vec<_>>(), [0..3, 3..6, 6..7, 7..9]);
    assert_eq!(s.iter().map(|s| s.question).collect::<Vec<_>>(), [false, true, false, false]);
}

#[test]
fn silence_and_no_words_give_an_empty_delivery() {
    let samples = noise(3.0, 0.002, 1);
    let voice = VoiceActivity::detect(&samples);
    let d = measure(&DeliveryInput {
        words: &[],
        samples: &samples,
        voice: &voice,
        star: &Star::default(),
        question: None,
        min_word_probability: 0.2,
    });
    assert_eq!(d, Delivery::default());
}

#[test]
fn reports_written_before_delivery_read_with_an_empty_one() {
    let d: Delivery = serde_json::from_str("{}").expect("reads");
    assert_eq!(d, Delivery::default());
    let p: Pitch = serde_json::from_str(r#"{"median_hz": 120.0}"#).expect("reads");
    assert_eq!(p.median_hz, Some(120.0));
    assert!(p.contour.is_empty());
}
