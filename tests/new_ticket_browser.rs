//! The new-ticket page in a real browser (`tests/browser/new_ticket.mjs`): with JavaScript off,
//! Enter in Subject and the button hand the typed subject and description to the `mailto:`
//! (captured from Chromium) and the fields keep them; with JavaScript on, Enter sends the full
//! prefilled ticket, the banner names the section by its heading's text, and the categories
//! stay compact at 390 px. Needs `/usr/bin/chromium` and `npm ci --prefix tests/browser`.

mod common;

use common::browser::{build_default_site, run_scenario, serve};

#[test]
fn new_ticket_page_in_chromium() {
    let (_dir, out) = build_default_site();
    run_scenario("new_ticket", &serve(out), &[]);
}
