//! The gate's judgement of a ticket's promises: the first answer (the first PUBLIC note of the
//! team) and the resolution (reaching Released or Closed), each against the time its severity
//! level or category promises, counted in the team's business time (`model::calendar`).
//!
//! `now` is the build's time: a promise still open is overdue when `now` is past its due time,
//! to the second, so the same input and the same `now` give the same pages. The cost per
//! ticket is O(days spanned) of the calendar walk, twice at most.

use chrono::{DateTime, Utc};

use crate::model::calendar::{Calendar, Span, Took};
use crate::model::workflow::{CategoryPromise, SeverityLevel, Stage};
use crate::model::Role;

use super::{PublicNote, PublicStageChange};

/// Which promise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromiseKind {
    FirstAnswer,
    Resolution,
}

/// How a promise stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Open and not yet due.
    Pending,
    /// Not given, and past its due time.
    Overdue,
    /// Given in time, after this long ("40 min").
    Kept(String),
    /// Given late, after this long ("more than 3 business days").
    Missed(String),
    /// Words without a time ("at our discretion"): nothing to measure.
    Unmeasured,
}

/// One promise as a ticket page shows it. Built only by the gate.
#[derive(Debug, Clone)]
pub struct PublicPromise {
    kind: PromiseKind,
    /// "within 1 business hour", or the level's own words ("at our discretion").
    words: String,
    outcome: Outcome,
}

impl PublicPromise {
    pub fn kind(&self) -> PromiseKind {
        self.kind
    }
    pub fn words(&self) -> &str {
        &self.words
    }
    pub fn outcome(&self) -> &Outcome {
        &self.outcome
    }
}

/// What the gate keeps of a ticket's promises.
pub(super) struct Judged {
    pub promises: Vec<PublicPromise>,
    /// Open, with a promise not given and past due: lists show "Past our target".
    pub past: bool,
    /// The earliest due time after `now` of a promise still open: when the pages of this
    /// ticket change without any change of its own (`watch` rebuilds then).
    pub next_due: Option<DateTime<Utc>>,
}

/// The ticket's facts the judgement reads, all of them public already.
pub(super) struct Facts<'a> {
    pub opened: DateTime<Utc>,
    pub stage: Stage,
    pub closed: Option<DateTime<Utc>>,
    pub updated: DateTime<Utc>,
    pub history: &'a [PublicStageChange],
    pub notes: &'a [PublicNote],
}

pub(super) fn judge(
    cal: &Calendar,
    level: Option<&SeverityLevel>,
    category: Option<&CategoryPromise>,
    f: &Facts,
    now: DateTime<Utc>,
) -> Judged {
    let mut j = Judged {
        promises: Vec::new(),
        past: false,
        next_due: None,
    };
    let first = category
        .and_then(|c| c.first_response)
        .or(level.and_then(|l| l.first_response));
    if let Some(span) = first {
        // PRIVACY: only public notes reach here; a private note of the team must not make a
        // ticket look answered (it would tell that someone worked on it).
        let answered = f.notes.iter().find(|n| n.role == Role::Staff).map(|n| n.at);
        let outcome = match answered {
            Some(at) => Some(measured(cal, f.opened, at, span)),
            // Closed unanswered: late if it closed after the promise fell due; otherwise there
            // is nothing to show.
            None if f.stage.is_closed() => cal
                .due(f.opened, span)
                .filter(|due| f.closed.unwrap_or(f.updated) > *due)
                .map(|_| Outcome::Overdue),
            None => open_outcome(cal, f.opened, span, now, &mut j),
        };
        if let Some(outcome) = outcome {
            j.promises.push(PublicPromise {
                kind: PromiseKind::FirstAnswer,
                words: format!("within {}", span.words()),
                outcome,
            });
        }
    }
    // A rejected or won't-fix ticket was closed without a change: no resolution to judge.
    let resolution = match (category.and_then(|c| c.resolution), level) {
        _ if matches!(f.stage, Stage::Rejected | Stage::WontFix) => None,
        (Some(span), _) => Some((Some(span), format!("within {}", span.words()))),
        (None, Some(l)) => l.resolution_words.clone().map(|w| (l.resolution, w)),
        (None, None) => None,
    };
    if let Some((span, words)) = resolution {
        let outcome = match span {
            None => Outcome::Unmeasured,
            Some(span) if f.stage >= Stage::Released => {
                measured(cal, f.opened, resolved_at(f), span)
            }
            Some(span) => {
                open_outcome(cal, f.opened, span, now, &mut j).unwrap_or(Outcome::Unmeasured)
            }
        };
        j.promises.push(PublicPromise {
            kind: PromiseKind::Resolution,
            words,
            outcome,
        });
    }
    // Lists flag open tickets only: a released one has kept or missed its promises for good.
    if f.stage >= Stage::Released {
        j.past = false;
    }
    j
}

/// A promise given at `at`: kept or missed, and after how long.
fn measured(cal: &Calendar, opened: DateTime<Utc>, at: DateTime<Utc>, span: Span) -> Outcome {
    let took: Took = cal.took(opened, at, span.unit);
    match cal.due(opened, span) {
        Some(due) if at > due => {
            // Rounded down, 3.9 business days reads "3 business days": say it was more.
            if took.looks_within(span) {
                Outcome::Missed(format!("more than {}", took.words()))
            } else {
                Outcome::Missed(took.words())
            }
        }
        _ => Outcome::Kept(took.words()),
    }
}

/// A promise not given by `until`: overdue, or pending (noting its due time).
fn open_outcome(
    cal: &Calendar,
    opened: DateTime<Utc>,
    span: Span,
    until: DateTime<Utc>,
    j: &mut Judged,
) -> Option<Outcome> {
    let due = cal.due(opened, span)?;
    if until > due {
        j.past = true;
        Some(Outcome::Overdue)
    } else {
        j.next_due = Some(j.next_due.map_or(due, |d| d.min(due)));
        Some(Outcome::Pending)
    }
}

/// When the ticket last reached Released or Closed: from the public history, else its close,
/// else its last public change.
fn resolved_at(f: &Facts) -> DateTime<Utc> {
    let done = |s: Stage| matches!(s, Stage::Released | Stage::Closed);
    let mut at = None;
    let mut before = false;
    for h in f.history {
        let now_done = done(h.stage);
        if now_done && !before {
            at = Some(h.at);
        }
        before = now_done;
    }
    at.filter(|_| before)
        .or(f.closed)
        .unwrap_or(f.updated)
        .max(f.opened)
}
