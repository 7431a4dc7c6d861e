//! The machine-readable date formats pages and feeds print, by chrono (dates for readers are
//! written in the site's language by `crate::i18n`).

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};

/// "2026-03-03".
pub fn iso_date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// "2026-03-03T14:05:00+00:00" (sub-second digits when the time has them).
pub fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339()
}

/// "2026-03-03T14:05:00Z", whole seconds, as Atom feeds print it.
pub fn rfc3339_z(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values() {
        let t: DateTime<Utc> = "2026-03-03T14:05:09Z".parse().unwrap();
        assert_eq!(iso_date(t.date_naive()), "2026-03-03");
        assert_eq!(rfc3339(t), "2026-03-03T14:05:09+00:00");
        assert_eq!(rfc3339_z(t), "2026-03-03T14:05:09Z");
    }
}
