//! Test harness: runs the real `porchlight` binary on a site in a temp folder (ripgrep's
//! `TestCommand` / mdBook's `BookTest` idea). A failure prints the command and its output.

#![allow(dead_code)]

pub mod browser;
pub mod links;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Fixed "today" for every test build, so SLA and overdue figures are reproducible.
pub const NOW: &str = "2026-11-23T12:00:00Z";

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_porchlight"))
}

/// Result of one run of the binary.
pub struct Run {
    pub cmd: String,
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(cmd: String, o: Output) -> Run {
        Run {
            cmd,
            status: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }

    pub fn ok(self) -> Run {
        assert_eq!(
            self.status, 0,
            "{} failed:\nstdout:\n{}\nstderr:\n{}",
            self.cmd, self.stdout, self.stderr
        );
        self
    }

    pub fn fails_with(self, code: i32) -> Run {
        assert_eq!(
            self.status, code,
            "{} exit code:\nstdout:\n{}\nstderr:\n{}",
            self.cmd, self.stdout, self.stderr
        );
        self
    }
}

/// The stdout of a finished command, after asserting it succeeded (stdout and stderr in the
/// failure message).
pub fn ok_stdout(o: &Output) -> String {
    let stdout = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        o.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    stdout
}

/// Runs `porchlight ARGS` in `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let o = Command::new(bin())
        .args(args)
        .current_dir(dir)
        .output()
        .expect("running porchlight");
    Run::from(
        format!("porchlight {} (in {})", args.join(" "), dir.display()),
        o,
    )
}

/// A site in a temp folder: `porchlight.toml`, an export and docs written by the test.
pub struct SiteTest {
    pub dir: tempfile::TempDir,
}

impl SiteTest {
    /// An empty site folder with a config that reads `tickets.json` and `docs/`.
    pub fn new() -> SiteTest {
        let t = SiteTest {
            dir: tempfile::tempdir().unwrap(),
        };
        t.write(
            "porchlight.toml",
            "title = \"Test Support\"\nbase_url = \"https://help.example.com/sub/\"\n[sources]\ntickets = [\"tickets.json\"]\ndocs = \"docs\"\n",
        );
        std::fs::create_dir_all(t.path().join("docs")).unwrap();
        t
    }

    /// A copy of the repository's default site (config + content).
    pub fn default_site() -> SiteTest {
        let t = SiteTest {
            dir: tempfile::tempdir().unwrap(),
        };
        std::fs::copy(
            repo().join("porchlight.toml"),
            t.path().join("porchlight.toml"),
        )
        .unwrap();
        copy_dir(&repo().join("content"), &t.path().join("content"));
        t
    }

    /// [`SiteTest::default_site`] in one language: its config without `languages` (its doc
    /// translations are then left out).
    pub fn default_site_one_language() -> SiteTest {
        let t = SiteTest::default_site();
        let toml = std::fs::read_to_string(t.path().join("porchlight.toml")).unwrap();
        t.write("porchlight.toml", &one_language(&toml));
        t
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: &str) {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    /// `build --now NOW` with extra args.
    pub fn build(&self, extra: &[&str]) -> Run {
        let mut args = vec!["build", "--now", NOW];
        args.extend_from_slice(extra);
        run_in(self.path(), &args)
    }

    pub fn out(&self) -> PathBuf {
        self.path().join("public")
    }

    pub fn read(&self, rel: &str) -> String {
        let p = self.out().join(rel);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("reading {}: {e}", p.display()))
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// Every file below `dir` with its bytes, by relative path.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut m = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir) {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            m.insert(rel, std::fs::read(e.path()).unwrap());
        }
    }
    m
}

/// The forms a string can take in output files: as is, HTML-escaped, JSON-escaped.
pub fn forms(s: &str) -> Vec<String> {
    let html = s
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;");
    let html2 = s
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
        .replace('/', "&#x2F;");
    let json = serde_json::to_string(s).unwrap();
    let json = json[1..json.len() - 1].to_string();
    let mut v = vec![s.to_string(), html, html2, json];
    v.sort();
    v.dedup();
    v
}

/// `projects = [...]` naming every project of the exports (read as `format`, or detected),
/// so a test publishes all of them; empty when they hold one project or none (a build of
/// several projects needs them named).
pub fn all_projects(exports: &[PathBuf], format: Option<&str>) -> String {
    let format = format.and_then(porchlight::sources::Format::from_name);
    let mut names: Vec<String> = Vec::new();
    for e in exports {
        let files: Vec<PathBuf> = walkdir::WalkDir::new(e)
            .into_iter()
            .map(|f| f.unwrap().into_path())
            .filter(|f| {
                f.is_file()
                    && f.file_name().is_some_and(|n| n != "issue_statuses.json")
                    && f.extension().is_some_and(|x| x == "json" || x == "xml")
            })
            .collect();
        for f in files {
            let corpus = porchlight::sources::read_export(&f, format).expect("a readable export");
            names.extend(corpus.tickets.into_iter().filter_map(|t| t.project));
        }
    }
    names.sort();
    names.dedup();
    if names.len() < 2 {
        return String::new();
    }
    let quoted: Vec<String> = names
        .iter()
        .map(|n| serde_json::to_string(n).unwrap())
        .collect();
    format!("projects = [{}]\n", quoted.join(", "))
}

/// The text of a file's bytes, gzip files (search index parts) unpacked.
pub fn unpacked(bytes: &[u8]) -> String {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::MultiGzDecoder::new(bytes), &mut v)
            .expect("a gzip file that unpacks");
        return String::from_utf8_lossy(&v).into_owned();
    }
    String::from_utf8_lossy(bytes).into_owned()
}

/// Panics naming the file and needle if any needle (in any of its forms) occurs in any file
/// (gzip files unpacked).
pub fn assert_absent(dir: &Path, needles: &[String]) {
    let files = snapshot(dir);
    assert!(!files.is_empty(), "no files in {}", dir.display());
    for needle in needles {
        for form in forms(needle) {
            for (name, bytes) in &files {
                let hay = unpacked(bytes);
                assert!(
                    !hay.contains(&form),
                    "private text {needle:?} (as {form:?}) found in {name}"
                );
            }
        }
    }
}

/// A copy of a fixture site of `tests/fixtures/docs-shapes/` in a temp folder.
pub fn docs_shape(name: &str) -> SiteTest {
    let t = SiteTest {
        dir: tempfile::tempdir().unwrap(),
    };
    copy_dir(
        &repo().join("tests/fixtures/docs-shapes").join(name),
        t.path(),
    );
    t
}

/// The text of an HTML fragment without its tags (entities left as they are).
pub fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The ticket `id` of a corpus a reader returned; panics naming the id when it is missing.
pub fn ticket_in<'a>(c: &'a porchlight::model::Corpus, id: &str) -> &'a porchlight::model::Ticket {
    c.tickets
        .iter()
        .find(|t| t.id == id)
        .unwrap_or_else(|| panic!("no ticket {id}"))
}

/// The message of a read that must fail.
pub fn read_error(
    r: Result<porchlight::model::Corpus, porchlight::sources::SourceError>,
) -> String {
    match r {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.to_string(),
    }
}

/// Writes one HTTP/1.1 answer with a JSON content type and closes the connection: the
/// recorded-answer servers of the pull tests (tests/pull_recorded.rs, tests/pull_odoo.rs).
pub fn write_reply(
    mut out: std::net::TcpStream,
    status: u16,
    headers: Vec<(String, String)>,
    body: &str,
) {
    use std::io::Write;
    let mut head = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let _ = out.write_all(head.as_bytes());
    let _ = out.write_all(body.as_bytes());
}

/// `porchlight search ARGS --json` run in `dir`: one JSON object per result.
pub fn search_json(dir: &Path, args: &[&str]) -> Vec<serde_json::Value> {
    let mut a = vec!["search"];
    a.extend_from_slice(args);
    a.push("--json");
    run_in(dir, &a)
        .ok()
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The URLs of [`search_json`]'s results, in order.
pub fn result_urls(results: &[serde_json::Value]) -> Vec<&str> {
    results.iter().map(|r| r["url"].as_str().unwrap()).collect()
}

/// A config without its `languages` line: the site in one language.
pub fn one_language(toml: &str) -> String {
    let kept: Vec<&str> = toml
        .lines()
        .filter(|l| !l.trim_start().starts_with("languages ="))
        .collect();
    assert!(
        kept.len() < toml.lines().count(),
        "no languages line in the config"
    );
    kept.join("\n") + "\n"
}

/// Builds the repository's example site `examples/NAME` into a temp folder (at [`NOW`]);
/// returns the folder and the output inside it.
pub fn build_example(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let config = repo().join("examples").join(name).join("porchlight.toml");
    run_in(
        dir.path(),
        &[
            "build",
            "--quiet",
            "--config",
            config.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--now",
            NOW,
        ],
    )
    .ok();
    (dir, out)
}
