//! Issue 18 in a real browser: a way to reach us from every page, and ticket pages that say
//! where a ticket stands (`tests/browser/at_a_glance.mjs`). Needs what `tests/search_browser.rs`
//! needs (Chromium and `npm ci --prefix tests/browser`).

mod common;

use common::browser::{build_default_site, run_scenario, serve};

#[test]
fn reach_us_and_what_now() {
    let (_dir, out) = build_default_site();
    run_scenario("at_a_glance", &serve(out), &[]);
}
