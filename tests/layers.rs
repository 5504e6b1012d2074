//! The layer rule of docs/ARCHITECTURE.md, checked on the source: a module names only modules
//! of lower layers (`crate::x` paths), so the core never reaches up into a face or a use case.

use std::path::Path;

/// Lowest first. A module may use modules of a lower rank, never of its own rank or higher.
const LAYERS: &[(&str, u8)] = &[
    ("files", 0),
    ("audio", 1),
    ("transcribe", 2),
    ("analysis", 3),
    ("bank", 4),
    ("store", 5),
    ("pipeline", 5),
    ("recording", 6),
    ("export", 6),
    ("settings", 6),
    ("logging", 6),
    ("sessions", 7),
    ("ui", 8),
    ("cli", 9),
];

fn rank(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|(_, r)| *r)
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src readable") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_module_reaches_up_a_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut upward = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(&src).expect("under src");
        let top = rel.components().next().expect("a component").as_os_str().to_string_lossy().trim_end_matches(".rs").to_string();
        if top == "lib" || top == "main" {
            continue;
        }
        let own = rank(&top).unwrap_or_else(|| panic!("src/{top} has no layer: add it to LAYERS and to docs/ARCHITECTURE.md"));
        let text = std::fs::read_to_string(file).expect("source readable");
        for (n, line) in text.lines().enumerate() {
            for (i, _) in line.match_indices("crate::") {
                if i > 0 && line[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == '$') {
                    continue;
                }
                let target: String = line[i + 7..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if target == top {
                    continue;
                }
                match rank(&target) {
                    Some(r) if r < own => {}
                    Some(_) => upward.push(format!("src/{}:{}: {top} -> {target}", rel.display(), n + 1)),
                    None => {}
                }
            }
        }
    }
    assert!(upward.is_empty(), "imports that reach up a layer:\n{}", upward.join("\n"));
}

#[test]
fn no_source_file_is_over_500_lines() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let n = std::fs::read_to_string(f).expect("readable").lines().count();
            (n > 500).then(|| format!("{} ({n} lines)", f.strip_prefix(&src).expect("under src").display()))
        })
        .collect();
    long.sort();
    assert!(long.is_empty(), "split these files: {long:?}");
}

/// Screens see only their own state and what their `ScreenContext` lends them (the egui demo's
/// `View`); what they ask of the app goes through `AppCommand`s, applied by the app's side
/// (`app.rs`, `*_jobs.rs`, `after_stop.rs`, `file_dialog.rs`, `status.rs`).
#[test]
fn screens_never_hold_the_whole_app() {
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui");
    let screens = ["questions.rs", "stories.rs", "review.rs", "review_edits.rs", "review_transcript.rs", "report_view.rs", "practice.rs", "question_card.rs", "mic_check.rs", "settings_view.rs", "history"];
    let mut files = Vec::new();
    for s in screens {
        let path = ui.join(s);
        if path.is_dir() {
            rust_files(&path, &mut files);
        } else {
            files.push(path);
        }
    }
    let mut holders = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        for (n, line) in text.lines().enumerate() {
            if line.contains("StarlingApp") {
                holders.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(holders.is_empty(), "screens that take the whole app:\n{}", holders.join("\n"));
}
