//! Timing of the Redmine reader on a generated corpus (`shared/bench/gen-support-corpus.py`).
//! Ignored by default; run it under `/usr/bin/time -v` for peak memory:
//!
//! ```sh
//! python3 ../shared/bench/gen-support-corpus.py --tickets 100000 --docs 0 --out /tmp/corpus100k
//! cargo test --release --test sources_bench --no-run   # prints the test binary's path
//! PORCHLIGHT_BENCH_EXPORT=/tmp/corpus100k/redmine/issues.json \
//!   /usr/bin/time -v target/release/deps/sources_bench-HASH --ignored --nocapture
//! ```
//!
//! `PORCHLIGHT_BENCH_MODE=slice` reads the file into memory first (`redmine::parse`) instead of
//! streaming it from disk (`read_export`, the default).

use std::path::Path;
use std::time::Instant;

use porchlight::model::Markup;
use porchlight::sources::{self, redmine};

#[test]
#[ignore]
fn redmine_parse_speed() {
    let Ok(export) = std::env::var("PORCHLIGHT_BENCH_EXPORT") else {
        eprintln!("set PORCHLIGHT_BENCH_EXPORT to a Redmine issues.json");
        return;
    };
    let path = Path::new(&export);
    let start = Instant::now();
    let corpus = match std::env::var("PORCHLIGHT_BENCH_MODE").as_deref() {
        Ok("slice") => {
            let bytes = std::fs::read(path).unwrap();
            redmine::parse(path, &bytes, Markup::Markdown).unwrap()
        }
        _ => sources::read_export(path, None).unwrap(),
    };
    let secs = start.elapsed().as_secs_f64();
    let notes: usize = corpus.tickets.iter().map(|t| t.notes.len()).sum();
    let private = corpus.tickets.iter().filter(|t| t.private).count();
    println!(
        "parsed {} tickets ({} private), {} notes in {:.2} s",
        corpus.tickets.len(),
        private,
        notes,
        secs
    );
}
