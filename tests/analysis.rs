//! The analysis on hand-built timed transcripts with matching synthetic audio: each word is a
//! burst of tone where its times say, silence elsewhere, so the acoustic measures see what
//! the words say.

use starling::analysis::{
    AnalysisInput, AnalysisSettings, FillerSource, HesitationSearch, ModelRef, PauseKind, PausePlace, Report, Severity,
    StarLabel, analyze,
};
use starling::audio::WHISPER_RATE;
use starling::transcribe::Word;

/// Words at `wps` words per second, with extra silence after words ending in '|' and a
/// voiced hesitation (no word) where a token is "~".
fn build(text: &str, wps: f64) -> (Vec<Word>, Vec<f32>) {
    build_in_room(text, wps, 0.002)
}

/// As [`build`], in white noise of peak `noise_amplitude` (the voice peaks at 0.3).
fn build_in_room(text: &str, wps: f64, noise_amplitude: f32) -> (Vec<Word>, Vec<f32>) {
    let step = 1.0 / wps;
    let mut t = 0.5;
    let mut words = Vec::new();
    let mut spans = Vec::new();
    for token in text.split_whitespace() {
        if token == "~" {
            spans.push((t, t + 0.4));
            t += 0.6;
            continue;
        }
        let (word, pause) = match token.strip_suffix('|') {
            Some(w) => (w, 1.5),
            None => (token, 0.0),
        };
        let len = step * 0.8;
        words.push(Word { text: word.to_string(), start: t, end: t + step, probability: 0.95 });
        spans.push((t, t + len));
        t += step + pause;
    }
    let total = ((t + 1.0) * WHISPER_RATE as f64) as usize;
    let mut samples = vec![0.0f32; total];
    let mut noise: u32 = 7;
    for s in samples.iter_mut() {
        noise = noise.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        *s = ((noise >> 8) as f32 / (1u32 << 24) as f32 - 0.5) * noise_amplitude;
    }
    for (a, b) in spans {
        let (first, last) = ((a * WHISPER_RATE as f64) as usize, ((b * WHISPER_RATE as f64) as usize).min(total));
        for (i, s) in samples.iter_mut().enumerate().take(last).skip(first) {
            *s += (i as f32 * 0.09).sin() * 0.3;
        }
    }
    (words, samples)
}

fn report(text: &str, wps: f64) -> Report {
    report_for(text, wps, None)
}

fn report_for(text: &str, wps: f64, question: Option<&str>) -> Report {
    let (words, samples) = build(text, wps);
    analyze_built(&words, &samples, question)
}

fn analyze_built(words: &[Word], samples: &[f32], question: Option<&str>) -> Report {
    let input = AnalysisInput {
        words,
        samples,
        duration_s: samples.len() as f64 / WHISPER_RATE as f64,
        model: ModelRef::default(),
        source: None,
        question: question.map(|q| starling::analysis::QuestionRef { id: "q".into(), text: Some(q.into()) }),
        markers: &[],
        words_aligned: false,
        star_model: None,
        corrections: &Default::default(),
    };
    analyze(&input, &AnalysisSettings::default())
}

#[test]
fn lessons_are_expected_only_when_the_question_asks_for_them() {
    let codes = |r: &Report| r.findings.iter().map(|f| f.code.to_string()).collect::<Vec<_>>();
    let asks = "Tell me about a time you failed to meet a customer's expectations. What did you learn?";
    let r = report_for(STAR_ANSWER, 2.5, Some(asks));
    assert!(codes(&r).contains(&"missing_reflection".to_string()), "{:?}", codes(&r));
    let r = report_for(STAR_ANSWER, 2.5, Some("Tell me about a time you simplified something for customers."));
    assert!(!codes(&r).contains(&"missing_reflection".to_string()));
    let with_lesson =
        format!("{STAR_ANSWER} I learned that small safe steps beat big careful plans, and I now ship behind flags.");
    let r = report_for(&with_lesson, 2.5, Some(asks));
    assert!(
        !codes(&r).contains(&"missing_reflection".to_string()),
        "{:?} {:?}",
        codes(&r),
        r.star.sections.iter().map(|s| s.label).collect::<Vec<_>>()
    );
}

const STAR_ANSWER: &str = "Last year our team ran a checkout service that failed during launches. \
    There were many angry customers and the company was losing sales. \
    My task was to make releases safe before the holidays. \
    I decided to add canary releases. I built a dashboard for error rates. I wrote a rollback script and tested it weekly. \
    I also ran a review with the payments team. Then I trained two engineers to run releases. \
    As a result, failed releases dropped by 80 percent. We shipped every holiday release on time.";

#[test]
fn pace_counts_words_over_the_speaking_span() {
    let r = report(STAR_ANSWER, 2.5);
    assert_eq!(r.pacing.word_count, r.words.len());
    assert!((r.pacing.wpm - 150.0).abs() < 6.0, "wpm {}", r.pacing.wpm);
    assert!(r.pacing.articulation_wpm >= r.pacing.wpm);
    assert!(!r.pacing.wpm_over_time.is_empty());
}

#[test]
fn pauses_come_from_the_audio_and_are_classified() {
    let r = report("I rolled back the release.| Then I wrote| a regression test.", 2.5);
    let long: Vec<_> = r.pacing.pauses.iter().filter(|p| p.kind != PauseKind::Short).collect();
    assert_eq!(long.len(), 2, "{:?}", r.pacing.pauses);
    assert_eq!(long[0].place, PausePlace::BetweenSentences);
    assert_eq!(long[1].place, PausePlace::MidClause);
    assert!(long.iter().all(|p| (p.duration - 1.5 - 0.08).abs() < 0.15), "{long:?}");
}

#[test]
fn voiced_stretches_without_words_become_acoustic_fillers() {
    let r = report("I rolled back ~ the release and ~ wrote a test.", 2.5);
    let acoustic: Vec<_> = r.fillers.items.iter().filter(|f| f.source == FillerSource::Acoustic).collect();
    assert_eq!(acoustic.len(), 2, "{:?}", r.fillers.items);
    assert!(r.fillers.per_minute > 0.0);
}

#[test]
fn a_noisy_room_counts_only_the_transcripts_hesitations_and_says_so() {
    let text = "Um, I rolled back ~ the release| and ~ wrote a test.";
    let clean = report(text, 2.5);
    assert_eq!(clean.fillers.hesitations_from, HesitationSearch::TranscriptAndAudio);
    assert!(clean.fillers.items.iter().any(|f| f.source == FillerSource::Acoustic));
    assert!(!clean.findings.iter().any(|f| f.code.to_string() == "hesitations_transcript_only"));
    // Hiss about 15 dB under the voice: the audio check would be guessing.
    let (words, samples) = build_in_room(text, 2.5, 0.12);
    let noisy = analyze_built(&words, &samples, None);
    assert_eq!(noisy.fillers.hesitations_from, HesitationSearch::TranscriptOnlyNoisyRoom);
    let sources: Vec<_> = noisy.fillers.items.iter().map(|f| (f.text.as_str(), f.source)).collect();
    assert_eq!(sources, [("um", FillerSource::Transcript)]);
    assert!(
        noisy
            .findings
            .iter()
            .any(|f| f.code.to_string() == "hesitations_transcript_only" && f.message.contains("noisy")),
        "{:?}",
        noisy.findings
    );
    // The pause is still heard through the noise.
    assert_eq!(noisy.pacing.long_pause_count, 1, "{:?}", noisy.pacing.pauses);
}

#[test]
fn reports_written_before_the_hesitation_search_was_recorded_still_read() {
    let r = report("I rolled back the release.", 2.5);
    let mut json: serde_json::Value = serde_json::to_value(&r).unwrap();
    json["fillers"].as_object_mut().unwrap().remove("hesitations_from");
    let back: Report = serde_json::from_value(json).unwrap();
    assert_eq!(back.fillers.hesitations_from, HesitationSearch::TranscriptAndAudio);
}

#[test]
fn reports_written_before_the_decoding_was_recorded_still_read() {
    let mut r = report("I rolled back the release.", 2.5);
    r.model = starling::analysis::ModelRef { name: "tiny.en".into(), file: None, decoding: Some("beam 5".into()) };
    assert_eq!(r.model.label(), "tiny.en, beam 5");
    let mut json: serde_json::Value = serde_json::to_value(&r).unwrap();
    json["model"].as_object_mut().unwrap().remove("decoding");
    let back: Report = serde_json::from_value(json).unwrap();
    assert_eq!(back.model.decoding, None);
    assert_eq!(back.model.label(), "tiny.en");
}

#[test]
fn star_sections_in_order_with_shares() {
    let r = report(STAR_ANSWER, 2.5);
    let labels: Vec<_> = r.star.sections.iter().map(|s| s.label).collect();
    assert_eq!(labels, [StarLabel::Situation, StarLabel::Task, StarLabel::Action, StarLabel::Result]);
    assert_eq!(r.content.result_quantified, Some(true));
    let action = r.pronouns.by_section.iter().find(|s| s.label == StarLabel::Action).unwrap();
    assert!(action.i_share.unwrap() > 0.9);
}

#[test]
#[ignore = "known regression of the learned STAR model (issue 15): a one-sentence headline Result opening the answer is read as the Situation (its Result odds fall 0.06 short); run with --ignored"]
fn an_out_of_order_answer_keeps_its_headline_result() {
    // A headline result first, then the usual order.
    let r = report(
        "As a result of my work, failed releases dropped by 80 percent, revenue grew 12 percent and we saved 3 hours a week. \
         Last year our team ran a checkout service that failed during launches. There were many angry customers and the company was losing sales. \
         My task was to make the release process safe before the holiday season. \
         I decided to add canary releases. I built a dashboard for error rates. I wrote a rollback script and tested it every week. \
         I also ran a review with the payments team. Then I trained two engineers to run releases. I set up alerts for every service. \
         I met the support lead every Friday. I wrote a guide for new engineers.",
        2.5,
    );
    let labels: Vec<_> = r.star.sections.iter().map(|s| s.label).collect();
    assert_eq!(labels.first(), Some(&StarLabel::Result), "{labels:?}");
    assert!(labels.contains(&StarLabel::Situation) && labels.contains(&StarLabel::Action), "{labels:?}");
    assert!(r.star.missing.is_empty(), "{:?}", r.star.missing);
}

#[test]
fn an_all_we_answer_is_flagged() {
    let r = report(
        "Our team had a slow build. We needed to speed it up. We decided to cache dependencies. We wrote a script. We split the tests. As a result the build took 4 minutes instead of 20.",
        2.5,
    );
    assert_eq!(r.pronouns.i, 0);
    assert!(r.pronouns.we >= 5);
    let codes: Vec<String> = r.findings.iter().map(|f| f.code.to_string()).collect();
    assert!(codes.iter().any(|c| c == "no_i"), "{codes:?}");
    assert!(!r.pronouns.we_sentences_in_action.is_empty() || !codes.iter().any(|c| c == "action_we"));
}

#[test]
fn a_missing_result_and_hypotheticals_are_findings() {
    let r = report(
        "At the time our company had a slow build. My task was to speed it up. I would usually cache dependencies. I wrote a script to warm the cache. I also split the test suite.",
        2.5,
    );
    let codes: Vec<String> = r.findings.iter().map(|f| f.code.to_string()).collect();
    assert!(codes.iter().any(|c| c == "missing_result"), "{codes:?}");
    assert!(codes.iter().any(|c| c == "hypothetical"), "{codes:?}");
    // Findings come most important first.
    assert!(r.findings.windows(2).all(|w| w[0].severity >= w[1].severity));
}

#[test]
fn no_words_gives_an_empty_valid_report() {
    let samples = vec![0.0f32; WHISPER_RATE as usize * 3];
    let input = AnalysisInput {
        words: &[],
        samples: &samples,
        duration_s: 3.0,
        model: ModelRef::default(),
        source: None,
        question: None,
        markers: &[],
        words_aligned: false,
        star_model: None,
        corrections: &Default::default(),
    };
    let r = analyze(&input, &AnalysisSettings::default());
    assert_eq!(r.findings.len(), 1);
    assert_eq!(r.findings[0].code.to_string(), "no_speech");
    assert!(r.star.sections.is_empty());
    assert_eq!(r.pacing.wpm, 0.0);
    let json = serde_json::to_string(&r).unwrap();
    let back: Report = serde_json::from_str(&json).unwrap();
    assert_eq!(back, r);
}

/// Every answer of the two dev sources (other authors' styles, laid out as timed words) gets a
/// "next time" card that follows its findings: the first tip answers the first finding that has
/// one, no tip is without a finding, and the quotes are the answer's own words.
#[test]
fn every_dev_answer_gets_a_card_led_by_its_largest_finding() {
    use starling::analysis::star::train::read_answers;
    let eval = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval");
    let mut judged = 0;
    for source in ["stories-dev.json", "stories-dev2.json"] {
        let answers = read_answers(&eval.join(source)).unwrap_or_else(|e| panic!("{e}"));
        for a in answers {
            let words: Vec<Word> = a
                .words
                .iter()
                .map(|w| Word { text: w.text.clone(), start: w.start, end: w.end, probability: w.probability })
                .collect();
            let duration = words.last().map_or(1.0, |w| w.end + 1.0);
            let samples = vec![0.0f32; (duration * WHISPER_RATE as f64) as usize];
            let input = AnalysisInput {
                words: &words,
                samples: &samples,
                duration_s: duration,
                model: ModelRef::default(),
                source: None,
                question: None,
                markers: &[],
                words_aligned: true,
                star_model: None,
                corrections: &Default::default(),
            };
            let r = analyze(&input, &AnalysisSettings::default());
            let card = &r.coaching.next_time;
            let notes_only = r.findings.iter().all(|f| f.severity == Severity::Info);
            assert!(!card.is_empty() || notes_only, "{}: findings but no card: {:#?}", a.id, r.findings);
            let positions: Vec<usize> = card
                .iter()
                .map(|t| {
                    r.findings
                        .iter()
                        .position(|f| f.code == t.code)
                        .unwrap_or_else(|| panic!("{}: tip {} has no finding", a.id, t.code))
                })
                .collect();
            assert!(positions.windows(2).all(|w| w[0] < w[1]), "{}: {positions:?}", a.id);
            if let Some(first) = card.first() {
                assert!(
                    r.findings[..positions[0]].iter().all(|f| f.severity == Severity::Info),
                    "{}: {} leads but {:?} comes first",
                    a.id,
                    first.code,
                    r.findings[0].code
                );
            }
            for quote in card.iter().filter_map(|t| t.quote.as_deref()) {
                let said = quote.trim_end_matches(" ...").split_whitespace().next().expect("a word");
                assert!(r.words.iter().any(|w| w.text == said), "{}: {quote:?} is not the answer's words", a.id);
            }
            judged += 1;
        }
    }
    assert_eq!(judged, 29 + 24);
}
