//! Regression tests for what fuzzing (`fuzz/`, cargo-fuzz) found, and for the pathological
//! Textile shapes fixed alongside it. Every file in `tests/fixtures/hostile/fuzz/<target>/`
//! goes through the same function as the fuzz target of that name and must come back (with
//! an error or a value) without a panic, within a few seconds.

use std::path::Path;
use std::time::{Duration, Instant};

use porchlight::model::Markup;

/// The fuzz target `target` applied to `data` (see `fuzz/fuzz_targets/<target>.rs`).
fn run_target(target: &str, data: &[u8]) {
    use porchlight::sources;
    let text = std::str::from_utf8(data);
    match target {
        "native" => drop(sources::native::parse(Path::new("fuzz.json"), data)),
        "redmine" => drop(sources::redmine::parse(
            Path::new("fuzz.json"),
            data,
            Markup::Textile,
        )),
        "mantis_json" => drop(sources::mantis::parse(Path::new("fuzz.json"), data)),
        "mantis_xml" => drop(sources::mantis::parse_xml(Path::new("fuzz.xml"), data)),
        "github" => {
            drop(sources::github::parse(Path::new("fuzz.json"), data));
            drop(sources::detect(Path::new("fuzz.json"), data));
        }
        "docs_front_matter" => {
            if let Ok(t) = text {
                drop(sources::docs::parse_doc("fuzz.md", "fuzz", t));
            }
        }
        "config" => {
            if let Ok(t) = text {
                drop(porchlight::config::Config::parse(
                    Path::new("fuzz/porchlight.toml"),
                    t,
                ));
            }
        }
        "markup_markdown" | "markup_textile" | "markup_plain" => {
            if let Ok(t) = text {
                let markup = match target {
                    "markup_markdown" => Markup::Markdown,
                    "markup_textile" => Markup::Textile,
                    _ => Markup::Plain,
                };
                let r = porchlight::markup::render_ticket_text(
                    t,
                    markup,
                    porchlight::markup::Mask::ALL,
                );
                // Text content never holds a raw `<`: everything between `<` and `>` is a tag.
                let lower = r.html.to_ascii_lowercase();
                for tag in lower
                    .split('<')
                    .skip(1)
                    .map(|t| t.split('>').next().unwrap_or(""))
                {
                    assert!(!tag.starts_with("script"), "script survived: {}", r.html);
                    // An attribute value that is a javascript: URL (not one that merely contains the word).
                    assert!(
                        !tag.contains("=\"javascript:"),
                        "javascript: URL survived: {}",
                        r.html
                    );
                }
            }
        }
        other => panic!("unknown fuzz target folder {other:?}"),
    }
}

#[test]
fn every_saved_fuzz_input_is_handled_without_a_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile/fuzz");
    let mut count = 0;
    if !root.is_dir() {
        return; // nothing saved yet
    }
    for dir in std::fs::read_dir(&root).unwrap() {
        let dir = dir.unwrap();
        if !dir.file_type().unwrap().is_dir() {
            continue;
        }
        let target = dir.file_name().to_string_lossy().into_owned();
        for file in std::fs::read_dir(dir.path()).unwrap() {
            let path = file.unwrap().path();
            let data = std::fs::read(&path).unwrap();
            let started = Instant::now();
            let r = std::panic::catch_unwind(|| run_target(&target, &data));
            assert!(r.is_ok(), "{target}: {} panicked", path.display());
            assert!(
                started.elapsed() < Duration::from_secs(5),
                "{target}: {} took {:?}",
                path.display(),
                started.elapsed()
            );
            count += 1;
        }
    }
    println!("{count} saved fuzz inputs handled");
}

fn textile(src: &str) -> (String, Duration) {
    let started = Instant::now();
    let html = porchlight::markup::textile::to_html(src);
    (html, started.elapsed())
}

#[test]
fn textile_deep_quote_nesting_is_bounded_not_a_stack_overflow() {
    // Each `>` level was one recursive call: 200,000 of them overflowed the stack.
    let src = format!("{}deep", ">".repeat(200_000));
    let (html, took) = textile(&src);
    assert!(
        html.matches("<blockquote>").count() <= 32,
        "nesting is capped"
    );
    assert!(html.contains("deep"), "the text is kept");
    assert!(took < Duration::from_secs(10), "{took:?}");
}

#[test]
fn textile_unclosed_pre_with_many_lines_is_linear() {
    // The whole block so far was searched for `</pre>` after every line: quadratic.
    let src = format!("<pre>\n{}", "line of code\n".repeat(200_000));
    let (html, took) = textile(&src);
    assert!(html.starts_with("<pre><code>"), "{}", &html[..40]);
    assert!(took < Duration::from_secs(5), "{took:?}");
}

#[test]
fn textile_many_unclosed_inline_tags_are_linear() {
    // Each opener searched the whole rest of the text for its closer: quadratic.
    let src = "<code> <kbd> <notextile> ".repeat(10_000);
    let (_, took) = textile(&src);
    assert!(took < Duration::from_secs(10), "{took:?}");
}

#[test]
fn textile_tag_budget_keeps_huge_notes_to_a_few_dom_nodes() {
    // 1,000,000 short lines, one `<br />` each, took 1.3 GB in the sanitiser's DOM. Past the
    // tag budget the rest is one literal <pre> block with the line breaks kept.
    let src = "word word word\n".repeat(1_000_000);
    let (html, _) = textile(&src);
    let tags = html.matches('<').count();
    assert!(tags <= 50_000 + 4, "{tags} tags");
    assert!(
        html.ends_with("</code></pre>\n"),
        "the rest is shown literally"
    );
    assert_eq!(html.matches("word").count(), 3_000_000, "no text is lost");
    // Ordinary notes are untouched.
    let small = textile("a\nb").0;
    assert!(
        small.starts_with("<p>") && small.contains("<br />"),
        "{small}"
    );
}
