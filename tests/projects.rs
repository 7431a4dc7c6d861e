//! Issue 16, 0: an issue is public only if its project is. Exports carry the project on every
//! issue; `[sources] projects` names the ones to publish, and an export of several projects
//! without it is refused with the list of projects. Issues of other projects are withheld and
//! counted. MantisBT: issues of a private project are private. GitHub: an issue whose URLs
//! place it in another repository (transferred) is left out and counted.

mod common;
use common::*;

/// A Redmine 5 issue list as `GET /issues.json?status_id=*` returns it for a parent project:
/// its own issues and those of a non-public subproject (not flagged `is_private`).
const REDMINE: &str = r#"{"issues":[
{"id":7,"project":{"id":1,"name":"ACME Support"},"tracker":{"id":3,"name":"Support"},"status":{"id":1,"name":"New","is_closed":false},"priority":{"id":2,"name":"Normal"},"author":{"id":5,"name":"Ada Customer"},"subject":"Invoices show the wrong VAT rate","description":"Since Monday the VAT rate is 19 %.","start_date":"2026-11-02","due_date":null,"done_ratio":0,"is_private":false,"estimated_hours":null,"created_on":"2026-11-02T09:00:00Z","updated_on":"2026-11-02T09:00:00Z","closed_on":null},
{"id":8,"project":{"id":1,"name":"ACME Support"},"tracker":{"id":1,"name":"Bug"},"status":{"id":2,"name":"In Progress","is_closed":false},"priority":{"id":3,"name":"High"},"author":{"id":6,"name":"Bert Customer"},"subject":"Login page returns 500 after password reset","description":"Steps:\r\n1. Reset password\r\n2. Log in","start_date":"2026-11-03","due_date":null,"done_ratio":0,"is_private":false,"estimated_hours":null,"created_on":"2026-11-03T09:00:00Z","updated_on":"2026-11-04T09:00:00Z","closed_on":null},
{"id":9,"project":{"id":4,"name":"PSProInternal","parent":{"id":1,"name":"ACME Support"}},"tracker":{"id":1,"name":"Bug"},"status":{"id":1,"name":"New","is_closed":false},"priority":{"id":2,"name":"Normal"},"author":{"id":2,"name":"Dev Lead"},"subject":"Refactor the session store before the audit","description":"Internal only: the audit is on 2026-12-01.","start_date":"2026-11-05","due_date":null,"done_ratio":0,"is_private":false,"estimated_hours":8.0,"created_on":"2026-11-05T09:00:00Z","updated_on":"2026-11-05T09:00:00Z","closed_on":null}
],"total_count":3,"offset":0,"limit":25}"#;

const SECRET: &str = "Refactor the session store";

fn site_with(config_extra: &str) -> SiteTest {
    let site = SiteTest::new();
    site.write(
        "porchlight.toml",
        &format!("title = \"P\"\n[sources]\ntickets = [\"issues.json\"]\n{config_extra}"),
    );
    site.write("issues.json", REDMINE);
    site
}

#[test]
fn an_export_of_several_projects_without_projects_named_is_refused_with_the_list() {
    let site = site_with("");
    let run = site.build(&[]).fails_with(1);
    assert_eq!(
        run.stderr,
        "error: porchlight.toml: the ticket exports hold issues of 2 projects: \"ACME Support\" (2), \"PSProInternal\" (1); name the project(s) to publish in [sources], e.g. projects = [\"ACME Support\"] (issues of the others are withheld)\n"
    );
    assert!(!site.out().exists(), "nothing is written");
}

#[test]
fn issues_of_projects_not_named_are_withheld_and_counted() {
    // Spelled as a person would type it: other case, spaces around.
    let site = site_with("projects = [\" acme support \"]\n");
    let run = site.build(&[]).ok();
    assert!(
        run.stdout.contains(
            "  tickets published          2\n  tickets withheld           0  (private)\n  tickets withheld           1  (other projects, see [sources] projects)\n"
        ),
        "{}",
        run.stdout
    );
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    assert_absent(
        &site.out(),
        &[SECRET.to_string(), "audit is on".to_string()],
    );
    assert!(!site.out().join("tickets/9").exists());
    assert!(site.out().join("tickets/8/index.html").is_file());
    let json = site.build(&["--json"]).ok();
    let v: serde_json::Value = serde_json::from_str(json.stdout.trim()).unwrap();
    assert_eq!(v["tickets_other_project"], 1);
    assert_eq!(v["tickets_published"], 2);
}

#[test]
fn a_named_project_that_matches_nothing_is_a_warning_and_fails_under_strict() {
    let site = site_with("projects = [\"ACME Support\", \"ACME Suport\"]\n");
    let run = site.build(&[]).ok();
    assert!(
        run.stderr.contains(
            "warning: [sources] projects entry \"ACME Suport\" matches no ticket of the input; check its spelling in"
        ),
        "{}",
        run.stderr
    );
    site.build(&["--strict"]).fails_with(3);
}

/// MantisBT REST answers in the shape of the 2.28 Postman examples; the project object
/// carries its own view state when the answer includes it.
#[test]
fn mantis_issues_of_a_private_project_are_private() {
    let issue = |id: u32, project: &str, state: u32, summary: &str| {
        format!(
            r##"{{"id":{id},"summary":"{summary}","description":"Text","project":{{"id":{id},"name":"{project}","view_state":{{"id":{state},"name":"{}","label":"{}"}}}},"category":{{"id":1,"name":"General"}},"reporter":{{"id":2,"name":"vboctor"}},"status":{{"id":10,"name":"new","label":"new","color":"#fcbdbd"}},"resolution":{{"id":10,"name":"open","label":"open"}},"view_state":{{"id":10,"name":"public","label":"public"}},"priority":{{"id":30,"name":"normal","label":"normal"}},"severity":{{"id":50,"name":"minor","label":"minor"}},"created_at":"2026-11-01T10:00:00-04:00","updated_at":"2026-11-01T10:00:00-04:00"}}"##,
            if state == 50 { "private" } else { "public" },
            if state == 50 { "private" } else { "public" },
        )
    };
    let site = SiteTest::new();
    site.write(
        "porchlight.toml",
        "title = \"M\"\n[sources]\ntickets = [\"issues.json\"]\nprojects = [\"mantisbt\", \"Internal tools\"]\n",
    );
    site.write(
        "issues.json",
        &format!(
            "{{\"issues\": [{}, {}]}}",
            issue(1, "mantisbt", 10, "Public crash on login"),
            issue(2, "Internal tools", 50, "Quarterly license audit script")
        ),
    );
    let run = site.build(&[]).ok();
    assert!(
        run.stdout.contains(
            "  tickets published          1\n  tickets withheld           1  (private)\n"
        ),
        "{}",
        run.stdout
    );
    assert_absent(&site.out(), &["license audit".to_string()]);
}

/// A GitHub snapshot of `acme/help` holding an issue whose URLs place it in `acme/internal`
/// (transferred there): left out and counted in the summary.
#[test]
fn github_issues_of_another_repository_are_left_out_and_counted() {
    let issue = |n: u32, repo: &str, title: &str| {
        format!(
            r#"{{"url":"https://api.github.com/repos/{repo}/issues/{n}","repository_url":"https://api.github.com/repos/{repo}","html_url":"https://github.com/{repo}/issues/{n}","number":{n},"title":"{title}","user":{{"login":"octo"}},"labels":[],"state":"open","state_reason":null,"assignee":null,"milestone":null,"comments":0,"created_at":"2026-11-01T10:00:00Z","updated_at":"2026-11-01T10:00:00Z","closed_at":null,"author_association":"NONE","body":"Text"}}"#
        )
    };
    let site = SiteTest::new();
    site.write(
        "porchlight.toml",
        "title = \"G\"\n[sources]\ntickets = [\"snapshot.json\"]\n",
    );
    site.write(
        "snapshot.json",
        &format!(
            "{{\"github_snapshot\": 1, \"repository\": \"acme/help\", \"issues\": [{}, {}], \"comments\": {{}}}}",
            issue(1, "acme/help", "Dark mode flickers"),
            issue(2, "Acme/Internal", "Pricing experiment for Q3")
        ),
    );
    let run = site.build(&[]).ok();
    assert!(
        run.stdout.contains(
            "  skipped                    1  (issues of another repository (transferred))\n"
        ),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("  tickets published          1\n"));
    assert_absent(&site.out(), &["Pricing experiment".to_string()]);
}
