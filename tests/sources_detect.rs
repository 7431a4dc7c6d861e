//! Format detection from content, and `Format` names.

use std::path::Path;

use porchlight::sources::{detect, Format};

fn d(text: &str) -> Result<Format, String> {
    detect(Path::new("x.json"), text.as_bytes()).map_err(|e| e.to_string())
}

#[test]
fn detects_each_format_by_its_keys() {
    assert_eq!(
        d("{\"porchlight\": 1, \"tickets\": []}"),
        Ok(Format::Native)
    );
    assert_eq!(
        d("{\"issues\":[{\"id\":1,\"project\":{},\"subject\":\"x\"}]}"),
        Ok(Format::Redmine)
    );
    assert_eq!(
        d("{\"total_count\":0,\"issues\":[],\"offset\":0,\"limit\":25}"),
        Ok(Format::Redmine)
    );
    assert_eq!(
        d("{\"issue\":{\"id\":1,\"subject\":\"x\"}}"),
        Ok(Format::Redmine)
    );
    assert_eq!(
        d("{\"issues\":[{\"id\":1,\"summary\":\"x\",\"reporter\":{}}]}"),
        Ok(Format::Mantis)
    );
    assert_eq!(d("{\"issues\":[]}"), Ok(Format::Mantis));
    assert_eq!(
        d("[{\"url\":\"u\",\"number\":3,\"title\":\"t\"}]"),
        Ok(Format::Github)
    );
    assert_eq!(
        d("{\"github_snapshot\":1,\"issues\":[]}"),
        Ok(Format::Github)
    );
    assert_eq!(
        d("[{\"id\":76,\"iid\":6,\"project_id\":1,\"title\":\"t\",\"web_url\":\"https://gitlab.example.com/g/p/-/issues/6\"}]"),
        Ok(Format::Gitlab)
    );
    assert_eq!(
        d("{\"gitlab_snapshot\":1,\"issues\":[]}"),
        Ok(Format::Gitlab)
    );
    assert_eq!(
        d("\u{feff}<?xml version=\"1.0\"?>\n<mantis version=\"2.28\" format=\"1\">"),
        Ok(Format::MantisXml)
    );
}

#[test]
fn odoo_snapshots_and_search_read_answers_are_odoo() {
    assert_eq!(
        d("{\"odoo_snapshot\": 1,\n\"write_date_cursor\": null, \"tickets\": []}"),
        Ok(Format::Odoo)
    );
    // helpdesk_mgmt's `number` is not GitHub's (which comes with `title`).
    assert_eq!(
        d("[{\"id\": 5, \"number\": \"HT00005\", \"name\": \"x\", \"stage_id\": [2, \"In Progress\"], \"write_date\": \"2026-09-02 11:30:00\"}]"),
        Ok(Format::Odoo)
    );
    // Odoo's field names inside another tracker's text do not decide.
    assert_eq!(
        d("{\"issues\":[{\"id\":1,\"subject\":\"s\",\"description\":\"\\\"stage_id\\\": 1, \\\"write_date\\\": 2\"}]}"),
        Ok(Format::Redmine)
    );
}

#[test]
fn text_inside_strings_does_not_decide() {
    // "porchlight" appears, but as a value inside a Redmine description, not as a key.
    assert_eq!(
        d("{\"issues\":[{\"id\":1,\"subject\":\"s\",\"description\":\"we use \\\"porchlight\\\": great\"}]}"),
        Ok(Format::Redmine)
    );
}

#[test]
fn unknown_content_is_a_clear_error() {
    let names = "native, redmine, mantis, mantis-xml, github, gitlab, odoo, jira";
    assert_eq!(
        d("  "),
        Err(format!("x.json: cannot tell which tracker format this is (the file is empty); set `format` in [sources] of porchlight.toml to one of: {names}"))
    );
    assert_eq!(
        d("{\"foo\": 1}"),
        Err(format!("x.json: cannot tell which tracker format this is (no known top-level key in its first 4 KiB); set `format` in [sources] of porchlight.toml to one of: {names}"))
    );
    assert_eq!(
        d("<rss></rss>"),
        Err(format!("x.json: cannot tell which tracker format this is (an XML file without a <mantis> root element); set `format` in [sources] of porchlight.toml to one of: {names}"))
    );
}

#[test]
fn format_names_round_trip() {
    for f in [
        Format::Native,
        Format::Redmine,
        Format::Mantis,
        Format::MantisXml,
        Format::Github,
        Format::Gitlab,
        Format::Odoo,
        Format::Jira,
    ] {
        assert_eq!(Format::from_name(f.name()), Some(f));
        assert!(Format::NAMES.contains(f.name()));
    }
    assert_eq!(Format::from_name("MantisBT"), Some(Format::Mantis));
    assert_eq!(Format::from_name("planio"), Some(Format::Redmine));
    assert_eq!(Format::from_name("youtrack"), None);
}
