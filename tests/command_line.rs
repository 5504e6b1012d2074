//! What a package installs besides the window: `--version`, `--help` of every command, and the
//! man pages written from the same argument definitions.

mod common;

use common::*;

/// The commands `starling --help` lists (clap's "Commands:" block), without `help`.
fn listed_commands(data: &std::path::Path) -> Vec<String> {
    let out = starling(data).arg("--help").output().expect("runs");
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let block = text.split("Commands:").nth(1).expect("a Commands: block");
    block
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_string)
        .collect()
}

#[test]
fn version_and_every_commands_help() {
    let dir = tempfile::tempdir().unwrap();
    let out = starling(dir.path()).arg("--version").output().unwrap();
    assert!(out.status.success());
    assert_eq!(stdout(&out).trim(), format!("starling {}", env!("CARGO_PKG_VERSION")));

    let commands = listed_commands(dir.path());
    for expected in ["analyze", "record", "import", "interview", "models", "bench"] {
        assert!(commands.iter().any(|c| c == expected), "{expected} missing from --help: {commands:?}");
    }
    assert!(!commands.iter().any(|c| c == "busy-loop" || c == "man-pages"), "helpers stay hidden: {commands:?}");
    for command in &commands {
        let out = starling(dir.path()).args([command.as_str(), "--help"]).output().unwrap();
        assert!(out.status.success(), "starling {command} --help: {}", stderr(&out));
        assert!(stdout(&out).contains("Usage: starling"), "starling {command} --help: {}", stdout(&out));
    }
}

#[test]
fn man_pages_are_written_for_the_app_and_each_command() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("man");
    let out = starling(dir.path()).args(["man-pages"]).arg(&pages).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let main = std::fs::read_to_string(pages.join("starling.1")).expect("starling.1");
    assert!(main.contains(".TH starling 1"), "{}", &main[..main.len().min(300)]);
    assert!(main.contains("behavioral"), "the about line is in NAME/DESCRIPTION");
    let analyze = std::fs::read_to_string(pages.join("starling-analyze.1")).expect("starling-analyze.1");
    assert!(analyze.contains("\\-\\-threads"), "every option is documented: {}", &analyze[..analyze.len().min(300)]);
    for command in listed_commands(dir.path()) {
        assert!(pages.join(format!("starling-{command}.1")).exists(), "no page for {command}");
    }
    assert!(!pages.join("starling-busy-loop.1").exists(), "no page for a hidden helper");
}
