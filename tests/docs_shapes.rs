//! The docs folders teams already have build as they are: no front matter, YAML, TOML, an
//! mdBook book, an MkDocs site and a GitHub wiki (`tests/fixtures/docs-shapes/`), each with
//! images in sub-folders and a PDF. Every `src` and `href` of every page must resolve to a
//! published file (and every `#anchor` to an id), and only referenced files are published.

mod common;

use common::links::{broken_references, files};
use common::{docs_shape, SiteTest};

/// Builds a shape with `--strict` (no warning allowed) and checks its links.
fn build(name: &str) -> SiteTest {
    let t = docs_shape(name);
    t.build(&["--strict"]).ok();
    let broken = broken_references(&t.out());
    assert!(
        broken.is_empty(),
        "{name}: broken references:\n{}",
        broken.join("\n")
    );
    t
}

fn assert_has(t: &SiteTest, page: &str, needle: &str) {
    let html = t.read(page);
    assert!(html.contains(needle), "{page} lacks {needle:?}:\n{html}");
}

/// The published copy is the source file, byte for byte.
fn assert_copied(t: &SiteTest, src: &str, published: &str) {
    let a = std::fs::read(t.path().join(src)).unwrap();
    let b = std::fs::read(t.out().join(published)).unwrap();
    assert!(a == b, "{published} is not a copy of {src}");
}

#[test]
fn docs_without_front_matter_take_the_first_heading_or_the_file_name() {
    let t = build("no-front-matter");
    assert_has(&t, "docs/index.html", "<h1>Help centre</h1>");
    assert_has(&t, "docs/guide/setup/index.html", "<h1>Setting up</h1>");
    assert_has(
        &t,
        "docs/guide/troubleshooting/index.html",
        "<h1>Troubleshooting</h1>",
    );
    // The page is one folder deeper than its source: references climb to the site root.
    assert_has(
        &t,
        "docs/guide/setup/index.html",
        "<img src=\"../../../docs/guide/img/settings.png\" width=\"64\" height=\"40\" loading=\"lazy\" alt=\"Settings\">",
    );
    assert_has(
        &t,
        "docs/guide/setup/index.html",
        "<a href=\"../../../docs/guide/files/manual.pdf\" rel=\"noopener\">manual</a>",
    );
    assert_has(
        &t,
        "docs/guide/troubleshooting/index.html",
        "<img src=\"../../../docs/guide/img/log%20line.png\" width=\"30\" height=\"20\" loading=\"lazy\" alt=\"A log line\" title=\"The log\">",
    );
    assert_copied(
        &t,
        "docs/guide/img/settings.png",
        "docs/guide/img/settings.png",
    );
    assert_copied(
        &t,
        "docs/guide/files/manual.pdf",
        "docs/guide/files/manual.pdf",
    );
    let published = files(&t.out());
    assert!(published.contains("docs/guide/img/log line.png"));
    // Nobody references it: not published.
    assert!(
        !published.iter().any(|f| f.contains("unused")),
        "{published:?}"
    );
}

#[test]
fn yaml_docs_publish_their_images_and_files() {
    let t = build("yaml");
    assert_has(
        &t,
        "docs/billing/refunds/index.html",
        "<h1>Refunds: how they work</h1>",
    );
    assert_has(
        &t,
        "docs/billing/refunds/index.html",
        "<img src=\"../../../docs/billing/assets/shots/refund.jpg\" width=\"48\" height=\"32\" loading=\"lazy\" alt=\"Refund dialog\">",
    );
    assert_copied(
        &t,
        "docs/files/refund-form.pdf",
        "docs/files/refund-form.pdf",
    );
    assert_has(
        &t,
        "docs/billing/refunds/index.html",
        "Money back within 14 days",
    );
}

#[test]
fn toml_docs_publish_their_images_and_files() {
    let t = build("toml");
    assert_has(
        &t,
        "docs/account/password/index.html",
        "<img src=\"../../../docs/account/img/reset.png\" width=\"64\" height=\"40\" loading=\"lazy\" alt=\"Reset form\">",
    );
    assert_copied(
        &t,
        "docs/downloads/security.pdf",
        "docs/downloads/security.pdf",
    );
}

#[test]
fn an_mdbook_book_builds_without_its_summary_as_a_page() {
    let t = build("mdbook");
    assert_has(&t, "docs/advanced/tuning/index.html", "<h1>Tuning</h1>");
    // One image referenced from two folders is published once.
    assert_has(
        &t,
        "docs/advanced/tuning/index.html",
        "<img src=\"../../../docs/images/installer.png\" width=\"64\" height=\"40\"",
    );
    assert_has(
        &t,
        "docs/installation/index.html",
        "<img src=\"../../docs/images/installer.png\" width=\"64\" height=\"40\"",
    );
    assert_copied(&t, "src/images/tuning.pdf", "docs/images/tuning.pdf");
    assert!(!t.out().join("docs/summary").exists());
}

#[test]
fn an_mkdocs_site_builds() {
    let t = build("mkdocs");
    assert_has(
        &t,
        "docs/user-guide/writing/index.html",
        "<h1>Writing your docs</h1>",
    );
    assert_copied(
        &t,
        "docs/user-guide/img/dialog.jpg",
        "docs/user-guide/img/dialog.jpg",
    );
    assert_copied(&t, "docs/pdf/config.pdf", "docs/pdf/config.pdf");
}

#[test]
fn a_github_wiki_builds_with_links_by_page_name() {
    let t = build("wiki");
    // `[Installation](Installation)`: wiki links name the page, without `.md`.
    assert_has(
        &t,
        "docs/home/index.html",
        "<a href=\"../../docs/installation/\" rel=\"noopener\">Installation</a>",
    );
    assert_has(&t, "docs/faq/index.html", "<h1>FAQ</h1>");
    assert_copied(
        &t,
        "wiki/images/install-notes.pdf",
        "docs/images/install-notes.pdf",
    );
    assert!(!t.out().join("docs/sidebar").exists() && !t.out().join("docs/_sidebar").exists());
}

/// The checker itself finds a broken image, a missing anchor and a missing page.
#[test]
fn the_link_checker_finds_what_is_broken() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("docs/a")).unwrap();
    std::fs::write(
        dir.path().join("docs/a/index.html"),
        "<p id=\"here\"><img src=\"img/x.png\"><a href=\"#here\">ok</a><a href=\"#gone\">x</a><a href=\"../b/\">b</a><a href=\"https://e.example/\">e</a></p>",
    )
    .unwrap();
    let broken = broken_references(dir.path());
    assert_eq!(broken.len(), 3, "{broken:?}");
    assert!(
        broken[0].starts_with("docs/a/index.html: img/x.png (no file"),
        "{broken:?}"
    );
    assert_eq!(broken[1], "docs/a/index.html: #gone (no id \"gone\")");
    assert!(
        broken[2].starts_with("docs/a/index.html: ../b/ (no file"),
        "{broken:?}"
    );
}

/// The default site's docs show screenshots: `init` writes them from the binary byte for byte
/// (binary files embed unchanged), and the built pages show them with their size.
#[test]
fn the_embedded_default_site_shows_its_screenshots() {
    let dir = tempfile::tempdir().unwrap();
    common::run_in(dir.path(), &["init", "help"]).ok();
    let site = dir.path().join("help");
    common::run_in(&site, &["build", "--now", common::NOW, "--strict"]).ok();
    for (doc, img) in [
        (
            "getting-started/first-steps",
            "getting-started/img/support-home.png",
        ),
        (
            "troubleshooting/pdf-export",
            "troubleshooting/img/ticket-4101.png",
        ),
    ] {
        let repo = std::fs::read(common::repo().join("content/docs").join(img)).unwrap();
        assert!(repo.starts_with(b"\x89PNG"), "{img} is a PNG");
        let published = std::fs::read(site.join("public/docs").join(img)).unwrap();
        assert!(published == repo, "{img} is published byte for byte");
        let page =
            std::fs::read_to_string(site.join("public/docs").join(doc).join("index.html")).unwrap();
        let src = format!(
            "<img src=\"../../../docs/{img}\" width=\"1000\" height=\"700\" loading=\"lazy\""
        );
        assert!(page.contains(&src), "{doc} shows {img}:\n{page}");
    }
    let broken = broken_references(&site.join("public"));
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}
