//! Pitch: the speaker's median, how far the voice moves around it (semitones), sentences that
//! stayed flat, and statements that rose at the end.

use super::{DeliveryInput, Pitch, SectionPitch, Sentence, SentenceDelivery, quantile, runs};
use crate::audio::pitch::semitones;
use crate::audio::pitch_contour::{PitchContour, contour};

/// A sentence whose pitch stays within this many semitones (10th to 90th percentile) is
/// monotone: "stayed within 2 semitones".
pub const MONOTONE_RANGE_ST: f64 = 2.0;
/// Correlation a frame needs to count as voiced (Praat's voicing threshold is 0.45).
const VOICED_CLARITY: f32 = 0.5;
/// Voiced runs shorter than this are clicks and consonant edges, not a pitch.
const MIN_RUN_FRAMES: usize = 4;
/// Voiced frames a stretch needs before its spread means anything (0.3 s).
const MIN_FRAMES: usize = 30;
/// A statement's end rising this far above its low point is heard as a question.
const UPTALK_RISE_ST: f32 = 3.0;
/// Where the end of a sentence is looked at.
const SENTENCE_END_S: f64 = 0.5;
/// The stored contour's step, for the Review's chart.
const CONTOUR_STEP: usize = 5;

pub(super) fn measure(input: &DeliveryInput, sentences: &[Sentence], out: &mut [SentenceDelivery]) -> Pitch {
    // Frame `i` is centred on the voice detector's hop `i + 2`.
    let wanted: Vec<bool> =
        (0..input.voice.active.len()).map(|i| input.voice.active.get(i + 2).copied().unwrap_or(false)).collect();
    let mut hz = contour(input.samples, &wanted, VOICED_CLARITY).hz;
    drop_short_runs(&mut hz);
    keep_speaker_range(&mut hz);
    let Some(median) = median_hz(&hz) else { return Pitch::default() };
    let st: Vec<Option<f32>> = hz.iter().map(|f| f.map(|f| semitones(f, median))).collect();
    let frames_in = |start: f64, end: f64| -> Vec<f64> {
        let (a, b) = (PitchContour::frame_at(start), PitchContour::frame_at(end).min(st.len()));
        st.get(a..b).unwrap_or(&[]).iter().flatten().map(|&v| v as f64).collect()
    };
    let all = frames_in(0.0, f64::MAX / 2.0);
    let (spread, range) = spread_and_range(all);
    for (s, d) in sentences.iter().zip(out.iter_mut()) {
        d.range_semitones = spread_and_range(frames_in(s.span.start, s.span.end)).1;
        d.monotone = d.range_semitones.is_some_and(|r| r < MONOTONE_RANGE_ST);
        d.uptalk = !s.question && rises_at_end(&frames_in((s.span.end - SENTENCE_END_S).max(s.span.start), s.span.end));
    }
    let by_section = input
        .star
        .sections
        .iter()
        .map(|sec| {
            let values = frames_in(sec.start, sec.end);
            let median_hz = (values.len() >= MIN_FRAMES).then(|| {
                let mut v = values.clone();
                v.sort_by(f64::total_cmp);
                median as f64 * 2f64.powf(quantile(&v, 0.5) / 12.0)
            });
            let (spread_semitones, range_semitones) = spread_and_range(values);
            SectionPitch { label: sec.label, median_hz, spread_semitones, range_semitones }
        })
        .collect();
    Pitch {
        median_hz: Some(median as f64),
        spread_semitones: spread,
        range_semitones: range,
        monotone: runs(out, |s| s.range_semitones.map(|_| s.monotone)),
        uptalk: out
            .iter()
            .filter(|s| s.uptalk)
            .map(|s| crate::audio::Span { start: (s.end - SENTENCE_END_S).max(s.start), end: s.end })
            .collect(),
        by_section,
        contour: st.chunks(CONTOUR_STEP).map(chunk_median).collect(),
        contour_step_s: crate::audio::pitch_contour::HOP_S * CONTOUR_STEP as f64,
    }
}

fn drop_short_runs(hz: &mut [Option<f32>]) {
    let mut start = 0;
    for i in 0..=hz.len() {
        let voiced = hz.get(i).is_some_and(Option::is_some);
        if !voiced {
            if i - start < MIN_RUN_FRAMES {
                hz[start..i].iter_mut().for_each(|f| *f = None);
            }
            start = i + 1;
        }
    }
}

fn median_hz(hz: &[Option<f32>]) -> Option<f32> {
    let mut v: Vec<f32> = hz.iter().flatten().copied().collect();
    if v.len() < MIN_FRAMES {
        return None;
    }
    v.sort_by(f32::total_cmp);
    Some(v[v.len() / 2])
}

/// Drops frames outside the speaker's own range, from 0.75 times the first quartile to 1.5
/// times the third (Hirst's two-pass rule for Praat's floor and ceiling): beyond it the
/// tracker has locked onto a multiple or a fraction of the period, not the voice.
fn keep_speaker_range(hz: &mut [Option<f32>]) {
    let mut v: Vec<f32> = hz.iter().flatten().copied().collect();
    if v.len() < MIN_FRAMES {
        return;
    }
    v.sort_by(f32::total_cmp);
    let (floor, ceiling) = (0.75 * v[v.len() / 4], 1.5 * v[v.len() * 3 / 4]);
    for f in hz.iter_mut() {
        if f.is_some_and(|f| f < floor || f > ceiling) {
            *f = None;
        }
    }
}

/// Standard deviation and 10-90% range of semitone values, when there are enough.
fn spread_and_range(mut values: Vec<f64>) -> (Option<f64>, Option<f64>) {
    if values.len() < MIN_FRAMES {
        return (None, None);
    }
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    let sd = (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / values.len() as f64).sqrt();
    values.sort_by(f64::total_cmp);
    (Some(sd), Some(quantile(&values, 0.9) - quantile(&values, 0.1)))
}

/// The last voiced frames sit well above the lowest point before them.
fn rises_at_end(values: &[f64]) -> bool {
    if values.len() < 10 {
        return false;
    }
    let smooth: Vec<f64> = values
        .windows(5)
        .map(|w| {
            let mut w = w.to_vec();
            w.sort_by(f64::total_cmp);
            w[2]
        })
        .collect();
    let (Some(&end), Some(low)) = (smooth.last(), smooth.iter().copied().reduce(f64::min)) else { return false };
    end - low >= UPTALK_RISE_ST as f64 && smooth.iter().rposition(|&v| v == low).is_some_and(|i| i + 3 < smooth.len())
}

fn chunk_median(chunk: &[Option<f32>]) -> Option<f32> {
    let mut v: Vec<f32> = chunk.iter().flatten().copied().collect();
    if v.len() * 2 < chunk.len() {
        return None;
    }
    v.sort_by(f32::total_cmp);
    Some((v[v.len() / 2] * 10.0).round() / 10.0)
}
