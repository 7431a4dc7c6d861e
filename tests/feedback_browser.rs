//! Real-browser test of the feedback flow: builds the default site with the real binary, serves
//! it on 127.0.0.1 from a thread of this test, and runs `tests/browser/feedback.mjs` (which uses
//! the shared `harness.mjs`) in Debian's headless Chromium. Needs `/usr/bin/chromium` and
//! `npm ci --prefix tests/browser`; the server and runner are in `tests/common/browser.rs`.

mod common;

use common::browser::{build_default_site, run_scenario, serve};

#[test]
fn feedback_flow_in_chromium() {
    let (_dir, out) = build_default_site();
    let url = serve(out);
    run_scenario("feedback", &url, &[]);
}
