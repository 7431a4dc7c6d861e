//! Files docs reference: a missing one is a warning naming the doc and line (an error under
//! `--strict`), one outside the docs folder or behind a symbolic link is refused and never
//! copied, and an unchanged one is hard-linked from the previous build like a page.

mod common;

use common::SiteTest;

fn site_with(doc: &str) -> SiteTest {
    let t = SiteTest::new();
    t.write("tickets.json", "{\"porchlight\": 1, \"tickets\": []}");
    t.write("docs/guide/setup.md", doc);
    t
}

#[test]
fn a_missing_file_is_a_warning_naming_the_doc_and_line_and_fails_strict() {
    let t = site_with("---\ntitle: Setup\n---\nIntro\n\n![Settings](img/settings.png)\n");
    let run = t.build(&[]).ok();
    let want = "warning: docs/guide/setup.md: line 6: image `img/settings.png` is not a file in the docs folder (looked for guide/img/settings.png)";
    assert!(run.stderr.contains(want), "{want}\n{}", run.stderr);
    let strict = t.build(&["--strict"]).fails_with(3);
    assert!(
        strict
            .stderr
            .contains("line 6: image `img/settings.png` is not a file"),
        "{}",
        strict.stderr
    );
}

#[test]
fn paths_out_of_the_docs_folder_and_symlinks_are_refused_and_never_copied() {
    let t = site_with(
        "# Setup\n\n[passwd](../../etc/passwd.txt)\n\n![secret](img/secret.png)\n\n![linked](shots/a.png)\n",
    );
    // A file outside the docs folder, reachable through `..` and through symlinks.
    t.write("etc/passwd.txt", "root:SECRETMARK");
    t.write("outside/secret.png", "SECRETMARK");
    t.write("outside/shots/a.png", "SECRETMARK");
    std::fs::create_dir_all(t.path().join("docs/guide/img")).unwrap();
    std::os::unix::fs::symlink(
        t.path().join("outside/secret.png"),
        t.path().join("docs/guide/img/secret.png"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        t.path().join("outside/shots"),
        t.path().join("docs/guide/shots"),
    )
    .unwrap();
    let run = t.build(&[]).ok();
    for want in [
        "docs/guide/setup.md: line 3: file `../../etc/passwd.txt` points outside the docs folder; it is not published",
        "docs/guide/setup.md: line 5: image `img/secret.png` is a symbolic link (or below one), which is never followed; it is not published",
        "docs/guide/setup.md: line 7: image `shots/a.png` is a symbolic link (or below one), which is never followed; it is not published",
    ] {
        assert!(run.stderr.contains(want), "{want}\n{}", run.stderr);
    }
    common::assert_absent(&t.out(), &["SECRETMARK".to_string()]);
}

#[cfg(target_os = "linux")]
#[test]
fn an_unchanged_file_is_hard_linked_and_a_changed_one_rewritten() {
    use std::os::unix::fs::MetadataExt;
    let t = site_with("# Setup\n\n![a](img/a.png) ![b](img/b.png)\n");
    let png = std::fs::read(
        common::repo().join("tests/fixtures/docs-shapes/toml/docs/account/img/reset.png"),
    )
    .unwrap();
    std::fs::create_dir_all(t.path().join("docs/guide/img")).unwrap();
    std::fs::write(t.path().join("docs/guide/img/a.png"), &png).unwrap();
    std::fs::write(t.path().join("docs/guide/img/b.png"), &png).unwrap();
    t.build(&[]).ok();
    let ino = |f: &str| std::fs::metadata(t.out().join(f)).unwrap().ino();
    let (a, b) = (ino("docs/guide/img/a.png"), ino("docs/guide/img/b.png"));
    let other =
        std::fs::read(common::repo().join("tests/fixtures/docs-shapes/wiki/wiki/images/logo.png"))
            .unwrap();
    std::fs::write(t.path().join("docs/guide/img/b.png"), &other).unwrap();
    let run = t.build(&[]).ok();
    assert_eq!(
        ino("docs/guide/img/a.png"),
        a,
        "unchanged image is the same file"
    );
    assert_ne!(ino("docs/guide/img/b.png"), b);
    assert_eq!(
        std::fs::read(t.out().join("docs/guide/img/b.png")).unwrap(),
        other
    );
    // The page now gives the new image's size.
    let page = t.read("docs/guide/setup/index.html");
    assert!(
        page.contains("img/b.png\" width=\"30\" height=\"20\""),
        "{page}\n{}",
        run.stdout
    );
}
