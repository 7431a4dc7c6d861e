//! Promises kept in business time (issue 18) in a real browser (`tests/browser/promises.mjs`):
//! the exact "First answer" / "Resolution" lines of the ticket pages of
//! `tests/fixtures/promises`, the ✓'s text alternative, "Past our target" on the list, AA
//! contrast of the badge and the ✓ in light and dark mode, and 0 axe-core violations.

mod common;

use common::browser::{run_scenario, serve};
use common::{copy_dir, repo, run_in, NOW};

#[test]
fn a_customer_sees_each_promise_and_whether_it_was_kept() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures/promises"), dir.path());
    run_in(dir.path(), &["build", "--now", NOW]).ok();
    run_scenario("promises", &serve(dir.path().join("public")), &[]);
}
