//! Fixes from the first hardening pass (issue 6):
//! - the new site replaces the old one in one step: tested in `src/output/write.rs`
//!   (`output_folder_is_never_missing_during_a_swap`);
//! - doc slugs: a segment over 200 bytes is refused naming the file; a file name with no
//!   letters or digits gets a `doc-<hash>` slug instead of failing the build;
//! - a config error quoting a huge line is cut to about 2 KB.
//!
//! (The MantisBT `view_state` fix is tested in mantis_view_state.rs.)

mod common;

use common::*;
use porchlight::markup::slug::clean_slug;

#[test]
fn slug_segments_over_200_bytes_are_refused() {
    // 200 bytes are accepted (slugify shortens the published segment further).
    assert!(clean_slug(&"a".repeat(200)).unwrap().starts_with("aaaa"));
    let e = clean_slug(&format!("ok/{}", "b".repeat(201)))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("201 bytes long") && e.contains("at most 200"),
        "{e}"
    );
    assert!(e.len() < 300, "the error repeats the whole segment: {e}");
    let e = clean_slug(&"𝐀".repeat(60)).unwrap_err().to_string();
    assert!(e.contains("240 bytes"), "{e}");
}

#[test]
fn long_doc_file_name_fails_the_build_naming_the_file() {
    let t = SiteTest::new();
    t.write("tickets.json", "{\"porchlight\": 1}");
    let name = format!("{}.md", "x".repeat(210));
    t.write(
        &format!("docs/{name}"),
        "+++\ntitle = \"Long\"\n+++\nbody\n",
    );
    let r = t.build(&[]).fails_with(1);
    assert!(
        r.stderr.contains(&name),
        "the file is not named:\n{}",
        r.stderr
    );
    assert!(r.stderr.contains("at most 200 bytes"), "{}", r.stderr);
}

#[test]
fn doc_file_names_without_letters_or_digits_get_a_fallback_slug() {
    let a = clean_slug("!!!").unwrap();
    let b = clean_slug("😀").unwrap();
    assert!(a.starts_with("doc-") && a.len() == 12, "{a}");
    assert!(b.starts_with("doc-") && b != a, "{b}");
    assert_eq!(
        clean_slug("!!!").unwrap(),
        a,
        "the fallback is stable between builds"
    );
    assert_eq!(clean_slug("guides/😀").unwrap(), format!("guides/{b}"));

    let t = SiteTest::new();
    t.write("tickets.json", "{\"porchlight\": 1}");
    t.write("docs/!!!.md", "+++\ntitle = \"Bangs\"\n+++\nBANGBODY\n");
    t.write("docs/😀.md", "+++\ntitle = \"Smile\"\n+++\nSMILEBODY\n");
    t.write(
        "docs/normal.md",
        "+++\ntitle = \"Normal\"\n+++\nNORMALBODY\n",
    );
    t.build(&[]).ok();
    assert!(t.read(&format!("docs/{a}/index.html")).contains("BANGBODY"));
    assert!(t
        .read(&format!("docs/{b}/index.html"))
        .contains("SMILEBODY"));
    assert!(t.read("docs/normal/index.html").contains("NORMALBODY"));
}

#[test]
fn config_errors_quoting_a_huge_line_are_cut_to_about_2_kb() {
    let t = SiteTest::new();
    t.write("tickets.json", "{\"porchlight\": 1}");
    let huge = format!("title = \"{}\" oops\n", "T".repeat(1_000_000));
    t.write("porchlight.toml", &huge);
    let r = t.build(&[]).fails_with(1);
    assert!(r.stderr.contains("porchlight.toml"), "{}", r.stderr);
    assert!(
        r.stderr.contains("line 1"),
        "the place is kept: {}",
        r.stderr
    );
    assert!(
        r.stderr.len() < 3 * 1024,
        "{} bytes of error output",
        r.stderr.len()
    );
    // A short error is unchanged.
    t.write("porchlight.toml", "title = \"x\"\nnope = 1\n");
    let r = t.build(&[]).fails_with(1);
    assert!(
        r.stderr.contains("TOML parse error at line 2, column 1"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("nope = 1"), "{}", r.stderr);
}
