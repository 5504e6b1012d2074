#![no_main]
//! Any bytes as a saved report, then every export of what reads: no export loops, allocates
//! without end or panics on a report the reader accepts.
mod scratch;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let path = scratch::scratch("answer.report.json", data);
    let Ok(report) = starling::store::report_file::read(&path) else { return };
    let session = starling::store::Session {
        id: 1,
        folder: "2026-12-07_10-00-00".into(),
        created_at: "2026-12-07 10:00:00".into(),
        title: None,
        question_id: None,
        question_text: None,
        principle: None,
        story_id: None,
        status: starling::store::SessionStatus::Analyzed,
        duration_s: Some(report.duration_s),
        wpm: Some(report.pacing.wpm),
        fillers_per_min: None,
        i_share: None,
        star_shares: [None; 5],
        pitch_range: None,
        run_length: None,
        pet_phrases: Vec::new(),
        interview: None,
        follow_up_of: None,
    };
    for format in starling::export::Format::ALL {
        let text = starling::export::session(format, &session, &report).expect("serializes");
        assert!(text.len() < 64 << 20, "{format:?}: {} bytes", text.len());
    }
});
