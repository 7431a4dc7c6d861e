//! The few date and time formats pages and feeds print, all by chrono.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};

/// "3 March 2026".
pub fn long_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// "3 March 2026, 14:05 UTC".
pub fn long_time(t: DateTime<Utc>) -> String {
    t.format("%-d %B %Y, %H:%M UTC").to_string()
}

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
        assert_eq!(long_date(t.date_naive()), "3 March 2026");
        assert_eq!(long_time(t), "3 March 2026, 14:05 UTC");
        assert_eq!(iso_date(t.date_naive()), "2026-03-03");
        assert_eq!(rfc3339(t), "2026-03-03T14:05:09+00:00");
        assert_eq!(rfc3339_z(t), "2026-03-03T14:05:09Z");
    }
}
