//! The browser scripts of a German site (`default_language = "de"` in a copy of the default
//! site) write German: search.js (live results, the search page, the stage filter), find.js
//! and feedback.js, from the page's data block of words (src/i18n/script.rs). Runs
//! `tests/browser/german_scripts.mjs` in headless Chromium (see tests/search_browser.rs for what it
//! needs).

mod common;

use common::browser::{run_scenario, search_counts, serve};
use common::*;

#[test]
fn german_scripts() {
    let site = SiteTest::default_site_one_language();
    let toml = std::fs::read_to_string(site.path().join("porchlight.toml")).unwrap();
    site.write(
        "porchlight.toml",
        &format!("default_language = \"de\"\n{toml}"),
    );
    let out = site.path().join("site");
    site.build(&["--out", out.to_str().unwrap()]).ok();
    // The status line for a two-word query, counted by `porchlight search`: all results and
    // how many match both words, in German with its plural forms.
    let query = "credit note";
    let (n, all) = search_counts(site.path(), &out, query);
    let status = format!(
        "{} Ergebnisse für „{query}“: {all} davon {} alle Suchwörter.",
        n,
        if all == 1 { "enthält" } else { "enthalten" }
    );
    let url = serve(out);
    run_scenario(
        "german_scripts",
        &url,
        &[("QUERY", query), ("STATUS", &status)],
    );
}
