//! "Next time": the one to three changes that would most improve this answer, each concrete
//! and quoting the user's own words with their time, and a checklist of what already works.
//! Rules over the finished report, no language model: each tip follows a finding, in the
//! findings' order, so the card and the findings never disagree about what matters most.

use super::format_clock;
use super::report::{Coaching, CoachingTip, Finding, Report, Section, Span, StarLabel};
use super::text::{ends_sentence, normalize};

/// At most this many tips: more is a list, not advice.
const MAX_TIPS: usize = 3;
/// Quotes longer than this many words are cut with "...".
const QUOTE_WORDS: usize = 12;

pub fn coach(r: &Report) -> Coaching {
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
    Coaching { next_time, strengths: strengths(r) }
}

/// Findings that call for the same change.
fn advice(code: &str) -> &str {
    match code {
        "situation_long" | "situation_over_action" => "trim_situation",
        "no_i" | "action_we" | "action_no_i" => "say_i",
        "fillers_many" | "fillers_some" => "fillers",
        // Both ask for a firmer end of the sentence.
        "uptalk" | "trailing_off" => "sentence_ends",
        other => other,
    }
}

fn tip(r: &Report, f: &Finding) -> Option<CoachingTip> {
    let section = |label: StarLabel| r.star.sections.iter().find(|s| s.label == label);
    let spoken = r.answer_length_s();
    let (lo, hi) = r.settings.target_total_s;
    let plain = |text: String| Some(CoachingTip { code: f.code.clone(), text, quote: None, start: None, end: None });
    match f.code.as_str() {
        "no_speech" => plain("Check that the right microphone is selected and not muted, then answer again.".into()),
        "too_long" => {
            // The section furthest over its share is where the time goes.
            let over = r.star.sections.iter().filter_map(|s| s.target.map(|(_, max)| (s, s.share - max))).max_by(|a, b| a.1.total_cmp(&b.1));
            match over {
                Some((s, excess)) if excess > 0.0 => {
                    let keep = s.target.map_or(s.duration, |(_, max)| max * hi);
                    let text = format!("Cut the answer to under {}: the {} ran {}; about {} is enough.", format_clock(hi), s.label.name(), format_clock(s.duration), format_clock(keep));
                    quoted(r, &f.code, text, s.start, Some(s.end))
                }
                _ => plain(format!("Cut the answer to under {}: one sentence of context, the steps that mattered, the result.", format_clock(hi))),
            }
        }
        "too_short" => {
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
            plain(format!("The answer is {} (target {} to {}): add {}.", format_clock(spoken), format_clock(lo), format_clock(hi), join_and(&add)))
        }
        "missing_situation" => plain("Open with a sentence or two of context: where you were and what was at stake.".into()),
        "missing_task" => plain("Say what you were responsible for: \"My job was to ...\".".into()),
        "missing_action" => plain("Walk through what you did, step by step, each step starting with \"I\".".into()),
        "missing_result" => plain("End with the Result: what changed because of what you did, and by how much.".into()),
        "missing_reflection" => plain("Close with the lesson: one sentence on what you do differently now.".into()),
        "result_not_quantified" => {
            let s = section(StarLabel::Result)?;
            let text = format!("End on a number: your Result ({}) has none. How much faster, cheaper, fewer?", format_clock(s.start));
            quoted(r, &f.code, text, s.start, Some(s.end))
        }
        "hypothetical" => {
            let span = f.span?;
            quoted(r, &f.code, format!("Tell what you did, not what you would do ({}): say it in the past tense.", format_clock(span.start)), span.start, None)
        }
        "no_i" | "action_we" => {
            let at = f.span.or_else(|| first_sentence_with(r, "we"))?;
            let said = sentence_at(r, at.start)?;
            let text = format!("Say what you did: \"{}\" ({}) -> \"{}\"", said.0, format_clock(said.1.start), we_to_i(&said.0));
            Some(CoachingTip { code: f.code.clone(), text, quote: Some(said.0), start: Some(said.1.start), end: Some(said.1.end) })
        }
        "action_no_i" => {
            let a = section(StarLabel::Action)?;
            let said = sentence_at(r, a.start)?;
            let text = format!("Say who did it: \"{}\" ({}) -> \"{}\"", said.0, format_clock(said.1.start), with_i(&said.0));
            Some(CoachingTip { code: f.code.clone(), text, quote: Some(said.0), start: Some(said.1.start), end: Some(said.1.end) })
        }
        "situation_long" | "situation_over_action" => {
            let s = section(StarLabel::Situation)?;
            let keep = target_duration(s, spoken).min(s.duration * 0.6);
            let text = format!("Cut the Situation from {} to about {}: it runs {}-{}; keep only what the story needs.", format_clock(s.duration), format_clock(keep), format_clock(s.start), format_clock(s.end));
            quoted(r, &f.code, text, s.start, Some(s.end))
        }
        "action_short" => {
            let s = section(StarLabel::Action)?;
            plain(format!("Give the Action more room: it took {} ({:.0}% of the answer). Add the steps you took and why you chose them.", format_clock(s.duration), s.share * 100.0))
        }
        code if code.ends_with("_long") => {
            let s = r.star.sections.iter().find(|s| code == format!("{}_long", s.label.name().to_lowercase()))?;
            let text = format!("Trim the {} from {} to about {}.", s.label.name(), format_clock(s.duration), format_clock(target_duration(s, spoken)));
            quoted(r, &f.code, text, s.start, Some(s.end))
        }
        code if code.ends_with("_short") => {
            let s = r.star.sections.iter().find(|s| code == format!("{}_short", s.label.name().to_lowercase()))?;
            plain(format!("Say more in the {}: {} is too brief to land.", s.label.name(), format_clock(s.duration)))
        }
        "pace_fast" => plain(format!("Slow down to about {:.0} words a minute: pause for a breath at the end of each sentence.", r.settings.wpm_band.1)),
        "pace_slow" => plain(format!("Pick up the pace to about {:.0} words a minute: shorter sentences, fewer restarts.", r.settings.wpm_band.0)),
        "stalls" => {
            let span = f.span?;
            let text = format!("At {} you stopped for {:.0} s: if you need a moment, say so (\"let me think\") and go on.", format_clock(span.start), span.duration());
            Some(CoachingTip { code: f.code.clone(), text, quote: None, start: Some(span.start), end: Some(span.end) })
        }
        "fillers_many" | "fillers_some" => {
            let (word, _) = r.fillers.by_text.first()?;
            let first = r.fillers.items.first()?;
            let text = format!("Swap \"{word}\" for a silent pause: {} fillers, the first at {}.", r.fillers.count, format_clock(first.start));
            Some(CoachingTip { code: f.code.clone(), text, quote: Some(word.clone()), start: Some(first.start), end: Some(first.end) })
        }
        _ => super::delivery::findings::tip(r, f),
    }
}

/// A tip that quotes the sentence starting at (or around) `start`.
fn quoted(r: &Report, code: &str, text: String, start: f64, end: Option<f64>) -> Option<CoachingTip> {
    let quote = sentence_at(r, start).map(|(q, _)| q);
    let end = end.or_else(|| sentence_at(r, start).map(|(_, s)| s.end));
    Some(CoachingTip { code: code.into(), text, quote, start: Some(start), end })
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
        out.push(format!("Length on target: {} (aim {} to {})", format_clock(spoken), format_clock(lo), format_clock(hi)));
    }
    let has = |label: StarLabel| r.star.sections.iter().any(|s| s.label == label);
    if r.star.missing.is_empty() && [StarLabel::Situation, StarLabel::Action, StarLabel::Result].iter().all(|&l| has(l)) {
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
