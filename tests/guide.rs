//! Porchlight's own user guide (docs/guide/, docs/native-format.md) is published by
//! Porchlight as a knowledge base. Built here with --strict, so a broken link or image in our
//! own docs, or a guide page the README links to and the site lacks, fails CI.

mod common;

use common::{links, repo, run_in, NOW};

#[test]
fn the_guide_builds_strictly_with_every_link_resolving() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let run = run_in(
        &repo(),
        &[
            "build",
            "--config",
            "docs/porchlight.toml",
            "--strict",
            "--now",
            NOW,
            "--out",
            site.to_str().unwrap(),
        ],
    )
    .ok();
    assert!(
        run.stdout.contains("warnings                   0"),
        "{}",
        run.stdout
    );
    // Every page the README's guide list names is there, in the SUMMARY.md order.
    let pages = [
        "guide/commands",
        "guide/configuration",
        "guide/formats",
        "guide/pulling",
        "guide/privacy",
        "guide/ci",
        "guide/performance",
        "native-format",
    ];
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    for slug in &pages {
        assert!(
            readme.contains(&format!("](docs/{slug}.md)")),
            "README links {slug}"
        );
        let html = std::fs::read_to_string(site.join(format!("docs/{slug}/index.html")))
            .unwrap_or_else(|e| panic!("docs/{slug}/: {e}"));
        assert!(html.contains("<h1"), "{slug}");
    }
    let index = std::fs::read_to_string(site.join("docs/index.html")).unwrap();
    // The guide's section lists its pages in SUMMARY.md's order.
    let mut at = 0;
    for slug in pages.iter().filter(|s| s.starts_with("guide/")) {
        let i = index[at..]
            .find(&format!("docs/{slug}/\""))
            .unwrap_or_else(|| panic!("docs index lists {slug} after the previous one"));
        at += i;
    }
    let broken = links::broken_references(&site);
    assert!(
        broken.is_empty(),
        "broken links in the guide:\n{}",
        broken.join("\n")
    );
}
