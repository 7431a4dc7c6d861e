//! The few date and time formats pages and feeds print, written digit by digit.
//!
//! chrono's `format`/`to_rfc3339` parse a format string and go through `fmt::Write` on every
//! call; a 100,000-ticket site formats about a million dates, and that showed up as 1–2% of
//! the whole build's CPU (strftime item parsing and `DelayedFormat`). These functions give the
//! same text as the chrono calls they replace (the tests compare them on many values) and fall
//! back to chrono outside years 0–9999 and for times with sub-second parts, which chrono
//! prints and these do not.

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn push2(out: &mut String, n: u32) {
    out.push(char::from(b'0' + (n / 10 % 10) as u8));
    out.push(char::from(b'0' + (n % 10) as u8));
}

fn push_year(out: &mut String, y: i32) {
    let y = y as u32;
    push2(out, y / 100);
    push2(out, y % 100);
}

fn plain_year(y: i32) -> bool {
    (0..=9999).contains(&y)
}

/// "3 March 2026" (chrono `%-d %B %Y`).
pub fn long_date(d: NaiveDate) -> String {
    if !plain_year(d.year()) {
        return d.format("%-d %B %Y").to_string();
    }
    let mut out = String::with_capacity(20);
    push_long_date(&mut out, d);
    out
}

fn push_long_date(out: &mut String, d: NaiveDate) {
    let day = d.day();
    if day >= 10 {
        push2(out, day);
    } else {
        out.push(char::from(b'0' + day as u8));
    }
    out.push(' ');
    out.push_str(MONTHS[d.month0() as usize]);
    out.push(' ');
    push_year(out, d.year());
}

/// "3 March 2026, 14:05 UTC" (chrono `%-d %B %Y, %H:%M UTC`).
pub fn long_time(t: DateTime<Utc>) -> String {
    if !plain_year(t.year()) {
        return t.format("%-d %B %Y, %H:%M UTC").to_string();
    }
    let mut out = String::with_capacity(28);
    push_long_date(&mut out, t.date_naive());
    out.push_str(", ");
    push2(&mut out, t.hour());
    out.push(':');
    push2(&mut out, t.minute());
    out.push_str(" UTC");
    out
}

/// "2026-03-03" (chrono `%Y-%m-%d`).
pub fn iso_date(d: NaiveDate) -> String {
    if !plain_year(d.year()) {
        return d.format("%Y-%m-%d").to_string();
    }
    let mut out = String::with_capacity(10);
    push_iso_date(&mut out, d);
    out
}

fn push_iso_date(out: &mut String, d: NaiveDate) {
    push_year(out, d.year());
    out.push('-');
    push2(out, d.month());
    out.push('-');
    push2(out, d.day());
}

fn push_iso_seconds(out: &mut String, t: DateTime<Utc>) {
    push_iso_date(out, t.date_naive());
    out.push('T');
    push2(out, t.hour());
    out.push(':');
    push2(out, t.minute());
    out.push(':');
    push2(out, t.second());
}

/// "2026-03-03T14:05:00+00:00" (chrono `to_rfc3339`, which adds sub-second digits when the
/// time has them).
pub fn rfc3339(t: DateTime<Utc>) -> String {
    // A leap second (nanosecond ≥ 1e9) is also left to chrono.
    if !plain_year(t.year()) || t.nanosecond() != 0 {
        return t.to_rfc3339();
    }
    let mut out = String::with_capacity(25);
    push_iso_seconds(&mut out, t);
    out.push_str("+00:00");
    out
}

/// "2026-03-03T14:05:00Z", whole seconds (chrono `to_rfc3339_opts(Secs, true)`), as Atom
/// feeds print it.
pub fn rfc3339_z(t: DateTime<Utc>) -> String {
    if !plain_year(t.year()) || t.nanosecond() >= 1_000_000_000 {
        return t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    }
    let mut out = String::with_capacity(20);
    push_iso_seconds(&mut out, t);
    out.push('Z');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    /// Timestamps across the whole plain-year range plus the edges: fractions, leap seconds,
    /// single-digit days, years below 1000 and outside 0–9999.
    fn samples() -> Vec<DateTime<Utc>> {
        let mut out = Vec::new();
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            // Seconds from year 0 to 9999 (about 315.5e9 s), shifted to the Unix epoch.
            let secs = (x % 315_537_897_600) as i64 - 62_167_219_200;
            let nanos = if x.is_multiple_of(5) {
                (x >> 20) as u32 % 1_000_000_000
            } else {
                0
            };
            out.push(Utc.timestamp_opt(secs, nanos).unwrap());
        }
        for s in [
            "2026-03-03T14:05:00Z",
            "2026-12-31T23:59:59Z",
            "2000-01-01T00:00:00Z",
            "0999-07-04T01:02:03Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999Z",
        ] {
            out.push(s.parse().unwrap());
        }
        out.push(Utc.with_ymd_and_hms(10_000, 1, 1, 0, 0, 0).unwrap());
        out.push(Utc.with_ymd_and_hms(-5, 6, 7, 8, 9, 10).unwrap());
        // A leap second: chrono represents it as nanosecond 1e9 or more.
        let leap = NaiveDate::from_ymd_opt(2016, 12, 31)
            .unwrap()
            .and_hms_nano_opt(23, 59, 59, 1_500_000_000)
            .unwrap()
            .and_utc();
        out.push(leap);
        out
    }

    #[test]
    fn every_format_matches_chrono() {
        for t in samples() {
            let d = t.date_naive();
            assert_eq!(long_date(d), d.format("%-d %B %Y").to_string(), "{t:?}");
            assert_eq!(
                long_time(t),
                t.format("%-d %B %Y, %H:%M UTC").to_string(),
                "{t:?}"
            );
            assert_eq!(iso_date(d), d.format("%Y-%m-%d").to_string(), "{t:?}");
            assert_eq!(rfc3339(t), t.to_rfc3339(), "{t:?}");
            assert_eq!(
                rfc3339_z(t),
                t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                "{t:?}"
            );
        }
    }

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
