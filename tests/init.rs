//! `porchlight init DIR` scaffolds a site that builds as it is, and never overwrites one.

mod common;
use common::*;

#[test]
fn init_makes_a_site_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("help");
    let run = run_in(dir.path(), &["init", "help"]).ok();
    assert!(
        run.stdout.starts_with("Created a site in help ("),
        "{}",
        run.stdout
    );
    for f in [
        "porchlight.toml",
        "content/tickets.json",
        "themes/default/templates/ticket.html",
        "themes/default/static/style.css",
    ] {
        assert!(site.join(f).is_file(), "{f} missing");
    }
    let run = run_in(&site, &["build", "--now", NOW]).ok();
    assert!(run.stdout.contains("tickets published"), "{}", run.stdout);
    assert!(site.join("public/index.html").is_file());

    // A theme edit in the scaffold shows up in the next build.
    let base = site.join("themes/default/templates/base.html");
    let text = std::fs::read_to_string(&base).unwrap();
    std::fs::write(
        &base,
        text.replace("Skip to content", "Jump to the content"),
    )
    .unwrap();
    run_in(&site, &["build", "--now", NOW]).ok();
    assert!(std::fs::read_to_string(site.join("public/index.html"))
        .unwrap()
        .contains("Jump to the content"));

    let run = run_in(dir.path(), &["init", "help"]).fails_with(1);
    assert!(
        run.stderr
            .contains("error: help already has a porchlight.toml; init does not overwrite a site"),
        "{}",
        run.stderr
    );
}
