//! Privacy, proven by volume: generated exports in every tracker format Porchlight reads, with a
//! unique marker in every private place, are built by the real binary; every byte of every file
//! the build writes (HTML, search index unpacked and queried, sitemap, manifest, anything else)
//! is scanned for markers. Zero allowed.
//!
//! Private places planted: private tickets (every text field: subject, description, notes,
//! status, severity, category, tracker, project, labels, versions, resolution, history,
//! custom fields, text ids), private notes of public tickets (text, author, e-mail, id), the
//! internal fields of public tickets (assignee, reporter, reporter e-mail, related internal
//! issue, custom fields not configured public, including field names and nested values), note
//! authors and their e-mails, draft docs and hidden files in the docs folder. Odoo: tickets of a
//! team not open to the portal, log notes, internal messages, notifications, messages of other
//! models, tracking values of fields other than the stage. Jira: issues with a security level,
//! restricted, `jsdPublic: false` and `sd.public.comment` internal comments, worklogs, people's
//! names in mentions and changelog rows of other fields. Numbers (time
//! spent, estimates) are set but not scannable.
//!
//! The generator is seeded (`PORCHLIGHT_LEAK_SEED`, default fixed) so a failure reproduces;
//! `PORCHLIGHT_LEAK_SCALE` multiplies the ticket counts (default 1: 12,500 tickets).
//! A public canary (`PLCANARY…`) is planted too and must be found, so the scan provably sees
//! HTML and the search index.

mod common;
mod leak_support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use leak_support::*;
use serde_json::{json, Value};

const STATUSES: &[&str] = &[
    "New",
    "Feedback",
    "Confirmed",
    "In Progress",
    "Resolved",
    "Released",
    "Closed",
    "Rejected",
    "won't fix",
];
const SEVERITIES: &[&str] = &["Immediate", "High", "Normal", "minor", "feature", "Urgent"];
const PRODUCTS: &[&str] = &["Ledger Cloud", "Ledger Desktop", "Mobile app"];

fn seed() -> u64 {
    std::env::var("PORCHLIGHT_LEAK_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20261123)
}

fn scale() -> usize {
    std::env::var("PORCHLIGHT_LEAK_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1)
        .max(1)
}

fn date(rng: &mut Rng) -> String {
    let day = rng.below(700) as i64;
    let t = chrono::DateTime::parse_from_rfc3339("2024-12-01T08:00:00Z").unwrap()
        + chrono::Duration::days(day)
        + chrono::Duration::seconds(rng.below(86_000) as i64);
    t.with_timezone(&chrono::Utc)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// A public subject: short public text, sometimes with a deadline bracket.
fn public_subject(rng: &mut Rng, id: u64) -> String {
    let base = rng.pick(&[
        "Export times out",
        "Login fails <b>sometimes</b>",
        "Ünïcødé in invoice 🎉",
        "[draft] report",
        "Refund for #12 & #13",
    ]);
    let bracket = if rng.chance(15) {
        " [4h, 14.3.2034]"
    } else {
        ""
    };
    format!("{base} {id}{bracket}")
}

/// One generated case: what was planted and where the build goes.
struct Case {
    name: &'static str,
    tickets: usize,
    dir: tempfile::TempDir,
    inputs: BTreeSet<PathBuf>,
}

impl Case {
    fn new(name: &'static str) -> Case {
        Case {
            name,
            tickets: 0,
            dir: tempfile::tempdir().unwrap(),
            inputs: BTreeSet::new(),
        }
    }
    fn write(&mut self, rel: &str, bytes: &[u8]) -> PathBuf {
        let p = self.dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, bytes).unwrap();
        self.inputs.insert(p.clone());
        p
    }
    fn config(&mut self, format: &str, export: &str) -> PathBuf {
        let projects = common::all_projects(&[self.dir.path().join(export)], Some(format));
        let toml = format!(
            "title = \"Leak test\"\nbase_url = \"https://help.example.com/\"\n[sources]\ntickets = [\"{export}\"]\nformat = \"{format}\"\ndocs = \"docs\"\n{projects}[privacy]\npublic_custom_fields = [\"Product\"]\n"
        );
        self.write("porchlight.toml", toml.as_bytes())
    }
}

/// Docs folder: public articles, drafts full of markers, hidden files with markers.
fn docs(case: &mut Case, rng: &mut Rng, marks: &mut Marks, canary: &str) {
    for i in 0..6 {
        let body = public_text(rng);
        case.write(
            &format!("docs/guide/article-{i}.md"),
            format!("+++\ntitle = \"Article {i} {canary}\"\ntags = [\"billing\"]\n+++\n{body}\n")
                .as_bytes(),
        );
        let (t, d, tag, b) = (
            marks.next(),
            marks.next(),
            marks.next(),
            private_text(rng, marks),
        );
        case.write(
            &format!("docs/guide/draft-{i}.md"),
            format!("+++\ntitle = \"{t}\"\ndescription = \"{d}\"\ntags = [\"{tag}\"]\ndraft = true\n+++\n{b}\n").as_bytes(),
        );
    }
    let (t, b) = (marks.next(), private_text(rng, marks));
    case.write(
        "docs/.hidden.md",
        format!("+++\ntitle = \"{t}\"\n+++\n{b}\n").as_bytes(),
    );
    let (t, b) = (marks.next(), private_text(rng, marks));
    case.write(
        "docs/.internal/secret.md",
        format!("+++\ntitle = \"{t}\"\n+++\n{b}\n").as_bytes(),
    );
    // Not Markdown: never read.
    let m = marks.next();
    case.write("docs/notes.txt", m.as_bytes());
}

// ---------------------------------------------------------------------------------------------
// Native

fn native(case: &mut Case, rng: &mut Rng, marks: &mut Marks, n: usize, canary: &str) -> PathBuf {
    let mut tickets = Vec::with_capacity(n);
    for i in 0..n {
        let id = 10_000 + i as u64;
        let private = rng.chance(30) && i > 0;
        let markup = *rng.pick(&["markdown", "textile", "plain"]);
        let mut notes = Vec::new();
        for k in 0..rng.below(6) {
            let private_note = private || rng.chance(40);
            let mut note = json!({
                "author": marks.next(),
                "author_email": format!("{}@example.com", marks.next()),
                "role": if rng.chance(50) { "customer" } else { "staff" },
                "created": date(rng),
                "private": private_note,
            });
            if private_note {
                note["text"] = json!(private_text(rng, marks));
                note["id"] = json!(marks.next());
            } else {
                note["text"] = json!(public_text(rng));
                note["id"] = json!(k);
                if rng.chance(20) {
                    note["markup"] = json!(rng.pick(&["markdown", "textile", "plain"]));
                }
            }
            notes.push(note);
        }
        let internal = json!({
            "Internal priority": marks.next(),
            marks.next(): marks.next(),
            "Nested": {"deep": [marks.next()]},
            "Hours": 12.5,
        });
        let mut custom = internal.as_object().unwrap().clone();
        let mut t = json!({
            "created": date(rng),
            "updated": date(rng),
            "markup": markup,
            "assignee": marks.next(),
            "reporter": marks.next(),
            "reporter_email": format!("{}@customer.example", marks.next()),
            "related_internal": marks.next(),
            "time_spent_hours": 7.25,
            "estimated_hours": 9.0,
            "notes": notes,
        });
        if private {
            t["id"] = if rng.chance(50) {
                json!(marks.next())
            } else {
                json!(id)
            };
            t["private"] = json!(true);
            t["subject"] = json!(private_text(rng, marks).replace('\n', " "));
            t["description"] = json!(private_text(rng, marks));
            t["status"] = json!(if rng.chance(30) {
                marks.next()
            } else {
                rng.pick(STATUSES).to_string()
            });
            for k in [
                "severity",
                "category",
                "tracker",
                "project",
                "target_version",
                "fixed_in_version",
                "fix_location",
                "resolution",
            ] {
                t[k] = json!(marks.next());
            }
            t["labels"] = json!([marks.next(), marks.next()]);
            t["history"] = json!([{"at": date(rng), "to": marks.next()}, {"at": date(rng), "from": marks.next(), "to": "Closed"}]);
            custom.insert("Product".into(), json!(marks.next()));
        } else {
            t["id"] = if rng.chance(50) {
                json!(id)
            } else {
                json!(id.to_string())
            };
            t["subject"] = json!(if i == 0 {
                format!("Canary {canary}")
            } else {
                public_subject(rng, id)
            });
            t["description"] = json!(if i == 0 {
                format!("Body {canary}")
            } else {
                public_text(rng)
            });
            let status = rng.pick(STATUSES).to_string();
            t["status"] = json!(status);
            t["severity"] = json!(rng.pick(SEVERITIES));
            t["category"] = json!("Question");
            t["resolution"] = json!(public_text(rng));
            t["history"] = json!([{"at": date(rng), "to": "New"}, {"at": date(rng), "from": "New", "to": status}]);
            custom.insert("Product".into(), json!(rng.pick(PRODUCTS)));
        }
        t["custom_fields"] = Value::Object(custom);
        tickets.push(t);
    }
    // Docs in the export: drafts are private.
    let docs = json!([
        {"slug": "faq/export", "title": format!("Export FAQ {canary}"), "body": public_text(rng)},
        {"slug": "faq/secret", "title": marks.next(), "description": marks.next(), "body": private_text(rng, marks), "tags": [marks.next()], "draft": true},
    ]);
    case.tickets += n;
    let export = json!({"porchlight": 1, "tickets": tickets, "docs": docs});
    case.write("export.json", &serde_json::to_vec(&export).unwrap())
}

// ---------------------------------------------------------------------------------------------
// Redmine REST JSON

fn named(id: u64, name: String) -> Value {
    json!({"id": id, "name": name})
}

fn redmine(case: &mut Case, rng: &mut Rng, marks: &mut Marks, n: usize, canary: &str) {
    let statuses = [
        (1, "New", false),
        (2, "In Progress", false),
        (3, "Resolved", false),
        (4, "Feedback", false),
        (5, "Closed", true),
        (6, "Rejected", true),
    ];
    let mut issues = Vec::with_capacity(n);
    let mut journal_id = 1u64;
    for i in 0..n {
        let id = 1 + i as u64;
        let private = rng.chance(25) && i > 0;
        let (sid, sname, closed) = *rng.pick(&statuses);
        let author_id = 100 + rng.below(50);
        let mut journals = Vec::new();
        for _ in 0..rng.below(6) {
            journal_id += 1;
            let private_note = private || rng.chance(35);
            let user_id = if rng.chance(50) {
                author_id
            } else {
                3 + rng.below(15)
            };
            let mut details = Vec::new();
            if rng.chance(30) {
                details.push(json!({"property": "attr", "name": "status_id", "old_value": "1", "new_value": sid.to_string()}));
            }
            let notes = if private_note {
                json!(private_text(rng, marks))
            } else if rng.chance(15) {
                Value::Null
            } else {
                json!(public_text(rng).replace('\n', "\r\n"))
            };
            journals.push(json!({
                "id": journal_id,
                "user": named(user_id, marks.next()),
                "notes": notes,
                "created_on": date(rng),
                "private_notes": private_note,
                "details": details,
            }));
        }
        let mut issue = json!({
            "id": id,
            "status": {"id": sid, "name": sname, "is_closed": closed},
            "priority": named(2, rng.pick(SEVERITIES).to_string()),
            "author": named(author_id, marks.next()),
            "assigned_to": named(3 + rng.below(15), marks.next()),
            "is_private": private,
            "estimated_hours": 3.5,
            "spent_hours": 11.75,
            "total_spent_hours": 11.75,
            "created_on": date(rng),
            "updated_on": date(rng),
            "closed_on": if closed { json!(date(rng)) } else { Value::Null },
            "done_ratio": rng.below(101),
            "journals": journals,
        });
        let mut custom = vec![
            json!({"id": 1, "name": "Internal notes", "value": marks.next()}),
            json!({"id": 2, "name": "Contacts", "multiple": true, "value": [marks.next(), marks.next()]}),
        ];
        if private {
            issue["subject"] = json!(private_text(rng, marks).replace('\n', " "));
            issue["description"] = json!(private_text(rng, marks).replace('\n', "\r\n"));
            issue["project"] = named(5, marks.next());
            issue["tracker"] = named(1, marks.next());
            issue["category"] = named(1, marks.next());
            issue["fixed_version"] = named(6, marks.next());
            custom.push(json!({"id": 3, "name": "Product", "value": marks.next()}));
        } else {
            issue["subject"] = json!(if i == 0 {
                format!("Canary {canary}")
            } else {
                public_subject(rng, id)
            });
            issue["description"] = if rng.chance(10) {
                Value::Null
            } else {
                json!(public_text(rng).replace('\n', "\r\n"))
            };
            issue["project"] = named(1, "Ledger".into());
            issue["tracker"] = named(1, "Bug".into());
            issue["fixed_version"] = named(2, "v4.2".into());
            custom.push(json!({"id": 3, "name": "Product", "value": rng.pick(PRODUCTS)}));
        }
        issue["custom_fields"] = Value::Array(custom);
        issues.push(issue);
    }
    // Redmine lists newest first.
    issues.reverse();
    case.tickets += n;
    let export = json!({"issues": issues, "total_count": n, "offset": 0, "limit": n});
    case.write("redmine/issues.json", &serde_json::to_vec(&export).unwrap());
    let st: Vec<Value> = statuses
        .iter()
        .map(|(id, name, c)| json!({"id": id, "name": name, "is_closed": c}))
        .collect();
    case.write(
        "redmine/issue_statuses.json",
        &serde_json::to_vec(&json!({"issue_statuses": st})).unwrap(),
    );
}

// ---------------------------------------------------------------------------------------------
// MantisBT REST JSON and XML

fn mantis_view_state(rng: &mut Rng, private: bool) -> Value {
    if private {
        // Every way the API and old servers say "private".
        match rng.below(3) {
            0 => json!({"id": 50, "name": "private", "label": "privat"}),
            1 => json!({"id": 50}),
            _ => json!({"name": "Private"}),
        }
    } else {
        json!({"id": 10, "name": "public", "label": "öffentlich"})
    }
}

fn mantis_user(id: u64, marks: &mut Marks) -> Value {
    json!({"id": id, "name": marks.next(), "real_name": marks.next(), "email": format!("{}@example.com", marks.next())})
}

fn mantis(case: &mut Case, rng: &mut Rng, marks: &mut Marks, n: usize, canary: &str) {
    let statuses = [
        (10, "new"),
        (20, "feedback"),
        (40, "confirmed"),
        (50, "assigned"),
        (80, "resolved"),
        (90, "closed"),
    ];
    let mut issues = Vec::with_capacity(n);
    for i in 0..n {
        let id = 1 + i as u64;
        let private = rng.chance(25) && i > 0;
        let (sid, sname) = *rng.pick(&statuses);
        let reporter_id = 100 + rng.below(50);
        let mut notes = Vec::new();
        for k in 0..rng.below(6) {
            let private_note = private || rng.chance(35);
            notes.push(json!({
                "id": id * 100 + k,
                "reporter": mantis_user(if rng.chance(50) { reporter_id } else { 3 }, marks),
                "text": if private_note { private_text(rng, marks) } else { public_text(rng) },
                "view_state": mantis_view_state(rng, private_note),
                "created_at": date(rng),
            }));
        }
        let mut issue = json!({
            "id": id,
            "view_state": mantis_view_state(rng, private),
            "status": {"id": sid, "name": sname, "label": sname},
            "severity": {"id": 50, "name": rng.pick(&["minor", "major", "crash", "feature"])},
            "priority": {"id": 30, "name": "normal"},
            "reporter": mantis_user(reporter_id, marks),
            "handler": mantis_user(3, marks),
            "created_at": date(rng),
            "updated_at": date(rng),
            "notes": notes,
        });
        let mut custom =
            vec![json!({"field": {"id": 1, "name": "Customer phone"}, "value": marks.next()})];
        if private {
            issue["summary"] = json!(private_text(rng, marks).replace('\n', " "));
            issue["description"] = json!(private_text(rng, marks));
            issue["steps_to_reproduce"] = json!(private_text(rng, marks));
            issue["additional_information"] = json!(private_text(rng, marks));
            issue["project"] = json!({"id": 2, "name": marks.next()});
            issue["category"] = json!({"id": 2, "name": marks.next()});
            issue["target_version"] = json!({"name": marks.next()});
            issue["fixed_in_version"] = json!({"name": marks.next()});
            issue["tags"] = json!([{"name": marks.next()}]);
            issue["resolution"] = json!({"id": 90, "name": marks.next()});
            custom.push(json!({"field": {"id": 2, "name": "Product"}, "value": marks.next()}));
        } else {
            issue["summary"] = json!(if i == 0 {
                format!("Canary {canary}")
            } else {
                public_subject(rng, id)
            });
            issue["description"] = json!(public_text(rng));
            issue["steps_to_reproduce"] = json!(public_text(rng));
            issue["project"] = json!({"id": 1, "name": "Ledger"});
            issue["category"] = json!({"id": 1, "name": "General"});
            custom
                .push(json!({"field": {"id": 2, "name": "Product"}, "value": rng.pick(PRODUCTS)}));
        }
        issue["custom_fields"] = Value::Array(custom);
        issues.push(issue);
    }
    case.tickets += n;
    case.write(
        "mantis.json",
        &serde_json::to_vec(&json!({"issues": issues})).unwrap(),
    );
}

fn xml_escape(s: &str) -> String {
    // XML 1.0 cannot carry most control characters at all; the public bits have none but BOM,
    // which is fine.
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn mantis_xml(case: &mut Case, rng: &mut Rng, marks: &mut Marks, n: usize, canary: &str) {
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<mantis version=\"2.26.0\" urlbase=\"https://bugs.example/\" issuelink=\"#\" notelink=\"~\" format=\"1\">\n");
    for i in 0..n {
        let id = 1 + i as u64;
        let private = rng.chance(25) && i > 0;
        let ts = 1_700_000_000 + rng.below(50_000_000);
        let vs = |p: bool| {
            if p {
                "<view_state id=\"50\">private</view_state>"
            } else {
                "<view_state id=\"10\">public</view_state>"
            }
        };
        let text = |rng: &mut Rng, marks: &mut Marks, p: bool| {
            xml_escape(&if p {
                private_text(rng, marks)
            } else {
                public_text(rng)
            })
        };
        x.push_str("<issue>");
        x.push_str(&format!("<id>{id}</id>"));
        let project = if private {
            xml_escape(&marks.next())
        } else {
            "Ledger".into()
        };
        x.push_str(&format!("<project id=\"1\">{project}</project>"));
        x.push_str(&format!(
            "<reporter id=\"{}\">{}</reporter>",
            100 + i,
            marks.next()
        ));
        x.push_str(&format!("<handler id=\"3\">{}</handler>", marks.next()));
        x.push_str("<priority id=\"30\">normal</priority><severity id=\"50\">minor</severity><status id=\"50\">assigned</status><resolution id=\"10\">open</resolution>");
        x.push_str(vs(private));
        let summary = if i == 0 {
            format!("Canary {canary}")
        } else if private {
            xml_escape(&private_text(rng, marks).replace('\n', " "))
        } else {
            xml_escape(&public_subject(rng, id))
        };
        x.push_str(&format!("<summary>{summary}</summary>"));
        x.push_str(&format!(
            "<description>{}</description>",
            text(rng, marks, private)
        ));
        x.push_str(&format!(
            "<additional_information>{}</additional_information>",
            text(rng, marks, private)
        ));
        x.push_str(&format!(
            "<date_submitted>{ts}</date_submitted><last_updated>{}</last_updated>",
            ts + 3600
        ));
        x.push_str(&format!("<custom_fields><custom_field><name>Internal</name><value>{}</value></custom_field></custom_fields>", marks.next()));
        x.push_str("<bugnotes>");
        for k in 0..rng.below(5) {
            let p = private || rng.chance(35);
            x.push_str(&format!(
                "<bugnote><id>{}</id><reporter id=\"3\">{}</reporter><note>{}</note>{}<date_submitted>{}</date_submitted></bugnote>",
                id * 100 + k,
                marks.next(),
                text(rng, marks, p),
                vs(p),
                ts + 100 * k
            ));
        }
        x.push_str("</bugnotes>");
        // Attachments are never read: their content (base64) may be anything.
        x.push_str(&format!("<attachments><attachment><filename>{}.txt</filename><content>{}</content></attachment></attachments>", marks.next(), marks.next()));
        x.push_str("</issue>\n");
    }
    x.push_str("</mantis>\n");
    case.tickets += n;
    case.write("mantis.xml", x.as_bytes());
}

// ---------------------------------------------------------------------------------------------
// GitHub: no private issues, but logins are internal.

fn github(case: &mut Case, rng: &mut Rng, marks: &mut Marks, n: usize, canary: &str) {
    let mut issues = Vec::with_capacity(n);
    let mut comments = serde_json::Map::new();
    for i in 0..n {
        let number = 1 + i as u64;
        let author = marks.next();
        let closed = rng.chance(40);
        issues.push(json!({
            "number": number,
            "title": if i == 0 { format!("Canary {canary}") } else { public_subject(rng, number) },
            "body": public_text(rng),
            "user": {"login": author, "id": 1},
            "assignee": {"login": marks.next()},
            "assignees": [{"login": marks.next()}],
            "labels": [{"name": "severity: high"}, "bug"],
            "state": if closed { "closed" } else { "open" },
            "state_reason": if closed { json!(rng.pick(&["completed", "not_planned"])) } else { Value::Null },
            "milestone": {"title": "v4.3"},
            "created_at": date(rng),
            "updated_at": date(rng),
            "closed_at": if closed { json!(date(rng)) } else { Value::Null },
        }));
        let mut list = Vec::new();
        for k in 0..rng.below(4) {
            let login = if rng.chance(50) {
                author.clone()
            } else {
                marks.next()
            };
            list.push(json!({"id": number * 10 + k, "user": {"login": login}, "body": public_text(rng), "created_at": date(rng)}));
        }
        comments.insert(number.to_string(), Value::Array(list));
    }
    case.tickets += n;
    let snap = json!({"github_snapshot": 1, "repository": "acme/ledger", "issues": issues, "comments": comments});
    case.write("github.json", &serde_json::to_vec(&snap).unwrap());
}

// ---------------------------------------------------------------------------------------------
// GitLab: confidential issues, internal notes (`internal`, and `confidential` as servers before
// 15.5 write it), system notes (never shown), authors' names and usernames.

/// A GitLab user; `username` `None` is a fresh marker.
fn gitlab_user(marks: &mut Marks, id: u64, username: Option<String>) -> Value {
    let username = username.unwrap_or_else(|| marks.next());
    json!({"id": id, "username": username, "name": marks.next(), "email": format!("{}@corp.example", marks.next())})
}

fn gitlab(case: &mut Case, rng: &mut Rng, marks: &mut Marks, n: usize, canary: &str) {
    let mut issues = Vec::with_capacity(n);
    let mut notes = serde_json::Map::new();
    let mut label_events = serde_json::Map::new();
    for i in 0..n {
        let iid = 1 + i as u64;
        let confidential = rng.chance(25) && i > 0;
        let closed = rng.chance(40);
        let author_name = marks.next();
        let author_id = 1000 + iid;
        let text = |rng: &mut Rng, marks: &mut Marks, p: bool| {
            if p {
                private_text(rng, marks)
            } else {
                public_text(rng)
            }
        };
        let title = if i == 0 {
            format!("Canary {canary}")
        } else if confidential {
            private_text(rng, marks)
        } else {
            public_subject(rng, iid)
        };
        let labels = if confidential {
            json!([marks.next(), format!("workflow::{}", marks.next())])
        } else {
            json!(["workflow::in progress", "severity::high"])
        };
        issues.push(json!({
            "id": 50_000 + iid, "iid": iid, "project_id": 7,
            "title": title,
            "description": text(rng, marks, confidential),
            "state": if closed { "closed" } else { "opened" },
            "author": gitlab_user(marks, author_id, Some(author_name.clone())),
            "assignee": gitlab_user(marks, 3, None),
            "assignees": [gitlab_user(marks, 3, None)],
            "labels": labels,
            "milestone": {"title": if confidential { marks.next() } else { "v4.3".into() },
                          "description": marks.next(), "due_date": "2026-12-01"},
            "confidential": confidential,
            "service_desk_reply_to": format!("{}@customer.example", marks.next()),
            "time_stats": {"human_time_estimate": marks.next()},
            "created_at": date(rng),
            "updated_at": date(rng),
            "closed_at": if closed { json!(date(rng)) } else { Value::Null },
            "web_url": format!("https://gitlab.example.com/acme/ledger/-/issues/{iid}"),
        }));
        let mut list = Vec::new();
        for k in 0..rng.below(6) {
            let id = iid * 10 + k;
            let at = date(rng);
            let (by_id, by) = if rng.chance(50) {
                (author_id, author_name.clone())
            } else {
                (3 + rng.below(9), marks.next())
            };
            let note = match rng.below(4) {
                // Internal, in one spelling or the other.
                0 => {
                    json!({"id": id, "body": private_text(rng, marks), "author": gitlab_user(marks, by_id, Some(by)),
                            "created_at": at, "system": false, "internal": true, "confidential": true})
                }
                1 => {
                    json!({"id": id, "body": private_text(rng, marks), "author": gitlab_user(marks, by_id, Some(by)),
                            "created_at": at, "system": false, "confidential": true})
                }
                // A system note: never shown, whatever it says.
                2 => {
                    json!({"id": id, "body": format!("assigned to @{}", marks.next()), "author": gitlab_user(marks, by_id, Some(by)),
                            "created_at": at, "system": true, "internal": false, "confidential": false})
                }
                _ => {
                    json!({"id": id, "body": text(rng, marks, confidential), "author": gitlab_user(marks, by_id, Some(by)),
                            "created_at": at, "system": false, "internal": false, "confidential": false})
                }
            };
            list.push(note);
        }
        notes.insert(iid.to_string(), Value::Array(list));
        label_events.insert(
            iid.to_string(),
            json!([{"created_at": date(rng), "action": "add", "user": gitlab_user(marks, 3, None),
                    "label": {"name": "workflow::in progress", "description": marks.next()}}]),
        );
    }
    case.tickets += n;
    let snap = json!({"gitlab_snapshot": 1, "project": "acme/ledger", "issues": issues, "notes": notes, "label_events": label_events});
    case.write("gitlab.json", &serde_json::to_vec(&snap).unwrap());
}

// Odoo Helpdesk: no private flag; a team not open to the portal hides its tickets, and log
// notes, internal messages and notifications are private. People's names and e-mails are
// internal everywhere.

/// Odoo's date-time form: "YYYY-MM-DD HH:MM:SS", UTC.
fn odoo_date(rng: &mut Rng) -> String {
    date(rng)
        .replace('T', " ")
        .trim_end_matches('Z')
        .to_string()
}

fn odoo(case: &mut Case, rng: &mut Rng, marks: &mut Marks, n: usize, canary: &str) {
    let stages = [
        "New",
        "In Progress",
        "Task planned",
        "Customer Feedback",
        "Solution testing",
        "MoveToProduction",
        "Done",
    ];
    // Team 1 is open to the portal; team 2 (named by a marker) is not.
    let private_team = marks.next();
    let teams = json!([
        {"id": 1, "name": "Customer Care", "privacy_visibility": "portal"},
        {"id": 2, "name": private_team, "privacy_visibility": rng.pick(&["internal", "invited_internal"])}
    ]);
    let private_tag = marks.next();
    let tags = json!([{"id": 1, "name": "billing"}, {"id": 2, "name": private_tag}]);
    let subtypes = json!([
        {"id": 1, "name": "Discussions", "internal": false},
        {"id": 2, "name": "Note", "internal": true},
        {"id": 3, "name": "Stage Changed", "internal": true}
    ]);
    let mut tickets = Vec::with_capacity(n);
    let mut messages = Vec::new();
    let mut tracking = Vec::new();
    let mut message_id = 1u64;
    for i in 0..n {
        let id = 1 + i as u64;
        let private = rng.chance(20) && i > 0;
        let partner = 1000 + id;
        let (name, description) = if private {
            (private_text(rng, marks), private_text(rng, marks))
        } else if i == 0 {
            (format!("Canary {canary}"), public_text(rng))
        } else {
            (public_subject(rng, id), public_text(rng))
        };
        let m2o = |id: u64, name: String| json!([id, name]);
        let stage = if private {
            marks.next()
        } else {
            rng.pick(&stages).to_string()
        };
        tickets.push(json!({
            "id": id,
            "number": if private && rng.chance(50) { json!(marks.next()) } else { json!(false) },
            "name": name,
            "description": description,
            "stage_id": m2o(1 + rng.below(7), stage.clone()),
            "priority": rng.pick(&["0", "1", "2", "3"]),
            "ticket_type_id": if private { m2o(9, marks.next()) } else { m2o(1, "Question".into()) },
            "team_id": if private { m2o(2, private_team.clone()) } else { m2o(1, "Customer Care".into()) },
            "tag_ids": if private { json!([1, 2]) } else { json!([1]) },
            "partner_id": m2o(partner, marks.next()),
            "partner_name": marks.next(),
            "partner_email": format!("{}@customer.example", marks.next()),
            "user_id": m2o(2, marks.next()),
            "create_date": odoo_date(rng),
            "write_date": odoo_date(rng),
            "close_date": false,
            "sla_deadline": false,
        }));
        for _ in 0..rng.below(7) {
            message_id += 1;
            let kind = rng.below(8);
            // 0–2 public comments/e-mails; the rest private in each of Odoo's ways.
            let (message_type, subtype, internal) = match kind {
                0 | 1 => ("comment", json!([1, "Discussions"]), json!(false)),
                2 => ("email", json!([1, "Discussions"]), json!(false)),
                3 => ("comment", json!([2, "Note"]), json!(true)),
                4 => ("comment", json!([1, "Discussions"]), json!(true)),
                5 => ("notification", json!([3, "Stage Changed"]), json!(true)),
                6 => (
                    *rng.pick(&["user_notification", "auto_comment"]),
                    json!([1, "Discussions"]),
                    json!(false),
                ),
                _ => ("comment", json!(false), json!(false)),
            };
            let body = if private || kind > 2 {
                private_text(rng, marks)
            } else {
                public_text(rng)
            };
            let author = if rng.chance(50) { partner } else { 3 };
            messages.push(json!({
                "id": message_id, "model": "helpdesk.ticket", "res_id": id,
                "message_type": message_type, "subtype_id": subtype, "is_internal": internal,
                "body": body, "date": odoo_date(rng),
                "author_id": [author, marks.next()],
                "email_from": format!("\"{}\" <{}@mail.example>", marks.next(), marks.next()),
            }));
            if rng.chance(30) {
                // A stage change (public history of a public ticket) and a change of another
                // field, whose values are internal.
                let (old, new) = if private {
                    (marks.next(), marks.next())
                } else {
                    (rng.pick(&stages).to_string(), rng.pick(&stages).to_string())
                };
                tracking.push(json!({"id": message_id * 2, "field_id": [812, "Stage"], "old_value_char": old, "new_value_char": new, "mail_message_id": [message_id, "x"]}));
                tracking.push(json!({"id": message_id * 2 + 1, "field_id": [815, "Assigned to"], "old_value_char": marks.next(), "new_value_char": marks.next(), "mail_message_id": [message_id, "x"]}));
            }
        }
        if rng.chance(10) {
            message_id += 1;
            messages.push(json!({
                "id": message_id, "model": "project.task", "res_id": id, "message_type": "comment",
                "subtype_id": [1, "Discussions"], "is_internal": false, "body": private_text(rng, marks),
                "date": odoo_date(rng), "author_id": false, "email_from": false,
            }));
        }
    }
    case.tickets += n;
    let snap = json!({
        "odoo_snapshot": 1, "stage_field_id": 812, "staff_partner_ids": [3],
        "subtypes": subtypes, "teams": teams, "tags": tags,
        "tickets": tickets, "messages": messages, "tracking_values": tracking,
    });
    case.write("odoo.json", &serde_json::to_vec(&snap).unwrap());
}

// Jira (Cloud v3 with ADF text, Data Center v2 with renderedFields), with Service Management.

fn adf(text: &str) -> Value {
    json!({"type": "doc", "version": 1, "content": [{"type": "paragraph", "content": [{"type": "text", "text": text}]}]})
}

fn jira_user(marks: &mut Marks) -> Value {
    let m = marks.next();
    json!({"accountId": m, "displayName": marks.next(), "emailAddress": format!("{}@corp.example", marks.next()), "name": m, "key": m})
}

fn jira(case: &mut Case, rng: &mut Rng, marks: &mut Marks, n: usize, canary: &str) {
    let statuses = [
        ("To Do", "new"),
        ("In Progress", "indeterminate"),
        ("Waiting for support", "indeterminate"),
        ("Done", "done"),
    ];
    let mut issues = Vec::with_capacity(n);
    for i in 0..n {
        let key = format!("LED-{}", i + 1);
        let v3 = rng.chance(50);
        let service_desk = rng.chance(50);
        // PRIVATE: an issue with a security level.
        let private = rng.chance(20) && i > 0;
        let reporter = jira_user(marks);
        let (status, category) = *rng.pick(&statuses);
        let mut comments = Vec::new();
        let mut rendered = Vec::new();
        for k in 0..rng.below(6) {
            let id = format!("{}{k}", i + 1);
            // Which private place, if any: 0 restricted, 1 jsdPublic false, 2 property
            // internal; 3 and up public (on a public issue).
            let kind = rng.below(6);
            let text = if private || kind < 3 {
                private_text(rng, marks)
            } else {
                public_text(rng)
            };
            let author = if rng.chance(50) {
                reporter.clone()
            } else {
                jira_user(marks)
            };
            let mut c = json!({"id": id, "author": author, "updateAuthor": jira_user(marks), "created": date(rng), "updated": date(rng)});
            if v3 {
                c["body"] = adf(&text);
            } else {
                c["body"] = json!(text.clone());
                rendered.push(json!({"id": id, "body": format!("<p>{text}</p>")}));
            }
            match kind {
                0 => {
                    c["visibility"] =
                        json!({"type": rng.pick(&["role", "group"]), "value": marks.next()})
                }
                1 => c["jsdPublic"] = json!(false),
                2 => {
                    c["properties"] =
                        json!([{"key": "sd.public.comment", "value": {"internal": true}}])
                }
                _ if service_desk => c["jsdPublic"] = json!(true),
                _ => {}
            }
            comments.push(c);
        }
        let (summary, description) = if private {
            (
                private_text(rng, marks).replace('\n', " "),
                private_text(rng, marks),
            )
        } else if i == 0 {
            (format!("Canary {canary}"), public_text(rng))
        } else {
            (public_subject(rng, i as u64 + 1), public_text(rng))
        };
        // A mention (ADF) or a user link (rendered HTML) names a person: never published.
        let mention_name = marks.next();
        let mut fields = json!({
            "summary": summary,
            "status": {"name": status, "statusCategory": {"key": category}},
            "priority": {"name": rng.pick(&["Highest", "High", "Medium", "Low"])},
            "issuetype": {"name": if private { marks.next() } else { "Bug".into() }},
            "project": {"key": "LED", "name": "Ledger"},
            "labels": if private { json!([marks.next()]) } else { json!(["billing"]) },
            "fixVersions": [{"name": if private { marks.next() } else { "v4.2".into() }}],
            "created": date(rng),
            "updated": date(rng),
            "reporter": reporter,
            "assignee": jira_user(marks),
            "creator": jira_user(marks),
            "timespent": 7200,
            "comment": {"comments": comments, "total": comments.len(), "maxResults": 5000, "startAt": 0},
            // PRIVATE: worklogs.
            "worklog": {"worklogs": [{"author": jira_user(marks), "comment": private_text(rng, marks), "timeSpentSeconds": 600}], "total": 1},
            "customfield_10050": marks.next(),
        });
        if v3 {
            fields["description"] = json!({"type": "doc", "version": 1, "content": [
                {"type": "paragraph", "content": [{"type": "text", "text": description}]},
                {"type": "paragraph", "content": [{"type": "mention", "attrs": {"id": marks.next(), "text": format!("@{mention_name}")}}]}
            ]});
        } else {
            fields["description"] = json!(format!("{description} [~{mention_name}]"));
        }
        if service_desk {
            fields["customfield_10010"] = json!({"requestType": {"id": "1", "name": if private { marks.next() } else { "Get IT help".into() }}, "currentStatus": {"status": status}});
        }
        if private {
            fields["security"] =
                json!({"id": "10000", "name": "Staff only", "description": marks.next()});
        }
        let mut issue = json!({
            "expand": "renderedFields,changelog",
            "id": (10000 + i).to_string(),
            "self": format!("https://jira.example.com/rest/api/{}/issue/{}", if v3 { 3 } else { 2 }, 10000 + i),
            "key": key,
            "fields": fields,
            "changelog": {"histories": [{"created": date(rng), "author": jira_user(marks), "items": [
                {"field": "status", "fromString": "To Do", "toString": status},
                {"field": "assignee", "fromString": marks.next(), "toString": marks.next()}
            ]}]},
        });
        if !v3 {
            issue["renderedFields"] = json!({
                "description": format!("<p>{description} <a href=\"https://jira.example.com/secure/ViewProfile.jspa?name={m}\" class=\"user-hover\" rel=\"{m}\">{m}</a></p>", m = mention_name),
                "comment": {"comments": rendered},
            });
        }
        issues.push(issue);
    }
    case.tickets += n;
    let export = json!({"expand": "schema,names", "startAt": 0, "maxResults": n, "total": n, "issues": issues});
    case.write("jira.json", &serde_json::to_vec(&export).unwrap());
}

// ---------------------------------------------------------------------------------------------

/// Builds the case and scans it. Returns (markers found, canary hits).
fn build_and_scan(case: &Case, config: &Path) -> (Vec<Hit>, Vec<Hit>) {
    let (status, out, err) = build(config);
    assert_eq!(status, 0, "{}: build failed:\n{out}\n{err}", case.name);
    let files = files_below(case.dir.path(), &case.inputs);
    assert!(
        files.iter().any(|(n, _)| n == "public/index.html"),
        "{}: no site written",
        case.name
    );
    let leaks = scan(&files, "public/", MARK);
    let canary = scan(&files, "public/", CANARY);
    (leaks, canary)
}

#[test]
fn no_marker_from_any_private_place_reaches_any_output_byte() {
    let started = std::time::Instant::now();
    let mut rng = Rng::new(seed());
    let k = scale();
    let mut total_tickets = 0;
    let mut total_marks = 0;
    let mut total_found = 0;
    let mut report = Vec::new();
    type Gen = fn(&mut Case, &mut Rng, &mut Marks, usize, &str);
    let gens: [(&'static str, &'static str, &'static str, usize, Gen); 8] = [
        (
            "native",
            "native",
            "export.json",
            4000,
            |c, r, m, n, can| {
                native(c, r, m, n, can);
            },
        ),
        ("redmine", "redmine", "redmine/issues.json", 4000, redmine),
        ("mantis-json", "mantis", "mantis.json", 1500, mantis),
        ("mantis-xml", "mantis-xml", "mantis.xml", 1000, mantis_xml),
        ("github", "github", "github.json", 1000, github),
        ("gitlab", "gitlab", "gitlab.json", 1000, gitlab),
        ("odoo", "odoo", "odoo.json", 1000, odoo),
        ("jira", "jira", "jira.json", 1000, jira),
    ];
    for (name, format, export, n, gen) in gens {
        let mut case = Case::new(name);
        let mut marks = Marks::new(MARK);
        let canary = format!("{CANARY}{:08x}x", rng.below(1 << 32));
        gen(&mut case, &mut rng, &mut marks, n * k, &canary);
        docs(&mut case, &mut rng, &mut marks, &canary);
        let config = case.config(format, export);
        let (leaks, canary_hits) = build_and_scan(&case, &config);
        // The canary is public: the scan must see it in a page and in the search index.
        assert!(
            canary_hits.iter().any(|h| h.file.ends_with(".html")),
            "{name}: canary not found in HTML: the scan is blind"
        );
        assert!(
            canary_hits.iter().any(|h| h.file == "search index (query)"),
            "{name}: canary not found via the search index"
        );
        let found = distinct(&leaks, MARK);
        let line = format!(
            "{name}: {} tickets, {} markers planted, {} marker hits ({} distinct)",
            case.tickets,
            marks.planted.len(),
            leaks.len(),
            found.len()
        );
        println!("{line}");
        report.push(line);
        assert!(
            leaks.is_empty(),
            "{name}: private markers reached the output ({} hits); first ones:\n{:#?}",
            leaks.len(),
            &leaks[..leaks.len().min(10)]
        );
        total_tickets += case.tickets;
        total_marks += marks.planted.len();
        total_found += leaks.len();
    }
    println!(
        "LEAK SCAN TOTAL: {total_tickets} tickets generated, {total_marks} markers planted, {total_found} markers found, seed {}, {:.1} s",
        seed(),
        started.elapsed().as_secs_f64()
    );
    assert!(
        total_tickets >= 10_000,
        "CI must run at least 10,000 tickets"
    );
}
