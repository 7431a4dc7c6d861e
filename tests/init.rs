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

    // A theme edit in the scaffold shows up in the next build: a template, and a message of
    // the theme's own translation file.
    let base = site.join("themes/default/templates/base.html");
    let text = std::fs::read_to_string(&base).unwrap();
    std::fs::write(
        &base,
        text.replace(
            "<main id=\"main\" class=\"wrap\">",
            "<main id=\"main\" class=\"wrap edited\">",
        ),
    )
    .unwrap();
    let en = site.join("themes/default/i18n/en.ftl");
    let text = std::fs::read_to_string(&en).unwrap();
    std::fs::write(
        &en,
        text.replace(
            "skip-to-content = Skip to content",
            "skip-to-content = Jump to the content",
        ),
    )
    .unwrap();
    run_in(&site, &["build", "--now", NOW]).ok();
    let home = std::fs::read_to_string(site.join("public/index.html")).unwrap();
    assert!(home.contains("<main id=\"main\" class=\"wrap edited\">"));
    assert!(home.contains(">Jump to the content<"), "{home}");

    let run = run_in(dir.path(), &["init", "help"]).fails_with(1);
    assert!(
        run.stderr
            .contains("error: help already has a porchlight.toml; init does not overwrite a site"),
        "{}",
        run.stderr
    );
}
