//! axe-core in a real browser: 0 violations on every page kind of the default site (home,
//! ticket list, open and per-stage lists, find my ticket, ticket, doc, docs index, search
//! with results, new ticket, 404), light and dark, at 1280 and 390 px (`tests/browser/axe.mjs`).
//! Needs Chromium and `npm ci --prefix tests/browser` (playwright-core and axe-core).

mod common;

use common::browser::{build_default_site, run_scenario, serve};

#[test]
fn no_axe_violations_on_any_page_kind() {
    let (_dir, out) = build_default_site();
    run_scenario("axe", &serve(out), &[]);
}
