//! Shared pieces of the leak scans (`tests/leak_*.rs`): a seeded generator of text, unique
//! marker strings, and a scanner that reads every byte the build wrote (gzip files unpacked,
//! the search index queried like the browser does).
//!
//! Markers are `PLMARK` + 8 hex digits + `x`. Public text never contains `plmark` in any
//! case, so the scanner looks for that prefix, case-insensitively, in raw and unpacked bytes:
//! a marker that was lower-cased (search index) or partly masked still shows up.

#![allow(dead_code)]

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Prefix of every private marker.
pub const MARK: &str = "PLMARK";
/// Prefix of the public canary, which must be found (proves the scanner can see text).
pub const CANARY: &str = "PLCANARY";

/// splitmix64: small, seeded, deterministic.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    pub fn chance(&mut self, per_cent: u64) -> bool {
        self.below(100) < per_cent
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// Hands out unique markers and remembers them.
#[derive(Default)]
pub struct Marks {
    pub planted: Vec<String>,
    pub prefix: String,
}

impl Marks {
    pub fn new(prefix: &str) -> Marks {
        Marks {
            planted: Vec::new(),
            prefix: prefix.to_string(),
        }
    }
    pub fn next(&mut self) -> String {
        let m = format!("{}{:08x}x", self.prefix, self.planted.len() + 1);
        self.planted.push(m.clone());
        m
    }
}

/// Pieces of public text: Markdown, HTML, entity tricks, unicode, contacts, deadlines.
const PUBLIC_BITS: &[&str] = &[
    "The export times out after 30 seconds.",
    "**Expected:** the report opens.\n\n**Actual:** a blank page.",
    "1. Open *Settings*\n2. Click `Export`\n3. Wait",
    "- one\n- two\n  - nested [link](https://example.com/a?b=c&d=e)",
    "```\nERROR 500 at /api/v2/export\n```",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "> quoted reply from the customer\n> second line",
    "<b>bold</b> <i>it</i> <br> <div class=\"x\">div</div>",
    "<script>alert(1)</script> <img src=x onerror=alert(2)>",
    "[click](javascript:alert(3)) <a href=\"data:text/html,hi\">d</a>",
    "&lt;tag&gt; &amp;amp; &#x3C;script&#x3E; &#60;",
    "Grüße aus Köln — ça marche? Ελληνικά, русский, 日本語のテキスト, עברית, العربية",
    "emoji 🎉👩‍💻 and combining e\u{301} and zero\u{200b}width",
    "Call +49 30 1234 5678 or mail jane.doe@example.org",
    "Release on 03.11.2026, see v4.2.1 and #123.",
    "Footnote[^1].\n\n[^1]: The note.",
    "# Heading one\n\n## Heading two\n\ntext",
    "~~struck~~ and - [x] done task",
    "h2. Textile heading\n\n*strong* _em_ \"link\":https://example.com",
    "<svg onload=alert(4)><circle/></svg>",
    "broken <b><i>html</b></i> <div",
    "![image](https://tracker.example/pixel.png)",
    "    indented code block",
    "plain words about invoices, refunds and passwords",
    "\u{feff}BOM inside \u{202e}RTL override",
];

/// Public filler of 1 to 4 pieces.
pub fn public_text(rng: &mut Rng) -> String {
    let n = 1 + rng.below(4);
    (0..n)
        .map(|_| *rng.pick(PUBLIC_BITS))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Private text: public-looking filler with a fresh marker somewhere inside, sometimes
/// wrapped in markup (a marker inside a link, a code span, an HTML attribute, a heading).
pub fn private_text(rng: &mut Rng, marks: &mut Marks) -> String {
    let m = marks.next();
    let wrapped = match rng.below(8) {
        0 => format!("[{m}](https://internal.example/{m})"),
        1 => format!("`{m}`"),
        2 => format!("<span title=\"{m}\">{m}</span>"),
        3 => format!("# {m}"),
        4 => format!("Internal: {m}@corp.example"),
        _ => m,
    };
    match rng.below(3) {
        0 => wrapped,
        1 => format!("{}\n\n{wrapped}", public_text(rng)),
        _ => format!("{} {wrapped} {}", public_text(rng), public_text(rng)),
    }
}

/// A hit of the scanner: file (and, for gzip, "(unpacked)"), with some context.
#[derive(Debug)]
pub struct Hit {
    pub file: String,
    pub context: String,
}

fn find_all(name: &str, bytes: &[u8], needle: &str, hits: &mut Vec<Hit>) {
    let lower = bytes.to_ascii_lowercase();
    let needle = needle.to_ascii_lowercase();
    let nb = needle.as_bytes();
    if lower.len() < nb.len() {
        return;
    }
    let mut i = 0;
    while i + nb.len() <= lower.len() {
        if &lower[i..i + nb.len()] == nb {
            let end = (i + nb.len() + 24).min(bytes.len());
            let start = i.saturating_sub(24);
            hits.push(Hit {
                file: name.to_string(),
                context: String::from_utf8_lossy(&bytes[start..end]).into_owned(),
            });
            i += nb.len();
        } else {
            i += 1;
        }
    }
}

/// Every file below `dir` (skipping `skip`), relative path and bytes.
pub fn files_below(dir: &Path, skip: &BTreeSet<PathBuf>) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(dir).follow_links(false) {
        let e = e.unwrap();
        if skip.contains(e.path()) || !e.file_type().is_file() {
            continue;
        }
        let rel = e
            .path()
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        out.push((rel, std::fs::read(e.path()).unwrap()));
    }
    out
}

/// Scans every byte of `files` for `needle` (case-insensitive), gzip members unpacked, and
/// asks the search index (if any, below `site_prefix`) for words starting with `needle`.
pub fn scan(files: &[(String, Vec<u8>)], site_prefix: &str, needle: &str) -> Vec<Hit> {
    let mut hits = scan_bytes(files, needle);
    hits.extend(query_index(files, site_prefix, needle, true));
    hits
}

/// Every byte of `files`, gzip members unpacked, searched for `needle` (ASCII case folded).
pub fn scan_bytes(files: &[(String, Vec<u8>)], needle: &str) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (name, bytes) in files {
        find_all(name, bytes, needle, &mut hits);
        if bytes.starts_with(&[0x1f, 0x8b]) {
            let mut unpacked = Vec::new();
            flate2::read::MultiGzDecoder::new(&bytes[..])
                .read_to_end(&mut unpacked)
                .unwrap_or_else(|e| panic!("{name}: not valid gzip: {e}"));
            find_all(&format!("{name} (unpacked)"), &unpacked, needle, &mut hits);
        }
    }
    hits
}

/// Asks the search index below `site_prefix` for `word` (as a prefix when `prefix`), as the
/// browser would; one hit per page found.
pub fn query_index(
    files: &[(String, Vec<u8>)],
    site_prefix: &str,
    word: &str,
    prefix: bool,
) -> Vec<Hit> {
    let mut hits = Vec::new();
    // The postings keys are front-coded, so a word need not appear whole even unpacked: ask
    // the index like the browser does.
    let site: Vec<(String, Vec<u8>)> = files
        .iter()
        .filter_map(|(n, b)| {
            n.strip_prefix(site_prefix)
                .map(|r| (r.to_string(), b.clone()))
        })
        .filter(|(n, _)| n.starts_with("search/"))
        .collect();
    if site.iter().any(|(n, _)| n == "search/meta.bin") {
        let mut reader =
            porchlight::search::reader::Reader::new(&site).expect("search index opens");
        let q = word.to_lowercase();
        for hit in reader.search(&q, prefix).expect("search runs") {
            hits.push(Hit {
                file: "search index (query)".into(),
                context: format!("{hit:?}"),
            });
        }
    }
    hits
}

/// Runs `porchlight build --now … --config CONFIG` and returns (status, stdout, stderr).
pub fn build(config: &Path) -> (i32, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_porchlight"))
        .args(["build", "--now", "2026-11-23T12:00:00Z", "--config"])
        .arg(config)
        .current_dir(config.parent().unwrap())
        .output()
        .expect("running porchlight");
    let (out, err) = (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    );
    assert!(!err.contains("panicked"), "porchlight panicked:\n{err}");
    (o.status.code().unwrap_or(-1), out, err)
}

/// Distinct markers among the hits (prefix + 8 hex + x), for the report.
pub fn distinct(hits: &[Hit], prefix: &str) -> BTreeSet<String> {
    let re = regex::Regex::new(&format!("(?i){prefix}[0-9a-f]{{8}}x")).unwrap();
    hits.iter()
        .flat_map(|h| {
            re.find_iter(&h.context)
                .map(|m| m.as_str().to_ascii_lowercase())
                .collect::<Vec<_>>()
        })
        .collect()
}
