//! Search index bench: build time, index size and the bytes a first query fetches.
//!
//! Reads the Hugo side of a corpus made by `shared/bench/gen-support-corpus.py` (the same pages
//! Pagefind indexes in `peers.sh`), or generates N synthetic pages when no corpus is given:
//!
//! ```sh
//! python3 shared/bench/gen-support-corpus.py --tickets 10000 --docs 1000 --out /tmp/pb/t10k
//! cargo bench --bench search_bench -- /tmp/pb/t10k/hugo/content
//! cargo bench --bench search_bench -- --synthetic 10000
//! cargo bench --bench search_bench -- --incremental [--verify] /tmp/pb/t10k/hugo/content
//! cargo bench --bench search_bench -- --gzip-levels /tmp/pb/t10k/hugo/content
//! ```
//!
//! `--incremental` times `IndexCache::update` after single-entry edits (what `watch` does after
//! a save, with the same hint of which entry it replaced or appended); `--verify` also compares each
//! result with a full `build_index`. `--gzip-levels` recompresses the postings and excerpt
//! files at every gzip level (size and time).
//!
//! "Fetched" is what the browser downloads for its first query on a fresh page: the meta file,
//! the postings chunks (and typo files) the words need, and the excerpt bundles and stage
//! file of the top 10 results, as compressed on disk. It is computed with `search::reader`, which follows the
//! same lookup steps as `search.js`.

use std::path::{Path, PathBuf};
use std::time::Instant;

use porchlight::search::reader::Reader;
use porchlight::search::{build_index, EntryKind, IndexCache, SearchEntry, SearchSection};

const QUERIES: &[&str] = &[
    "refund",
    "webhook delivery retry",
    "invoices",
    "customer portal timeout",
    "recieves",
    "refnud",
];

fn main() {
    let all: Vec<String> = std::env::args().skip(1).collect();
    let flag = |f: &str| all.iter().any(|a| a == f);
    let mut args: Vec<String> = all
        .iter()
        .filter(|a| {
            !matches!(
                a.as_str(),
                "--bench" | "--gzip-levels" | "--incremental" | "--verify"
            )
        })
        .cloned()
        .collect();
    // `--write DIR` also writes the index files under DIR (to try the client on big sites).
    let write_to = args.iter().position(|a| a == "--write").map(|i| {
        let dir = args.get(i + 1).cloned().unwrap_or_else(|| ".".into());
        args.drain(i..(i + 2).min(args.len()));
        PathBuf::from(dir)
    });
    let entries = match args.as_slice() {
        [flag, n] if flag == "--synthetic" => synthetic(n.parse().unwrap_or(1000)),
        [dir] => match load_hugo(Path::new(dir)) {
            Ok(e) => e,
            Err(e) => {
                eprintln!("search_bench: cannot read {dir}: {e}");
                std::process::exit(2);
            }
        },
        _ => synthetic(1000),
    };
    let text_bytes: usize = entries
        .iter()
        .map(|e| e.title.len() + e.sections.iter().map(|s| s.text.len()).sum::<usize>())
        .sum();
    println!("pages: {} ({} text bytes)", entries.len(), text_bytes);

    if flag("--gzip-levels") {
        gzip_levels(&entries);
        return;
    }
    if flag("--incremental") {
        incremental(entries, flag("--verify"));
        return;
    }
    let mut times = Vec::new();
    let mut files = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        files = build_index(&entries);
        times.push(t.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    if let Some(dir) = &write_to {
        for (path, bytes) in &files {
            let p = dir.join(path);
            if let Some(parent) = p.parent() {
                std::fs::create_dir_all(parent).expect("create index folder");
            }
            std::fs::write(&p, bytes).expect("write index file");
        }
    }
    let total: usize = files.iter().map(|(_, b)| b.len()).sum();
    let n = entries.len().max(1);
    let by = |prefix: &str| {
        let sel: Vec<_> = files
            .iter()
            .filter(|(p, _)| p.starts_with(prefix))
            .collect();
        (sel.len(), sel.iter().map(|(_, b)| b.len()).sum::<usize>())
    };
    println!("build: median of 3 {:.3} s (min {:.3})", times[1], times[0]);
    println!(
        "index: {} bytes in {} files, {:.0} bytes/page",
        total,
        files.len(),
        total as f64 / n as f64
    );
    for (name, prefix) in [
        ("meta", "search/meta"),
        ("stages", "search/s.bin"),
        ("postings", "search/w/"),
        ("typo vocab", "search/v/"),
        ("excerpts", "search/p/"),
    ] {
        let (c, b) = by(prefix);
        println!("  {name:<11} {b:>10} bytes {c:>6} files");
    }
    for q in QUERIES {
        let mut r = Reader::new(&files).expect("index reads back");
        let t = Instant::now();
        let hits = r.search(q, true).expect("query runs");
        let top: Vec<u32> = hits.iter().take(10).map(|h| h.page).collect();
        let mut first = String::new();
        for (i, p) in top.iter().enumerate() {
            let page = r.page(*p).expect("page data");
            // The search page labels each result with its stage.
            r.stage(*p).expect("stage");
            if i == 0 {
                first = page.title;
            }
        }
        let dt = t.elapsed().as_secs_f64() * 1000.0;
        let (paths, bytes) = r.fetched();
        println!(
            "query {q:?}: {} hits, fetched {bytes} bytes in {} files ({:.1} ms in Rust); top: {first:?}",
            hits.len(),
            paths.len(),
            dt
        );
    }
}

/// Reads `content/docs/**.md` and `content/tickets/*.md` of the corpus' Hugo site.
fn load_hugo(dir: &Path) -> std::io::Result<Vec<SearchEntry>> {
    let mut paths: Vec<PathBuf> = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d)? {
            let p = e?.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md") && !p.ends_with("_index.md") {
                paths.push(p);
            }
        }
    }
    paths.sort();
    let mut out = Vec::new();
    for p in paths {
        let text = std::fs::read_to_string(&p)?;
        let rel = p.strip_prefix(dir).unwrap_or(&p).with_extension("");
        let url = format!("{}/", rel.to_string_lossy());
        let kind = if url.starts_with("tickets/") {
            EntryKind::Ticket
        } else {
            EntryKind::Doc
        };
        out.push(parse_page(&text, url, kind));
    }
    Ok(out)
}

/// A rough Markdown-to-text: enough for a size and speed bench, not for the real site.
fn parse_page(text: &str, url: String, kind: EntryKind) -> SearchEntry {
    let mut title = String::new();
    let mut summary = None;
    let mut body = text;
    if let Some(rest) = text.strip_prefix("---\n") {
        if let Some(end) = rest.find("\n---\n") {
            for line in rest[..end].lines() {
                if let Some(t) = line.strip_prefix("title:") {
                    title = t.trim().trim_matches('"').to_string();
                }
                if let Some(d) = line.strip_prefix("description:") {
                    summary = Some(d.trim().trim_matches('"').to_string());
                }
            }
            body = &rest[end + 5..];
        }
    }
    let mut stage = None;
    let mut sections = vec![SearchSection {
        heading: None,
        anchor: None,
        text: String::new(),
    }];
    for line in body.lines() {
        if let Some(h) = line.strip_prefix('#') {
            let h = h.trim_start_matches('#').trim().to_string();
            let anchor: String = h
                .to_lowercase()
                .chars()
                .map(|c| if c.is_alphanumeric() { c } else { '-' })
                .collect();
            sections.push(SearchSection {
                heading: Some(h),
                anchor: Some(anchor),
                text: String::new(),
            });
            continue;
        }
        if let Some(rest) = line.strip_prefix("**Status:** ") {
            stage = rest.split(" · ").next().map(str::to_string);
        }
        let clean = line.replace("**", "").replace('`', "");
        let s = sections.last_mut().expect("one section at least");
        s.text.push_str(&clean);
        s.text.push('\n');
    }
    if kind == EntryKind::Doc {
        stage = None;
    }
    SearchEntry {
        url,
        title,
        kind,
        stage,
        summary,
        sections,
    }
}

/// Synthetic pages when no corpus is at hand: a Zipf-like vocabulary, 300 words a page.
fn synthetic(n: usize) -> Vec<SearchEntry> {
    let vocab: Vec<String> = (0..20_000u32)
        .map(|i| {
            let syl = [
                "ka", "re", "fund", "pay", "mo", "lin", "tor", "ex", "port", "sy", "nc", "de",
                "lay",
            ];
            let mut w = String::new();
            let mut x = i + 7;
            while x > 0 {
                w.push_str(syl[(x % 13) as usize]);
                x /= 13;
            }
            w
        })
        .collect();
    let mut seed = 42u64;
    let mut rnd = move || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) as f64 / (1u64 << 31) as f64
    };
    (0..n)
        .map(|i| {
            let mut words = Vec::new();
            for _ in 0..300 {
                let r = rnd();
                words.push(vocab[((r * r * r) * vocab.len() as f64) as usize].as_str());
            }
            SearchEntry {
                url: format!("tickets/{i}/"),
                title: words[..6].join(" "),
                kind: EntryKind::Ticket,
                stage: Some(if i % 3 == 0 { "Open" } else { "Closed" }.into()),
                summary: None,
                sections: vec![SearchSection {
                    heading: None,
                    anchor: None,
                    text: words.join(" "),
                }],
            }
        })
        .collect()
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Times `IndexCache::build` after one-entry edits, each kind at several positions.
fn incremental(mut entries: Vec<SearchEntry>, verify: bool) {
    let mut cache = IndexCache::new();
    let t = Instant::now();
    let first = cache.build(&entries);
    let mut site: std::collections::BTreeMap<String, Vec<u8>> = first.iter().cloned().collect();
    println!(
        "cache: first build {:.0} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );
    if verify {
        assert!(first == build_index(&entries), "first build differs");
    }
    drop(first);
    type Edit = fn(&mut Vec<SearchEntry>, usize);
    let edits: &[(&str, Edit)] = &[
        ("no change", |_, _| {}),
        ("append a sentence", |e, i| {
            e[i].sections[0]
                .text
                .push_str(" We tried again today and the refund still fails.")
        }),
        ("append one word", |e, i| {
            e[i].sections[0].text.push_str(" Thanks")
        }),
        ("rewrite the text", |e, i| {
            let t = e[i].sections[0].text.replace('e', "ee");
            e[i].sections[0].text = t;
        }),
        ("change the title", |e, i| e[i].title.push_str(" (again)")),
        ("change the stage", |e, i| {
            let s = if e[i].stage.as_deref() == Some("Closed") {
                "In progress"
            } else {
                "Closed"
            };
            e[i].stage = Some(s.into());
        }),
        ("add a ticket", |e, i| {
            let mut t = e[i].clone();
            t.url = format!("tickets/new{i}/");
            e.push(t);
        }),
        // What a tracker usually sends: a title and a few lines, the highest number yet.
        ("add a short ticket", |e, i| {
            e.push(SearchEntry {
                url: format!("tickets/short{i}/"),
                title: format!("#short{i} Refund for a cancelled order still pending"),
                kind: EntryKind::Ticket,
                stage: Some("Received".into()),
                summary: None,
                sections: vec![SearchSection {
                    heading: None,
                    anchor: None,
                    text: "We cancelled the order on Monday and asked for a refund. The \
                           customer portal still shows it as pending. Can you check?"
                        .into(),
                }],
            });
        }),
        ("remove a ticket", |e, i| {
            e.remove(i);
        }),
    ];
    for (name, edit) in edits {
        let mut times = Vec::new();
        let mut stats = Vec::new();
        for k in 1..=5 {
            // A ticket, not a doc: docs come first in the corpus order.
            let i = entries.len() * (2 * k + 1) / 13;
            let len = entries.len();
            edit(&mut entries, i);
            // What `watch` passes: the replaced or appended position, or nothing when an
            // entry was removed.
            let hint = [if entries.len() > len { len } else { i }];
            let hint = (entries.len() >= len).then_some(&hint[..]);
            let t = Instant::now();
            let (new, paths) = cache.update(&entries, hint);
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            stats.push(cache.stats());
            site.extend(new);
            site.retain(|p, _| paths.contains(p));
            if verify && k == 1 {
                let full: std::collections::BTreeMap<String, Vec<u8>> =
                    build_index(&entries).into_iter().collect();
                assert!(site == full, "{name}: differs");
            }
        }
        let s = stats[stats.len() / 2];
        println!(
            "cache: {name:<18} median {:>7.1} ms (min {:>7.1}, max {:>7.1}); e.g. analysed {}, patched {}, keys changed {}, files compressed {} of {}",
            median(&mut times.clone()),
            times.iter().cloned().fold(f64::INFINITY, f64::min),
            times.iter().cloned().fold(0.0, f64::max),
            s.pages_analysed,
            s.postings_patched,
            s.keys_changed,
            s.files_compressed,
            s.files
        );
    }
}

/// Recompresses the postings and excerpt files at each gzip level.
fn gzip_levels(entries: &[SearchEntry]) {
    use std::io::{Read, Write};
    let files = build_index(entries);
    let raw: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|(p, b)| {
            let mut out = Vec::new();
            flate2::read::GzDecoder::new(&b[..])
                .read_to_end(&mut out)
                .expect("gzip file");
            (p.clone(), out)
        })
        .collect();
    for prefix in ["search/w/", "search/p/"] {
        let sel: Vec<&Vec<u8>> = raw
            .iter()
            .filter(|(p, _)| p.starts_with(prefix))
            .map(|(_, b)| b)
            .collect();
        let raw_len: usize = sel.iter().map(|b| b.len()).sum();
        for level in 1u32..=9 {
            let t = Instant::now();
            let mut total = 0usize;
            for b in &sel {
                let mut e =
                    flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(level));
                e.write_all(b).expect("gzip");
                total += e.finish().expect("gzip").len();
            }
            println!(
                "{prefix} {raw_len} raw bytes, level {level}: {total} bytes, {:.0} ms (one thread)",
                t.elapsed().as_secs_f64() * 1000.0
            );
        }
    }
}
