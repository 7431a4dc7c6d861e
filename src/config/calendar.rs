//! `[calendar]` (the team's business time) and `[[promises.categories]]` (first answer and
//! resolution promised per ticket category) of porchlight.toml, validated into a
//! [`Calendar`] and [`CategoryPromise`]s. Every error names the config file, the key and what
//! was expected.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, Result};
use serde::Deserialize;

use crate::model::calendar::{parse_date, parse_holidays, Calendar, Span};
use crate::model::workflow::CategoryPromise;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCalendar {
    /// IANA name; UTC when absent.
    time_zone: Option<String>,
    working_days: Option<Vec<String>>,
    /// "09:00-17:00".
    hours: Option<String>,
    #[serde(default)]
    holidays: Vec<String>,
    /// One ISO date per line, `#` comments; relative to the config's folder.
    holidays_file: Option<PathBuf>,
}

impl RawCalendar {
    pub(super) fn validate(&self, path: &Path, root: &Path) -> Result<Calendar> {
        let err = |key: &str, e: String| anyhow!("{}: [calendar] {key}: {e}", path.display());
        let mut c = match &self.time_zone {
            None => Calendar::default(),
            Some(z) => Calendar::new(z).map_err(|e| err("time_zone", e))?,
        };
        if let Some(days) = &self.working_days {
            c.set_working_days(days)
                .map_err(|e| err("working_days", e))?;
        }
        if let Some(h) = &self.hours {
            c.set_hours(h).map_err(|e| err("hours", e))?;
        }
        for d in &self.holidays {
            c.add_holiday(parse_date(d).map_err(|e| err("holidays", e))?);
        }
        if let Some(f) = &self.holidays_file {
            let file = root.join(f);
            // Messages name the file as the config does (relative to the config's folder).
            let text = std::fs::read_to_string(&file)
                .map_err(|e| err("holidays_file", format!("cannot read {}: {e}", f.display())))?;
            let dates = parse_holidays(&text)
                .map_err(|e| err("holidays_file", format!("{}: {e}", f.display())))?;
            for d in dates {
                c.add_holiday(d);
            }
        }
        Ok(c)
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPromises {
    /// Replaces the built-in categories when given.
    categories: Option<Vec<RawCategoryPromise>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCategoryPromise {
    name: String,
    first_response: Option<String>,
    resolution: Option<String>,
}

impl RawPromises {
    /// The configured categories, or `None` for the built-in ones.
    pub(super) fn validate(&self, path: &Path) -> Result<Option<Vec<CategoryPromise>>> {
        let Some(raw) = &self.categories else {
            return Ok(None);
        };
        raw.iter()
            .map(|c| {
                let span = |key: &str, v: &Option<String>| {
                    promised_time(v).map_err(|e| {
                        anyhow!(
                            "{}: [[promises.categories]] {:?}: {key}: {e}",
                            path.display(),
                            c.name
                        )
                    })
                };
                Ok(CategoryPromise {
                    name: c.name.clone(),
                    first_response: span("first_response", &c.first_response)?,
                    resolution: span("resolution", &c.resolution)?,
                })
            })
            .collect::<Result<Vec<_>>>()
            .map(Some)
    }
}

/// An optional promised time from the config ("3 business days").
pub(super) fn promised_time(v: &Option<String>) -> Result<Option<Span>, String> {
    v.as_deref().map(Span::parse).transpose()
}
