//! Accessibility of every page in both themes: axe-core (from ui/node_modules, the version the
//! lockfile pins) is injected into the real window through WebDriver and run on each page as the
//! user sees it; any serious or critical violation fails the test, listed with its rule, help and
//! the elements it names. The theme is switched through the app's own switch, and the light
//! theme is shown to be remembered across a restart. Screenshots: `theme-<theme>-<page>.png`.

use feint_core::intel::{IndicatorKind, NewIndicator};
use feint_core::journal::{EntryKind, NewEntry};
use serde_json::Value;
use thirtyfour::prelude::*;

use crate::harness::{testid_css, App, Launch, Sandbox};

const THEMES: [&str; 2] = ["dark", "light"];

/// axe-core's browser build, read from the UI's installed dev dependencies.
fn axe_source() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/ui/node_modules/axe-core/axe.min.js"
    );
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("read {path} (run `npm ci` in ui/ first): {e}"))
}

/// Runs axe-core on the whole document (injecting it once per window) and returns one line per
/// serious or critical violation, naming the page and theme it was found on.
async fn axe_violations(app: &App, page: &str, theme: &str) -> Vec<String> {
    let present = app
        .driver()
        .execute("return typeof window.axe === 'object';", vec![])
        .await
        .expect("ask for axe")
        .convert::<bool>()
        .unwrap_or(false);
    if !present {
        app.driver()
            .execute(axe_source(), vec![])
            .await
            .expect("inject axe-core");
    }
    let ret = app
        .driver()
        .execute_async(
            "const done = arguments[arguments.length - 1];
             window.axe.run(document, { resultTypes: ['violations'] })
               .then(r => done(r.violations
                 .filter(v => v.impact === 'serious' || v.impact === 'critical')
                 .map(v => ({ id: v.id, impact: v.impact, help: v.help,
                   nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + n.failureSummary
                     + ' :: ' + n.html.slice(0, 160)) }))))
               .catch(e => done({ error: String(e) }));",
            vec![],
        )
        .await
        .expect("run axe-core");
    let value: Value = ret.json().clone();
    if let Some(error) = value.get("error") {
        panic!("axe-core failed on {page} ({theme}): {error}");
    }
    let mut lines = Vec::new();
    for v in value.as_array().expect("violations array") {
        let mut line = format!(
            "[{theme}] {page}: {} ({}) — {}",
            v["id"].as_str().unwrap_or("?"),
            v["impact"].as_str().unwrap_or("?"),
            v["help"].as_str().unwrap_or("?")
        );
        for node in v["nodes"].as_array().into_iter().flatten() {
            line.push_str(&format!("\n      {}", node.as_str().unwrap_or("?")));
        }
        lines.push(line);
    }
    lines
}

/// Chooses a theme with the switch in the top bar and waits until the page is painted in it:
/// the root carries the theme and the page background is light or dark as asked.
async fn choose_theme(app: &App, theme: &str) {
    app.choose(&testid_css("theme-select"), theme).await;
    app.wait_until(&format!("the {theme} theme"), || async {
        let ret = app
            .driver()
            .execute(
                "const bg = getComputedStyle(document.querySelector('main')).backgroundColor;
                 const [r, g, b] = bg.match(/[\\d.]+/g).map(Number);
                 return [document.documentElement.dataset.theme ?? '', (r + g + b) / 3];",
                vec![],
            )
            .await
            .ok()?;
        let (shown, level): (String, f64) = ret.convert().ok()?;
        let painted = if theme == "light" {
            level > 200.0
        } else {
            level < 60.0
        };
        (shown == theme && painted).then_some(())
    })
    .await;
}

/// Waits until no CSS transition runs (a theme switch fades backgrounds for 0.12 s): axe and
/// the screenshot must see the colours at rest, not half way.
async fn wait_transitions_done(app: &App) {
    app.wait_until("CSS transitions to end", || async {
        app.driver()
            .execute(
                "return document.getAnimations().filter(a => a instanceof CSSTransition).length;",
                vec![],
            )
            .await
            .ok()?
            .convert::<u64>()
            .ok()
            .filter(|running| *running == 0)
    })
    .await;
}

/// Checks one page: axe, then a screenshot for the eye. Violations are printed at once too, so
/// a later failure to reach a page does not hide them.
async fn check(app: &App, found: &mut Vec<String>, page: &str, theme: &str) {
    wait_transitions_done(app).await;
    let violations = axe_violations(app, page, theme).await;
    for v in &violations {
        eprintln!("{v}");
    }
    found.extend(violations);
    app.screenshot(&format!("theme-{theme}-{page}")).await;
}

fn assert_clean(found: &[String]) {
    assert!(
        found.is_empty(),
        "{} serious or critical accessibility violation(s):\n{}",
        found.len(),
        found.join("\n")
    );
}

/// The sample, approved and running, with a journal entry of each kind, so the Journal page
/// shows its entries, kinds and links, not only an empty form.
fn running_sample_with_entries(file: &std::path::Path) {
    let mut doc = crate::running::running_sample(file, "Dr. Anke Vos");
    for (kind, text, technique) in [
        (
            EntryKind::AdversaryAction,
            "Token used on the registry",
            Some("T1078"),
        ),
        (EntryKind::OurAction, "Rotated the decoy credentials", None),
        (EntryKind::Decision, "Go on past the midpoint gate", None),
        (EntryKind::Deviation, "Backup lure placed a day late", None),
        (EntryKind::Note, "Quiet night on build-01", None),
    ] {
        doc.add_journal_entry(NewEntry {
            kind: Some(kind),
            text: text.into(),
            technique_ids: technique.map(|t| vec![t.to_string()]),
            ..NewEntry::default()
        })
        .expect("add a journal entry");
    }
    // An indicator, so the Intelligence page shows its table and row controls too.
    doc.add_indicator(NewIndicator {
        kind: Some(IndicatorKind::Ip),
        value: "203.0.113.41".into(),
        note: Some("Source of the registry pull".into()),
        ..NewIndicator::default()
    })
    .expect("add an indicator");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_passes_axe_in_both_themes() {
    let sandbox = Sandbox::new();
    let file = sandbox.path("sample.feint");
    running_sample_with_entries(&file);
    let app = App::start(&sandbox, "a11y-pages", Launch::File(&file)).await;
    let mut found = Vec::new();

    for theme in THEMES {
        choose_theme(&app, theme).await;

        app.click("nav-operation").await;
        app.wait_for("operation-page").await;
        check(&app, &mut found, "operation", theme).await;

        app.click("nav-catalog").await;
        let card = app.wait_for("activity-card").await;
        // The details stay open from the first theme; a second click would close them.
        if app
            .find_visible(&testid_css("activity-details"))
            .await
            .is_none()
        {
            card.click().await.unwrap();
        }
        app.wait_for("activity-details").await;
        check(&app, &mut found, "catalog", theme).await;

        app.click("nav-storyboard").await;
        app.click("view-timeline").await;
        app.wait_for("timeline-event").await;
        check(&app, &mut found, "storyboard-timeline", theme).await;
        // An event open in the inspector (Enter on a focused block, as the keyboard opens it).
        let event = app.wait_for("timeline-event").await;
        app.driver()
            .execute("arguments[0].focus();", vec![event.to_json().unwrap()])
            .await
            .unwrap();
        event
            .send_keys(Key::Enter)
            .await
            .expect("open the inspector");
        app.wait_for("event-inspector").await;
        check(&app, &mut found, "storyboard-inspector", theme).await;
        app.click("inspector-close").await;
        app.choose(&testid_css("lane-grouping"), "custom").await;
        app.click("manage-lanes").await;
        app.wait_for("lane-manager").await;
        check(&app, &mut found, "storyboard-lanes", theme).await;
        app.click("lane-manager-close").await;
        app.choose(&testid_css("lane-grouping"), "goal").await;
        app.click("view-list").await;
        app.wait_for("list-row").await;
        check(&app, &mut found, "storyboard-list", theme).await;
        app.click("view-quad").await;
        app.wait_for("quad-chart").await;
        check(&app, &mut found, "storyboard-quad", theme).await;
        app.click("view-timeline").await;

        app.click("nav-personas").await;
        app.click("persona-item").await;
        app.wait_for("persona-detail").await;
        check(&app, &mut found, "personas", theme).await;

        app.click("nav-threat").await;
        app.wait_for("threat-page").await;
        check(&app, &mut found, "threat", theme).await;
        app.wait_for_css(&format!(
            "{}[data-view='matrix']",
            testid_css("coverage-view")
        ))
        .await
        .click()
        .await
        .unwrap();
        app.wait_for("matrix-cell").await;
        check(&app, &mut found, "threat-matrix", theme).await;
        app.click("matrix-close").await;

        app.click("nav-order").await;
        app.wait_for("readiness").await;
        check(&app, &mut found, "order", theme).await;

        app.click("nav-journal").await;
        app.wait_for("journal-entry").await;
        check(&app, &mut found, "journal", theme).await;

        app.click("nav-intel").await;
        app.wait_for("intel-page").await;
        check(&app, &mut found, "intelligence", theme).await;

        app.click("help-open").await;
        app.wait_for("guide-heading").await;
        check(&app, &mut found, "help", theme).await;
        app.click("help-close").await;

        app.click("file-open").await;
        app.wait_for("path-dialog").await;
        check(&app, &mut found, "open-dialog", theme).await;
        app.click("path-cancel").await;
        app.wait_until("the Open dialog to close", || async {
            app.all("path-dialog").await.is_empty().then_some(())
        })
        .await;
    }
    app.quit().await;
    assert_clean(&found);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn start_screen_passes_axe_and_the_theme_is_remembered() {
    let sandbox = Sandbox::new();
    let app = App::start(&sandbox, "a11y-start", Launch::Empty).await;
    app.wait_for("start-screen").await;
    // Nothing chosen yet: System, shown in the theme the system asks for.
    assert_eq!(app.value_of("theme-select").await, "system");
    let follows = app
        .driver()
        .execute(
            "const light = matchMedia('(prefers-color-scheme: light)').matches;
             return document.documentElement.dataset.theme === (light ? 'light' : 'dark');",
            vec![],
        )
        .await
        .expect("read the theme")
        .convert::<bool>()
        .expect("a boolean");
    assert!(
        follows,
        "with System chosen the page follows prefers-color-scheme"
    );
    let mut found = Vec::new();
    for theme in THEMES {
        choose_theme(&app, theme).await;
        check(&app, &mut found, "start", theme).await;
    }
    app.quit().await;
    assert_clean(&found);

    // The last choice (light) comes back with the next start, before anything is clicked.
    let app = App::start(&sandbox, "a11y-start-again", Launch::Empty).await;
    let shown = app.value_of("theme-select").await;
    assert_eq!(shown, "light", "the theme switch after a restart");
    let theme = app
        .driver()
        .execute("return document.documentElement.dataset.theme;", vec![])
        .await
        .expect("read the theme")
        .convert::<String>()
        .expect("a theme");
    assert_eq!(theme, "light", "the page's theme after a restart");
    app.quit().await;
}
