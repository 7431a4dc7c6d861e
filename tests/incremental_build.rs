//! Incremental output: a rebuild writes only the files whose bytes changed (others keep their
//! inode and modification time), and a ticket that turns private disappears from every file.

mod common;
use common::*;
use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;

fn inodes(dir: &std::path::Path) -> BTreeMap<String, u64> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                e.metadata().unwrap().ino(),
            )
        })
        .collect()
}

fn edit_ticket(site: &SiteTest, id: u64, f: impl FnOnce(&mut serde_json::Value)) {
    let path = site.path().join("content/tickets.json");
    let mut export: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let t = export["tickets"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|t| t["id"] == id)
        .expect("ticket");
    f(t);
    std::fs::write(&path, serde_json::to_string_pretty(&export).unwrap()).unwrap();
}

#[test]
fn one_changed_ticket_rewrites_only_its_page_and_the_index() {
    let site = SiteTest::default_site_one_language();
    site.build(&[]).ok();
    let before = inodes(&site.out());
    edit_ticket(&site, 4105, |t| {
        t["description"] = serde_json::Value::String(
            "The credit note numbers GS-2026-014 to 017 have a gap. Zebracorn.".into(),
        );
    });
    let run = site.build(&[]).ok();
    let after = inodes(&site.out());
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    let changed: Vec<&String> = after.keys().filter(|k| before[*k] != after[*k]).collect();
    // The ticket page, the search index files its words live in, and the manifest.
    let outside_search: Vec<&&String> = changed
        .iter()
        .filter(|p| !p.starts_with("search/"))
        .collect();
    // (The manifest and the marker live beside the folder.)
    let expected = ["tickets/4105/index.html"];
    assert_eq!(
        outside_search
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>(),
        expected,
        "run: {}",
        run.stdout
    );
    assert!(site.read("tickets/4105/index.html").contains("Zebracorn"));
    assert!(run.stdout.contains(" changed, "), "{}", run.stdout);
}

/// Every entry under `dir`, hidden ones too: a file with its inode, modification time and
/// size, a folder by its path alone.
fn identities(dir: &std::path::Path) -> BTreeMap<String, Option<(u64, i64, i64, u64)>> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .map(|e| {
            let e = e.unwrap();
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy();
            let m = e.path().symlink_metadata().unwrap();
            assert!(!m.file_type().is_symlink(), "symlink {rel}");
            let id = m
                .is_file()
                .then(|| (m.ino(), m.mtime(), m.mtime_nsec(), m.len()));
            (rel.into_owned(), id)
        })
        .collect()
}

/// An unchanged rebuild writes nothing in the output folder: every file, hidden ones too,
/// keeps its inode and modification time (so `rsync` and CI caches see no change), and the
/// folder holds no marker; the marker that makes it Porchlight's sits beside it, untouched.
#[test]
fn an_unchanged_rebuild_writes_nothing_in_the_output() {
    let site = SiteTest::default_site_one_language();
    site.build(&[]).ok();
    let out = site.out();
    let marker = porchlight::output::marker_path(&out);
    let before = identities(&out);
    let marker_before = identities(&marker);
    assert!(before.len() > 50, "{before:?}");
    // Past the timestamp granularity, so a rewrite would show in the times too.
    std::thread::sleep(std::time::Duration::from_millis(50));
    let run = site.build(&["--json"]).ok();
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("one JSON object");
    assert_eq!(v["files"]["changed"], 0, "{}", run.stdout);
    assert_eq!(v["files"]["removed"], 0, "{}", run.stdout);
    let after = identities(&out);
    let moved: Vec<&String> = after
        .keys()
        .filter(|k| before.get(*k) != after.get(*k))
        .chain(before.keys().filter(|k| !after.contains_key(*k)))
        .collect();
    assert!(moved.is_empty(), "rewritten or added: {moved:?}");
    assert_eq!(identities(&marker), marker_before);
    assert!(marker.is_file());
    let markers: Vec<&String> = after.keys().filter(|k| k.contains("porchlight")).collect();
    assert!(
        markers.is_empty(),
        "Porchlight's files in the output: {markers:?}"
    );
}

#[test]
fn a_ticket_that_turns_private_disappears_everywhere() {
    let site = SiteTest::default_site_one_language();
    site.build(&[]).ok();
    let title = "Credit note numbering skips numbers after a failed card refund";
    assert!(
        site.read("index.html").contains(title) || site.read("tickets/index.html").contains(title)
    );
    edit_ticket(&site, 4105, |t| {
        t["private"] = serde_json::Value::Bool(true);
    });
    site.build(&[]).ok();
    assert!(!site.out().join("tickets/4105").exists());
    assert_absent(
        &site.out(),
        &[title.to_string(), "tickets/4105/".to_string()],
    );
}

#[test]
fn quiet_and_json_summaries() {
    let site = SiteTest::default_site_one_language();
    let run = site.build(&["--quiet"]).ok();
    assert_eq!(run.stdout, "");
    let run = site.build(&["--json"]).ok();
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("one JSON object");
    assert_eq!(v["tickets_private"], 5);
    assert_eq!(
        v["files"]["unchanged"].as_u64().unwrap() + v["files"]["changed"].as_u64().unwrap(),
        v["files"]["files"].as_u64().unwrap()
    );
    assert_eq!(
        v["files"]["changed"], 0,
        "nothing changed since the previous build: {}",
        run.stdout
    );
}
