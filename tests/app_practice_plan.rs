//! Today's practice and the coverage grid, driven through egui_kittest: the plan the Questions
//! screen shows is the one `sessions::plan` makes from the history, a question on it opens
//! Practice, and the Stories screen's grid follows tagging both ways.

mod common;

use common::ui::{harness, scripted};
use common::{STORY, speech};
use egui_kittest::kittest::Queryable;
use starling::bank::{Library, QuestionBank};
use starling::sessions::plan::Why;
use starling::settings::Settings;
use starling::store::{QuestionInfo, Store};
use starling::ui::{Screen, StarlingApp};

/// An answer to `question` analyzed into the store of data folder `dir` (the scripted
/// transcriber hears the story), dated `days_ago`.
fn answered(dir: &std::path::Path, question: &str, days_ago: i64, story: Option<u64>) -> i64 {
    let settings = Settings::load(dir).unwrap();
    let store = Store::open(&settings.sessions_root(dir)).unwrap();
    let bank = QuestionBank::builtin();
    let info = QuestionInfo::of(bank.question(&Library::default(), question).unwrap());
    let wav = speech("story", STORY, 16_000, 1);
    let transcriber = starling::transcribe::scripted::ScriptedTranscriber::new(STORY);
    let (id, _) = starling::sessions::import(&store, &wav, &info, &transcriber, &Default::default()).unwrap();
    store.set_story(id, story).unwrap();
    drop(store);
    // The index keeps local times; an older answer is one whose time is moved back.
    let when = (chrono::Local::now() - chrono::Duration::days(days_ago)).format("%Y-%m-%d %H:%M:%S").to_string();
    let db = rusqlite::Connection::open(settings.sessions_root(dir).join("sessions.db")).unwrap();
    db.execute("UPDATE sessions SET created_at = ?1 WHERE id = ?2", rusqlite::params![when, id]).unwrap();
    id
}

#[test]
fn today_shows_the_plan_and_a_question_on_it_opens_practice() {
    let dir = tempfile::tempdir().unwrap();
    let config = scripted(dir.path());
    answered(dir.path(), "bank-06", 8, None);
    let settings = Settings::load(dir.path()).unwrap();
    let store = Store::open(&settings.sessions_root(dir.path())).unwrap();
    let sessions = store.list(&Default::default()).unwrap().sessions;
    let today = chrono::Local::now().date_naive();
    let plan = starling::sessions::plan::plan(
        &sessions,
        &QuestionBank::builtin(),
        &Library::default(),
        &settings.analysis,
        today,
        3,
    );
    assert_eq!(plan.items[0].question_id, "bank-06", "answered 8 days ago: due again");
    assert!(matches!(plan.items[0].why, Why::Due { overdue_days } if overdue_days >= 6));

    let mut h = harness(StarlingApp::new(config));
    h.run_steps(2);
    h.get_by_label("Questions").click();
    h.run_steps(2);
    h.get_by_label("Today's practice").click();
    h.run_steps(2);
    for item in &plan.items {
        h.get_by_label(&item.question);
        h.get_by_label_contains(&item.reason);
    }
    h.get_by_label(&plan.items[1].question).click();
    h.run_steps(2);
    assert_eq!(h.state().screen(), Screen::Practice);
    assert_eq!(h.state().question_id(), Some(plan.items[1].question_id.as_str()));
}

#[test]
fn the_coverage_grid_follows_tagging_both_ways() {
    let dir = tempfile::tempdir().unwrap();
    let config = scripted(dir.path());
    let mut library = Library::default();
    let story = library.add_story("Checkout outage");
    library.save(dir.path()).unwrap();
    // bank-01 is a Customer Obsession question; the answer told the story.
    let session = answered(dir.path(), "bank-01", 1, Some(story));

    let mut h = harness(StarlingApp::new(config));
    h.run_steps(2);
    h.get_by_label("Stories").click();
    h.run_steps(2);
    // The story lists the answer that told it, which opens on Review.
    h.get_by_label("Answers that told it");
    h.get_by_label("Coverage of the 16 principles").click();
    h.run_steps(2);
    // One story column: Customer Obsession's cell counts the answer; the others are empty.
    // (Its row reads 1 story, 1 answer and the cell's 1.)
    assert_eq!(h.get_all_by_label("1").count(), 3);
    let empty = h.get_all_by_label("·").count();
    assert_eq!(empty, 15);
    // Ownership is the second row: its cell is the first empty one. Marking it saves the story.
    h.get_all_by_label("·").next().unwrap().click();
    h.run_steps(2);
    assert_eq!(Library::load(dir.path()).unwrap().stories[0].principles, vec!["Ownership".to_string()]);
    h.get_by_label("yes");
    assert_eq!(h.get_all_by_label("·").count(), 14);
    // And back: the Stories list and the story's own page agree.
    h.get_by_label("yes").click();
    h.run_steps(2);
    assert!(Library::load(dir.path()).unwrap().stories[0].principles.is_empty());
    // (The list on the left comes first; the grid's column is headed with the title too.)
    h.get_all_by_label("Checkout outage").next().unwrap().click();
    h.run_steps(2);
    assert!(!h.state().stories_ui().show_grid);
    h.get_by_label_contains(&QuestionBank::builtin().question(&Library::default(), "bank-01").unwrap().text).click();
    h.run_steps(4);
    assert_eq!(h.state().screen(), Screen::Review);
    let settings = Settings::load(dir.path()).unwrap();
    let store = Store::open(&settings.sessions_root(dir.path())).unwrap();
    let folder = store.folder_path(&store.get(session).unwrap());
    assert!(h.state().review().unwrap().answer.wav.starts_with(&folder), "the answer that told the story opened");
}
