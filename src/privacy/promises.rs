//! The gate's judgement of a ticket's promises: the first answer (the first PUBLIC note of the
//! team) and the resolution (reaching Released or Closed), each against the time its severity
//! level or category promises, counted in the team's business time (`model::calendar`).
//!
//! `now` is the build's time: a promise still open is overdue when `now` is past its due time,
//! to the second, so the same input and the same `now` give the same pages. The cost per
//! ticket is O(days spanned) of the calendar walk, twice at most.

use chrono::{DateTime, Utc};

use crate::model::calendar::{Calendar, Elapsed, Span, Took};
use crate::model::workflow::{CategoryPromise, Promised, SeverityLevel, Stage};
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
    Kept(Elapsed),
    /// Given late, after this long; `more_than` when the rounded time alone would not show
    /// it took longer than promised ("more than 3 business days").
    Missed { took: Elapsed, more_than: bool },
    /// Words without a time ("at our discretion"): nothing to measure.
    Unmeasured,
}

/// One promise as a ticket page shows it. Built only by the gate. Words are data (a span, a
/// kind of wording), formatted in the page's language at render time.
#[derive(Debug, Clone)]
pub struct PublicPromise {
    kind: PromiseKind,
    /// "within 1 business hour", or the level's own words ("at our discretion").
    words: Promised,
    outcome: Outcome,
}

impl PublicPromise {
    pub fn kind(&self) -> PromiseKind {
        self.kind
    }
    pub fn words(&self) -> &Promised {
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
    /// ticket change without any change of its own (`watch` has no timer: its first rebuild
    /// after that time, on the next file change, is a full one).
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
            // Released or closed unanswered: late if that happened after the promise fell due;
            // otherwise there is nothing to show. A finished ticket's promise no longer runs.
            None if f.stage >= Stage::Released => {
                let done = if f.stage.is_closed() {
                    f.closed.unwrap_or(f.updated)
                } else {
                    resolved_at(f)
                };
                cal.due(f.opened, span)
                    .filter(|due| done > *due)
                    .map(|_| Outcome::Overdue)
            }
            None => open_outcome(cal, f.opened, span, now, &mut j),
        };
        if let Some(outcome) = outcome {
            j.promises.push(PublicPromise {
                kind: PromiseKind::FirstAnswer,
                words: Promised::Within(span),
                outcome,
            });
        }
    }
    // A rejected or won't-fix ticket was closed without a change: no resolution to judge.
    let resolution = match (category.and_then(|c| c.resolution), level) {
        _ if matches!(f.stage, Stage::Rejected | Stage::WontFix) => None,
        (Some(span), _) => Some((Some(span), Promised::Within(span))),
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
            Outcome::Missed {
                took: took.elapsed_for(span),
                more_than: took.looks_within(span),
            }
        }
        _ => Outcome::Kept(took.elapsed_for(span)),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A released ticket nobody from the team answered in public is finished: its first-answer
    /// promise no longer runs (no "Past our target" appearing later, no due time for watch).
    /// It shows as missed only when the release itself came after the promise fell due.
    #[test]
    fn a_released_ticket_without_an_answer_no_longer_runs_its_promise() {
        let cal = Calendar::default();
        let cat = CategoryPromise {
            name: "Urgent issue".into(),
            first_response: Some(Span::parse("1 business hour").unwrap()),
            resolution: None,
        };
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        let judge_released = |released: &str| {
            let history = [PublicStageChange {
                at: at(released),
                stage: Stage::Released,
            }];
            let f = Facts {
                opened: at("2026-11-16T09:00:00Z"),
                stage: Stage::Released,
                closed: None,
                updated: at("2026-11-20T12:00:00Z"),
                history: &history,
                notes: &[],
            };
            judge(&cal, None, Some(&cat), &f, at("2026-11-23T12:00:00Z"))
        };
        let early = judge_released("2026-11-16T09:30:00Z");
        assert!(early.promises.is_empty(), "{:?}", early.promises);
        assert_eq!((early.past, early.next_due), (false, None));
        let late = judge_released("2026-11-17T09:00:00Z");
        assert_eq!(late.promises.len(), 1);
        assert_eq!(late.promises[0].outcome(), &Outcome::Overdue);
        assert_eq!((late.past, late.next_due), (false, None));
    }
}
