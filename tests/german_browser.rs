//! Issue 20 in a real browser: a German customer walks the German example site
//! (`examples/de`, `default_language = "de"`), reads German words on every page kind and
//! German dates, and finds the article about "Rechnung" by typing "Rechnungen", and with a
//! typo (`tests/browser/german.mjs`). Needs what `tests/search_browser.rs` needs (Chromium
//! and `npm ci --prefix tests/browser`).

mod common;

use common::browser::{run_scenario, serve};

#[test]
fn a_german_customer_reads_and_searches_in_german() {
    let (_dir, out) = common::build_example("de");
    run_scenario("german", &serve(out), &[]);
}
