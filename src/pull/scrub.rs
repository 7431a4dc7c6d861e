//! What a pull snapshot may keep of a tracker's issue: one allow-list per tracker, as data,
//! applied by one scrubber.
//!
//! Snapshots are artefacts CI may keep or upload, so `pull` scrubs them before they are
//! written (the privacy gate drops the same things again at build: this is the first of two
//! locks). Each list names what is kept, never what is dropped: a field a tracker adds later
//! stays out of the snapshot until someone decides it is public. What goes:
//! - private issues (`private_issue`) and private notes (`Notes::private`);
//! - every issue and note key not on the list (assignees, hours, custom fields, watchers,
//!   attachments, e-mails);
//! - names and e-mails of people: a person is kept as the id (or GitHub login) that tells the
//!   customer's own notes from staff ones;
//! - change rows other than status changes (they hold old and new values of internal fields).

use serde_json::Value;

/// One tracker's allow-list: everything a scrubbed issue may hold.
pub(super) struct AllowList {
    /// Whether the tracker marks the whole issue private (it is then left out).
    pub private_issue: fn(&Value) -> bool,
    /// The issue's keys that are kept.
    pub issue: &'static [&'static str],
    /// Issue keys whose object keeps only the listed keys.
    pub objects: &'static [(&'static str, &'static [&'static str])],
    /// Issue keys holding a list of objects, each of which keeps only the listed keys.
    pub lists: &'static [(&'static str, &'static [&'static str])],
    /// The issue key holding its notes, and what a note keeps (GitHub's comments come from
    /// their own request: [`GITHUB_COMMENT`]).
    pub notes: Option<(&'static str, Notes)>,
    /// The issue's own change rows (MantisBT `history`).
    pub changes: Option<Changes>,
}

/// What a note (Redmine journal, MantisBT note, GitHub comment) keeps.
pub(super) struct Notes {
    /// Whether a note is private, or cannot be told to be public (then it counts as private).
    pub private: fn(&Value) -> bool,
    /// The key of the note's text.
    pub text: &'static str,
    /// The note's keys that are kept.
    pub keep: &'static [&'static str],
    /// Note keys whose object keeps only the listed keys (the author).
    pub objects: &'static [(&'static str, &'static [&'static str])],
    /// The note's change rows (Redmine journal `details`). A private note that changed the
    /// status is kept for that change, without its text: the status history is public.
    pub changes: Option<Changes>,
}

/// A list of change rows of which only status changes are kept.
pub(super) struct Changes {
    /// The key holding the rows.
    pub key: &'static str,
    /// Whether a row is a status change.
    pub is_status: fn(&Value) -> bool,
    /// A kept row's keys that are kept.
    pub keep: &'static [&'static str],
}

impl AllowList {
    /// Whether `issue` is private and must be left out of the snapshot.
    pub fn is_private(&self, issue: &Value) -> bool {
        (self.private_issue)(issue)
    }
}

/// Redmine (REST `issues/ID.json?include=journals`). The author keeps only its id; journals
/// keep their status changes; a private journal keeps nothing but those.
pub(super) const REDMINE: AllowList = AllowList {
    private_issue: |i| i.get("is_private").and_then(Value::as_bool) == Some(true),
    // What the reader maps to public fields, plus what it needs to tell privacy and role.
    issue: &[
        "id",
        "project",
        "tracker",
        "status",
        "priority",
        "author",
        "category",
        "fixed_version",
        "subject",
        "description",
        "start_date",
        "due_date",
        "done_ratio",
        "is_private",
        "created_on",
        "updated_on",
        "closed_on",
        "journals",
    ],
    objects: &[
        ("project", ID_AND_NAME),
        ("tracker", ID_AND_NAME),
        ("priority", ID_AND_NAME),
        ("category", ID_AND_NAME),
        ("fixed_version", ID_AND_NAME),
        ("status", &["id", "name", "is_closed"]),
        // The author's name is internal (reporter); the id tells a customer's own note.
        ("author", &["id"]),
    ],
    lists: &[],
    notes: Some((
        "journals",
        Notes {
            private: |j| j.get("private_notes").and_then(Value::as_bool) == Some(true),
            text: "notes",
            keep: &["id", "user", "notes", "created_on", "details"],
            // Only the id (it tells the customer's own notes); names of staff and customers
            // are personal data the site never shows.
            objects: &[("user", &["id"])],
            changes: Some(Changes {
                key: "details",
                is_status: |d| {
                    d.get("property").and_then(Value::as_str) == Some("attr")
                        && d.get("name").and_then(Value::as_str) == Some("status_id")
                },
                keep: &["property", "name", "old_value", "new_value"],
            }),
        },
    )),
    changes: None,
};

/// MantisBT (REST `api/rest/issues`): notes and history come with the issue.
pub(super) const MANTIS: AllowList = AllowList {
    private_issue: mantis_private,
    issue: &[
        "id",
        "summary",
        "description",
        "steps_to_reproduce",
        "additional_information",
        "project",
        "category",
        "reporter",
        "status",
        "resolution",
        "view_state",
        "priority",
        "severity",
        "fixed_in_version",
        "target_version",
        "due_date",
        "created_at",
        "updated_at",
        "tags",
        "notes",
        "history",
    ],
    objects: &[
        // The reporter's id tells a customer's own notes; name and e-mail are internal.
        ("reporter", &["id"]),
        ("project", ID_AND_NAME),
        ("category", ID_AND_NAME),
        ("fixed_in_version", ID_AND_NAME),
        ("target_version", ID_AND_NAME),
    ],
    lists: &[],
    notes: Some((
        "notes",
        Notes {
            // A note without a view state cannot be told to be public.
            private: |n| mantis_private(n) || n.get("view_state").is_none(),
            text: "text",
            keep: &["id", "reporter", "text", "view_state", "created_at"],
            objects: &[("reporter", ID_AND_NAME)],
            changes: None,
        },
    )),
    changes: Some(Changes {
        key: "history",
        is_status: |h| h["field"]["name"].as_str() == Some("status"),
        keep: &["created_at", "field", "old_value", "new_value"],
    }),
};

/// GitHub (REST `repos/O/R/issues`). GitHub has no private issues or comments: labels that
/// withhold an issue act at the gate. People keep only their login.
pub(super) const GITHUB: AllowList = AllowList {
    private_issue: |_| false,
    issue: &[
        "number",
        "title",
        "body",
        "user",
        "labels",
        "state",
        "state_reason",
        "milestone",
        "created_at",
        "updated_at",
        "closed_at",
        "comments",
        "html_url",
    ],
    objects: &[
        // The login is what the reader uses to tell the opener's own comments.
        ("user", &["login"]),
        ("milestone", &["title", "due_on"]),
    ],
    lists: &[("labels", &["name"])],
    notes: None,
    changes: None,
};

/// A GitHub comment (REST `repos/O/R/issues/N/comments`).
pub(super) const GITHUB_COMMENT: Notes = Notes {
    private: |_| false,
    text: "body",
    keep: &[
        "id",
        "user",
        "author_association",
        "body",
        "created_at",
        "updated_at",
    ],
    objects: &[("user", &["login"])],
    changes: None,
};

/// GitLab (API v4 `projects/:id/issues`). Confidential issues are left out; people keep only
/// their id and username (which tell the issue author's own notes); `service_desk_reply_to`
/// (an e-mail), assignees, time tracking and the milestone's description stay out.
pub(super) const GITLAB: AllowList = AllowList {
    private_issue: |i| i.get("confidential").and_then(Value::as_bool) == Some(true),
    issue: &[
        "iid",
        "project_id",
        "title",
        "description",
        "state",
        "author",
        "labels",
        "milestone",
        "due_date",
        "confidential",
        "severity",
        "moved_to_id",
        "created_at",
        "updated_at",
        "closed_at",
        "user_notes_count",
        "web_url",
    ],
    objects: &[
        ("author", &["id", "username"]),
        ("milestone", &["title", "due_date"]),
    ],
    lists: &[("labels", &["name"])],
    notes: None,
    changes: None,
};

/// Odoo `helpdesk.ticket` (`search_read`). Odoo has no private ticket flag: `pull odoo`
/// leaves out the tickets of teams not open to the portal before scrubbing. The assignee
/// (`user_id`), the partner's name and e-mail never enter; the partner stays as its bare id
/// ([`odoo_ids_only`]), which tells the customer's own messages.
pub(super) const ODOO: AllowList = AllowList {
    private_issue: |_| false,
    issue: &[
        "id",
        "number",
        "name",
        "description",
        "stage_id",
        "priority",
        "ticket_type_id",
        "category_id",
        "team_id",
        "tag_ids",
        "partner_id",
        "create_date",
        "write_date",
        "close_date",
        "closed_date",
        "sla_deadline",
        "closed",
        "fold",
        "active",
    ],
    objects: &[],
    lists: &[],
    notes: None,
    changes: None,
};

/// A GitLab note (API v4 `projects/:id/issues/:iid/notes`) that is not a system note.
pub(super) const GITLAB_NOTE: Notes = Notes {
    // PRIVACY: `internal` since GitLab 15.5, `confidential` before.
    private: |n| {
        n.get("internal").and_then(Value::as_bool) == Some(true)
            || n.get("confidential").and_then(Value::as_bool) == Some(true)
    },
    text: "body",
    keep: &[
        "id",
        "body",
        "author",
        "created_at",
        "system",
        "internal",
        "confidential",
    ],
    objects: &[("author", &["id", "username"])],
    changes: None,
};

/// What an Odoo `mail.message` keeps: no `email_from`, no recipients; the author as its id.
pub(super) const ODOO_MESSAGE: &[&str] = &[
    "id",
    "model",
    "res_id",
    "message_type",
    "subtype_id",
    "is_internal",
    "body",
    "date",
    "author_id",
];

/// What an Odoo `mail.tracking.value` of the stage keeps: the stage names and its message.
pub(super) const ODOO_TRACKING: &[&str] = &[
    "id",
    "field",
    "field_id",
    "old_value_char",
    "new_value_char",
    "mail_message_id",
];

/// Odoo many2one values whose display name is a person's (`[41, "Jane Doe"]`): only the id
/// stays, as Odoo itself writes it when read with `load=None`.
pub(super) fn odoo_ids_only(v: &mut Value, keys: &[&str]) {
    for k in keys {
        if let Some(slot) = v.get_mut(*k) {
            if let Some(id) = slot.get(0).and_then(Value::as_i64) {
                // PRIVACY: the display name (a person's name) goes.
                *slot = Value::from(id);
            }
        }
    }
}

/// `{"id": 1, "name": "X"}`: a named thing (project, version, category) without the rest.
const ID_AND_NAME: &[&str] = &["id", "name"];

/// MantisBT's private view state: id 50, or the name "private".
fn mantis_private(v: &Value) -> bool {
    let vs = &v["view_state"];
    vs["id"].as_i64() == Some(50) || vs["name"].as_str() == Some("private")
}

/// Keeps only `keys` of a JSON object (other values are left as they are).
pub(super) fn keep_keys(v: &mut Value, keys: &[&str]) {
    if let Some(map) = v.as_object_mut() {
        // PRIVACY: every key not on the allow-list is dropped here.
        map.retain(|k, _| keys.contains(&k.as_str()));
    }
}

/// Scrubs one issue (already known not to be private) in place by `list`. Returns the
/// private notes with text it dropped.
pub(super) fn issue(list: &AllowList, issue: &mut Value) -> usize {
    keep_keys(issue, list.issue);
    let Some(map) = issue.as_object_mut() else {
        return 0;
    };
    for (key, keys) in list.objects {
        if let Some(v) = map.get_mut(*key) {
            keep_keys(v, keys);
        }
    }
    for (key, keys) in list.lists {
        if let Some(Value::Array(items)) = map.get_mut(*key) {
            for v in items {
                keep_keys(v, keys);
            }
        }
    }
    let mut dropped = 0;
    if let Some((key, spec)) = &list.notes {
        if let Some(Value::Array(notes)) = map.get_mut(*key) {
            let mut kept = Vec::with_capacity(notes.len());
            for n in notes.drain(..) {
                let (n, private_text) = note(spec, n);
                dropped += usize::from(private_text);
                kept.extend(n);
            }
            *notes = kept;
        }
    }
    if let Some(c) = &list.changes {
        if let Some(Value::Array(rows)) = map.get_mut(c.key) {
            status_rows(c, rows);
        }
    }
    dropped
}

/// Scrubs one note by `spec`: `None` when it is dropped whole; `true` when it was a private
/// note with text (for the summary's count).
pub(super) fn note(spec: &Notes, mut n: Value) -> (Option<Value>, bool) {
    if let Some(c) = &spec.changes {
        if let Some(Value::Array(rows)) = n.get_mut(c.key) {
            status_rows(c, rows);
        }
    }
    let mut private_text = false;
    if (spec.private)(&n) {
        private_text = n
            .get(spec.text)
            .and_then(Value::as_str)
            .is_some_and(|t| !t.trim().is_empty());
        let changed_status = spec
            .changes
            .as_ref()
            .and_then(|c| n.get(c.key))
            .and_then(Value::as_array)
            .is_some_and(|rows| !rows.is_empty());
        if !changed_status {
            // PRIVACY: a private note is dropped whole.
            return (None, private_text);
        }
        // PRIVACY: a private note that changed the status keeps the change, never the text.
        if let Some(m) = n.as_object_mut() {
            m.insert(spec.text.into(), Value::Null);
        }
    }
    keep_keys(&mut n, spec.keep);
    if let Some(map) = n.as_object_mut() {
        for (key, keys) in spec.objects {
            if let Some(v) = map.get_mut(*key) {
                keep_keys(v, keys);
            }
        }
    }
    (Some(n), private_text)
}

/// Keeps the status changes of `rows`, each with only its listed keys.
fn status_rows(spec: &Changes, rows: &mut Vec<Value>) {
    // PRIVACY: other rows hold old and new values of internal fields (assignee, hours,
    // custom fields).
    rows.retain(|r| (spec.is_status)(r));
    for r in rows.iter_mut() {
        keep_keys(r, spec.keep);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn scrubbed(list: &AllowList, input: &str) -> (usize, String) {
        let mut v: Value = serde_json::from_str(input).unwrap();
        let n = issue(list, &mut v);
        (n, v.to_string())
    }

    /// Every kind of field and note the Redmine API returns, scrubbed to exactly what the
    /// snapshot held before the allow-lists became data (the bytes are pinned).
    #[test]
    fn redmine_issue_scrubs_to_the_pinned_bytes() {
        let (n, out) = scrubbed(&REDMINE, REDMINE_ISSUE);
        assert_eq!(n, 3);
        assert_eq!(out, REDMINE_SCRUBBED);
    }

    #[test]
    fn mantis_issue_scrubs_to_the_pinned_bytes() {
        let (n, out) = scrubbed(&MANTIS, MANTIS_ISSUE);
        assert_eq!(n, 3);
        assert_eq!(out, MANTIS_SCRUBBED);
    }

    #[test]
    fn github_issue_and_comment_scrub_to_the_pinned_bytes() {
        let v: Value = serde_json::from_str(GITHUB_ISSUE).unwrap();
        let mut i = v["issue"].clone();
        assert_eq!(issue(&GITHUB, &mut i), 0);
        assert_eq!(i.to_string(), GITHUB_SCRUBBED);
        let (c, private_text) = note(&GITHUB_COMMENT, v["comment"].clone());
        assert!(!private_text);
        assert_eq!(c.unwrap().to_string(), GITHUB_COMMENT_SCRUBBED);
    }

    #[test]
    fn private_issues_are_told_per_tracker() {
        assert!(REDMINE.is_private(&json!({"id": 1, "is_private": true})));
        assert!(!REDMINE.is_private(&json!({"id": 1, "is_private": false})));
        assert!(MANTIS.is_private(&json!({"view_state": {"id": 50}})));
        assert!(MANTIS.is_private(&json!({"view_state": {"name": "private"}})));
        assert!(!MANTIS.is_private(&json!({"view_state": {"id": 10, "name": "public"}})));
        assert!(!GITHUB.is_private(&json!({"number": 1})));
        assert!(GITLAB.is_private(&json!({"iid": 1, "confidential": true})));
        assert!(!GITLAB.is_private(&json!({"iid": 1, "confidential": false})));
        assert!((GITLAB_NOTE.private)(&json!({"internal": true})));
        assert!((GITLAB_NOTE.private)(&json!({"confidential": true})));
        assert!(!(GITLAB_NOTE.private)(
            &json!({"internal": false, "confidential": false})
        ));
    }

    #[test]
    fn scrub_drops_private_notes_and_internal_fields() {
        let mut issue = json!({
            "id": 1, "subject": "S", "assigned_to": {"id": 5, "name": "Alice"},
            "estimated_hours": 4.0, "spent_hours": 1.0,
            "custom_fields": [{"id": 1, "name": "Contract", "value": "SECRET"}],
            "author": {"id": 3, "name": "Bob", "mail": "bob@example.com"},
            "status": {"id": 2, "name": "In Progress", "is_closed": false},
            "journals": [
                {"id": 10, "user": {"id": 3, "name": "Bob"}, "notes": "public", "private_notes": false,
                 "created_on": "2026-01-01T00:00:00Z",
                 "details": [{"property": "attr", "name": "assigned_to_id", "old_value": null, "new_value": "5"}]},
                {"id": 11, "user": {"id": 5, "name": "Alice"}, "notes": "PRIVATE TEXT", "private_notes": true,
                 "created_on": "2026-01-02T00:00:00Z", "details": []},
                {"id": 12, "user": {"id": 5, "name": "Alice"}, "notes": "PRIVATE 2", "private_notes": true,
                 "created_on": "2026-01-03T00:00:00Z",
                 "details": [{"property": "attr", "name": "status_id", "old_value": "1", "new_value": "2"}]}
            ]
        });
        assert_eq!(super::issue(&REDMINE, &mut issue), 2);
        let s = issue.to_string();
        for secret in [
            "SECRET",
            "estimated_hours",
            "spent_hours",
            "assigned_to",
            "PRIVATE",
            "bob@",
            "\"mail\"",
            "Alice",
            "Bob",
        ] {
            assert!(!s.contains(secret), "{secret} in {s}");
        }
        assert!(s.contains("public"));
        assert!(
            s.contains("status_id"),
            "status change of the private journal is kept"
        );
        assert!(!s.contains("assigned_to_id"));
    }

    const REDMINE_ISSUE: &str = r##"{"id": 7, "subject": "Printer on fire", "description": "It burns", "project": {"id": 1, "name": "Acme", "identifier": "acme"},
 "tracker": {"id": 2, "name": "Bug", "description": "internal tracker note"}, "status": {"id": 3, "name": "Resolved", "is_closed": true, "description": "x"},
 "priority": {"id": 4, "name": "High", "position": 3}, "author": {"id": 9, "name": "Carol Customer", "mail": "carol@cust.example", "login": "carol"},
 "assigned_to": {"id": 5, "name": "Alice Staff"}, "category": {"id": 6, "name": "Printing", "assigned_to": {"id": 5}}, "fixed_version": {"id": 8, "name": "4.2", "status": "open"},
 "parent": {"id": 1}, "start_date": "2026-01-01", "due_date": "2026-02-01", "done_ratio": 50, "is_private": false, "estimated_hours": 3.5, "spent_hours": 1.0,
 "total_spent_hours": 1.0, "custom_fields": [{"id": 1, "name": "Contract", "value": "SECRET-CONTRACT"}], "watchers": [{"id": 5, "name": "Alice Staff"}],
 "created_on": "2026-01-01T10:00:00Z", "updated_on": "2026-01-05T10:00:00Z", "closed_on": "2026-01-05T10:00:00Z", "attachments": [{"id": 1, "filename": "secret.pdf"}],
 "journals": [
  {"id": 10, "user": {"id": 9, "name": "Carol Customer", "login": "carol"}, "notes": "Any news?", "private_notes": false, "created_on": "2026-01-02T10:00:00Z",
   "details": [{"property": "attr", "name": "status_id", "old_value": "1", "new_value": "2", "extra": 1}, {"property": "attr", "name": "assigned_to_id", "old_value": null, "new_value": "5"},
               {"property": "cf", "name": "1", "old_value": "a", "new_value": "SECRET-CF"}, {"property": "attachment", "name": "3", "new_value": "secret.pdf"}]},
  {"id": 11, "user": {"id": 5, "name": "Alice Staff"}, "notes": "PRIVATE: the root cause is Bob", "private_notes": true, "created_on": "2026-01-03T10:00:00Z", "details": []},
  {"id": 12, "user": {"id": 5, "name": "Alice Staff"}, "notes": "PRIVATE with a status change", "private_notes": true, "created_on": "2026-01-04T10:00:00Z",
   "details": [{"property": "attr", "name": "status_id", "old_value": "2", "new_value": "3"}, {"property": "attr", "name": "estimated_hours", "old_value": null, "new_value": "3.5"}]},
  {"id": 13, "user": {"id": 5, "name": "Alice Staff"}, "notes": "", "private_notes": true, "created_on": "2026-01-04T11:00:00Z",
   "details": [{"property": "attr", "name": "status_id", "old_value": "3", "new_value": "5"}]},
  {"id": 14, "user": {"id": 5, "name": "Alice Staff"}, "notes": "  ", "private_notes": true, "created_on": "2026-01-04T12:00:00Z", "details": []},
  {"id": 15, "user": {"id": 5, "name": "Alice Staff"}, "notes": "PRIVATE only assignee", "private_notes": true, "created_on": "2026-01-04T13:00:00Z",
   "details": [{"property": "attr", "name": "assigned_to_id", "old_value": null, "new_value": "5"}]},
  {"id": 16, "user": "odd", "notes": null, "created_on": "2026-01-05T10:00:00Z", "details": "odd", "extra": true},
  {"id": 17, "notes": "No user, no flag", "created_on": "2026-01-05T11:00:00Z"},
  "not an object"
 ]}"##;
    const REDMINE_SCRUBBED: &str = r##"{"author":{"id":9},"category":{"id":6,"name":"Printing"},"closed_on":"2026-01-05T10:00:00Z","created_on":"2026-01-01T10:00:00Z","description":"It burns","done_ratio":50,"due_date":"2026-02-01","fixed_version":{"id":8,"name":"4.2"},"id":7,"is_private":false,"journals":[{"created_on":"2026-01-02T10:00:00Z","details":[{"name":"status_id","new_value":"2","old_value":"1","property":"attr"}],"id":10,"notes":"Any news?","user":{"id":9}},{"created_on":"2026-01-04T10:00:00Z","details":[{"name":"status_id","new_value":"3","old_value":"2","property":"attr"}],"id":12,"notes":null,"user":{"id":5}},{"created_on":"2026-01-04T11:00:00Z","details":[{"name":"status_id","new_value":"5","old_value":"3","property":"attr"}],"id":13,"notes":null,"user":{"id":5}},{"created_on":"2026-01-05T10:00:00Z","details":"odd","id":16,"notes":null,"user":"odd"},{"created_on":"2026-01-05T11:00:00Z","id":17,"notes":"No user, no flag"},"not an object"],"priority":{"id":4,"name":"High"},"project":{"id":1,"name":"Acme"},"start_date":"2026-01-01","status":{"id":3,"is_closed":true,"name":"Resolved"},"subject":"Printer on fire","tracker":{"id":2,"name":"Bug"},"updated_on":"2026-01-05T10:00:00Z"}"##;
    const MANTIS_ISSUE: &str = r##"{"id": 42, "summary": "Export broken", "description": "Steps", "steps_to_reproduce": "1. 2.", "additional_information": "more",
 "project": {"id": 1, "name": "Acme", "description": "internal"}, "category": {"id": 2, "name": "General", "project": {"id": 1}},
 "reporter": {"id": 3, "name": "dave", "real_name": "Dave Customer", "email": "dave@cust.example"},
 "handler": {"id": 4, "name": "eve", "email": "eve@corp.example"}, "status": {"id": 80, "name": "resolved", "label": "resolved", "color": "#fff"},
 "resolution": {"id": 20, "name": "fixed", "label": "fixed"}, "view_state": {"id": 10, "name": "public", "label": "public"},
 "priority": {"id": 30, "name": "normal"}, "severity": {"id": 50, "name": "minor"}, "reproducibility": {"id": 70, "name": "have not tried"},
 "version": {"id": 5, "name": "1.0"}, "fixed_in_version": {"id": 6, "name": "1.1", "released": false}, "target_version": {"id": 7, "name": "1.2", "obsolete": false},
 "eta": {"id": 10, "name": "none"}, "projection": {"id": 10}, "due_date": "2026-03-01T00:00:00+00:00", "sticky": false,
 "created_at": "2026-01-01T10:00:00+00:00", "updated_at": "2026-01-05T10:00:00+00:00", "tags": [{"id": 1, "name": "export"}],
 "custom_fields": [{"field": {"id": 1, "name": "Contract"}, "value": "SECRET-CONTRACT"}], "monitors": [{"id": 4, "name": "eve"}],
 "relationships": [{"id": 1, "issue": {"id": 41}}], "attachments": [{"id": 1, "filename": "secret.log"}],
 "notes": [
  {"id": 100, "reporter": {"id": 3, "name": "dave", "email": "dave@cust.example"}, "text": "Any news?", "view_state": {"id": 10, "name": "public"}, "type": "note",
   "created_at": "2026-01-02T10:00:00+00:00", "updated_at": "2026-01-02T10:00:00+00:00", "time_tracking": {"duration": "01:00"}, "attachments": []},
  {"id": 101, "reporter": {"id": 4, "name": "eve"}, "text": "PRIVATE by id", "view_state": {"id": 50, "name": "x"}, "created_at": "2026-01-03T10:00:00+00:00"},
  {"id": 102, "reporter": {"id": 4, "name": "eve"}, "text": "PRIVATE by name", "view_state": {"name": "private"}, "created_at": "2026-01-03T11:00:00+00:00"},
  {"id": 103, "reporter": {"id": 4, "name": "eve"}, "text": "PRIVATE no view state", "created_at": "2026-01-03T12:00:00+00:00"},
  {"id": 104, "reporter": "odd", "text": "Public odd reporter", "view_state": {"id": 10}, "created_at": "2026-01-04T10:00:00+00:00"}
 ],
 "history": [
  {"created_at": "2026-01-01T10:00:00+00:00", "user": {"id": 3, "name": "dave"}, "type": {"id": 1, "name": "issue-new"}, "message": "New Issue"},
  {"created_at": "2026-01-02T10:00:00+00:00", "user": {"id": 4, "name": "eve"}, "field": {"name": "status", "label": "Status"}, "type": {"id": 0}, "old_value": {"id": 10, "name": "new"}, "new_value": {"id": 80, "name": "resolved"}, "message": "Status", "change": "new => resolved"},
  {"created_at": "2026-01-02T11:00:00+00:00", "user": {"id": 4, "name": "eve"}, "field": {"name": "handler_id", "label": "Assigned To"}, "old_value": null, "new_value": {"id": 4, "name": "eve"}},
  {"created_at": "2026-01-02T12:00:00+00:00", "field": {"name": "custom_field", "label": "Contract"}, "old_value": "", "new_value": "SECRET-CF"}
 ]}"##;
    const MANTIS_SCRUBBED: &str = r##"{"additional_information":"more","category":{"id":2,"name":"General"},"created_at":"2026-01-01T10:00:00+00:00","description":"Steps","due_date":"2026-03-01T00:00:00+00:00","fixed_in_version":{"id":6,"name":"1.1"},"history":[{"created_at":"2026-01-02T10:00:00+00:00","field":{"label":"Status","name":"status"},"new_value":{"id":80,"name":"resolved"},"old_value":{"id":10,"name":"new"}}],"id":42,"notes":[{"created_at":"2026-01-02T10:00:00+00:00","id":100,"reporter":{"id":3,"name":"dave"},"text":"Any news?","view_state":{"id":10,"name":"public"}},{"created_at":"2026-01-04T10:00:00+00:00","id":104,"reporter":"odd","text":"Public odd reporter","view_state":{"id":10}}],"priority":{"id":30,"name":"normal"},"project":{"id":1,"name":"Acme"},"reporter":{"id":3},"resolution":{"id":20,"label":"fixed","name":"fixed"},"severity":{"id":50,"name":"minor"},"status":{"color":"#fff","id":80,"label":"resolved","name":"resolved"},"steps_to_reproduce":"1. 2.","summary":"Export broken","tags":[{"id":1,"name":"export"}],"target_version":{"id":7,"name":"1.2"},"updated_at":"2026-01-05T10:00:00+00:00","view_state":{"id":10,"label":"public","name":"public"}}"##;
    const GITHUB_ISSUE: &str = r##"{"issue": {"number": 5, "id": 99, "node_id": "X", "title": "Crash", "body": "Boom", "user": {"login": "frank", "id": 7, "email": "frank@cust.example", "site_admin": false},
  "labels": [{"id": 1, "name": "bug", "color": "f00", "description": "internal"}, {"name": "security"}, "odd"], "state": "closed", "state_reason": "completed",
  "assignee": {"login": "grace"}, "assignees": [{"login": "grace"}], "milestone": {"title": "v2", "due_on": "2026-03-01T00:00:00Z", "creator": {"login": "grace"}, "description": "internal plan"},
  "locked": false, "active_lock_reason": null, "comments": 2, "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-02T00:00:00Z", "closed_at": "2026-01-02T00:00:00Z",
  "closed_by": {"login": "grace"}, "author_association": "NONE", "html_url": "https://github.com/o/r/issues/5", "reactions": {"+1": 1}},
 "comment": {"id": 501, "node_id": "Y", "user": {"login": "grace", "id": 8, "type": "User"}, "body": "Fixed", "created_at": "2026-01-02T00:00:00Z", "updated_at": "2026-01-02T00:00:00Z",
  "author_association": "MEMBER", "html_url": "https://github.com/o/r/issues/5#c", "reactions": {}, "performed_via_github_app": null}}"##;
    const GITHUB_SCRUBBED: &str = r##"{"body":"Boom","closed_at":"2026-01-02T00:00:00Z","comments":2,"created_at":"2026-01-01T00:00:00Z","html_url":"https://github.com/o/r/issues/5","labels":[{"name":"bug"},{"name":"security"},"odd"],"milestone":{"due_on":"2026-03-01T00:00:00Z","title":"v2"},"number":5,"state":"closed","state_reason":"completed","title":"Crash","updated_at":"2026-01-02T00:00:00Z","user":{"login":"frank"}}"##;
    const GITHUB_COMMENT_SCRUBBED: &str = r##"{"author_association":"MEMBER","body":"Fixed","created_at":"2026-01-02T00:00:00Z","id":501,"updated_at":"2026-01-02T00:00:00Z","user":{"login":"grace"}}"##;
}
