//! Dates and times in the site's language, by ICU4X from CLDR's data: "20 November 2026",
//! "20. November 2026", "20 novembre 2026", "20 de noviembre de 2026". No pattern is written
//! here; the only choice made by hand is which CLDR locale stands for a language code.

use std::cell::RefCell;

use anyhow::{anyhow, Result};
use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};
use icu_datetime::fieldsets::{T, YMD};
use icu_datetime::input::{Date, Time};
use icu_datetime::{DateTimeFormatter, NoCalendarFormatter};
use icu_locale_core::Locale;

/// The CLDR locale dates of one language are written in.
#[derive(Debug, Clone)]
pub(crate) struct DateStyle {
    locale: Locale,
}

/// The locale for a language code. English is British English: day before month ("3 March
/// 2026"), as Porchlight has always written dates, and as most of the teams it serves in
/// Europe read them; American month-first dates would be ambiguous beside them.
fn locale_for(code: &str) -> &str {
    match code {
        "en" => "en-GB",
        other => other,
    }
}

struct Formatters {
    locale: Locale,
    date: DateTimeFormatter<YMD>,
    time: NoCalendarFormatter<T>,
}

thread_local! {
    // Formatters are built once per thread and locale: building one looks its patterns up in
    // the compiled data, and pages print several dates each.
    static CACHE: RefCell<Option<Formatters>> = const { RefCell::new(None) };
}

impl DateStyle {
    /// The style of language `code`; an error when CLDR has no dates for it.
    pub(crate) fn for_language(code: &str) -> Result<DateStyle> {
        let locale: Locale = locale_for(code)
            .parse()
            .map_err(|_| anyhow!("{code:?} is not a language code (for example \"de\")"))?;
        DateTimeFormatter::try_new(locale.clone().into(), YMD::long())
            .map_err(|e| anyhow!("language {code:?}: no date format for it ({e})"))?;
        Ok(DateStyle { locale })
    }

    fn with<R>(&self, f: impl FnOnce(&Formatters) -> R) -> R {
        CACHE.with(|c| {
            let mut c = c.borrow_mut();
            if c.as_ref().is_none_or(|f| f.locale != self.locale) {
                // Checked in `for_language`: the data is compiled in, so this cannot fail
                // for a style that was made.
                let date = DateTimeFormatter::try_new(self.locale.clone().into(), YMD::long())
                    .expect("date formatter checked when the style was made");
                let time = NoCalendarFormatter::try_new(self.locale.clone().into(), T::hm())
                    .expect("time formatter of a locale with dates");
                *c = Some(Formatters {
                    locale: self.locale.clone(),
                    date,
                    time,
                });
            }
            f(c.as_ref().expect("set above"))
        })
    }

    /// "20 November 2026" (en), "20. November 2026" (de).
    pub(crate) fn long_date(&self, d: NaiveDate) -> String {
        let Ok(date) = Date::try_new_iso(d.year(), d.month() as u8, d.day() as u8) else {
            // Years ICU cannot hold (beyond ±9999 or so): the ISO form, never a panic.
            return d.format("%Y-%m-%d").to_string();
        };
        self.with(|f| f.date.format(&date).to_string())
    }

    /// "14:05".
    pub(crate) fn time(&self, t: NaiveTime) -> String {
        let time = Time::try_new(t.hour() as u8, t.minute() as u8, 0, 0)
            .expect("chrono hours and minutes are in range");
        self.with(|f| f.time.format(&time).to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn long_dates_in_each_shipped_language() {
        let date = d(2026, 11, 20);
        let got: Vec<String> = ["en", "de", "fr", "nl", "es"]
            .iter()
            .map(|c| DateStyle::for_language(c).unwrap().long_date(date))
            .collect();
        assert_eq!(
            got,
            [
                "20 November 2026",
                "20. November 2026",
                "20 novembre 2026",
                "20 november 2026",
                "20 de noviembre de 2026"
            ]
        );
        let en = DateStyle::for_language("en").unwrap();
        assert_eq!(en.long_date(d(2026, 3, 3)), "3 March 2026");
        let t = NaiveTime::from_hms_opt(14, 5, 9).unwrap();
        assert_eq!(en.time(t), "14:05");
        assert_eq!(DateStyle::for_language("de").unwrap().time(t), "14:05");
    }
}
