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
        let top = rel
            .components()
            .next()
            .expect("a component")
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        if top == "lib" || top == "main" {
            continue;
        }
        let own = rank(&top)
            .unwrap_or_else(|| panic!("src/{top} has no layer: add it to LAYERS and to docs/ARCHITECTURE.md"));
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
/// The screen folders of `src/ui`: each draws one screen from its own state and a
/// `ScreenContext`, so it may name only `ui::context`, `ui::common` and its own files.
const SCREENS: &[&str] = &["practice", "review", "interview", "history", "questions", "stories", "settings"];

#[test]
fn screens_name_only_the_context_common_and_themselves() {
    use std::collections::BTreeSet;
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    rust_files(&src, &mut all);
    let modules: BTreeSet<String> = all.iter().map(|f| module_of(f.strip_prefix(&src).expect("under src"))).collect();
    let mut found = 0;
    let mut strays = Vec::new();
    for screen in SCREENS {
        let mut files = Vec::new();
        rust_files(&src.join("ui").join(screen), &mut files);
        assert!(!files.is_empty(), "src/ui/{screen} has no files: update SCREENS");
        found += files.len();
        let allowed = ["ui::context".to_string(), "ui::common".to_string(), format!("ui::{screen}")];
        for file in &files {
            let own = module_of(file.strip_prefix(&src).expect("under src"));
            let text = std::fs::read_to_string(file).expect("readable");
            for to in imports(&text, &own, &modules) {
                let in_ui = to == "ui" || to.starts_with("ui::");
                let fine = allowed.iter().any(|a| to == *a || to.starts_with(&format!("{a}::")));
                if in_ui && !fine {
                    strays.push(format!("{}: names {to}", file.display()));
                }
                if text.contains("StarlingApp") {
                    strays.push(format!("{}: takes the whole app (StarlingApp)", file.display()));
                }
            }
        }
    }
    assert!(found > 15, "only {found} screen files found");
    strays.sort();
    strays.dedup();
    assert!(strays.is_empty(), "screens reaching past the context and common:\n{}", strays.join("\n"));
}

/// A module's path from its file: `src/analysis/star/odds.rs` -> `analysis::star::odds`,
/// `src/analysis/star/mod.rs` -> `analysis::star`.
fn module_of(rel: &Path) -> String {
    let mut parts: Vec<String> =
        rel.components().map(|c| c.as_os_str().to_string_lossy().trim_end_matches(".rs").to_string()).collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib" || p == "main") {
        parts.pop();
    }
    parts.join("::")
}

/// The paths a use tree names, braces expanded: `a::{b, c::{d, e}}` -> a::b, a::c::d, a::c::e.
fn expand_use(tree: &str) -> Vec<String> {
    let tree: String = tree.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(open) = tree.find('{') else { return vec![tree] };
    let (prefix, rest) = (&tree[..open], &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())]);
    let (mut parts, mut depth, mut start) = (Vec::new(), 0, 0);
    for (i, c) in rest.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&rest[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&rest[start..]);
    parts.into_iter().filter(|p| !p.is_empty()).flat_map(|p| expand_use(&format!("{prefix}{p}"))).collect()
}

/// The modules a file's code names: `use` trees and inline `crate::`/`super::` paths, each
/// resolved to the longest module it names (an item's path ends at its module).
fn imports(text: &str, own: &str, modules: &std::collections::BTreeSet<String>) -> Vec<String> {
    let code: String = text
        .lines()
        .take_while(|l| !l.trim_start().starts_with("#[cfg(test)]"))
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut paths = Vec::new();
    for stmt in code.split(';') {
        let s = stmt.trim_start();
        let s = s.strip_prefix("pub ").or_else(|| s.strip_prefix("pub(crate) ")).unwrap_or(s);
        if let Some(tree) = s.strip_prefix("use ") {
            paths.extend(expand_use(tree));
        }
    }
    for (i, _) in code.match_indices("crate::").chain(code.match_indices("super::")) {
        if i > 0 && code[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        paths.push(code[i..].chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':').collect());
    }
    let own_parts: Vec<&str> = if own.is_empty() { Vec::new() } else { own.split("::").collect() };
    let mut out = Vec::new();
    for path in paths {
        let mut parts: Vec<&str> = path.split("::").filter(|p| !p.is_empty()).collect();
        let mut base: Vec<&str> = match parts.first() {
            Some(&"crate") => {
                parts.remove(0);
                Vec::new()
            }
            Some(&"super") | Some(&"self") => own_parts.clone(),
            _ => continue,
        };
        while parts.first().is_some_and(|p| *p == "super" || *p == "self") {
            if parts.remove(0) == "super" {
                base.pop();
            }
        }
        base.extend(parts);
        while !base.is_empty() && !modules.contains(&base.join("::")) {
            base.pop();
        }
        out.push(base.join("::"));
    }
    out
}

/// No two modules import each other, through any chain: each cycle of imports is listed. A
/// module and its own parent or child (`super::` items of a `mod.rs`) do not count: Rust's
/// way of splitting one module's code over files.
#[test]
fn no_two_modules_import_each_other() {
    use std::collections::{BTreeMap, BTreeSet};
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.retain(|f| !f.ends_with("main.rs"));
    let modules: BTreeSet<String> = files.iter().map(|f| module_of(f.strip_prefix(&src).expect("under src"))).collect();
    let related = |a: &str, b: &str| {
        a.is_empty() || b.is_empty() || a.starts_with(&format!("{b}::")) || b.starts_with(&format!("{a}::"))
    };
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let own = module_of(file.strip_prefix(&src).expect("under src"));
        let text = std::fs::read_to_string(file).expect("readable");
        for to in imports(&text, &own, &modules) {
            if to != own && !related(&own, &to) {
                edges.entry(own.clone()).or_default().insert(to);
            }
        }
    }
    // Tarjan's strongly connected components: a component of more than one module is a cycle.
    struct Walk<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        cycles: Vec<Vec<&'a str>>,
    }
    fn visit<'a>(w: &mut Walk<'a>, v: &'a str) {
        let n = w.index.len();
        w.index.insert(v, n);
        w.low.insert(v, n);
        w.stack.push(v);
        let edges = w.edges;
        for to in edges.get(v).into_iter().flatten() {
            if !w.index.contains_key(to.as_str()) {
                visit(w, to);
                let l = w.low[to.as_str()].min(w.low[v]);
                w.low.insert(v, l);
            } else if w.stack.contains(&to.as_str()) {
                let l = w.index[to.as_str()].min(w.low[v]);
                w.low.insert(v, l);
            }
        }
        if w.low[v] == w.index[v] {
            let at = w.stack.iter().rposition(|m| *m == v).expect("on the stack");
            let component = w.stack.split_off(at);
            if component.len() > 1 {
                w.cycles.push(component);
            }
        }
    }
    let mut walk =
        Walk { edges: &edges, index: BTreeMap::new(), low: BTreeMap::new(), stack: Vec::new(), cycles: Vec::new() };
    for m in &modules {
        if !walk.index.contains_key(m.as_str()) {
            visit(&mut walk, m);
        }
    }
    let listed: Vec<String> = walk.cycles.iter().map(|c| format!("{} modules: {}", c.len(), c.join(", "))).collect();
    assert!(listed.is_empty(), "modules that import each other:\n{}", listed.join("\n"));
}
