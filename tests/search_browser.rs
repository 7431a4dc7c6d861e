//! Real-browser tests: build the default site with the real binary, serve it on 127.0.0.1 and
//! run the Node scenarios in `tests/browser/` against it with Debian's headless Chromium.
//!
//! Needs `/usr/bin/chromium` (`apt-get install chromium chromium-driver`) and
//! `npm ci --prefix tests/browser` (installs `playwright-core` only; no browser download).
//! Failure screenshots go to `target/tmp/browser/`. The server and runner are in
//! `tests/common/browser.rs`.
//!
//! To add a scenario: write `tests/browser/<name>.mjs` using `harness.mjs`, then add a
//! `#[test]` that calls `run_scenario("<name>", url, &[])`.

mod common;

use std::io::Write;
use std::net::TcpStream;
use std::sync::OnceLock;

use common::browser::{build_default_site, run_scenario, search_counts, serve};

/// The default site, built once per test run, and the URL it is served at.
fn site() -> &'static (tempfile::TempDir, String) {
    static SITE: OnceLock<(tempfile::TempDir, String)> = OnceLock::new();
    SITE.get_or_init(|| {
        let (dir, out) = build_default_site();
        let url = serve(out);
        (dir, url)
    })
}

#[test]
fn search() {
    let (dir, url) = site();
    // The status line the page must show for "credit note", counted by `porchlight search`:
    // all results, and how many match both words.
    let out = dir.path().join("site");
    let (n, all) = search_counts(dir.path(), &out, "credit note");
    let status = format!("{n} results for “credit note”: {all} match all the words.");
    run_scenario("search", url, &[("CREDIT_NOTE_STATUS", &status)]);
}

/// The header box as an ARIA combobox (labels, excerpts, "See all", keys, touch) and the
/// search page's "Ask us", landmarks and layout shift.
#[test]
fn search_box_and_page() {
    run_scenario("search_box", &site().1, &[]);
}

/// The queries of benches/relevance/default.tsv rank the same in the browser (search.js) as
/// in `porchlight search` (the Rust reader): one ranking definition, two readers.
#[test]
fn search_js_and_porchlight_search_rank_alike() {
    let (dir, url) = site();
    let out = dir.path().join("site");
    let judged = std::fs::read_to_string(common::repo().join("benches/relevance/default.tsv"))
        .expect("benches/relevance/default.tsv");
    let cases: Vec<serde_json::Value> = judged
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let q = l.split('\t').nth(1).expect("kind<TAB>query<TAB>urls");
            let run = common::run_in(
                dir.path(),
                &["search", q, "--json", "--out", out.to_str().unwrap()],
            )
            .ok();
            let want: Vec<String> = run
                .stdout
                .lines()
                .map(|j| {
                    let v: serde_json::Value = serde_json::from_str(j).unwrap();
                    v["url"]
                        .as_str()
                        .unwrap()
                        .split('#')
                        .next()
                        .unwrap()
                        .to_string()
                })
                .collect();
            serde_json::json!({ "q": q, "want": want })
        })
        .collect();
    assert!(cases.len() >= 60, "{} judged queries", cases.len());
    let cases = serde_json::to_string(&cases).unwrap();
    run_scenario("ranking", url, &[("RANKING_CASES", &cases)]);
}

#[test]
fn static_server_maps_folders_and_refuses_escapes() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("a")).unwrap();
    std::fs::write(dir.path().join("a/index.html"), "<p>hi</p>").unwrap();
    let url = serve(dir.path().to_path_buf());
    let get = |p: &str| {
        let addr = url.trim_start_matches("http://").trim_end_matches('/');
        let mut s = TcpStream::connect(addr).unwrap();
        write!(s, "GET {p} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        let mut r = String::new();
        std::io::Read::read_to_string(&mut s, &mut r).unwrap();
        r
    };
    let r = get("/a/");
    assert!(
        r.starts_with("HTTP/1.1 200") && r.contains("text/html") && r.ends_with("<p>hi</p>"),
        "{r}"
    );
    assert!(get("/a").starts_with("HTTP/1.1 301"));
    assert!(get("/../etc/passwd").starts_with("HTTP/1.1 404"));
    assert!(get("/%2e%2e/etc/passwd").starts_with("HTTP/1.1 404"));
}
