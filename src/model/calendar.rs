//! Business time: the team's working days, hours and holidays in its time zone (`[calendar]`
//! in porchlight.toml), and the promises counted in it ("1 business hour", "3 business days").
//!
//! Time zones and daylight saving come from `jiff` and its bundled copy of the IANA database
//! (so a build gives the same answer on every machine, whatever its `/usr/share/zoneinfo`).
//! The arithmetic on top is written here because no crate does it: working time between two
//! instants, and the instant a given amount of working time after another, given working days,
//! wall-clock hours and a holiday list. Both walk the span day by day, one working window per
//! day, so they cost O(days spanned), never O(minutes).
//!
//! Working hours are wall-clock times in the zone: 09:00–17:00 is 09:00–17:00 local time on
//! the day a clock changes too. A working day is one window `[start, end]`; a business day is
//! the nominal length of that window (8 hours for 09:00–17:00), so "3 business days" is 24
//! working hours from the moment the ticket came in. On the rare day a clock change falls
//! inside the window it is an hour longer or shorter, as it is for the people working then.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;
use jiff::Timestamp;

/// Days the walk looks ahead before it gives up (50 years): a holiday list cannot cover them
/// all, so it only stops a calendar that has no working day at all.
const MAX_DAYS: i32 = 366 * 50;

/// The team's working calendar. Built by the config (`[calendar]`); the default is Monday to
/// Friday, 09:00–17:00 UTC, without holidays.
#[derive(Debug, Clone)]
pub struct Calendar {
    zone: TimeZone,
    /// The zone's IANA name, for messages and the guide ("Europe/Berlin").
    zone_name: String,
    /// Monday first.
    working: [bool; 7],
    /// Minutes after local midnight: `start < end <= 24 * 60`.
    start: u32,
    end: u32,
    holidays: BTreeSet<Date>,
}

impl Default for Calendar {
    fn default() -> Self {
        Calendar {
            zone: TimeZone::UTC,
            zone_name: "UTC".into(),
            working: [true, true, true, true, true, false, false],
            start: 9 * 60,
            end: 17 * 60,
            holidays: BTreeSet::new(),
        }
    }
}

/// Names of weekdays as the config writes them, Monday first.
pub const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

impl Calendar {
    /// A calendar in the zone named `zone` (IANA name: "Europe/Berlin", "UTC").
    /// Errors say what was expected; the config adds the file and key.
    pub fn new(zone: &str) -> Result<Calendar, String> {
        let tz = TimeZone::get(zone).map_err(|_| {
            format!("{zone:?} is not a known time zone; expected an IANA name such as \"Europe/Berlin\" or \"UTC\"")
        })?;
        Ok(Calendar {
            zone: tz,
            zone_name: zone.to_string(),
            ..Calendar::default()
        })
    }

    pub fn zone_name(&self) -> &str {
        &self.zone_name
    }

    /// Sets the working days from names ("mon", "Tuesday"); at least one.
    pub fn set_working_days(&mut self, days: &[String]) -> Result<(), String> {
        let mut working = [false; 7];
        for d in days {
            let key = d.trim().to_ascii_lowercase();
            // By characters: a name in another language ("mié") must get the error below, not
            // a cut inside a character.
            let head: String = key.chars().take(3).collect();
            let i = WEEKDAYS
                .iter()
                .position(|w| key.chars().count() >= 3 && w.starts_with(&head) && is_day_name(&key))
                .ok_or_else(|| {
                    format!(
                        "{d:?} is not a weekday; expected one of {}",
                        WEEKDAYS.map(|w| format!("\"{w}\"")).join(", ")
                    )
                })?;
            working[i] = true;
        }
        if !working.contains(&true) {
            return Err("no working day; expected at least one, e.g. [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]".into());
        }
        self.working = working;
        Ok(())
    }

    /// Sets the working hours from `"09:00-17:00"` (an en dash works too).
    pub fn set_hours(&mut self, hours: &str) -> Result<(), String> {
        let expected = "expected \"HH:MM-HH:MM\" such as \"09:00-17:00\"";
        let (a, b) = hours
            .split_once(['-', '–'])
            .ok_or_else(|| format!("{hours:?}: {expected}"))?;
        let start = parse_clock(a.trim()).ok_or_else(|| format!("{hours:?}: {expected}"))?;
        let end = parse_clock(b.trim()).ok_or_else(|| format!("{hours:?}: {expected}"))?;
        if end <= start {
            return Err(format!(
                "{hours:?}: the end is not after the start; {expected}"
            ));
        }
        self.start = start;
        self.end = end;
        Ok(())
    }

    /// Adds holidays (no work on these local dates).
    pub fn add_holiday(&mut self, date: Date) {
        self.holidays.insert(date);
    }

    /// Working seconds in one business day (the nominal length of the working window).
    pub fn day_seconds(&self) -> i64 {
        i64::from(self.end - self.start) * 60
    }

    fn is_working_date(&self, d: Date) -> bool {
        self.working[weekday_index(d.weekday())] && !self.holidays.contains(&d)
    }

    /// The working window of a local date as Unix seconds, or `None` on a day off.
    fn window(&self, d: Date) -> Option<(i64, i64)> {
        if !self.is_working_date(d) {
            return None;
        }
        Some((self.instant(d, self.start), self.instant(d, self.end)))
    }

    /// Unix seconds of a wall-clock time on a local date. A time the clock skips (spring
    /// forward) is taken as the same time after the jump, and a time it repeats as the first;
    /// jiff's "compatible" rule, which is also what RFC 5545 calendars do.
    fn instant(&self, d: Date, minutes: u32) -> i64 {
        let dt = if minutes >= 24 * 60 {
            // 24:00 is the next day's midnight.
            match d.tomorrow() {
                Ok(n) => n.at(0, 0, 0, 0),
                Err(_) => d.at(23, 59, 59, 0),
            }
        } else {
            d.at((minutes / 60) as i8, (minutes % 60) as i8, 0, 0)
        };
        match self.zone.to_ambiguous_timestamp(dt).compatible() {
            Ok(t) => t.as_second(),
            // Only outside jiff's years (-9999..=9999), which no ticket is in.
            Err(_) => 0,
        }
    }

    fn local_date(&self, secs: i64) -> Option<Date> {
        let ts = Timestamp::from_second(secs).ok()?;
        Some(self.zone.to_datetime(ts).date())
    }

    /// Working seconds between two instants (0 when `to` is not after `from`). O(days spanned).
    pub fn business_seconds(&self, from: i64, to: i64) -> i64 {
        if to <= from {
            return 0;
        }
        let (Some(mut d), Some(last)) = (self.local_date(from), self.local_date(to)) else {
            return 0;
        };
        let mut total = 0;
        // A window can start on the local date before `from`'s only if it were longer than a
        // day, which `start < end <= 24:00` rules out; so the walk starts at `from`'s date.
        while d <= last {
            if let Some((s, e)) = self.window(d) {
                let (s, e) = (s.max(from), e.min(to));
                if e > s {
                    total += e - s;
                }
            }
            match d.tomorrow() {
                Ok(n) => d = n,
                Err(_) => break,
            }
        }
        total
    }

    /// The first instant at which `amount` working seconds have passed since `from`: inside a
    /// working window or at its end, never on a day off. `from` itself when `amount` is 0.
    /// `None` when no working day comes within 50 years. O(days spanned).
    pub fn add_business(&self, from: i64, amount: i64) -> Option<i64> {
        if amount <= 0 {
            return Some(from);
        }
        let mut d = self.local_date(from)?;
        let mut left = amount;
        for _ in 0..MAX_DAYS {
            if let Some((s, e)) = self.window(d) {
                let s = s.max(from);
                if e > s {
                    if e - s >= left {
                        return Some(s + left);
                    }
                    left -= e - s;
                }
            }
            d = d.tomorrow().ok()?;
        }
        None
    }

    /// The instant a promise of `span` falls due for a ticket opened at `opened`.
    pub fn due(&self, opened: DateTime<Utc>, span: Span) -> Option<DateTime<Utc>> {
        let from = opened.timestamp();
        let secs = match span.unit {
            Unit::BusinessHours => self.add_business(from, i64::from(span.amount) * 3600)?,
            Unit::BusinessDays => {
                self.add_business(from, i64::from(span.amount) * self.day_seconds())?
            }
            Unit::Hours => from + i64::from(span.amount) * 3600,
            // Calendar days: the same wall-clock time N days later in the zone, so a day with a
            // clock change is still one day.
            Unit::Days => {
                let ts = Timestamp::from_second(from).ok()?;
                let z = ts.to_zoned_datetime(self.zone.clone());
                z.checked_add(jiff::Span::new().try_days(i64::from(span.amount)).ok()?)
                    .ok()?
                    .timestamp()
                    .as_second()
            }
        };
        DateTime::from_timestamp(secs, 0)
    }

    /// How long `from` → `to` took, counted as `span` counts (working or calendar time), in
    /// words rounded down: "40 min", "2 business hours", "3 days".
    pub fn took(&self, from: DateTime<Utc>, to: DateTime<Utc>, unit: Unit) -> Took {
        let (a, b) = (from.timestamp(), to.timestamp());
        match unit {
            Unit::BusinessHours | Unit::BusinessDays => Took {
                seconds: self.business_seconds(a, b),
                business: true,
                day: self.day_seconds(),
            },
            Unit::Hours | Unit::Days => Took {
                seconds: (b - a).max(0),
                business: false,
                day: 86_400,
            },
        }
    }
}

/// An elapsed time, with how it was counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Took {
    pub seconds: i64,
    /// Counted in working time.
    pub business: bool,
    /// Seconds in one (business or calendar) day.
    pub day: i64,
}

/// How long something took, as data: rounded down to whole minutes, hours or days. Each
/// language words it at render time (`render::promise_ctx`, Fluent plurals); [`Elapsed::words`]
/// is the English reference the unit tests read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Elapsed {
    /// "less than a minute".
    UnderAMinute,
    /// "40 min".
    Minutes(i64),
    /// "2 business hours", "3 days".
    Span(Span),
}

impl Elapsed {
    /// In English: "40 min", "2 business hours".
    pub fn words(&self) -> String {
        match self {
            Elapsed::UnderAMinute => "less than a minute".into(),
            Elapsed::Minutes(m) => format!("{m} min"),
            Elapsed::Span(s) => s.words(),
        }
    }
}

impl Took {
    /// Rounded down to whole minutes, hours or days: the unit is the largest one the time
    /// fills. A page can say "more than" before it (see `render`).
    pub fn elapsed(&self) -> Elapsed {
        let minutes = self.seconds / 60;
        if minutes < 1 {
            return Elapsed::UnderAMinute;
        }
        if minutes < 60 {
            return Elapsed::Minutes(minutes);
        }
        let (n, unit) = if self.seconds < self.day {
            (self.seconds / 3600, Unit::hours(self.business))
        } else {
            (self.seconds / self.day, Unit::days(self.business))
        };
        Elapsed::Span(Span {
            amount: n.clamp(0, u32::MAX as i64) as u32,
            unit,
        })
    }

    /// [`Took::elapsed`] in English words.
    pub fn words(&self) -> String {
        self.elapsed().words()
    }

    /// Said in hours although it fills a day: the promise is in hours and whole days would
    /// not show it took longer ("within 12 business hours" met after 13 reads "13 business
    /// hours", not "1 business day" beside "Past our target"; 144 hours still read "6 days").
    fn in_hours_of(&self, span: Span) -> bool {
        matches!(span.unit, Unit::BusinessHours | Unit::Hours)
            && self.seconds >= self.day
            && self.seconds / self.day * self.day <= i64::from(span.amount) * 3600
    }

    /// [`Took::elapsed`] beside the promise `span`: see [`Took::in_hours_of`].
    pub fn elapsed_for(&self, span: Span) -> Elapsed {
        if self.in_hours_of(span) {
            return Elapsed::Span(Span {
                amount: (self.seconds / 3600).clamp(0, u32::MAX as i64) as u32,
                unit: Unit::hours(self.business),
            });
        }
        self.elapsed()
    }

    /// [`Took::elapsed_for`] in English words.
    pub fn words_for(&self, span: Span) -> String {
        self.elapsed_for(span).words()
    }

    /// The same time in the unit of `span`, rounded down, is `span`'s amount or less: the
    /// words alone ([`Took::words_for`]) would not show it took longer than promised.
    pub fn looks_within(&self, span: Span) -> bool {
        let per = match span.unit {
            Unit::BusinessHours | Unit::Hours => 3600,
            Unit::BusinessDays | Unit::Days => self.day,
        };
        // Only when the words use the promise's unit.
        let same_unit = match span.unit {
            Unit::BusinessHours | Unit::Hours => {
                self.seconds >= 3600 && (self.seconds < self.day || self.in_hours_of(span))
            }
            Unit::BusinessDays | Unit::Days => self.seconds >= self.day,
        };
        same_unit && self.seconds / per <= i64::from(span.amount)
    }
}

/// What a promise is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    BusinessHours,
    BusinessDays,
    /// Calendar hours (elapsed time).
    Hours,
    /// Calendar days (the same wall-clock time N days later).
    Days,
}

impl Unit {
    fn hours(business: bool) -> Unit {
        if business {
            Unit::BusinessHours
        } else {
            Unit::Hours
        }
    }
    fn days(business: bool) -> Unit {
        if business {
            Unit::BusinessDays
        } else {
            Unit::Days
        }
    }
}

/// A promised time: "1 business hour", "3 business days", "2 days".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    pub amount: u32,
    pub unit: Unit,
}

impl Span {
    /// Parses "N business hours", "N business days", "N hours", "N days" (singular or plural,
    /// any case, "1 business hour"). Errors say what was expected.
    pub fn parse(text: &str) -> Result<Span, String> {
        let expected = "expected \"N business hours\", \"N business days\", \"N hours\" or \"N days\", e.g. \"3 business days\"";
        let words: Vec<String> = text
            .split_whitespace()
            .map(|w| w.to_ascii_lowercase())
            .collect();
        let (n, rest) = match words.split_first() {
            Some((n, rest)) => (n, rest),
            None => return Err(format!("{text:?}: {expected}")),
        };
        let amount: u32 = n
            .parse()
            .ok()
            .filter(|n| (1..=10_000).contains(n))
            .ok_or_else(|| format!("{text:?}: {expected} with N from 1 to 10000"))?;
        let rest: Vec<&str> = rest.iter().map(String::as_str).collect();
        let unit = match rest.as_slice() {
            ["business" | "working", "hour" | "hours"] => Unit::BusinessHours,
            ["business" | "working", "day" | "days"] => Unit::BusinessDays,
            ["hour" | "hours"] => Unit::Hours,
            ["day" | "days"] => Unit::Days,
            _ => return Err(format!("{text:?}: {expected}")),
        };
        Ok(Span { amount, unit })
    }

    /// "1 business hour", "3 business days", "2 days".
    pub fn words(&self) -> String {
        let one = self.amount == 1;
        let unit = match (self.unit, one) {
            (Unit::BusinessHours, true) => "business hour",
            (Unit::BusinessHours, false) => "business hours",
            (Unit::BusinessDays, true) => "business day",
            (Unit::BusinessDays, false) => "business days",
            (Unit::Hours, true) => "hour",
            (Unit::Hours, false) => "hours",
            (Unit::Days, true) => "day",
            (Unit::Days, false) => "days",
        };
        format!("{} {unit}", self.amount)
    }
}

fn is_day_name(key: &str) -> bool {
    const FULL: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    key.len() == 3 || FULL.contains(&key)
}

fn weekday_index(w: Weekday) -> usize {
    (w.to_monday_zero_offset()) as usize
}

/// "09:00" → 540; "24:00" is allowed as an end.
fn parse_clock(s: &str) -> Option<u32> {
    let (h, m) = s.split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let h: u32 = h.parse().ok()?;
    let m: u32 = m.parse().ok()?;
    if m >= 60 || h > 24 || (h == 24 && m != 0) {
        return None;
    }
    Some(h * 60 + m)
}

/// Reads a holiday date, "2026-12-25".
pub fn parse_date(s: &str) -> Result<Date, String> {
    let s = s.trim();
    let ok = s.len() == 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-';
    ok.then(|| s.parse::<Date>().ok())
        .flatten()
        .ok_or_else(|| format!("{s:?} is not a date; expected YYYY-MM-DD such as \"2026-12-25\""))
}

/// Reads a holidays file: one ISO date per line, `#` starts a comment, blank lines are
/// skipped. Errors name the line.
pub fn parse_holidays(text: &str) -> Result<Vec<Date>, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        out.push(parse_date(line).map_err(|e| format!("line {}: {e}", i + 1))?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(s: &str) -> i64 {
        s.parse::<DateTime<Utc>>().unwrap().timestamp()
    }

    fn berlin() -> Calendar {
        let mut c = Calendar::new("Europe/Berlin").unwrap();
        c.add_holiday(parse_date("2026-12-25").unwrap());
        c
    }

    #[test]
    fn working_time_skips_nights_weekends_and_holidays() {
        let c = berlin();
        // Friday 2026-12-04 16:00 Berlin (15:00Z) to Monday 10:00 Berlin (09:00Z): 1 h + 1 h.
        assert_eq!(
            c.business_seconds(at("2026-12-04T15:00:00Z"), at("2026-12-07T09:00:00Z")),
            2 * 3600
        );
        // Thursday 24th 16:30 to Monday 28th 09:30: the 25th is a holiday, the 26th/27th a
        // weekend: 30 min + 30 min.
        assert_eq!(
            c.business_seconds(at("2026-12-24T15:30:00Z"), at("2026-12-28T08:30:00Z")),
            3600
        );
        // 1 business hour from Friday 16:30 Berlin ends Monday 09:30 Berlin.
        let due = c.add_business(at("2026-12-04T15:30:00Z"), 3600).unwrap();
        assert_eq!(due, at("2026-12-07T08:30:00Z"));
        // Opened at night: the hour starts at 09:00.
        let due = c.add_business(at("2026-12-08T01:00:00Z"), 3600).unwrap();
        assert_eq!(due, at("2026-12-08T09:00:00Z"));
    }

    #[test]
    fn business_days_are_working_day_lengths() {
        let c = Calendar::default();
        let opened: DateTime<Utc> = "2026-12-07T10:00:00Z".parse().unwrap(); // Monday
        let due = c
            .due(opened, Span::parse("3 business days").unwrap())
            .unwrap();
        assert_eq!(due.to_rfc3339(), "2026-12-10T10:00:00+00:00");
        let due = c
            .due(opened, Span::parse("5 business days").unwrap())
            .unwrap();
        assert_eq!(due.to_rfc3339(), "2026-12-14T10:00:00+00:00");
        let due = c.due(opened, Span::parse("2 days").unwrap()).unwrap();
        assert_eq!(due.to_rfc3339(), "2026-12-09T10:00:00+00:00");
    }

    #[test]
    fn a_clock_change_keeps_wall_clock_hours() {
        let c = Calendar::new("Europe/Berlin").unwrap();
        // Friday 2026-03-27 is CET (+1); Monday 2026-03-30 is CEST (+2): 16:00 local Friday
        // to 10:00 local Monday is 1 h + 1 h of work.
        assert_eq!(
            c.business_seconds(at("2026-03-27T15:00:00Z"), at("2026-03-30T08:00:00Z")),
            2 * 3600
        );
        // A calendar day across the change is 23 hours.
        let opened: DateTime<Utc> = "2026-03-28T12:00:00Z".parse().unwrap();
        let due = c.due(opened, Span::parse("1 day").unwrap()).unwrap();
        assert_eq!(due.to_rfc3339(), "2026-03-29T11:00:00+00:00");
    }

    #[test]
    fn a_window_on_the_change_is_shorter() {
        // Working Sunday 00:00–08:00 in Berlin on 2026-03-29: 02:00–03:00 does not exist.
        let mut c = Calendar::new("Europe/Berlin").unwrap();
        c.set_working_days(&["sun".into()]).unwrap();
        c.set_hours("00:00-08:00").unwrap();
        assert_eq!(
            c.business_seconds(at("2026-03-28T00:00:00Z"), at("2026-03-30T00:00:00Z")),
            7 * 3600
        );
    }

    #[test]
    fn spans_parse_and_say_themselves() {
        for (s, words) in [
            ("1 business hour", "1 business hour"),
            ("3 Business Days", "3 business days"),
            ("2 working days", "2 business days"),
            ("4 hours", "4 hours"),
            ("1 days", "1 day"),
        ] {
            assert_eq!(Span::parse(s).unwrap().words(), words);
        }
        for bad in [
            "",
            "business days",
            "0 days",
            "3 weeks",
            "three days",
            "3 business",
        ] {
            let e = Span::parse(bad).unwrap_err();
            assert!(e.contains("expected \"N business hours\""), "{bad}: {e}");
        }
    }

    #[test]
    fn config_values_are_checked() {
        assert!(Calendar::new("Mars/Olympus")
            .unwrap_err()
            .starts_with("\"Mars/Olympus\" is not a known time zone"));
        let mut c = Calendar::default();
        assert_eq!(
            c.set_hours("17:00-09:00").unwrap_err(),
            "\"17:00-09:00\": the end is not after the start; expected \"HH:MM-HH:MM\" such as \"09:00-17:00\""
        );
        assert!(c.set_hours("9-17").is_err());
        c.set_hours("08:30–16:30").unwrap();
        assert_eq!(c.day_seconds(), 8 * 3600);
        assert!(c
            .set_working_days(&["mon".into(), "Funday".into()])
            .unwrap_err()
            .starts_with("\"Funday\" is not a weekday"));
        // A multi-byte character across the third byte: an error, not a panic.
        for name in ["mié", "Mié", "jü", "ñññ"] {
            assert!(c
                .set_working_days(&[name.into()])
                .unwrap_err()
                .starts_with(&format!("{name:?} is not a weekday")));
        }
        c.set_working_days(&["Monday".into(), "tue".into()])
            .unwrap();
        assert_eq!(
            parse_holidays("# Christmas\n2026-12-25\n\n2026-12-32 # typo\n").unwrap_err(),
            "line 4: \"2026-12-32\" is not a date; expected YYYY-MM-DD such as \"2026-12-25\""
        );
    }

    #[test]
    fn took_words_round_down() {
        let c = Calendar::default();
        let t = |a: &str, b: &str, u| c.took(a.parse().unwrap(), b.parse().unwrap(), u).words();
        assert_eq!(
            t(
                "2026-12-07T10:00:00Z",
                "2026-12-07T10:40:59Z",
                Unit::BusinessHours
            ),
            "40 min"
        );
        assert_eq!(
            t(
                "2026-12-07T10:00:00Z",
                "2026-12-07T13:10:00Z",
                Unit::BusinessHours
            ),
            "3 business hours"
        );
        assert_eq!(
            t(
                "2026-12-07T10:00:00Z",
                "2026-12-09T12:00:00Z",
                Unit::BusinessDays
            ),
            "2 business days"
        );
        assert_eq!(
            t(
                "2026-12-07T10:00:00Z",
                "2026-12-07T10:00:20Z",
                Unit::BusinessDays
            ),
            "less than a minute"
        );
        assert_eq!(
            t("2026-12-07T10:00:00Z", "2026-12-10T10:00:00Z", Unit::Days),
            "3 days"
        );
        // A promise in hours is measured in hours past a day: 13 business hours, not
        // "1 business day", beside "within 12 business hours — … Past our target".
        let took = c.took(
            "2026-12-07T09:00:00Z".parse().unwrap(),
            "2026-12-08T14:00:00Z".parse().unwrap(),
            Unit::BusinessHours,
        );
        let twelve = Span::parse("12 business hours").unwrap();
        assert_eq!(took.words(), "1 business day");
        assert_eq!(took.words_for(twelve), "13 business hours");
        assert!(!took.looks_within(twelve));
        assert!(took.looks_within(Span::parse("13 business hours").unwrap()));
        // Far past an hours promise, days read better: "6 days", not "144 hours".
        let week = c.took(
            "2026-12-01T10:00:00Z".parse().unwrap(),
            "2026-12-07T10:00:00Z".parse().unwrap(),
            Unit::Hours,
        );
        assert_eq!(week.words_for(Span::parse("2 hours").unwrap()), "6 days");
    }

    /// A calendar drawn from the configurable choices: a zone with and without clock changes,
    /// some working days, hours, and holidays in 2026.
    fn calendars() -> impl Strategy<Value = Calendar> {
        (
            prop::sample::select(vec![
                "UTC",
                "Europe/Berlin",
                "America/New_York",
                "Australia/Lord_Howe",
                "Asia/Kolkata",
            ]),
            prop::array::uniform7(any::<bool>()),
            0u32..(20 * 60),
            30u32..(12 * 60),
            prop::collection::vec(1i16..365, 0..20),
        )
            .prop_map(|(zone, days, start, len, holidays)| {
                let mut c = Calendar::new(zone).unwrap();
                c.working = if days.contains(&true) {
                    days
                } else {
                    [true; 7]
                };
                c.start = start;
                c.end = (start + len).min(24 * 60);
                for d in holidays {
                    c.add_holiday(
                        Date::new(2026, 1, 1)
                            .unwrap()
                            .checked_add(jiff::Span::new().days(d))
                            .unwrap(),
                    );
                }
                c
            })
    }

    /// Instants from 2025 to 2027, around both clock changes of each year.
    fn instants() -> impl Strategy<Value = i64> {
        at("2025-01-01T00:00:00Z")..at("2027-12-31T00:00:00Z")
    }

    fn inside_working_time(c: &Calendar, t: i64) -> bool {
        // The instant is in (or at an edge of) the window of its own local date, or at the
        // end of the window of the day before (a window ending at 24:00).
        let d = c.local_date(t).unwrap();
        let in_window = |d: Date| c.window(d).is_some_and(|(s, e)| s <= t && t <= e);
        in_window(d) || d.yesterday().is_ok_and(in_window)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn adding_then_measuring_gives_the_amount_back(
            c in calendars(),
            from in instants(),
            amount in 0i64..(40 * 3600),
        ) {
            let due = c.add_business(from, amount).unwrap();
            prop_assert_eq!(c.business_seconds(from, due), amount);
        }

        #[test]
        fn a_due_time_is_always_inside_working_time(
            c in calendars(),
            from in instants(),
            amount in 1i64..(40 * 3600),
        ) {
            let due = c.add_business(from, amount).unwrap();
            prop_assert!(inside_working_time(&c, due), "{} lands outside working time", due);
            // And no earlier instant has the amount: the due time is the first.
            prop_assert!(c.business_seconds(from, due - 1) < amount);
        }

        #[test]
        fn working_time_grows_with_the_end_and_adds_up(
            c in calendars(),
            a in instants(),
            gap1 in 0i64..(20 * 86_400),
            gap2 in 0i64..(20 * 86_400),
        ) {
            let (b, e) = (a + gap1, a + gap1 + gap2);
            let (ab, be, ae) = (c.business_seconds(a, b), c.business_seconds(b, e), c.business_seconds(a, e));
            prop_assert!(ab <= ae);
            prop_assert_eq!(ab + be, ae);
            prop_assert!(ae <= e - a);
        }

        #[test]
        fn later_starts_fall_due_no_earlier(
            c in calendars(),
            a in instants(),
            gap in 0i64..(5 * 86_400),
            amount in 1i64..(40 * 3600),
        ) {
            prop_assert!(c.add_business(a, amount).unwrap() <= c.add_business(a + gap, amount).unwrap());
            prop_assert!(c.add_business(a, amount).unwrap() <= c.add_business(a, amount + gap).unwrap());
        }

        #[test]
        fn a_working_day_across_a_clock_change_has_its_wall_clock_hours(
            day in 0i64..7,
            year in prop::sample::select(vec![2025i16, 2026, 2027]),
        ) {
            // The week around the last Sunday of March and of October in Berlin (EU rules):
            // 09:00-17:00 local is 8 hours every working day, before and after the change.
            let c = Calendar::new("Europe/Berlin").unwrap();
            for month in [3i8, 10] {
                let d = Date::new(year, month, 24).unwrap().checked_add(jiff::Span::new().days(day)).unwrap();
                if let Some((s, e)) = c.window(d) {
                    prop_assert_eq!(e - s, 8 * 3600);
                    let local = c.zone.to_datetime(Timestamp::from_second(s).unwrap());
                    prop_assert_eq!((local.hour(), local.minute()), (9, 0));
                }
            }
        }
    }
}
