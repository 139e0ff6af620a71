//! The operation order: readiness shows what blocks the operation and jumps to it (an unmarked
//! event opens in the storyboard's inspector); a gating criterion typed on the order page clears
//! its check, and so does a contact for a role; the PDF order (secrets included, and the page
//! says so) and the stakeholder briefing (no secret anywhere) are exported through the dialog
//! and read back with pdftotext, the timeline as CSV too; the criterion is still there after a
//! restart.

use std::path::Path;
use std::process::Command;

use feint_core::document::Document;
use feint_core::order::OrderEdit;
use feint_core::storyboard::NewEvent;

use thirtyfour::prelude::*;

use crate::harness::{screenshot_dir, testid_css, App, Launch, Sandbox};

const CONDITION: &str = "The group reaches a host outside the environment <b>now</b>";

fn check_css(id: &str) -> String {
    format!("{}[data-check-id='{id}']", testid_css("readiness-check"))
}

async fn passed(app: &App, id: &str) -> Option<String> {
    app.visible_attrs(&check_css(id), "data-passed")
        .await
        .into_iter()
        .next()
}

fn role_css(role: &str, inner: &str) -> String {
    format!(
        "{}[data-role='{role}'] {}",
        testid_css("role-row"),
        testid_css(inner)
    )
}

/// Types into the visible element matching `css` as a user does (focus, select all, type).
async fn type_css(app: &App, css: &str, text: &str) {
    let el = app.wait_for_css(css).await;
    el.click().await.expect("focus");
    el.send_keys(Key::Control + "a").await.expect("select all");
    el.send_keys(text).await.expect("type");
}

fn pdftotext(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext must be installed (poppler-utils)");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        path.display()
    );
    String::from_utf8(out.stdout).expect("UTF-8 text")
}

/// Renders pages of a PDF next to the screenshots, to be looked at.
fn render_pages(pdf: &Path, name: &str, pages: &[u32]) {
    let dir = screenshot_dir();
    std::fs::create_dir_all(&dir).expect("screenshot dir");
    for page in pages {
        let status = Command::new("pdftoppm")
            .args(["-r", "70", "-png", "-singlefile", "-f"])
            .arg(page.to_string())
            .arg("-l")
            .arg(page.to_string())
            .arg(pdf)
            .arg(dir.join(format!("{name}-p{page}")))
            .status()
            .expect("pdftoppm must be installed (poppler-utils)");
        assert!(status.success());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readiness_gating_and_pdf_exports() {
    let sandbox = Sandbox::new();
    let file = sandbox.path("harbor.feint");
    let mut doc = feint_core::sample::write_sample(&file).expect("write the sample");
    // Take the sample's gating criteria away and add an event nobody has marked yet.
    for g in doc.order().unwrap().gating {
        doc.edit_order(OrderEdit::DeleteGating { id: g.id })
            .unwrap();
    }
    let unmarked = doc
        .add_event(NewEvent {
            activity_id: "EAC0005".into(),
            day: 2,
            minute: 600,
            title: Some("Seed a lure in the registry".into()),
            ..Default::default()
        })
        .unwrap()
        .events[0]
        .id
        .clone();
    let secrets: Vec<String> = doc
        .personas()
        .unwrap()
        .iter()
        .flat_map(|p| p.accounts.iter().map(|a| a.secret.clone()))
        .collect();
    assert_eq!(secrets.len(), 3);
    let usernames: Vec<String> = doc
        .personas()
        .unwrap()
        .iter()
        .flat_map(|p| p.accounts.iter().map(|a| a.username.clone()))
        .collect();
    let hostnames: Vec<String> = doc
        .order()
        .unwrap()
        .hosts
        .iter()
        .map(|h| h.hostname.clone())
        .collect();
    assert!(!usernames.is_empty() && !hostnames.is_empty());
    drop(doc);

    let app = App::start(&sandbox, "order-1", Launch::File(&file)).await;
    app.click("nav-order").await;
    app.wait_for("order-page").await;

    // --- Readiness: two blockers, each with a way to it -------------------------------------
    app.wait_until("the readiness checks", || async {
        (passed(&app, "gating_criteria").await.as_deref() == Some("false")).then_some(())
    })
    .await;
    assert_eq!(
        passed(&app, "unmarked_events").await.as_deref(),
        Some("false")
    );
    assert_eq!(
        passed(&app, "roles_without_contact").await.as_deref(),
        Some("true")
    );
    let summary = app.text_of("readiness-summary").await;
    assert_eq!(summary, "2 blockers open", "{summary}");
    app.screenshot("order-readiness").await;

    // The unmarked event's item opens it in the storyboard's inspector.
    let item_css = format!(
        "{} {}",
        check_css("unmarked_events"),
        testid_css("readiness-item")
    );
    let item = app.wait_for_css(&item_css).await;
    assert!(app
        .text(&item)
        .await
        .contains("Seed a lure in the registry"));
    item.click().await.expect("jump to the event");
    let inspector = app.wait_for("event-inspector").await;
    assert_eq!(
        inspector.attr("data-event-id").await.unwrap().as_deref(),
        Some(unmarked.as_str())
    );
    app.click("nav-order").await;
    app.wait_for("order-page").await;

    // --- A gating criterion, typed in ----------------------------------------------------------
    app.click("gating-add").await;
    app.wait_for("gating-item").await;
    app.type_into("gating-condition", CONDITION).await;
    app.choose(&testid_css("gating-action"), "stop").await;
    // A condition alone does not count: the blocker stays, naming the criterion by number.
    let gating_item = format!(
        "{} {}",
        check_css("gating_criteria"),
        testid_css("readiness-item")
    );
    app.wait_until("the incomplete criterion to be flagged", || async {
        let el = app.find_visible(&gating_item).await?;
        let text = app.text(&el).await;
        text.starts_with("Gating criterion 1 (Stop)")
            .then_some(())
            .filter(|_| text.ends_with("has no decision maker or detection"))
    })
    .await;
    assert_eq!(
        passed(&app, "gating_criteria").await.as_deref(),
        Some("false")
    );
    app.type_into("gating-decided-by", "Team lead").await;
    app.type_into("gating-detection", "Tap alert on the allow-list")
        .await;
    app.wait_until("the gating check to pass", || async {
        (passed(&app, "gating_criteria").await.as_deref() == Some("true")).then_some(())
    })
    .await;
    app.wait_for_text("save-status", "Saved", |t| t == "Saved")
        .await;
    assert_eq!(app.text_of("readiness-summary").await, "1 blocker open");

    // --- A role: the red team is needed after all, and gets a contact --------------------------
    app.wait_for_css(&role_css("red_team", "role-needed"))
        .await
        .click()
        .await
        .expect("tick the red team");
    app.wait_until("the roles check to fail", || async {
        (passed(&app, "roles_without_contact").await.as_deref() == Some("false")).then_some(())
    })
    .await;
    let roles_item = format!(
        "{} {}",
        check_css("roles_without_contact"),
        testid_css("readiness-item")
    );
    assert_eq!(
        app.text(&app.wait_for_css(&roles_item).await).await,
        "Red team has no point of contact"
    );
    type_css(&app, &role_css("red_team", "role-contact"), "Оля Nordmann").await;
    type_css(&app, &role_css("red_team", "role-details"), "ext. 4499").await;
    app.wait_until("the roles check to pass", || async {
        (passed(&app, "roles_without_contact").await.as_deref() == Some("true")).then_some(())
    })
    .await;
    app.wait_for_text("save-status", "Saved", |t| t == "Saved")
        .await;

    // --- The operation order: the page says it holds secrets -----------------------------------
    let notice = app.text_of("secret-notice").await;
    assert!(notice.contains("3 account secrets"), "{notice}");
    app.screenshot("order-page").await;
    let order_pdf = sandbox.path("harbor-order.pdf");
    // --- An open blocker: the export asks first, naming it; Cancel writes nothing -------------
    app.click("export-pdf").await;
    let confirm = app.wait_for("blocker-confirm").await;
    let asked = app.text(&confirm).await;
    assert!(asked.contains("1 open blocker"), "{asked}");
    let named = app
        .wait_for_css(&format!(
            "{}[data-check-id='unmarked_events']",
            testid_css("blocker-check")
        ))
        .await;
    let named = app.text(&named).await;
    assert!(
        named.contains("Every event is marked revealed or concealed")
            && named.contains("Seed a lure in the registry"),
        "{named}"
    );
    app.screenshot("order-export-blocker").await;
    app.click("blocker-cancel").await;
    app.wait_until("the question to close", || async {
        app.find_visible(&testid_css("blocker-confirm"))
            .await
            .is_none()
            .then_some(())
    })
    .await;
    assert!(
        app.find_visible(&testid_css("path-dialog")).await.is_none(),
        "Cancel goes no further"
    );
    assert!(app
        .find_visible(&testid_css("pdf-exported"))
        .await
        .is_none());
    assert!(!order_pdf.exists(), "Cancel wrote a file");
    // Going ahead leads to the path, and the file is written.
    app.click("export-pdf").await;
    app.wait_for("blocker-confirm").await;
    app.click("blocker-proceed").await;
    app.type_into("path-input", &order_pdf.to_string_lossy())
        .await;
    app.click("path-confirm").await;
    let done = app.wait_for("pdf-exported").await;
    assert_eq!(
        done.attr("data-audience").await.unwrap().as_deref(),
        Some("order")
    );
    app.wait_for("pdf-has-secrets").await;
    app.screenshot("order-exported").await;

    // --- The stakeholder briefing --------------------------------------------------------------
    app.click("audience-briefing").await;
    app.wait_until("the secret notice to go", || async {
        app.find_visible(&testid_css("secret-notice"))
            .await
            .is_none()
            .then_some(())
    })
    .await;
    let briefing_pdf = sandbox.path("harbor-briefing.pdf");
    app.click("export-pdf").await;
    app.wait_for("blocker-confirm").await;
    app.click("blocker-proceed").await;
    app.type_into("path-input", &briefing_pdf.to_string_lossy())
        .await;
    app.click("path-confirm").await;
    app.wait_until("the briefing to be written", || async {
        let el = app.find_visible(&testid_css("pdf-exported")).await?;
        (el.attr("data-audience").await.ok()?.as_deref() == Some("briefing")).then_some(())
    })
    .await;
    assert!(app
        .find_visible(&testid_css("pdf-has-secrets"))
        .await
        .is_none());
    // What the page reports is what was written.
    let shown = app.text_of("pdf-exported").await;
    let shown_pages = app
        .wait_for("pdf-exported")
        .await
        .attr("data-pages")
        .await
        .unwrap()
        .expect("the page count");
    assert!(
        shown.contains(&format!("{shown_pages} pages"))
            && shown.contains(briefing_pdf.to_string_lossy().as_ref()),
        "{shown}"
    );
    app.screenshot("order-briefing-exported").await;

    // --- The timeline as CSV ---------------------------------------------------------------------
    let csv = sandbox.path("harbor-timeline");
    app.click("export-csv").await;
    app.type_into("path-input", &csv.to_string_lossy()).await;
    app.click("path-confirm").await;
    app.wait_for("csv-exported").await;
    app.quit().await;
    let csv = csv.with_extension("csv");
    let text = std::fs::read_to_string(&csv).expect("the CSV, .csv added");
    let rows: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert!(rows[0].starts_with("\"Day\",\"Date\",\"Start\""));
    assert_eq!(rows.len(), 1 + 15, "a header and the 15 events");
    assert!(text.contains("\"Seed a lure in the registry\""));

    #[cfg(unix)]
    for pdf in [&order_pdf, &briefing_pdf, &csv] {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(pdf).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{} is not private", pdf.display());
    }
    let order_text = pdftotext(&order_pdf);
    // The condition wraps inside its table cell, so its two ends are looked for; the markup in
    // it is printed as text.
    let in_pdf =
        |text: &str| text.contains("The group reaches a host") && text.contains("<b>now</b>");
    assert!(in_pdf(&order_text), "the criterion is in the order");
    assert!(order_text.contains("Operation order"));
    assert!(
        order_text.lines().any(|l| l.contains("Red team")
            && l.contains("Оля Nordmann")
            && l.contains("ext. 4499")),
        "the roles table lists the red team's contact"
    );
    for s in &secrets {
        assert!(order_text.contains(s.as_str()), "the order lacks {s}");
    }
    let briefing_text = pdftotext(&briefing_pdf);
    assert!(briefing_text.contains("Stakeholder briefing"));
    assert!(in_pdf(&briefing_text), "the criterion is in the briefing");
    for s in &secrets {
        assert!(
            !briefing_text.contains(s.as_str()),
            "the briefing holds {s}"
        );
    }
    for s in usernames.iter().chain(&hostnames) {
        assert!(
            !briefing_text.contains(s.as_str()),
            "the briefing names {s}"
        );
    }
    assert!(briefing_text.contains("Bottom line up front"));
    assert!(briefing_text.contains("Decision requested"));
    let briefing_pages = briefing_text
        .split('\x0c')
        .filter(|p| !p.trim().is_empty())
        .count();
    assert!(
        (2..=4).contains(&briefing_pages),
        "the briefing has {briefing_pages} pages"
    );
    assert_eq!(
        shown_pages,
        briefing_pages.to_string(),
        "the page count shown"
    );
    let pages = order_text
        .split('\x0c')
        .filter(|p| !p.trim().is_empty())
        .count();
    for page in order_text.split('\x0c').filter(|p| !p.trim().is_empty()) {
        assert!(
            page.matches("TLP:AMBER+STRICT").count() >= 2,
            "a page lacks its banners"
        );
    }
    render_pages(&order_pdf, "order-pdf", &[1, 2, 4]);
    render_pages(&briefing_pdf, "briefing-pdf", &[1, 2]);
    assert!(pages >= 8, "the order has {pages} pages");

    // --- Restart: the criterion is still there -------------------------------------------------
    let reopened = Document::open(&file).unwrap();
    let gating = reopened.order().unwrap().gating;
    assert_eq!(gating.len(), 1);
    assert_eq!(gating[0].condition, CONDITION);
    assert_eq!(gating[0].decided_by, "Team lead");
    let red = reopened.order().unwrap().roles;
    let red = red
        .iter()
        .find(|r| r.role == feint_core::order::Role::RedTeam)
        .unwrap();
    assert!(red.needed);
    assert_eq!(red.contact, "Оля Nordmann");
    drop(reopened);
    let app = App::start(&sandbox, "order-2", Launch::File(&file)).await;
    app.click("nav-order").await;
    app.wait_for("gating-item").await;
    assert_eq!(app.value_of("gating-condition").await, CONDITION);
    assert_eq!(app.value_of("gating-action").await, "stop");
    assert_eq!(
        passed(&app, "gating_criteria").await.as_deref(),
        Some("true")
    );
    app.quit().await;
}

/// A new operation: nothing passes for want of a subject. Checks with nothing to check say
/// "not applicable" with their reason, and the missing goal, objective and adversary are
/// blockers.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_operation_passes_no_check_vacuously() {
    let sandbox = Sandbox::new();
    let file = sandbox.path("blank.feint");
    drop(Document::create(&file, "Blank").expect("a new operation"));

    let app = App::start(&sandbox, "order-blank", Launch::File(&file)).await;
    app.click("nav-order").await;
    app.wait_for("order-page").await;
    app.wait_until("the readiness checks", || async {
        (passed(&app, "goal_chosen").await.as_deref() == Some("false")).then_some(())
    })
    .await;
    for id in [
        "goal_chosen",
        "objective_set",
        "adversary_known",
        "gating_criteria",
    ] {
        assert_eq!(
            app.visible_attrs(&check_css(id), "data-applicable").await,
            ["true"],
            "{id}"
        );
        assert_eq!(passed(&app, id).await.as_deref(), Some("false"), "{id}");
    }
    let expose = app
        .wait_for_css(&check_css("expose_without_collection"))
        .await;
    assert_eq!(
        expose.attr("data-passed").await.unwrap().as_deref(),
        Some("false"),
        "no goal is no pass"
    );
    assert_eq!(
        expose.attr("data-applicable").await.unwrap().as_deref(),
        Some("false")
    );
    let shown = app.text(&expose).await;
    assert!(
        shown.to_lowercase().contains("not applicable")
            && shown.contains("No goal is chosen, so there is no Expose goal to check"),
        "{shown}"
    );
    let summary = app.text_of("readiness-summary").await;
    assert_eq!(summary, "4 blockers, 1 warning open", "{summary}");
    app.screenshot("order-readiness-new").await;
    app.quit().await;
}

const INTENT: &str = "Learn how the group moves from the daemon into the pipeline, then stop it.";
const RISK: &str = "The group pivots to a partner network";
const MITIGATION: &str = "Egress allow-list; gate 1 stops the operation";
const PRIMARY: &str = "Encrypted team channel, room 2";

/// The OPORD parts are filled on the Order page (commander's intent, a risk, the primary means
/// of communication) and an event's owner role is set in the storyboard's inspector; the
/// exported order prints them: the intent in 3.a, the risk in the risk table, PACE in 5.b, and
/// the event under its new role in the tasks-by-role matrix.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_opord_is_filled_on_the_page_and_printed() {
    use feint_core::order::{OpordField, Role};
    let sandbox = Sandbox::new();
    let file = sandbox.path("opord.feint");
    let mut doc = feint_core::sample::write_sample(&file).expect("write the sample");
    // The sample's intent, risks and primary means go, so what the page types is what prints.
    for field in [OpordField::Intent, OpordField::PacePrimary] {
        doc.edit_order(OrderEdit::SetOpordText {
            field,
            value: String::new(),
        })
        .unwrap();
    }
    for r in doc.order().unwrap().opord.risks {
        doc.edit_order(OrderEdit::DeleteRisk { id: r.id }).unwrap();
    }
    let event = doc
        .storyboard()
        .unwrap()
        .events
        .into_iter()
        .find(|e| e.title == "Open the Docker API to the internet")
        .unwrap();
    assert_eq!(event.owner_role, Some(Role::SystemAdministrator));
    drop(doc);

    let app = App::start(&sandbox, "opord", Launch::File(&file)).await;

    // --- The storyboard's inspector: the red team takes the event ---------------------------
    app.click("nav-storyboard").await;
    let card = app
        .wait_for_css(&format!(
            "{}[data-event-id='{}']",
            testid_css("timeline-event"),
            event.id
        ))
        .await;
    card.send_keys(Key::Enter).await.expect("open the event");
    app.wait_for_css(&format!(
        "{}[data-event-id='{}']",
        testid_css("event-inspector"),
        event.id
    ))
    .await;
    app.choose(&testid_css("inspector-owner-role"), "red_team")
        .await;
    app.wait_for_text("save-status", "Saved", |t| t == "Saved")
        .await;
    app.screenshot("opord-inspector-owner").await;

    // --- The Order page: intent, a risk, the primary means -----------------------------------
    app.click("nav-order").await;
    let front = app.wait_for("opord-front").await;
    app.driver()
        .execute(
            "arguments[0].scrollIntoView({ block: 'start' });",
            vec![front.to_json().unwrap()],
        )
        .await
        .unwrap();
    assert_eq!(app.value_of("opord-order_number").await, "OPORD 2026-04");
    assert_eq!(app.value_of("opord-issued_at").await, "2026-12-04T16:00");
    app.screenshot("opord-front-matter").await;
    app.type_into("opord-intent", INTENT).await;
    app.click("risk-add").await;
    app.wait_for("risk-item").await;
    app.type_into("risk-text", RISK).await;
    app.choose(&testid_css("risk-likelihood"), "low").await;
    app.choose(&testid_css("risk-impact"), "high").await;
    app.type_into("risk-mitigation", MITIGATION).await;
    app.type_into("risk-owner", "Team lead").await;
    app.type_into("opord-pace_primary", PRIMARY).await;
    app.wait_for_text("save-status", "Saved", |t| t == "Saved")
        .await;
    app.screenshot("opord-order-page").await;

    let order_pdf = sandbox.path("opord-order.pdf");
    app.click("audience-order").await;
    app.click("export-pdf").await;
    app.type_into("path-input", &order_pdf.to_string_lossy())
        .await;
    app.click("path-confirm").await;
    app.wait_for("pdf-exported").await;
    app.quit().await;

    let text = pdftotext(&order_pdf);
    // Without -layout each table cell reads whole, so a wrapped cell is found as one phrase.
    let raw = Command::new("pdftotext")
        .arg(&order_pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    let flat: String = String::from_utf8(raw.stdout)
        .expect("UTF-8 text")
        .split_whitespace()
        .collect();
    let has = |s: &str| flat.contains(&s.split_whitespace().collect::<String>());
    assert!(
        has(&format!("3.a Commander's intent {INTENT}")),
        "the intent"
    );
    assert!(has(RISK) && has(MITIGATION), "the risk and its mitigation");
    assert!(
        text.lines().any(|l| l.contains(
            RISK.split(' ')
                .take(4)
                .collect::<Vec<_>>()
                .join(" ")
                .as_str()
        ) && l.contains("Low")
            && l.contains("High")),
        "the risk's likelihood and impact"
    );
    assert!(has(&format!("Primary: {PRIMARY}")), "PACE primary");
    // The tasks-by-role matrix: the red team row holds the event, the system administrator's
    // no longer does.
    // The last mention of each heading: the first is on the contents page.
    let matrix = &text[text.rfind("3.f Tasks by role").expect("the matrix")
        ..text.rfind("3.g Coordinating").expect("after the matrix")];
    let red = matrix
        .lines()
        .find(|l| l.trim_start().starts_with("Red team"))
        .unwrap_or_else(|| panic!("no red team row in {matrix}"));
    assert!(red.contains("Open the"), "{red}");
    let pages: Vec<&str> = text
        .split('\x0c')
        .filter(|p| !p.trim().is_empty())
        .collect();
    let exec = pages
        .iter()
        .rposition(|p| p.contains("3.f Tasks by role"))
        .expect("the matrix page") as u32
        + 1;
    let risk_page = pages
        .iter()
        .rposition(|p| p.contains("3.i Risk assessment"))
        .expect("the risk page") as u32
        + 1;
    render_pages(&order_pdf, "opord-pdf", &[1, exec, risk_page]);
    let reopened = Document::open(&file).unwrap();
    let stored = reopened.order().unwrap().opord;
    assert_eq!(stored.intent, INTENT);
    assert_eq!(stored.risks[0].mitigation, MITIGATION);
    let owner = reopened
        .storyboard()
        .unwrap()
        .events
        .into_iter()
        .find(|e| e.id == event.id)
        .unwrap()
        .owner_role;
    assert_eq!(owner, Some(Role::RedTeam));
}

/// The lane choice in the Export panel reaches the PDF: exported "by persona", the timeline
/// annex names its lanes after the sample's personas.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn timeline_lanes_by_persona_from_the_export_dialog() {
    use feint_core::storyboard::LaneGrouping;

    let sandbox = Sandbox::new();
    let file = sandbox.path("harbor.feint");
    let doc = feint_core::sample::write_sample(&file).expect("write the sample");
    let view = doc.lane_view(LaneGrouping::Persona).unwrap();
    let lanes: Vec<String> = view
        .lanes
        .iter()
        .filter(|l| view.event_lanes.values().any(|k| *k == l.key))
        .map(|l| l.label.clone())
        .collect();
    assert!(lanes.len() >= 3, "the sample's persona lanes: {lanes:?}");
    drop(doc);

    let app = App::start(&sandbox, "order-lanes", Launch::File(&file)).await;
    app.click("nav-order").await;
    app.wait_for("order-page").await;
    app.choose(&testid_css("timeline-lanes"), "persona").await;
    let pdf = sandbox.path("harbor-by-persona.pdf");
    app.click("export-pdf").await;
    // Open blockers are asked about first; go ahead past the question when it comes.
    let asked = app
        .wait_until("the blocker question or the path", || async {
            if app
                .find_visible(&testid_css("blocker-proceed"))
                .await
                .is_some()
            {
                return Some(true);
            }
            app.find_visible(&testid_css("path-input"))
                .await
                .map(|_| false)
        })
        .await;
    if asked {
        app.click("blocker-proceed").await;
    }
    app.type_into("path-input", &pdf.to_string_lossy()).await;
    app.click("path-confirm").await;
    app.wait_for("pdf-exported").await;
    app.screenshot("order-exported-lanes-by-persona").await;
    app.quit().await;

    let text = pdftotext(&pdf);
    let pages: Vec<&str> = text.split('\x0c').collect();
    let first = pages
        .iter()
        .rposition(|p| p.contains("Annex E Storyboard timeline"))
        .expect("the timeline annex");
    let annex = pages[first..].join("\n");
    assert!(annex.contains("in lanes by persona"), "{annex}");
    for lane in &lanes {
        assert!(
            annex.contains(lane.as_str()),
            "no lane {lane:?} in the annex:\n{annex}"
        );
    }
    render_pages(&pdf, "order-timeline-by-persona", &[first as u32 + 1]);
}
