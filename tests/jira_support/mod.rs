//! What the Jira tests share: the hand-written fixtures of `tests/fixtures/jira/` and the
//! private markers planted in them.

#![allow(dead_code)]

use std::path::PathBuf;

/// A file of `tests/fixtures/jira/`.
pub fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/jira")
        .join(name)
}

/// Every `PRIVATE-…` marker of the fixtures: people's names, e-mails and account ids, a
/// custom field, internal, restricted and untold comments, worklogs, changelog rows of other
/// fields, and the text of issues with a security level.
pub const PRIVATE: &[&str] = &[
    "PRIVATE-REPORTER-MAIL",
    "PRIVATE-REPORTER-NAME",
    "PRIVATE-ASSIGNEE-MAIL",
    "PRIVATE-ASSIGNEE-NAME",
    "PRIVATE-MENTIONED-NAME",
    "PRIVATE-CUSTOM-FIELD",
    "PRIVATE-JSD-INTERNAL",
    "PRIVATE-RESTRICTED",
    "PRIVATE-WORKLOG",
    "PRIVATE-CHANGELOG-ASSIGNEE",
    "PRIVATE-SECURITY-SUMMARY",
    "PRIVATE-SECURITY-DESCRIPTION",
    "PRIVATE-OTHER-CUSTOMER",
    "PRIVATE-UNTOLD",
    "PRIVATE-DC-REPORTER-MAIL",
    "PRIVATE-DC-REPORTER-NAME",
    "PRIVATE-DC-AGENT-NAME",
    "PRIVATE-DC-MENTIONED-NAME",
    "PRIVATE-SD-PROPERTY-INTERNAL",
    "PRIVATE-DC-WORKLOG",
];

/// [`PRIVATE`] and `more`, as owned strings (what `common::assert_absent` takes).
pub fn private_needles(more: &[&str]) -> Vec<String> {
    PRIVATE.iter().chain(more).map(|s| s.to_string()).collect()
}
