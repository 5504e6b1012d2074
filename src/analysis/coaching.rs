//! "Next time": the one to three changes that would most improve this answer, each concrete
//! and quoting the user's own words with their time, and a checklist of what already works.
//! Rules over the finished report, no language model: each tip follows a finding, in the
//! findings' order, so the card and the findings never disagree about what matters most. Only
//! findings sure enough to state make the card; the ones the analysis suspects but is not
//! sure of become questions the user can settle by listening back (`checks`).

use super::format_clock;
use super::report::{Coaching, CoachingTip, FillerSource, Finding, FindingCode, Report, Section, Span, StarLabel};
use super::text::{ends_sentence, normalize};

/// At most this many tips: more is a list, not advice.
const MAX_TIPS: usize = 3;
/// Quotes longer than this many words are cut with "...".
const QUOTE_WORDS: usize = 12;

/// The card from the report's findings (sure ones) and the findings too unsure to state.
pub fn coach(r: &Report, unsure: &[Finding]) -> Coaching {
    let mut next_time: Vec<CoachingTip> = Vec::new();
    for f in &r.findings {
        if next_time.len() == MAX_TIPS {
            break;
        }
        let Some(tip) = tip(r, f) else { continue };
        // Two findings about one fault ("situation_long", "situation_over_action") give one tip.
        if !next_time.iter().any(|t| advice(&t.code) == advice(&tip.code)) {
            next_time.push(tip);
        }
    }
    // A question about a fault the card already names ("Cut the Situation" beside "Was the
    // Situation longer than it needed to be?") is left out.
    let named = |code: &FindingCode| next_time.iter().any(|t| advice(&t.code) == advice(code));
    let checks = unsure.iter().filter(|f| !named(&f.code)).filter_map(|f| check(r, f)).take(MAX_TIPS).collect();
    Coaching { next_time, strengths: strengths(r), checks }
}

/// A finding the analysis is not sure of, as a question the user can settle by listening.
fn check(r: &Report, f: &Finding) -> Option<CoachingTip> {
    let section = |label: StarLabel| r.star.sections.iter().find(|s| s.label == label);
    let at = |label: StarLabel| section(label).map(|s| (s.start, s.end));
    let (text, span) = match &f.code {
        FindingCode::Missing(StarLabel::Situation) => ("Did you set the scene: where you were and what was at stake? It was not clear from the words.".to_string(), None),
        FindingCode::Missing(StarLabel::Task) => ("Did you say what you were responsible for? It was not clear from the words.".to_string(), None),
        FindingCode::Missing(StarLabel::Action) => ("Did you walk through the steps you took? They were not clear from the words.".to_string(), None),
        FindingCode::Missing(StarLabel::Result) => ("Did you say how it ended? The last part sounded more like steps than an outcome.".to_string(), at(StarLabel::Action).map(|(_, e)| (e, e))),
        FindingCode::Long(StarLabel::Situation) | FindingCode::SituationOverAction => ("Was the Situation longer than it needed to be? Listen back: the scene may have taken more time than your steps.".to_string(), at(StarLabel::Situation)),
        FindingCode::Short(StarLabel::Action) => ("Did your steps get enough time? The Action may have been short.".to_string(), at(StarLabel::Action)),
        FindingCode::ResultNotQuantified => ("Did your Result have a number? None was heard clearly.".to_string(), at(StarLabel::Result)),
        FindingCode::ActionNoI | FindingCode::ActionWe => ("Did you say \"I\" for the steps you took yourself? Some words were unclear.".to_string(), at(StarLabel::Action)),
        FindingCode::Long(_) | FindingCode::Short(_) => (format!("Worth a listen: {}", f.message), f.span.map(|s| (s.start, s.end))),
        _ => return None,
    };
    Some(CoachingTip { code: f.code.clone(), text, quote: None, start: span.map(|s| s.0), end: span.map(|s| s.1) })
}

/// Findings that call for the same change.
fn advice(code: &FindingCode) -> String {
    match code {
        FindingCode::Long(StarLabel::Situation) | FindingCode::SituationOverAction => "trim_situation".into(),
        FindingCode::NoI | FindingCode::ActionWe | FindingCode::ActionNoI => "say_i".into(),
        FindingCode::FillersMany | FindingCode::FillersSome => "fillers".into(),
        // A short answer whose Action is short is fixed by more steps: one tip says both.
        FindingCode::TooShort | FindingCode::Short(StarLabel::Action) => "more_action".into(),
        // Both ask for a firmer end of the sentence.
        FindingCode::Uptalk | FindingCode::TrailingOff => "sentence_ends".into(),
        other => other.to_string(),
    }
}

fn tip(r: &Report, f: &Finding) -> Option<CoachingTip> {
    let section = |label: StarLabel| r.star.sections.iter().find(|s| s.label == label);
    let spoken = r.answer_length_s();
    let (lo, hi) = r.settings.target_total_s;
    let plain = |text: String| Some(CoachingTip { code: f.code.clone(), text, quote: None, start: None, end: None });
    match &f.code {
        FindingCode::NoSpeech => {
            plain("Check that the right microphone is selected and not muted, then answer again.".into())
        }
        FindingCode::TooLong => {
            // The section furthest over its share is where the time goes.
            let over = r
                .star
                .sections
                .iter()
                .filter_map(|s| s.target.map(|(_, max)| (s, s.share - max)))
                .max_by(|a, b| a.1.total_cmp(&b.1));
            match over {
                Some((s, excess)) if excess > 0.0 => {
                    let keep = s.target.map_or(s.duration, |(_, max)| max * hi);
                    let text = format!(
                        "Cut the answer to under {}: the {} ran {}; about {} is enough.",
                        format_clock(hi),
                        s.label.name(),
                        format_clock(s.duration),
                        format_clock(keep)
                    );
                    quoted(r, &f.code, text, s.start, Some(s.end))
                }
                _ => plain(format!(
                    "Cut the answer to under {}: one sentence of context, the steps that mattered, the result.",
                    format_clock(hi)
                )),
            }
        }
        FindingCode::TooShort => {
            let mut add: Vec<&str> = Vec::new();
            if r.star.missing.contains(&StarLabel::Result) || section(StarLabel::Result).is_none() {
                add.push("the result");
            }
            if section(StarLabel::Reflection).is_none() {
                add.push("one lesson");
            }
            if add.is_empty() || section(StarLabel::Action).is_some_and(|a| a.share < a.target.map_or(0.0, |t| t.0)) {
                add.insert(0, "two or three steps you took");
            }
            plain(format!(
                "The answer is {} (target {} to {}): add {}.",
                format_clock(spoken),
                format_clock(lo),
                format_clock(hi),
                join_and(&add)
            ))
        }
        FindingCode::Missing(StarLabel::Situation) => {
            plain("Open with a sentence or two of context: where you were and what was at stake.".into())
        }
        FindingCode::Missing(StarLabel::Task) => {
            plain("Say what you were responsible for: \"My job was to ...\".".into())
        }
        FindingCode::Missing(StarLabel::Action) => {
            plain("Walk through what you did, step by step, each step starting with \"I\".".into())
        }
        FindingCode::Missing(StarLabel::Result) => match f.span {
            // Quoting where the answer stopped, on a step rather than an outcome.
            Some(span) => quoted(
                r,
                &f.code,
                format!(
                    "You never said how it ended: after your last step ({}), say what changed because of what you did, and by how much.",
                    format_clock(span.start)
                ),
                span.start,
                Some(span.end),
            ),
            None => plain("End with the Result: what changed because of what you did, and by how much.".into()),
        },
        FindingCode::Missing(StarLabel::Reflection) => {
            plain("Close with the lesson: one sentence on what you do differently now.".into())
        }
        FindingCode::ResultNotQuantified => {
            let s = section(StarLabel::Result)?;
            let text = format!(
                "End on a number: your Result ({}) has none. How much faster, cheaper, fewer?",
                format_clock(s.start)
            );
            quoted(r, &f.code, text, s.start, Some(s.end))
        }
        FindingCode::Hypothetical => {
            let span = f.span?;
            quoted(
                r,
                &f.code,
                format!(
                    "Tell what you did, not what you would do ({}): say it in the past tense.",
                    format_clock(span.start)
                ),
                span.start,
                None,
            )
        }
        FindingCode::NoI | FindingCode::ActionWe => {
            // A sentence of the Action said with "we", else the first "we" of the answer.
            let at = r.pronouns.we_sentences_in_action.first().copied().or_else(|| first_sentence_with(r, "we"))?;
            let said = sentence_at(r, at.start)?;
            let text = format!(
                "Say what you did: \"{}\" ({}) -> \"{}\"",
                said.0,
                format_clock(said.1.start),
                we_to_i(&said.0)
            );
            Some(CoachingTip {
                code: f.code.clone(),
                text,
                quote: Some(said.0),
                start: Some(said.1.start),
                end: Some(said.1.end),
            })
        }
        FindingCode::ActionNoI => {
            let a = section(StarLabel::Action)?;
            // A step told as "we" becomes "I"; a step with no one doing it gets an "I", if it
            // opens a sentence: "I" before a fragment ("to locate the cause ...") reads wrong.
            let opens_sentence = |(q, _): &(String, Span)| q.chars().next().is_some_and(char::is_uppercase);
            let said = match r.pronouns.we_sentences_in_action.first() {
                Some(we) => sentence_at(r, we.start),
                None => super::star::sentences(&r.words)
                    .iter()
                    .filter(|s| s.start_s >= a.start - 0.05 && s.start_s < a.end)
                    .filter_map(|s| sentence_at(r, s.start_s))
                    .find(opens_sentence),
            };
            let Some(said) = said else {
                return plain(
                    "Say who did each step: start it with \"I\" (\"I checked ...\", \"I built ...\").".into(),
                );
            };
            let mine = we_to_i(&said.0);
            let mine = if mine == said.0 { with_i(&said.0) } else { mine };
            let text = format!("Say who did it: \"{}\" ({}) -> \"{}\"", said.0, format_clock(said.1.start), mine);
            Some(CoachingTip {
                code: f.code.clone(),
                text,
                quote: Some(said.0),
                start: Some(said.1.start),
                end: Some(said.1.end),
            })
        }
        FindingCode::Long(StarLabel::Situation) | FindingCode::SituationOverAction => {
            let s = section(StarLabel::Situation)?;
            let keep = target_duration(s, spoken).min(s.duration * 0.6);
            let text = format!(
                "Cut the Situation from {} to about {}: it runs {}-{}; keep only what the story needs.",
                format_clock(s.duration),
                format_clock(keep),
                format_clock(s.start),
                format_clock(s.end)
            );
            quoted(r, &f.code, text, s.start, Some(s.end))
        }
        FindingCode::Short(StarLabel::Action) => {
            // The Action's whole time, as the finding counts it: an Action split by a Result
            // sentence is still one Action to the listener.
            section(StarLabel::Action)?;
            let time = super::claims::duration_of(&r.star.sections, StarLabel::Action);
            let share = super::claims::share_of(&r.star.sections, StarLabel::Action);
            let whole = if spoken < lo * 0.9 {
                format!(
                    ", and the whole answer {} against {} to {}",
                    format_clock(spoken),
                    format_clock(lo),
                    format_clock(hi)
                )
            } else {
                String::new()
            };
            plain(format!(
                "Give the Action more room: it took {} ({:.0}% of the answer){whole}. Add the steps you took and why you chose them.",
                format_clock(time),
                share * 100.0
            ))
        }
        FindingCode::Long(label) => {
            let s = r.star.sections.iter().find(|s| s.label == *label)?;
            let text = format!(
                "Trim the {} from {} to about {}.",
                s.label.name(),
                format_clock(s.duration),
                format_clock(target_duration(s, spoken))
            );
            quoted(r, &f.code, text, s.start, Some(s.end))
        }
        FindingCode::Short(label) => {
            let s = r.star.sections.iter().find(|s| s.label == *label)?;
            plain(format!("Say more in the {}: {} is too brief to land.", s.label.name(), format_clock(s.duration)))
        }
        FindingCode::PaceFast => plain(format!(
            "Slow down to about {:.0} words a minute: pause for a breath at the end of each sentence.",
            r.settings.wpm_band.1
        )),
        FindingCode::PaceSlow => plain(format!(
            "Pick up the pace to about {:.0} words a minute: shorter sentences, fewer restarts.",
            r.settings.wpm_band.0
        )),
        FindingCode::Stalls => {
            let span = f.span?;
            let text = format!(
                "At {} you stopped for {:.0} s: if you need a moment, say so (\"let me think\") and go on.",
                format_clock(span.start),
                span.duration()
            );
            Some(CoachingTip { code: f.code.clone(), text, quote: None, start: Some(span.start), end: Some(span.end) })
        }
        FindingCode::FillersMany | FindingCode::FillersSome => {
            let (word, times) = r.fillers.by_text.first()?;
            // Where the word the tip names was first said, not the first filler of any kind.
            let first = r.fillers.items.iter().find(|f| f.text == *word).or(r.fillers.items.first())?;
            let said = if *times == 1 { "once".to_string() } else { format!("{times} times") };
            let all = if r.fillers.count == *times {
                String::new()
            } else {
                format!(" ({} fillers in all)", r.fillers.count)
            };
            let text = format!(
                "Swap \"{word}\" for a silent pause: you said it {said}{all}, first at {}.",
                format_clock(first.start)
            );
            // A hesitation heard in the sound has no word in the transcript to quote.
            let quote = (first.source == FillerSource::Transcript).then(|| word.clone());
            Some(CoachingTip { code: f.code.clone(), text, quote, start: Some(first.start), end: Some(first.end) })
        }
        _ => super::delivery::findings::tip(r, f),
    }
}

/// A tip that quotes the sentence starting at (or around) `start`.
fn quoted(r: &Report, code: &FindingCode, text: String, start: f64, end: Option<f64>) -> Option<CoachingTip> {
    let quote = sentence_at(r, start).map(|(q, _)| q);
    let end = end.or_else(|| sentence_at(r, start).map(|(_, s)| s.end));
    Some(CoachingTip { code: code.clone(), text, quote, start: Some(start), end })
}

/// The section's target share of the answer, in seconds (its upper bound).
fn target_duration(s: &Section, spoken: f64) -> f64 {
    s.target.map_or(s.duration, |(_, max)| max * spoken)
}

/// The sentence holding the first word that starts at or after `t` (fillers left out), cut to
/// [`QUOTE_WORDS`], and its span.
fn sentence_at(r: &Report, t: f64) -> Option<(String, Span)> {
    let words = &r.words;
    let at = words.iter().position(|w| w.start >= t - 0.05).or_else(|| words.len().checked_sub(1))?;
    let first = (0..at).rev().find(|&i| ends_sentence(&words[i].text)).map_or(0, |i| i + 1);
    let last = (at..words.len()).find(|&i| ends_sentence(&words[i].text)).unwrap_or(words.len() - 1);
    let spoken: Vec<&str> = words[first..=last].iter().filter(|w| !w.filler).map(|w| w.text.as_str()).collect();
    if spoken.is_empty() {
        return None;
    }
    let mut quote = spoken.iter().take(QUOTE_WORDS).copied().collect::<Vec<_>>().join(" ");
    if spoken.len() > QUOTE_WORDS {
        quote = format!("{} ...", quote.trim_end_matches([',', ';', ':']));
    }
    Some((quote, Span { start: words[first].start, end: words[last].end }))
}

fn first_sentence_with(r: &Report, word: &str) -> Option<Span> {
    r.words.iter().find(|w| normalize(&w.text) == word).map(|w| Span { start: w.start, end: w.end })
}

/// "we rolled back the deploy" -> "I rolled back the deploy", keeping the rest as said.
fn we_to_i(sentence: &str) -> String {
    let swapped: Vec<String> = sentence
        .split_whitespace()
        .map(|w| {
            let tail: String = w.chars().skip_while(|c| c.is_alphabetic() || *c == '\'' || *c == '’').collect();
            let mine = match normalize(w).as_str() {
                "we" => "I",
                "our" => "my",
                "us" => "me",
                "we're" => "I'm",
                "we've" => "I've",
                "we'd" => "I'd",
                "we'll" => "I'll",
                "ourselves" => "myself",
                _ => return w.to_string(),
            };
            format!("{mine}{tail}")
        })
        .collect();
    swapped.join(" ")
}

/// "Conducted research ..." -> "I conducted research ...".
fn with_i(sentence: &str) -> String {
    let mut chars = sentence.chars();
    match chars.next() {
        Some(c) => format!("I {}{}", c.to_lowercase(), chars.as_str()),
        None => String::new(),
    }
}

fn join_and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// What the answer already does well, judged by the report's own thresholds.
fn strengths(r: &Report) -> Vec<String> {
    let mut out = Vec::new();
    if r.words.is_empty() {
        return out;
    }
    let settings = &r.settings;
    let spoken = r.answer_length_s();
    let (lo, hi) = settings.target_total_s;
    if (lo..=hi).contains(&spoken) {
        out.push(format!(
            "Length on target: {} (aim {} to {})",
            format_clock(spoken),
            format_clock(lo),
            format_clock(hi)
        ));
    }
    let has = |label: StarLabel| r.star.sections.iter().any(|s| s.label == label);
    if r.star.missing.is_empty() && [StarLabel::Situation, StarLabel::Action, StarLabel::Result].iter().all(|&l| has(l))
    {
        out.push("Every STAR part is there".into());
    }
    if r.content.result_quantified == Some(true) {
        out.push("The Result has a number".into());
    }
    if let Some(share) = r.pronouns.by_section.iter().find(|s| s.label == StarLabel::Action).and_then(|s| s.i_share)
        && share >= settings.action_i_share_min
    {
        out.push(format!("Says \"I\" for what you did ({:.0}% of the Action's I/we)", share * 100.0));
    }
    let (slow, fast) = settings.wpm_band;
    if (slow..=fast).contains(&r.pacing.wpm) {
        out.push(format!("Easy pace: {:.0} words a minute", r.pacing.wpm));
    }
    if r.fillers.count == 0 {
        out.push("No fillers".into());
    } else if r.fillers.per_minute <= settings.fillers_per_minute.0 {
        out.push(format!("Few fillers: {:.1} a minute", r.fillers.per_minute));
    }
    if r.pacing.stall_count == 0 {
        out.push("No long stalls".into());
    }
    out.extend(super::delivery::findings::strengths(r));
    out
}

#[cfg(test)]
#[path = "coaching_tests.rs"]
mod tests;

#[cfg(test)]
mod wording_tests {
    use super::*;

    #[test]
    fn wording_helpers() {
        assert_eq!(we_to_i("We shipped our fix, and we're done."), "I shipped my fix, and I'm done.");
        assert_eq!(with_i("Implemented the pipeline."), "I implemented the pipeline.");
        assert_eq!(join_and(&["the result", "one lesson"]), "the result and one lesson");
        assert_eq!(join_and(&["a", "b", "c"]), "a, b and c");
    }
}
