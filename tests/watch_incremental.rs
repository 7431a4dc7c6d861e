//! The watch loop's incremental rebuilds (`src/site/watch.rs`) write exactly what a full build
//! writes: after every kind of change, the folder the session updated in place is compared
//! file by file (and its manifest entry by entry) with a fresh full build of the same input.
//! Also pins that a one-ticket change rewrites only that ticket's files and the site-wide
//! files, and that errors are reported and recovered from.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use porchlight::site::watch::Session;
use porchlight::site::{self, BuildOptions, Summary};

const NOW: &str = "2026-11-23T12:00:00Z";
const SECRET_ENV: &str = "PORCHLIGHT_TEST_WATCH_SECRET";

struct Fixture {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    session: Session,
    full_builds: usize,
    /// The summary of the last rebuild, compared with the full build's.
    last: Option<Summary>,
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn write_json(path: &Path, v: &serde_json::Value) {
    std::fs::write(path, serde_json::to_vec_pretty(v).unwrap()).unwrap();
}

fn one(ticket: serde_json::Value) -> serde_json::Value {
    serde_json::json!({ "porchlight": 1, "tickets": [ticket] })
}

impl Fixture {
    /// The default content, one ticket per file in `tickets/`, plus `extra.json` holding the
    /// private internal issue DEV-1432 that ticket 4101 rolls up, and a visibility rule that
    /// makes tickets labelled "unlisted" unlisted.
    fn new() -> Fixture {
        // SAFETY of the test: only this test binary reads this variable.
        std::env::set_var(SECRET_ENV, "test secret for watch");
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir_all(root.join("tickets")).unwrap();
        // In one language: a multilingual site is rebuilt in full on every save.
        let config =
            common::one_language(&std::fs::read_to_string(repo().join("porchlight.toml")).unwrap());
        let config = config.replace(
            "tickets = [\"content/tickets.json\"]",
            "tickets = [\"tickets\", \"extra.json\"]",
        ) + &format!(
            "\n[visibility]\nsecret_env = \"{SECRET_ENV}\"\n[[visibility.rules]]\nlabel = \"unlisted\"\nlevel = \"unlisted\"\n"
        );
        assert!(config.contains("\"tickets\", \"extra.json\""));
        std::fs::write(root.join("porchlight.toml"), config).unwrap();
        let export: serde_json::Value =
            serde_json::from_slice(&std::fs::read(repo().join("content/tickets.json")).unwrap())
                .unwrap();
        for t in export["tickets"].as_array().unwrap() {
            let id = t["id"].to_string().replace('"', "");
            write_json(&root.join(format!("tickets/{id}.json")), &one(t.clone()));
        }
        write_json(
            &root.join("extra.json"),
            &serde_json::json!({ "porchlight": 1, "tickets": [{
                "id": "DEV-1432", "subject": "Internal: ledger sync rewrite",
                "status": "In Progress", "private": true, "created": "2026-10-01T09:00:00Z",
                "target_version": "5.2", "due_date": "2026-12-15",
                "description": "PRIVATE-INTERNAL-TEXT"
            }]}),
        );
        copy_dir(&repo().join("content/docs"), &root.join("content/docs"));
        let mut f = Fixture {
            _tmp: tmp,
            root,
            session: Session::new(),
            full_builds: 0,
            last: None,
        };
        let s = f.rebuild(&[]);
        assert!(is_full(&s), "the first build is a full build");
        f.assert_same_as_full();
        f
    }

    fn opts(&self, out: &str) -> BuildOptions {
        BuildOptions {
            config: self.root.join("porchlight.toml"),
            out: Some(self.root.join(out)),
            now: NOW.parse().unwrap(),
            strict: false,
            write: true,
            progress: false,
        }
    }

    fn try_rebuild(&mut self, changed: &[&str]) -> anyhow::Result<Summary> {
        let changed: BTreeSet<PathBuf> = changed.iter().map(|p| self.root.join(p)).collect();
        let opts = self.opts("public");
        let r = self.session.rebuild(&opts, &changed);
        self.last = r.as_ref().ok().cloned();
        r
    }

    fn rebuild(&mut self, changed: &[&str]) -> Summary {
        self.try_rebuild(changed).unwrap()
    }

    fn ticket(&self, id: &str) -> serde_json::Value {
        let v: serde_json::Value = serde_json::from_slice(
            &std::fs::read(self.path(&format!("tickets/{id}.json"))).unwrap(),
        )
        .unwrap();
        v["tickets"][0].clone()
    }

    fn set_ticket(&self, id: &str, t: serde_json::Value) {
        write_json(&self.path(&format!("tickets/{id}.json")), &one(t));
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    fn read_out(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path("public").join(rel)).unwrap()
    }

    /// A fresh full build of the same input must give the same files and manifest.
    fn assert_same_as_full(&mut self) {
        self.full_builds += 1;
        let name = format!("full-{}", self.full_builds);
        let full = site::build(&self.opts(&name)).unwrap();
        let last = self.last.as_ref().expect("a rebuild before the comparison");
        let counts = |s: &Summary| {
            (
                s.tickets_published,
                s.tickets_private,
                s.tickets_refused,
                s.tickets_unlisted,
                s.unlisted_without_secret,
                s.notes_published,
                s.notes_private,
                s.docs,
                s.drafts,
                s.warnings.clone(),
            )
        };
        assert_eq!(counts(last), counts(&full), "the summaries differ");
        let a = tree(&self.path("public"));
        let b = tree(&self.path(&name));
        let only_a: Vec<&String> = a.keys().filter(|k| !b.contains_key(*k)).collect();
        let only_b: Vec<&String> = b.keys().filter(|k| !a.contains_key(*k)).collect();
        assert!(
            only_a.is_empty() && only_b.is_empty(),
            "files only in the watched site: {only_a:?}; only in the full build: {only_b:?}"
        );
        for (k, v) in &a {
            assert!(
                v == &b[k],
                "{k} differs from a full build:\n--- watch\n{}\n--- full\n{}",
                String::from_utf8_lossy(v),
                String::from_utf8_lossy(&b[k])
            );
        }
        let manifest = |out: &str| -> BTreeMap<String, String> {
            let p = porchlight::output::manifest_path(&self.path(out));
            serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
        };
        assert_eq!(manifest("public"), manifest(&name), "manifests differ");
        std::fs::remove_dir_all(self.path(&name)).unwrap();
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// Every file below `dir` with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().display().to_string(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// Full builds load the config first; incremental ones start by reading the changed files.
fn is_full(s: &Summary) -> bool {
    s.steps.first().map(|(n, _)| *n) == Some("config")
}

fn changed(s: &Summary) -> Vec<String> {
    s.write.as_ref().unwrap().changed_paths.clone()
}

#[test]
fn one_ticket_edit_rewrites_only_its_files_and_the_site_wide_ones() {
    let mut f = Fixture::new();
    let mut t = f.ticket("4103");
    t["subject"] = "Export to CSV drops the last row (edited)".into();
    t["updated"] = "2026-11-22T10:00:00Z".into();
    f.set_ticket("4103", t);
    let s = f.rebuild(&["tickets/4103.json"]);
    assert!(
        !is_full(&s),
        "a ticket edit is an incremental rebuild: {:?}",
        s.steps
    );
    f.assert_same_as_full();
    let paths = changed(&s);
    assert!(
        paths.contains(&"tickets/4103/index.html".to_string()),
        "{paths:?}"
    );
    assert!(
        paths.contains(&"tickets/4103/feed.xml".to_string()),
        "{paths:?}"
    );
    // Its front page of each list it is on: all, closed, and its stage's.
    for list in ["tickets/closed/", "tickets/stage/closed/"] {
        assert!(paths.contains(&format!("{list}index.html")), "{paths:?}");
    }
    for p in &paths {
        let other_ticket = p.starts_with("tickets/")
            && !p.starts_with("tickets/4103/")
            && !matches!(
                p.as_str(),
                "tickets/index.html"
                    | "tickets/closed/index.html"
                    | "tickets/stage/closed/index.html"
            );
        assert!(
            !other_ticket && !p.starts_with("docs/") && !p.starts_with("t/"),
            "an unrelated page was rewritten: {p} (all: {paths:?})"
        );
    }
    assert!(f.read_out("tickets/4103/index.html").contains("(edited)"));

    // Nothing changed at all: nothing is written.
    let s = f.rebuild(&["tickets/4103.json"]);
    assert!(changed(&s).is_empty(), "{:?}", changed(&s));
}

#[test]
fn private_deleted_added_unlisted_and_rolled_up_tickets_match_a_full_build() {
    let mut f = Fixture::new();
    assert!(f.read_out("tickets/4105/index.html").contains("4105"));

    // Turned private: gone from every file.
    let mut t = f.ticket("4105");
    let subject = t["subject"].as_str().unwrap().to_string();
    t["private"] = true.into();
    f.set_ticket("4105", t);
    let s = f.rebuild(&["tickets/4105.json"]);
    assert!(!is_full(&s));
    f.assert_same_as_full();
    assert!(
        !f.path("public/tickets/4105").exists(),
        "the folder goes too"
    );
    for (p, bytes) in tree(&f.path("public")) {
        if p.ends_with(".html") || p.ends_with(".xml") || p.ends_with(".json") {
            let text = String::from_utf8_lossy(&bytes);
            assert!(
                !text.contains(&subject),
                "{p} still shows the private ticket"
            );
        }
    }

    // Deleted and added files.
    std::fs::remove_file(f.path("tickets/4106.json")).unwrap();
    let mut t = f.ticket("4103");
    t["id"] = 5000.into();
    t["subject"] = "A brand new ticket".into();
    f.set_ticket("5000", t);
    let s = f.rebuild(&["tickets/4106.json", "tickets/5000.json"]);
    assert!(!is_full(&s));
    f.assert_same_as_full();
    assert!(!f.path("public/tickets/4106").exists());
    assert!(f
        .read_out("tickets/5000/index.html")
        .contains("A brand new ticket"));

    // The internal issue moves on: the customer's ticket 4101 shows its stage and target,
    // never its text or id.
    let before = f.read_out("tickets/4101/index.html");
    write_json(
        &f.path("extra.json"),
        &serde_json::json!({ "porchlight": 1, "tickets": [{
            "id": "DEV-1432", "subject": "Internal: ledger sync rewrite",
            "status": "Resolved", "private": true, "created": "2026-10-01T09:00:00Z",
            "target_version": "5.3", "due_date": "2026-12-20",
            "description": "PRIVATE-INTERNAL-TEXT"
        }]}),
    );
    let s = f.rebuild(&["extra.json"]);
    assert!(!is_full(&s));
    f.assert_same_as_full();
    let after = f.read_out("tickets/4101/index.html");
    assert_ne!(before, after, "the rollup changed the customer's page");
    assert!(
        after.contains("Fix in testing"),
        "the rolled-up stage shows: {after}"
    );
    assert!(!after.contains("PRIVATE-INTERNAL-TEXT") && !after.contains("DEV-1432"));

    // Labelled unlisted: moves to its secret link, out of every listing.
    let mut t = f.ticket("4107");
    t["labels"] = serde_json::json!(["unlisted"]);
    f.set_ticket("4107", t);
    let s = f.rebuild(&["tickets/4107.json"]);
    assert!(!is_full(&s));
    f.assert_same_as_full();
    assert!(!f.path("public/tickets/4107").exists());
    assert!(f.path("public/t").is_dir());

    // An unknown status: a warning, in the same place as a full build puts it.
    let mut t = f.ticket("4109");
    t["status"] = "Frobnicated".into();
    f.set_ticket("4109", t);
    let s = f.rebuild(&["tickets/4109.json"]);
    assert!(!is_full(&s));
    assert!(
        s.warnings.iter().any(|w| w.contains("Frobnicated")),
        "{:?}",
        s.warnings
    );
    f.assert_same_as_full();

    // A ticket moves from its own file into extra.json in one save of both.
    let moved = f.ticket("4108");
    std::fs::remove_file(f.path("tickets/4108.json")).unwrap();
    let mut extra: serde_json::Value =
        serde_json::from_slice(&std::fs::read(f.path("extra.json")).unwrap()).unwrap();
    extra["tickets"].as_array_mut().unwrap().push(moved);
    write_json(&f.path("extra.json"), &extra);
    let s = f.rebuild(&["tickets/4108.json", "extra.json"]);
    assert!(!is_full(&s), "a move is not a duplicate");
    f.assert_same_as_full();
}

#[test]
fn docs_and_feedback_changes_match_a_full_build() {
    let mut f = Fixture::new();
    let docs: Vec<PathBuf> = walkdir::WalkDir::new(f.path("content/docs"))
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    let doc = docs
        .iter()
        .find(|p| !p.ends_with("index.md"))
        .unwrap()
        .clone();
    let rel = doc.strip_prefix(&f.root).unwrap().display().to_string();
    let text = std::fs::read_to_string(&doc).unwrap() + "\n## Added heading\n\nNew words here.\n";
    std::fs::write(&doc, text).unwrap();
    let s = f.rebuild(&[&rel]);
    assert!(!is_full(&s));
    f.assert_same_as_full();

    // A doc's image changes: the published copy follows.
    let img = "content/docs/getting-started/img/support-home.png";
    let other = std::fs::read(f.path("content/docs/troubleshooting/img/ticket-4101.png")).unwrap();
    assert_ne!(std::fs::read(f.path(img)).unwrap(), other);
    std::fs::write(f.path(img), &other).unwrap();
    let s = f.rebuild(&[img]);
    assert!(!is_full(&s));
    f.assert_same_as_full();
    assert_eq!(
        std::fs::read(f.path("public/docs/getting-started/img/support-home.png")).unwrap(),
        other
    );

    // A new doc and a removed one.
    std::fs::write(
        f.path("content/docs/brand-new.md"),
        "+++\ntitle = \"Brand new article\"\n+++\n\nFresh text.\n",
    )
    .unwrap();
    std::fs::remove_file(&doc).unwrap();
    let s = f.rebuild(&["content/docs/brand-new.md", &rel]);
    assert!(!is_full(&s));
    f.assert_same_as_full();
    assert!(f
        .read_out("docs/brand-new/index.html")
        .contains("Brand new article"));

    // A feedback ticket (shown on the doc page it is about) changes its title.
    let mut t = f.ticket("4113");
    t["subject"] = "Feedback ticket, edited".into();
    f.set_ticket("4113", t);
    let s = f.rebuild(&["tickets/4113.json"]);
    assert!(!is_full(&s));
    f.assert_same_as_full();
}

#[test]
fn errors_are_reported_and_the_next_good_save_recovers() {
    let mut f = Fixture::new();
    std::fs::write(
        f.path("tickets/4103.json"),
        "{\"porchlight\": 1, \"tickets\": [",
    )
    .unwrap();
    let e = f.try_rebuild(&["tickets/4103.json"]).unwrap_err();
    let msg = format!("{e:#}");
    assert!(msg.contains("4103.json"), "the error names the file: {msg}");

    // Fixed: a full build (the session started over), equal to a fresh one.
    let t = f.ticket("4104");
    let mut fixed = t.clone();
    fixed["id"] = 4103.into();
    f.set_ticket("4103", fixed);
    let s = f.rebuild(&["tickets/4103.json"]);
    assert!(is_full(&s), "after an error the session starts over");
    f.assert_same_as_full();

    // The same id in two files is refused, naming both.
    let mut dup = f.ticket("4104");
    dup["subject"] = "duplicate".into();
    write_json(&f.path("tickets/4104-copy.json"), &one(dup));
    let e = f.try_rebuild(&["tickets/4104-copy.json"]).unwrap_err();
    let msg = format!("{e:#}");
    assert!(
        msg.contains("ticket id 4104 appears in both") && msg.contains("4104-copy.json"),
        "{msg}"
    );
    std::fs::remove_file(f.path("tickets/4104-copy.json")).unwrap();
    f.rebuild(&["tickets/4104-copy.json"]);
    f.assert_same_as_full();
}

#[test]
fn ids_equal_as_numbers_stay_distinct_tickets() {
    // 8, not 7: the default site's text names "#7", and a ticket 7 would change its links.
    let mut f = Fixture::new();
    let mut seven = f.ticket("4103");
    seven["id"] = 8.into();
    seven["subject"] = "Eight without zeros".into();
    let mut padded = f.ticket("4104");
    padded["id"] = "008".into();
    padded["subject"] = "Eight with zeros".into();
    f.set_ticket("8", seven.clone());
    f.set_ticket("008", padded);
    let s = f.rebuild(&["tickets/8.json", "tickets/008.json"]);
    assert!(!is_full(&s));
    f.assert_same_as_full();

    // "8" turns private: its files go, "008" stays as it was.
    seven["private"] = true.into();
    f.set_ticket("8", seven);
    let s = f.rebuild(&["tickets/8.json"]);
    assert!(!is_full(&s));
    f.assert_same_as_full();
    assert!(!f.path("public/tickets/8").exists());
    assert!(f
        .read_out("tickets/008/index.html")
        .contains("Eight with zeros"));
    for (p, bytes) in tree(&f.path("public")) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("Eight without zeros"),
            "{p} still shows the private ticket"
        );
    }
}

/// The most common tracker changes: a ticket moves to another stage, and a new ticket comes
/// in with the highest id. Both keep every other page's search id, so the index changes
/// only where they are: the stage file, and for the new ticket the last excerpt bundle.
#[test]
fn stage_change_and_new_last_ticket_rewrite_few_search_files() {
    let mut f = Fixture::new();
    let search_paths = |s: &Summary| -> Vec<String> {
        changed(s)
            .into_iter()
            .filter(|p| p.starts_with("search/"))
            .collect()
    };
    let mut t = f.ticket("4103");
    assert_eq!(t["status"], "Closed");
    t["status"] = "In Progress".into();
    f.set_ticket("4103", t);
    let s = f.rebuild(&["tickets/4103.json"]);
    assert!(!is_full(&s));
    f.assert_same_as_full();
    let paths = search_paths(&s);
    assert!(paths.contains(&"search/s.bin".to_string()), "{paths:?}");
    assert!(
        !paths.iter().any(|p| p.starts_with("search/p/")),
        "the stage is not in the excerpts: {paths:?}"
    );

    let bundles = std::fs::read_dir(f.path("public/search/p"))
        .unwrap()
        .count();
    assert!(bundles > 2, "{bundles} bundles");
    let mut t = f.ticket("4103");
    t["id"] = "ZZ-1".into();
    t["subject"] = "A new ticket, last in id order".into();
    f.set_ticket("ZZ-1", t);
    let s = f.rebuild(&["tickets/ZZ-1.json"]);
    assert!(!is_full(&s));
    f.assert_same_as_full();
    let paths = search_paths(&s);
    assert!(paths.contains(&"search/s.bin".to_string()), "{paths:?}");
    for p in paths.iter().filter_map(|p| p.strip_prefix("search/p/")) {
        let n: usize = p.trim_end_matches(".bin").parse().unwrap();
        assert!(
            n + 1 >= bundles,
            "only the last bundle (or a new one) changes: {paths:?}"
        );
    }
}

/// The ticket list is cut from the oldest ticket: a new last ticket rewrites the front list
/// page only, a ticket taken out of the middle moves the pages from it to the front, and a new
/// older page appears once in a hundred tickets; each step matches a full build.
#[test]
fn list_pages_follow_new_and_removed_tickets() {
    let mut f = Fixture::new();
    let new_ticket = |f: &Fixture, id: u32| {
        f.set_ticket(
            &id.to_string(),
            serde_json::json!({
                "id": id, "subject": format!("Generated ticket {id}"), "status": "New",
                "project": "Acme Ledger Web",
                "created": "2026-11-01T09:00:00Z", "updated": "2026-11-02T09:00:00Z"
            }),
        );
        format!("tickets/{id}.json")
    };
    let list_pages = |f: &Fixture| -> usize {
        std::fs::read_dir(f.path("public/tickets/page"))
            .map(|d| d.count())
            .unwrap_or(0)
    };
    let list_files = |s: &Summary| -> Vec<String> {
        changed(s)
            .into_iter()
            .filter(|p| p == "tickets/index.html" || p.starts_with("tickets/page/"))
            .collect()
    };
    let added: Vec<String> = (5001..5401).map(|id| new_ticket(&f, id)).collect();
    let refs: Vec<&str> = added.iter().map(String::as_str).collect();
    f.rebuild(&refs);
    f.assert_same_as_full();
    let older = list_pages(&f);
    assert!(older >= 3, "{older} older pages");

    // One more at the end: only the front page changes (unless it crosses a hundred).
    let mut id = 5401;
    loop {
        let p = new_ticket(&f, id);
        id += 1;
        let s = f.rebuild(&[p.as_str()]);
        f.assert_same_as_full();
        if list_pages(&f) == older {
            assert_eq!(list_files(&s), ["tickets/index.html"]);
            break;
        }
    }

    // Taken out of the middle: the pages from it up to the front move, the oldest stays.
    std::fs::remove_file(f.path("tickets/5150.json")).unwrap();
    let s = f.rebuild(&["tickets/5150.json"]);
    f.assert_same_as_full();
    let files = list_files(&s);
    assert!(
        files.contains(&"tickets/index.html".to_string()),
        "{files:?}"
    );
    assert!(
        !files.contains(&"tickets/page/1/index.html".to_string()),
        "{files:?}"
    );
    assert!(
        files.contains(&"tickets/page/2/index.html".to_string()),
        "{files:?}"
    );

    // Up to the next hundred: a new older page, written with its neighbour's new links.
    let front = f.read_out("tickets/index.html");
    let total: usize = front
        .split(" public tickets, newest first.")
        .next()
        .and_then(|s| s.rsplit('>').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no ticket count on the front page:\n{front}"));
    let before = list_pages(&f);
    let bulk: Vec<String> = (1..100 - total % 100)
        .map(|k| new_ticket(&f, id + k as u32 - 1))
        .collect();
    id += bulk.len() as u32;
    let refs: Vec<&str> = bulk.iter().map(String::as_str).collect();
    f.rebuild(&refs);
    assert_eq!(list_pages(&f), before, "{total} + {} tickets", bulk.len());
    let p = new_ticket(&f, id);
    f.rebuild(&[p.as_str()]);
    f.assert_same_as_full();
    assert_eq!(list_pages(&f), before + 1);
}

/// The lists are in opening-date order and filtered by stage: a ticket opened on another
/// date moves in every list it is on, a new stage moves it between the stage lists (and from
/// open to closed), a stage left empty says so, and 200 tickets of one stage page its list;
/// each step matches a full build.
#[test]
fn lists_follow_opening_dates_and_stages() {
    let mut f = Fixture::new();
    let cards = |f: &Fixture, page: &str| -> Vec<String> {
        f.read_out(page)
            .split("<span class=\"tid\">#")
            .skip(1)
            .map(|s| s.split('<').next().unwrap().to_string())
            .collect()
    };
    let all = cards(&f, "tickets/index.html");
    assert_eq!(all[..3], ["4111", "4117", "4125"], "{all:?}");
    let at = |id: &str| all.iter().position(|c| c == id).unwrap();
    assert!(
        at("4125") < at("HD-311") && at("HD-311") < at("4110"),
        "{all:?}"
    );

    // HD-298 (1 Oct) re-dated to the newest: it moves to the top of every list it is on.
    let mut t = f.ticket("HD-298");
    t["created"] = "2026-11-22T08:00:00Z".into();
    f.set_ticket("HD-298", t);
    let s = f.rebuild(&["tickets/HD-298.json"]);
    assert!(!is_full(&s), "{:?}", s.steps);
    f.assert_same_as_full();
    assert_eq!(cards(&f, "tickets/index.html")[0], "HD-298");
    assert_eq!(cards(&f, "tickets/closed/index.html")[0], "HD-298");

    // The only Rejected ticket (4116) is reopened: Rejected is left empty, the ticket moves
    // from Closed to Open and joins In progress, in its place by opening date.
    assert_eq!(cards(&f, "tickets/stage/rejected/index.html"), ["4116"]);
    let mut t = f.ticket("4116");
    t["status"] = "In Progress".into();
    for k in ["status_closed", "closed", "resolution"] {
        t.as_object_mut().unwrap().remove(k);
    }
    f.set_ticket("4116", t);
    let s = f.rebuild(&["tickets/4116.json"]);
    assert!(!is_full(&s), "{:?}", s.steps);
    f.assert_same_as_full();
    let rejected = f.read_out("tickets/stage/rejected/index.html");
    assert!(
        rejected.contains("<p>No ticket is at this stage right now.</p>"),
        "{rejected}"
    );
    assert_eq!(
        cards(&f, "tickets/stage/in-progress/index.html"),
        ["4117", "4101", "4102", "4116", "HD-311"]
    );
    assert!(cards(&f, "tickets/open/index.html").contains(&"4116".to_string()));
    assert!(!cards(&f, "tickets/closed/index.html").contains(&"4116".to_string()));

    // 200 new Fix in testing tickets page that stage's list; taking them out again removes
    // its older page.
    let added: Vec<String> = (6001..6201)
        .map(|id| {
            f.set_ticket(
                &id.to_string(),
                serde_json::json!({
                    "id": id, "subject": format!("Generated ticket {id}"), "status": "Resolved",
                    "project": "Acme Ledger Web", "created": "2026-09-01T09:00:00Z"
                }),
            );
            format!("tickets/{id}.json")
        })
        .collect();
    let refs: Vec<&str> = added.iter().map(String::as_str).collect();
    f.rebuild(&refs);
    f.assert_same_as_full();
    assert!(f
        .path("public/tickets/stage/fix-in-testing/page/1/index.html")
        .exists());
    for p in &added {
        std::fs::remove_file(f.path(p)).unwrap();
    }
    f.rebuild(&refs);
    f.assert_same_as_full();
    assert!(!f.path("public/tickets/stage/fix-in-testing/page").exists());
}
