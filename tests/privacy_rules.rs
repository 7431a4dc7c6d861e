//! Privacy and visibility rules cannot fail open: they compare after trimming, Unicode
//! normalisation and case folding, and a rule that matches nothing in the input is a warning
//! naming it (an error under `--strict`). Found on real GitHub data: the label was
//! `"codeblocks "` (trailing space) and `withhold_labels = ["codeblocks"]` withheld none.

mod common;
use common::*;

/// Labels as real trackers spell them: trailing space, other case, a German sharp s that
/// folds to "ss", and a decomposed "é" (e + U+0301) against the rule's composed one.
const EXPORT: &str = r#"{"porchlight": 1, "tickets": [
  {"id": 1, "subject": "Quokka build of the code block plugin", "status": "New", "labels": ["codeblocks "], "created": "2026-11-01T10:00:00Z"},
  {"id": 2, "subject": "Narwhal migration of Straße import", "status": "New", "labels": ["INTERNAL-STRASSE"], "created": "2026-11-01T10:00:00Z"},
  {"id": 3, "subject": "Ocelot caf\u0065\u0301 pricing", "status": "New", "labels": ["Caf\u0065\u0301"], "created": "2026-11-01T10:00:00Z"},
  {"id": 4, "subject": "Listed login problem", "status": "New", "labels": ["bug"], "tracker": " support ", "created": "2026-11-01T10:00:00Z"}
]}"#;

const CONFIG: &str = "title = \"R\"\n[sources]\ntickets = [\"tickets.json\"]\n\
[privacy]\nwithhold_labels = [\"CodeBlocks\", \"internal-straße\", \"café\"]\n\
[[visibility.rules]]\ntracker = \"Support\"\nlevel = \"private\"\n";

fn all_output(site: &SiteTest) -> String {
    let mut all = String::new();
    for e in walkdir::WalkDir::new(site.out()) {
        let e = e.unwrap();
        if e.file_type().is_file() {
            all.push_str(&String::from_utf8_lossy(&std::fs::read(e.path()).unwrap()));
        }
    }
    all
}

#[test]
fn rules_match_after_trimming_normalising_and_case_folding() {
    let site = SiteTest::new();
    site.write("porchlight.toml", CONFIG);
    site.write("tickets.json", EXPORT);
    let run = site.build(&[]).ok();
    let all = all_output(&site);
    for secret in ["Quokka", "Narwhal", "Ocelot", "Listed login problem"] {
        assert!(!all.contains(secret), "{secret} was published");
    }
    assert!(
        run.stdout
            .contains("  tickets withheld           4  (private)"),
        "{}",
        run.stdout
    );
    assert!(!run.stderr.contains("matches no ticket"), "{}", run.stderr);
}

#[test]
fn a_rule_that_matches_nothing_is_named_and_fails_under_strict() {
    let site = SiteTest::new();
    let config = CONFIG
        .replace("\"café\"", "\"cafe-typo\"")
        .replace("\"Support\"", "\"Suport\"");
    site.write("porchlight.toml", &config);
    site.write("tickets.json", EXPORT);
    let run = site.build(&[]).ok();
    assert!(
        run.stderr.contains("warning: [privacy] withhold_labels entry \"cafe-typo\" matches no ticket of the input; check its spelling in"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("warning: [[visibility.rules]] number 1 (tracker = \"Suport\", level = \"private\") matches no ticket of the input"),
        "{}",
        run.stderr
    );
    let strict = site.build(&["--strict"]).fails_with(3);
    assert!(
        strict
            .stderr
            .contains("--strict is set; nothing was written"),
        "{}",
        strict.stderr
    );
}
