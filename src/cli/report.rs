//! `porchlight report docs`: the documentation feedback report, printed, never published.

use anyhow::Result;
use chrono::Utc;

use super::args::ReportKind;
use super::messages;
use crate::render::feedback;

pub(super) fn report(what: ReportKind) -> Result<()> {
    let ReportKind::Docs { config, json } = what;
    let r = crate::site::report_docs(&config, Utc::now())?;
    if json {
        messages::out(&String::from_utf8_lossy(&feedback::report_json(&r)))
    } else {
        messages::out(&feedback::report_text(&r))
    }
}
