//! Every kind of page the default theme writes, pinned byte for byte: the fixture site
//! `tests/fixtures/site-every-page/` (a Redmine-shaped export, 200 short native tickets so the
//! ticket list has an older page, docs with a draft, an unlisted ticket) is built once by the
//! real binary with `--now` and a fixed secret, and each page is an insta snapshot in
//! `tests/snapshots/page_snapshots__*.snap`. Every private place of the fixture holds a
//! `SECRETMARK` marker; no file the build writes may contain one.
//!
//! After an intended change of the output, rewrite the snapshots and read their diff before
//! committing:
//!
//! ```sh
//! INSTA_UPDATE=always cargo test --release --test page_snapshots
//! git diff tests/snapshots/
//! ```
//!
//! (`cargo insta review` does the same interactively where cargo-insta is installed.)

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::{copy_dir, repo, snapshot, NOW};

/// The secret of the unlisted ticket's link: fixed, so the link is the same in every build.
const SECRET: &str = "page-snapshots-fixed-secret";

/// The built site, once per test binary, in `target/tmp/page_snapshots/` (kept for a look
/// after a failure; replaced by the next run).
fn site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("page_snapshots");
        if root.exists() {
            std::fs::remove_dir_all(&root).unwrap();
        }
        copy_dir(&repo().join("tests/fixtures/site-every-page"), &root);
        let o = Command::new(env!("CARGO_BIN_EXE_porchlight"))
            .args(["build", "--now", NOW, "--strict"])
            .current_dir(&root)
            .env("PORCHLIGHT_SECRET", SECRET)
            .output()
            .expect("running porchlight");
        let (stdout, stderr) = (
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr),
        );
        assert!(
            o.status.success(),
            "build of the fixture failed:\n{stdout}\n{stderr}"
        );
        for line in [
            "tickets published        203",
            "tickets withheld           1  (private)",
            "tickets unlisted           1  (at secret links only)",
            "notes withheld             1  (private)",
            "docs pages                 3  (1 drafts skipped)",
        ] {
            assert!(stdout.contains(line), "{line:?} not in:\n{stdout}");
        }
        root.join("public")
    })
}

fn page(rel: &str) -> String {
    let p = site().join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("reading {}: {e}", p.display()))
}

/// The unlisted ticket's page: the only folder under `t/`.
fn unlisted_page() -> String {
    let dirs: Vec<_> = std::fs::read_dir(site().join("t"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(dirs.len(), 1, "{dirs:?}");
    page(&format!("t/{}/index.html", dirs[0]))
}

#[test]
fn home() {
    insta::assert_snapshot!("home", page("index.html"));
}

#[test]
fn ticket_list_front_page() {
    insta::assert_snapshot!("ticket_list_front_page", page("tickets/index.html"));
}

#[test]
fn ticket_list_older_page() {
    insta::assert_snapshot!("ticket_list_older_page", page("tickets/page/1/index.html"));
}

#[test]
fn ticket() {
    insta::assert_snapshot!("ticket", page("tickets/305/index.html"));
}

#[test]
fn ticket_rejected() {
    insta::assert_snapshot!("ticket_rejected", page("tickets/302/index.html"));
}

#[test]
fn ticket_unlisted() {
    insta::assert_snapshot!("ticket_unlisted", unlisted_page());
}

#[test]
fn docs_index() {
    insta::assert_snapshot!("docs_index", page("docs/index.html"));
}

#[test]
fn doc() {
    insta::assert_snapshot!("doc", page("docs/guides/invoices/index.html"));
}

#[test]
fn search() {
    insta::assert_snapshot!("search", page("search/index.html"));
}

#[test]
fn new_ticket() {
    insta::assert_snapshot!("new_ticket", page("new/index.html"));
}

#[test]
fn not_found() {
    insta::assert_snapshot!("not_found", page("404.html"));
}

#[test]
fn site_feed() {
    insta::assert_snapshot!("site_feed", page("feed.xml"));
}

#[test]
fn ticket_feed() {
    insta::assert_snapshot!("ticket_feed", page("tickets/305/feed.xml"));
}

#[test]
fn sitemap() {
    insta::assert_snapshot!("sitemap", page("sitemap.xml"));
}

#[test]
fn robots() {
    insta::assert_snapshot!("robots", page("robots.txt"));
}

/// Which files the build writes: a new kind of page shows up here first. Runs of ticket
/// numbers and the unlisted ticket's token are folded (`tickets/N/index.html × 203`).
#[test]
fn files_written() {
    let files = snapshot(site());
    let per_ticket = regex::Regex::new(r"^(tickets/[0-9]+|t/[0-9a-f]{32})/").unwrap();
    let mut kinds: std::collections::BTreeMap<String, usize> = Default::default();
    for name in files.keys() {
        let folded = per_ticket
            .replace(name, |c: &regex::Captures| {
                if c[1].starts_with("t/") {
                    "t/TOKEN/"
                } else {
                    "tickets/N/"
                }
            })
            .into_owned();
        *kinds.entry(folded).or_default() += 1;
    }
    let listing: Vec<String> = kinds
        .iter()
        .map(|(k, n)| {
            if *n == 1 {
                k.clone()
            } else {
                format!("{k} × {n}")
            }
        })
        .collect();
    insta::assert_snapshot!("files_written", listing.join("\n"));
}

#[test]
fn no_private_marker_in_any_file() {
    let files = snapshot(site());
    assert!(files.len() > 400, "{} files", files.len());
    for (name, bytes) in &files {
        let mut texts = vec![bytes.clone()];
        if bytes.starts_with(&[0x1f, 0x8b]) {
            let mut unpacked = Vec::new();
            flate2::read::MultiGzDecoder::new(&bytes[..])
                .read_to_end(&mut unpacked)
                .unwrap_or_else(|e| panic!("{name}: not valid gzip: {e}"));
            texts.push(unpacked);
        }
        for text in texts {
            let text = String::from_utf8_lossy(&text).to_lowercase();
            assert!(!text.contains("secretmark"), "a private marker in {name}");
        }
    }
    // The internal fields' plain values, in case a marker was cut off by masking.
    let all: String = files
        .values()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect();
    for internal in [
        "K-5521",
        "Max Sender",
        "tax table in prod",
        "restart the tax service",
    ] {
        assert!(!all.contains(internal), "{internal:?} published");
    }
}
