//! The store's own tests: the index, its folders, recovery and damage.

use super::*;
use crate::analysis::report::timed_words;

fn report(wpm: f64) -> Report {
    let mut r = Report {
        schema_version: crate::analysis::report::SCHEMA_VERSION,
        duration_s: 150.0,
        words: timed_words("I did it."),
        ..Report::default()
    };
    r.pacing.wpm = wpm;
    r.fillers.per_minute = 3.0;
    r.pronouns.i_share = Some(0.7);
    r.question = Some(crate::analysis::QuestionRef { id: "bank-06".into(), text: Some("Broke production?".into()) });
    r
}

#[test]
fn sessions_are_created_indexed_filtered_renamed_and_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let q = QuestionInfo { id: Some("bank-06".into()), text: None, principle: Some("Ownership".into()) };
    let (a, folder_a) = store.new_session(&q).unwrap();
    let (b, folder_b) = store.new_session(&QuestionInfo::default()).unwrap();
    assert_ne!(folder_a, folder_b, "two sessions in the same second get two folders");
    std::fs::write(folder_a.join(AUDIO_FILE), b"x").unwrap();
    store.set_report(a, &report(140.0)).unwrap();
    let s = store.get(a).unwrap();
    assert_eq!((s.status, s.wpm, s.principle.as_deref()), (SessionStatus::Analyzed, Some(140.0), Some("Ownership")));
    assert_eq!(s.question_text.as_deref(), Some("Broke production?"));
    assert_eq!(store.get(b).unwrap().status, SessionStatus::Recorded);
    // The length listed is the spoken answer's (the review's), not the recording's with its silences.
    assert_eq!(s.duration_s, Some(150.0), "no speech span: the recording's");
    let mut spoken = report(140.0);
    spoken.pacing.speech_span = Some(crate::audio::Span { start: 1.5, end: 139.5 });
    store.set_report(a, &spoken).unwrap();
    assert_eq!(store.get(a).unwrap().duration_s, Some(138.0));

    let only = store.list(&Filter { principle: Some("Ownership".into()), ..Filter::default() }).unwrap().sessions;
    assert_eq!(only.iter().map(|s| s.id).collect::<Vec<_>>(), vec![a]);
    store.set_story(b, Some(7)).unwrap();
    assert_eq!(store.list(&Filter { story_id: Some(7), ..Filter::default() }).unwrap().sessions[0].id, b);
    assert_eq!(store.previous_attempt(&store.get(a).unwrap()).unwrap(), None);
    assert_eq!(store.session_for_audio(&folder_a.join(AUDIO_FILE)).unwrap(), Some(a));
    assert_eq!(store.session_for_audio(Path::new("/elsewhere/answer.wav")).unwrap(), None);
    let (c, _) = store.new_session(&q).unwrap();
    store.set_report(c, &report(150.0)).unwrap();
    assert_eq!(store.previous_attempt(&store.get(c).unwrap()).unwrap().map(|s| s.id), Some(a));
    store.rename(a, Some("First try")).unwrap();
    assert_eq!(store.get(a).unwrap().display_title(), "First try");

    store.delete(c).unwrap();
    store.delete(a).unwrap();
    assert!(!folder_a.exists());
    assert!(matches!(store.get(a), Err(StoreError::NotFound(_))));
    assert!(matches!(store.rename(a, None), Err(StoreError::NotFound(_))));
}

#[test]
fn the_report_file_is_where_the_recorder_writes_it() {
    assert_eq!(report_file::path_for(Path::new(AUDIO_FILE)), Path::new(REPORT_FILE));
}

#[test]
fn a_lost_index_is_rebuilt_from_the_folders() {
    let dir = tempfile::tempdir().unwrap();
    let folder = {
        let store = Store::open(dir.path()).unwrap();
        let (_, folder) = store.new_session(&QuestionInfo::default()).unwrap();
        folder
    };
    std::fs::write(folder.join(AUDIO_FILE), b"x").unwrap();
    std::fs::write(folder.join(REPORT_FILE), serde_json::to_vec(&report(130.0)).unwrap()).unwrap();
    std::fs::remove_file(dir.path().join("sessions.db")).unwrap();
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.sync_folders().unwrap(), 1);
    assert_eq!(store.sync_folders().unwrap(), 0, "a second pass adds nothing");
    let all = store.list(&Filter::default()).unwrap().sessions;
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].wpm, Some(130.0));
    assert_ne!(all[0].created_at, "0000-00-00 00:00:00");
    assert_eq!(store.fill_principles(|id| (id == "bank-06").then(|| "Ownership".to_string())).unwrap(), 1);
    assert_eq!(
        store.list(&Filter { principle: Some("Ownership".into()), ..Filter::default() }).unwrap().sessions.len(),
        1
    );
}

#[test]
fn a_damaged_report_is_a_clear_error_for_that_session_only() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let (a, folder_a) = store.new_session(&QuestionInfo::default()).unwrap();
    let (b, folder_b) = store.new_session(&QuestionInfo::default()).unwrap();
    std::fs::write(folder_a.join(REPORT_FILE), b"{ broken").unwrap();
    std::fs::write(folder_b.join(REPORT_FILE), serde_json::to_vec(&report(120.0)).unwrap()).unwrap();
    let err = store.report(&store.get(a).unwrap()).unwrap_err().to_string();
    assert!(err.contains("damaged") && err.contains(REPORT_FILE), "{err}");
    assert_eq!(store.report(&store.get(b).unwrap()).unwrap().pacing.wpm, 120.0);
    assert_eq!(store.list(&Filter::default()).unwrap().sessions.len(), 2);
}

#[test]
fn a_damaged_index_row_is_named_while_the_others_load() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let (a, _) = store.new_session(&QuestionInfo::default()).unwrap();
    let (b, _) = store.new_session(&QuestionInfo::default()).unwrap();
    store.set_report(a, &report(150.0)).unwrap();
    // Someone edits the database by hand: text where a number belongs.
    store.conn.execute("UPDATE sessions SET wpm = X'00FF' WHERE id = ?1", [b]).unwrap();
    let listing = store.list(&Filter::default()).unwrap();
    assert_eq!(listing.sessions.iter().map(|s| s.id).collect::<Vec<_>>(), vec![a]);
    assert_eq!(listing.damaged.len(), 1);
    let message = listing.damaged[0].to_string();
    assert!(message.starts_with(&format!("session {b} (")) && message.contains("cannot be read"), "{message}");
}

#[test]
fn facets_list_what_the_sessions_use() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let (a, _) = store
        .new_session(&QuestionInfo { id: Some("q2".into()), text: None, principle: Some("Ownership".into()) })
        .unwrap();
    store
        .new_session(&QuestionInfo { id: Some("q1".into()), text: None, principle: Some("Ownership".into()) })
        .unwrap();
    store.set_story(a, Some(3)).unwrap();
    let f = store.facets().unwrap();
    assert_eq!(
        f,
        Facets {
            question_ids: vec!["q1".into(), "q2".into()],
            principles: vec!["Ownership".into()],
            story_ids: vec![3]
        }
    );
}

/// A damaged index is set aside (kept) and rebuilt from the session folders; every command
/// works again.
#[test]
fn a_damaged_index_is_set_aside_and_rebuilt_from_the_folders() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open(dir.path()).unwrap();
        let (_, folder) = store.new_session(&QuestionInfo::default()).unwrap();
        std::fs::write(folder.join(AUDIO_FILE), b"audio").unwrap();
        std::fs::write(folder.join(REPORT_FILE), serde_json::to_vec(&report(131.0)).unwrap()).unwrap();
    }
    let index = dir.path().join("sessions.db");
    let mut bytes = std::fs::read(&index).unwrap();
    bytes[..16].copy_from_slice(b"this is no index");
    std::fs::write(&index, &bytes).unwrap();
    let store = Store::open(dir.path()).unwrap();
    let aside = store.damaged_index_set_aside().expect("set aside").to_path_buf();
    assert!(aside.is_file() && aside.file_name().unwrap().to_string_lossy().starts_with("sessions.db.damaged-"));
    assert_eq!(std::fs::read(&aside).unwrap(), bytes, "kept as it was");
    assert_eq!(store.sync_folders().unwrap(), 1);
    assert_eq!(store.list(&Filter::default()).unwrap().sessions[0].wpm, Some(131.0));
    drop(store);
    assert!(Store::open(dir.path()).unwrap().damaged_index_set_aside().is_none());
}

/// Another program's `sessions.db` (a table of the same name with other columns, at version 0
/// or claiming ours) is set aside and rebuilt like a damaged one, not a raw SQL error on every
/// command (issue 39, item 10).
#[test]
fn a_foreign_index_is_set_aside_and_rebuilt() {
    for version in [0, 3] {
        let dir = tempfile::tempdir().unwrap();
        let index = dir.path().join("sessions.db");
        {
            let conn = rusqlite::Connection::open(&index).unwrap();
            conn.execute_batch(
                "CREATE TABLE sessions (token TEXT, expires INTEGER); INSERT INTO sessions VALUES ('abc', 1);",
            )
            .unwrap();
            conn.pragma_update(None, "user_version", version).unwrap();
        }
        let store = Store::open(dir.path()).unwrap_or_else(|e| panic!("version {version}: {e}"));
        let aside = store.damaged_index_set_aside().expect("set aside").to_path_buf();
        assert!(aside.is_file(), "kept");
        assert!(store.list(&Filter::default()).unwrap().sessions.is_empty());
    }
}

/// The app died mid-answer: the header still says what it said at its last update, and
/// a session whose recording never started has no audio at all.
#[test]
fn recovery_repairs_cut_off_recordings_and_drops_empty_sessions() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let (cut, cut_dir) = store.new_session(&QuestionInfo::default()).unwrap();
    let (empty, empty_dir) = store.new_session(&QuestionInfo::default()).unwrap();
    let (done, done_dir) = store.new_session(&QuestionInfo::default()).unwrap();
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 16_000,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(cut_dir.join(AUDIO_FILE), spec).unwrap();
    for i in 0..48_000 {
        w.write_sample((i % 200) as i16).unwrap();
    }
    w.flush().unwrap();
    for i in 0..16_000 {
        w.write_sample((i % 200) as i16).unwrap();
    }
    std::mem::forget(w);
    std::fs::write(done_dir.join(AUDIO_FILE), b"x").unwrap();
    std::fs::write(done_dir.join(REPORT_FILE), serde_json::to_vec(&report(125.0)).unwrap()).unwrap();

    let found = store.recover().unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].session.id, cut);
    let seconds = *found[0].audio.as_ref().unwrap();
    assert!(seconds > 3.0 && seconds <= 4.0, "{seconds}");
    assert!(crate::audio::load_speech(&cut_dir.join(AUDIO_FILE)).is_ok());
    assert!(matches!(store.get(empty), Err(StoreError::NotFound(_))) && !empty_dir.exists());
    assert_eq!(store.get(done).unwrap().wpm, Some(125.0), "a report the index missed is picked up");
    assert_eq!(store.recover().unwrap().len(), 1, "still offered until analyzed or deleted");

    // An analysis that took the program down left its marker: the recording is marked so
    // (analyzed again only when asked), its audio still usable; the others are as before.
    std::fs::write(cut_dir.join(ANALYSIS_ATTEMPT_FILE), b"").unwrap();
    let (other, other_dir) = store.new_session(&QuestionInfo::default()).unwrap();
    std::fs::copy(cut_dir.join(AUDIO_FILE), other_dir.join(AUDIO_FILE)).unwrap();
    let found = store.recover().unwrap();
    assert_eq!(found.len(), 2);
    let crashed = found.iter().find(|u| u.session.id == cut).unwrap();
    assert!(crashed.analysis_stopped && crashed.audio.is_ok(), "{:?}", crashed.audio);
    let fine = found.iter().find(|u| u.session.id == other).unwrap();
    assert!(!fine.analysis_stopped && fine.audio.is_ok());
}

#[test]
fn delivery_figures_are_indexed_and_an_index_from_before_them_upgrades() {
    use crate::analysis::delivery::{PetPhrase, PetPhraseKind, SentenceDelivery};
    let dir = tempfile::tempdir().unwrap();
    // An index as the first schema left it, with one analyzed session.
    {
        let conn = Connection::open(dir.path().join("sessions.db")).unwrap();
        conn.execute_batch(migrations::first_step_for_tests()).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute("INSERT INTO sessions (folder, created_at, status, wpm) VALUES ('old', '2026-11-01 09:00:00', 'analyzed', 130.0)", []).unwrap();
    }
    let store = Store::open(dir.path()).unwrap();
    let old = &store.list(&Filter::default()).unwrap().sessions[0];
    assert_eq!((old.wpm, old.pitch_range, old.run_length, old.pet_phrases.len()), (Some(130.0), None, None, 0));
    let (id, _) = store.new_session(&QuestionInfo::default()).unwrap();
    let mut r = report(140.0);
    r.delivery.sentences.push(SentenceDelivery::default());
    r.delivery.pitch.range_semitones = Some(4.5);
    r.delivery.fluency.mean_length_of_run = 11.0;
    let at = crate::audio::Span { start: 1.0, end: 1.5 };
    r.delivery.pet_phrases.push(PetPhrase {
        text: "basically".into(),
        kind: PetPhraseKind::Crutch,
        spans: vec![at; 3],
    });
    store.set_report(id, &r).unwrap();
    let s = store.get(id).unwrap();
    assert_eq!((s.pitch_range, s.run_length), (Some(4.5), Some(11.0)));
    assert_eq!(s.pet_phrases, [("basically".to_string(), 3)]);
}

#[test]
fn names_stories_and_interviews_survive_a_rebuilt_index() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open(dir.path()).unwrap();
        let (main, main_folder) = store.new_session(&QuestionInfo::default()).unwrap();
        let (follow, follow_folder) = store.new_session(&QuestionInfo::default()).unwrap();
        for folder in [&main_folder, &follow_folder] {
            std::fs::write(folder.join(AUDIO_FILE), b"x").unwrap();
        }
        store.rename(main, Some("Checkout outage, take 2")).unwrap();
        store.set_story(main, Some(7)).unwrap();
        store.set_interview(main, "2026-11-27 09:00:00", None).unwrap();
        store.set_interview(follow, "2026-11-27 09:00:00", Some(main)).unwrap();
    }
    std::fs::remove_file(dir.path().join("sessions.db")).unwrap();
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.sync_folders().unwrap(), 2);
    let mut all = store.list(&Filter::default()).unwrap().sessions;
    all.sort_by_key(|s| s.folder.clone());
    let (main, follow) = (&all[0], &all[1]);
    assert_eq!((main.title.as_deref(), main.story_id), (Some("Checkout outage, take 2"), Some(7)));
    assert_eq!(main.interview.as_deref(), Some("2026-11-27 09:00:00"));
    assert_eq!((follow.interview.as_deref(), follow.follow_up_of), (Some("2026-11-27 09:00:00"), Some(main.id)));
}
