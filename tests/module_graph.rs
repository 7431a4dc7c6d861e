//! The pipeline's module graph has no cycles: data walks one way,
//! sources → model → privacy → plan → render / search → output, and the orchestration
//! (`site`), the preview loop (`serve`) and the command line (`cli`) sit on top.
//!
//! Read from the source text: every `crate::NAME` in non-test code of a top-level module is an
//! edge to module NAME. Test code (`#[cfg(test)]` items and `tests.rs` files) may reach later
//! stages to build its inputs, so it is left out. `cargo test --test module_graph --
//! --nocapture` prints the graph.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Graph = BTreeMap<String, BTreeSet<String>>;

/// The top-level module a file under `src/` belongs to (`src/render/feeds.rs` → `render`).
fn top_module(rel: &Path) -> Option<String> {
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (!matches!(name, "lib" | "main")).then(|| name.to_string())
}

/// The text of a file without its test code: from a `#[cfg(test)]` line, the item that
/// follows it (up to its closing brace at the same indentation, or its `;`) is dropped.
fn non_test_code(text: &str) -> String {
    let mut out = String::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line.trim_start() != "#[cfg(test)]" {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        for item in lines.by_ref() {
            let trimmed = item.trim_start();
            let item_indent = item.len() - trimmed.len();
            if trimmed.starts_with("#[") || trimmed.starts_with("//") {
                continue;
            }
            if item_indent == indent && (trimmed.ends_with(';') || trimmed == "}") {
                break;
            }
        }
    }
    out
}

/// Every `crate::NAME` in `code`.
fn crate_paths(code: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if rest.starts_with('{') {
            // `use crate::{a::b, c};`: each first segment of the group.
            let group = &rest[1..rest.find('}').unwrap_or(rest.len())];
            for part in group.split(',') {
                let seg: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !seg.is_empty() {
                    names.insert(seg);
                }
            }
        } else {
            let seg: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            names.insert(seg);
        }
    }
    names
}

fn module_graph(src: &Path) -> Graph {
    let mut files = Vec::new();
    for e in walkdir::WalkDir::new(src).sort_by_file_name() {
        let e = e.expect("src/ is readable");
        if e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "rs") {
            files.push(e.path().to_path_buf());
        }
    }
    let modules: BTreeSet<String> = files
        .iter()
        .filter_map(|f| top_module(f.strip_prefix(src).unwrap()))
        .collect();
    let mut graph: Graph = modules
        .iter()
        .map(|m| (m.clone(), BTreeSet::new()))
        .collect();
    for f in &files {
        let rel = f.strip_prefix(src).unwrap();
        let Some(me) = top_module(rel) else { continue };
        if rel.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(f).unwrap();
        for name in crate_paths(&non_test_code(&text)) {
            if name != me && modules.contains(&name) {
                graph.get_mut(&me).unwrap().insert(name);
            }
        }
    }
    graph
}

/// A cycle through `start`, if any (depth-first search for a path back to it).
fn cycle_through(graph: &Graph, start: &str) -> Option<Vec<String>> {
    fn walk(
        graph: &Graph,
        start: &str,
        at: &str,
        path: &mut Vec<String>,
        seen: &mut BTreeSet<String>,
    ) -> bool {
        for next in &graph[at] {
            if next == start {
                path.push(next.clone());
                return true;
            }
            if seen.insert(next.clone()) {
                path.push(next.clone());
                if walk(graph, start, next, path, seen) {
                    return true;
                }
                path.pop();
            }
        }
        false
    }
    let mut path = vec![start.to_string()];
    walk(graph, start, start, &mut path, &mut BTreeSet::new()).then_some(path)
}

fn cycles(graph: &Graph) -> Vec<String> {
    graph
        .keys()
        .filter_map(|m| cycle_through(graph, m))
        .map(|c| c.join(" → "))
        .collect()
}

#[test]
fn modules_import_each_other_in_one_direction_only() {
    let graph = module_graph(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    for (m, deps) in &graph {
        let deps: Vec<&str> = deps.iter().map(String::as_str).collect();
        println!("{m} → {}", deps.join(", "));
    }
    assert!(graph.contains_key("privacy") && graph.contains_key("render"));
    let found = cycles(&graph);
    assert!(
        found.is_empty(),
        "import cycles between modules:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_checker_finds_a_planted_cycle_and_skips_test_code() {
    let code = "use crate::{plan::x, model};\nfn f() { crate::output::write(); }\n\
                #[cfg(test)]\nmod tests {\n    use crate::site;\n}\n";
    let names = crate_paths(&non_test_code(code));
    assert_eq!(
        names.into_iter().collect::<Vec<_>>(),
        ["model", "output", "plan"]
    );
    let mut g = Graph::new();
    g.insert("a".into(), ["b".to_string()].into());
    g.insert("b".into(), ["c".to_string()].into());
    g.insert("c".into(), ["a".to_string()].into());
    g.insert("d".into(), ["a".to_string()].into());
    assert_eq!(cycles(&g)[0], "a → b → c → a");
    g.get_mut("c").unwrap().clear();
    assert!(cycles(&g).is_empty());
}
