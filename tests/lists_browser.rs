//! Issue 18 in a real browser: ticket lists by opening date, the per-stage, open and closed
//! lists without JavaScript, "Find my ticket" with and without JavaScript (a private number
//! answered like an unknown one), and a home page whose docs start on a phone's first screen
//! (`tests/browser/lists.mjs`). Needs what `tests/search_browser.rs` needs (Chromium and
//! `npm ci --prefix tests/browser`).

mod common;

use common::browser::{build_default_site, run_scenario, serve};

#[test]
fn lists_filters_and_find_my_ticket() {
    let (_dir, out) = build_default_site();
    run_scenario("lists", &serve(out), &[]);
}
