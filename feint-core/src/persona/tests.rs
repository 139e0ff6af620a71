use super::*;
use crate::operation::{self, Operation};
use crate::storyboard::{self, NewEvent};

fn store_with(start: &str, tz: &str) -> Store {
    let mut store = Store::in_memory().unwrap();
    let mut op = Operation::new("Op", "1.0").unwrap();
    op.start_date = Some(start.into());
    op.timezone = tz.into();
    store.with_tx(|tx| operation::save(tx, &op)).unwrap();
    store
}

fn add_event(store: &mut Store, day: i32, hhmm: (i32, i32), minutes: i32) -> String {
    let change = storyboard::add_event(
        store,
        NewEvent {
            activity_id: "EAC0005".into(),
            day,
            minute: hhmm.0 * 60 + hhmm.1,
            duration_min: Some(minutes),
            title: Some(format!("D+{day} {:02}:{:02}", hhmm.0, hhmm.1)),
            ..Default::default()
        },
    )
    .unwrap();
    change.events[0].id.clone()
}

fn persona(store: &mut Store, name: &str, tz: &str, schedule: Vec<String>) -> Persona {
    let p = create_persona(
        store,
        NewPersona {
            name: name.into(),
            template: None,
        },
    )
    .unwrap();
    update_persona(
        store,
        p.id(),
        PersonaPatch {
            timezone: Some(tz.into()),
            schedule: Some(schedule),
            ..Default::default()
        },
    )
    .unwrap()
}

fn codes(store: &Store, persona_id: &str) -> Vec<(WarningCode, Option<String>)> {
    warnings(store.conn())
        .unwrap()
        .into_iter()
        .filter(|w| w.persona_id == persona_id)
        .map(|w| (w.code, w.event_id))
        .collect()
}

const WEEKDAYS: [usize; 5] = [0, 1, 2, 3, 4];

#[test]
fn every_field_round_trips_and_hostile_text_is_kept_as_text() {
    let mut store = store_with("2026-12-07", "Europe/Berlin");
    let p = create_persona(
        &mut store,
        NewPersona {
            name: "  Jonas Weber ".into(),
            template: Some("sysadmin".into()),
        },
    )
    .unwrap();
    assert_eq!(p.profile.name, "Jonas Weber");
    assert_eq!(p.profile.timezone, "Europe/Berlin", "the operation's zone");
    assert_eq!(p.profile.role, "System administrator");
    let hostile = format!(
        "<script>alert(1)</script> \u{202E}evil\u{202C} مرحبا 🐳 {}",
        "x".repeat(99_000)
    );
    let updated = update_persona(
        &mut store,
        p.id(),
        PersonaPatch {
            date_of_birth: Some("1986-04-12".into()),
            area: Some("Hamburg, Germany".into()),
            background: Some(hostile.clone()),
            detail: Some(DetailLevel::Full),
            start_date: Some("2019-03-01".into()),
            goals: Some("Keep build-01 alive".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(get(store.conn(), p.id()).unwrap(), updated);
    assert_eq!(updated.profile.background, hostile);
    let cleared = update_persona(
        &mut store,
        p.id(),
        PersonaPatch {
            start_date: Some("".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(cleared.profile.start_date, None);
    assert_eq!(list(store.conn()).unwrap(), vec![cleared]);
}

#[test]
fn refused_edits_change_nothing() {
    let mut store = store_with("2026-12-07", "UTC");
    let p = persona(&mut store, "A", "UTC", schedule_of(&WEEKDAYS, 9, 17));
    let before = get(store.conn(), p.id()).unwrap();
    let mut short_day = schedule_of(&WEEKDAYS, 9, 17);
    short_day[2].pop();
    let mut bad_char = schedule_of(&WEEKDAYS, 9, 17);
    bad_char[0] = "x".repeat(24);
    let bad = [
        PersonaPatch {
            name: Some("  ".into()),
            ..Default::default()
        },
        PersonaPatch {
            timezone: Some("Mars/Olympus".into()),
            ..Default::default()
        },
        PersonaPatch {
            schedule: Some(short_day),
            ..Default::default()
        },
        PersonaPatch {
            schedule: Some(bad_char),
            ..Default::default()
        },
        PersonaPatch {
            schedule: Some(vec!["0".repeat(24); 6]),
            ..Default::default()
        },
        PersonaPatch {
            background: Some("x".repeat(MAX_TEXT + 1)),
            ..Default::default()
        },
        PersonaPatch {
            date_of_birth: Some("1990-02-30".into()),
            ..Default::default()
        },
        PersonaPatch {
            role: Some("r".repeat(501)),
            ..Default::default()
        },
    ];
    for patch in bad {
        let err = update_persona(&mut store, p.id(), patch.clone()).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput, "{patch:?}");
    }
    let err = add_account(
        &mut store,
        p.id(),
        NewAccount {
            secret: Some("s".repeat(MAX_SECRET + 1)),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert_eq!(get(store.conn(), p.id()).unwrap(), before);
    let unknown = create_persona(
        &mut store,
        NewPersona {
            name: "B".into(),
            template: Some("astronaut".into()),
        },
    );
    assert_eq!(unknown.unwrap_err().code, ErrorCode::InvalidInput);
    assert_eq!(list(store.conn()).unwrap().len(), 1);
    assert_eq!(
        update_persona(&mut store, "nobody", PersonaPatch::default())
            .unwrap_err()
            .code,
        ErrorCode::NotFound
    );
}

#[test]
fn accounts_are_added_edited_ordered_and_deleted() {
    let mut store = store_with("2026-12-07", "UTC");
    let p = persona(&mut store, "A", "UTC", schedule_of(&WEEKDAYS, 9, 17));
    let p = add_account(
        &mut store,
        p.id(),
        NewAccount {
            system: Some("build-01 (ssh)".into()),
            username: Some(" jweber ".into()),
            secret: Some("Winter2026!".into()),
            visibility: Some(Visibility::Revealed),
            ..Default::default()
        },
    )
    .unwrap();
    let p = add_account(
        &mut store,
        p.id(),
        NewAccount {
            system: Some("registry".into()),
            username: Some("ci-bot".into()),
            secret_kind: Some(SecretKind::Honeytoken),
            secret: Some("AKIA-CANARY".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(p.accounts.len(), 2);
    assert_eq!(p.accounts[0].username, "jweber");
    assert_eq!(p.accounts[1].secret_kind, SecretKind::Honeytoken);
    let first = p.accounts[0].id.clone();
    let p = update_account(
        &mut store,
        p.id(),
        &first,
        AccountPatch {
            visibility: Some(None),
            notes: Some("shared with the contractor".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(p.accounts[0].visibility, None);
    assert_eq!(p.accounts[0].notes, "shared with the contractor");
    assert_eq!(get(store.conn(), p.id()).unwrap(), p);
    let p = delete_account(&mut store, p.id(), &first).unwrap();
    assert_eq!(p.accounts.len(), 1);
    assert_eq!(p.accounts[0].username, "ci-bot");
    assert_eq!(
        delete_account(&mut store, p.id(), &first).unwrap_err().code,
        ErrorCode::NotFound
    );
}

#[test]
fn duplicate_copies_everything_but_ids_and_links() {
    let mut store = store_with("2026-12-07", "UTC");
    let p = persona(&mut store, "Ada", "UTC", schedule_of(&WEEKDAYS, 9, 17));
    let p = add_account(
        &mut store,
        p.id(),
        NewAccount {
            username: Some("ada".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let e = add_event(&mut store, 0, (10, 0), 60);
    set_event_personas(&mut store, &e, &[p.id().to_string()]).unwrap();
    let copy = duplicate_persona(&mut store, p.id()).unwrap();
    assert_eq!(copy.profile.name, "Ada (copy)");
    assert_ne!(copy.id(), p.id());
    assert_ne!(copy.accounts[0].id, p.accounts[0].id);
    assert_eq!(copy.accounts[0].username, "ada");
    assert_eq!(copy.profile.schedule, p.profile.schedule);
    assert!(persona_events(store.conn(), copy.id()).unwrap().is_empty());
    assert_eq!(persona_events(store.conn(), p.id()).unwrap().len(), 1);
}

#[test]
fn event_links_are_set_listed_and_cleaned_up() {
    let mut store = store_with("2026-12-07", "UTC");
    let a = persona(&mut store, "A", "UTC", schedule_of(&WEEKDAYS, 0, 24));
    let b = persona(&mut store, "B", "UTC", schedule_of(&WEEKDAYS, 0, 24));
    let late = add_event(&mut store, 2, (9, 0), 60);
    let early = add_event(&mut store, 0, (9, 0), 60);
    let both = vec![b.id().to_string(), a.id().to_string(), a.id().to_string()];
    let stored = set_event_personas(&mut store, &late, &both).unwrap();
    assert_eq!(stored.len(), 2, "duplicates are dropped");
    set_event_personas(&mut store, &early, &[a.id().to_string()]).unwrap();
    let events: Vec<String> = persona_events(store.conn(), a.id())
        .unwrap()
        .into_iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(events, vec![early.clone(), late.clone()], "time order");
    assert_eq!(event_personas(store.conn()).unwrap()[&late].len(), 2);
    // Unknown IDs are refused and change nothing.
    let err = set_event_personas(&mut store, &late, &["ghost".into()]).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
    assert_eq!(
        set_event_personas(&mut store, "ghost", &[])
            .unwrap_err()
            .code,
        ErrorCode::NotFound
    );
    assert_eq!(event_personas(store.conn()).unwrap()[&late].len(), 2);
    // Moving an event keeps its personas; deleting it or the persona drops the link.
    storyboard::move_events(&mut store, std::slice::from_ref(&late), 60, None).unwrap();
    assert_eq!(event_personas(store.conn()).unwrap()[&late].len(), 2);
    storyboard::delete_events(&mut store, std::slice::from_ref(&late)).unwrap();
    delete_persona(&mut store, b.id()).unwrap();
    let links = event_personas(store.conn()).unwrap();
    assert_eq!(links.len(), 1);
    assert_eq!(links[&early], vec![a.id().to_string()]);
    set_event_personas(&mut store, &early, &[]).unwrap();
    assert!(event_personas(store.conn()).unwrap().is_empty());
}

#[test]
fn avatar_is_deterministic_initials_and_hue() {
    let a = avatar("Jonas Weber");
    assert_eq!(a.initials, "JW");
    assert_eq!(a, avatar("Jonas Weber"));
    assert!(a.hue < 360);
    assert_eq!(avatar("Marie-Claire du Pont").initials, "MP");
    assert_eq!(avatar("cher").initials, "C");
    assert_eq!(avatar("   ").initials, "?");
    assert_eq!(avatar("🐳 ölaf").initials, "Ö");
    assert_ne!(avatar("Jonas Weber").hue, avatar("Lena Brandt").hue);
}

#[test]
fn an_event_on_sunday_night_is_out_of_hours_until_the_schedule_covers_it() {
    // 2026-12-07 is a Monday; D-1 is Sunday.
    let mut store = store_with("2026-12-07", "Europe/Berlin");
    let p = persona(
        &mut store,
        "A",
        "Europe/Berlin",
        schedule_of(&WEEKDAYS, 9, 17),
    );
    let sunday = add_event(&mut store, -1, (3, 0), 30);
    let monday = add_event(&mut store, 0, (9, 0), 8 * 60);
    set_event_personas(&mut store, &sunday, &[p.id().to_string()]).unwrap();
    set_event_personas(&mut store, &monday, &[p.id().to_string()]).unwrap();
    let ws = warnings(store.conn()).unwrap();
    assert_eq!(ws.len(), 1, "{ws:?}");
    assert_eq!(ws[0].code, WarningCode::OutOfHours);
    assert_eq!(ws[0].event_id.as_deref(), Some(sunday.as_str()));
    assert!(ws[0].message.contains("Sun 03:00"), "{}", ws[0].message);
    let mut fixed = schedule_of(&WEEKDAYS, 9, 17);
    fixed[6] = schedule_of(&[6], 3, 4)[6].clone();
    update_persona(
        &mut store,
        p.id(),
        PersonaPatch {
            schedule: Some(fixed),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(warnings(store.conn()).unwrap().is_empty());
}

#[test]
fn working_hours_are_read_in_the_personas_zone() {
    // Operation in Berlin (UTC+1 in December), persona in New York (UTC−5): six hours apart.
    let mut store = store_with("2026-12-07", "Europe/Berlin");
    let p = persona(
        &mut store,
        "NY",
        "America/New_York",
        schedule_of(&WEEKDAYS, 9, 17),
    );
    let morning_berlin = add_event(&mut store, 0, (10, 0), 60); // 04:00 in New York
    let afternoon_berlin = add_event(&mut store, 0, (16, 0), 60); // 10:00 in New York
    let evening_berlin = add_event(&mut store, 0, (22, 30), 60); // 16:30–17:30 in New York
    let end_of_day = add_event(&mut store, 0, (22, 0), 60); // 16:00–17:00: fits exactly
    for e in [
        &morning_berlin,
        &afternoon_berlin,
        &evening_berlin,
        &end_of_day,
    ] {
        set_event_personas(&mut store, e, &[p.id().to_string()]).unwrap();
    }
    let mut expected = vec![
        (WarningCode::OutOfHours, Some(morning_berlin)),
        (WarningCode::OutOfHours, Some(evening_berlin)),
    ];
    expected.sort();
    assert_eq!(codes(&store, p.id()), expected);
}

#[test]
fn the_week_between_the_european_and_american_clock_changes() {
    // 2026: Berlin goes back on 25 October, New York on 1 November. In the week between, the
    // two zones are five hours apart instead of six. 19 October and 26 October are Mondays.
    let mut store = store_with("2026-10-19", "Europe/Berlin");
    let p = persona(
        &mut store,
        "NY",
        "America/New_York",
        schedule_of(&WEEKDAYS, 9, 17),
    );
    let before = add_event(&mut store, 0, (14, 30), 30); // 12:30Z → 08:30 in New York: early
    let between = add_event(&mut store, 7, (14, 30), 30); // 13:30Z → 09:30 in New York: fine
    let after = add_event(&mut store, 14, (14, 30), 30); // 13:30Z → 08:30 EST: early again
    for e in [&before, &between, &after] {
        set_event_personas(&mut store, e, &[p.id().to_string()]).unwrap();
    }
    let flagged: Vec<Option<String>> = codes(&store, p.id()).into_iter().map(|c| c.1).collect();
    let mut expected = vec![Some(before), Some(after)];
    expected.sort();
    assert_eq!(flagged, expected);
}

#[test]
fn an_event_across_the_spring_gap_is_read_on_the_wall_clock() {
    // New York, 8 March 2026: 02:00 EST becomes 03:00 EDT. A persona on call 00:00–02:00 and
    // 03:00–05:00 every day covers a three-hour event from 00:30 local, as 02:xx never happens.
    let mut store = store_with("2026-03-08", "America/New_York");
    let mut hours = schedule_of(&[0, 1, 2, 3, 4, 5, 6], 0, 5);
    for day in &mut hours {
        day.replace_range(2..3, "0");
    }
    let p = persona(&mut store, "On call", "America/New_York", hours);
    let e = add_event(&mut store, 0, (0, 30), 180); // 00:30 EST → 04:30 EDT
    set_event_personas(&mut store, &e, &[p.id().to_string()]).unwrap();
    assert!(codes(&store, p.id()).is_empty());
    let late = add_event(&mut store, 0, (0, 30), 300); // until 06:30 EDT: 05:00 is off
    set_event_personas(&mut store, &late, &[p.id().to_string()]).unwrap();
    assert_eq!(
        codes(&store, p.id()),
        vec![(WarningCode::OutOfHours, Some(late))]
    );
}

#[test]
fn an_event_before_the_start_date_is_flagged_in_the_personas_zone() {
    let mut store = store_with("2026-12-07", "Europe/Berlin");
    let p = persona(
        &mut store,
        "NY",
        "America/New_York",
        schedule_of(&[0, 1, 2, 3, 4, 5, 6], 0, 24),
    );
    update_persona(
        &mut store,
        p.id(),
        PersonaPatch {
            start_date: Some("2026-12-08".into()),
            ..Default::default()
        },
    )
    .unwrap();
    // D+1 00:30 in Berlin is still 7 December (18:30) in New York.
    let early = add_event(&mut store, 1, (0, 30), 30);
    let fine = add_event(&mut store, 1, (8, 0), 30); // 02:00 on 8 December in New York
    for e in [&early, &fine] {
        set_event_personas(&mut store, e, &[p.id().to_string()]).unwrap();
    }
    assert_eq!(
        codes(&store, p.id()),
        vec![(WarningCode::BeforeStart, Some(early))]
    );
}

#[test]
fn shared_usernames_and_personas_without_events_are_flagged() {
    let mut store = store_with("2026-12-07", "UTC");
    let a = persona(&mut store, "A", "UTC", schedule_of(&WEEKDAYS, 0, 24));
    let b = persona(&mut store, "B", "UTC", schedule_of(&WEEKDAYS, 0, 24));
    let c = persona(&mut store, "C", "UTC", schedule_of(&WEEKDAYS, 0, 24));
    let e = add_event(&mut store, 0, (10, 0), 60);
    let ids: Vec<String> = [&a, &b, &c].iter().map(|p| p.id().to_string()).collect();
    set_event_personas(&mut store, &e, &ids).unwrap();
    assert!(warnings(store.conn()).unwrap().is_empty());
    for (p, user) in [
        (&a, "JWeber"),
        (&b, "jweber"),
        (&c, "lbrandt"),
        (&c, "lbrandt"),
    ] {
        add_account(
            &mut store,
            p.id(),
            NewAccount {
                username: Some(user.into()),
                ..Default::default()
            },
        )
        .unwrap();
    }
    assert_eq!(
        codes(&store, a.id()),
        vec![(WarningCode::SharedUsername, None)]
    );
    assert_eq!(
        codes(&store, b.id()),
        vec![(WarningCode::SharedUsername, None)]
    );
    assert!(
        codes(&store, c.id()).is_empty(),
        "one persona may reuse its own name"
    );
    set_event_personas(&mut store, &e, &[a.id().to_string()]).unwrap();
    assert_eq!(
        codes(&store, b.id()),
        vec![
            (WarningCode::SharedUsername, None),
            (WarningCode::NoEvents, None)
        ]
    );
}

#[test]
fn a_persona_travels_as_json_under_new_ids() {
    let mut store = store_with("2026-12-07", "UTC");
    let p = create_persona(
        &mut store,
        NewPersona {
            name: "Lena Brandt".into(),
            template: Some("developer".into()),
        },
    )
    .unwrap();
    for (kind, secret) in [
        (SecretKind::Password, "hunter2"),
        (SecretKind::Honeytoken, "ghp_canary"),
    ] {
        add_account(
            &mut store,
            p.id(),
            NewAccount {
                username: Some("lbrandt".into()),
                secret_kind: Some(kind),
                secret: Some(secret.into()),
                ..Default::default()
            },
        )
        .unwrap();
    }
    let p = get(store.conn(), p.id()).unwrap();
    let text = persona_to_json(store.conn(), p.id()).unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["format"], FORMAT);
    let accounts = value["persona"]["accounts"].as_array().unwrap();
    assert_eq!(accounts[0]["password"], "hunter2");
    assert!(accounts[0].get("honeytoken").is_none());
    assert_eq!(accounts[1]["honeytoken"], "ghp_canary");
    assert!(
        !text.contains("\"secret"),
        "secrets only under password/honeytoken"
    );

    let mut other = store_with("2027-01-04", "Asia/Tokyo");
    let imported = persona_from_json(&mut other, &text).unwrap();
    assert_ne!(imported.id(), p.id());
    assert_ne!(imported.accounts[0].id, p.accounts[0].id);
    assert_eq!(imported.profile.name, p.profile.name);
    assert_eq!(imported.profile.schedule, p.profile.schedule);
    assert_eq!(imported.accounts[1].secret_kind, SecretKind::Honeytoken);
    assert_eq!(imported.accounts[1].secret, "ghp_canary");
    // Importing twice gives two personas.
    persona_from_json(&mut other, &text).unwrap();
    assert_eq!(list(other.conn()).unwrap().len(), 2);

    let current = format!("\"schema_version\": {}", crate::json::SCHEMA_VERSION);
    let newer = text.replace(&current, "\"schema_version\": 99");
    assert_ne!(newer, text);
    assert_eq!(
        persona_from_json(&mut other, &newer).unwrap_err().code,
        ErrorCode::NewerVersion
    );
    let both = text.replace(
        "\"password\": \"hunter2\"",
        "\"password\": \"a\", \"honeytoken\": \"b\"",
    );
    assert_eq!(
        persona_from_json(&mut other, &both).unwrap_err().code,
        ErrorCode::InvalidInput
    );
    let bad_tz = text.replace("\"timezone\": \"UTC\"", "\"timezone\": \"Nowhere\"");
    assert_ne!(bad_tz, text);
    assert_eq!(
        persona_from_json(&mut other, &bad_tz).unwrap_err().code,
        ErrorCode::InvalidInput
    );
    assert_eq!(list(other.conn()).unwrap().len(), 2);
}

#[test]
fn undoing_an_event_delete_brings_its_personas_back_and_redo_removes_them() {
    let mut store = store_with("2026-12-07", "Europe/Berlin");
    let e = add_event(&mut store, 1, (10, 0), 60);
    let a = persona(
        &mut store,
        "Ana",
        "Europe/Berlin",
        templates()[0].schedule.clone(),
    );
    let b = persona(
        &mut store,
        "Ben",
        "Europe/Berlin",
        templates()[0].schedule.clone(),
    );
    let both = vec![a.id().to_string(), b.id().to_string()];
    set_event_personas(&mut store, &e, &both).unwrap();
    let mut expected = both.clone();
    expected.sort();

    storyboard::delete_events(&mut store, std::slice::from_ref(&e)).unwrap();
    assert!(event_personas(store.conn()).unwrap().is_empty());
    storyboard::undo(&mut store).unwrap().unwrap();
    assert_eq!(
        event_personas(store.conn()).unwrap().get(&e),
        Some(&expected)
    );
    storyboard::redo(&mut store).unwrap().unwrap();
    assert!(event_personas(store.conn()).unwrap().is_empty());

    // A persona deleted in between is skipped on undo rather than failing it.
    storyboard::undo(&mut store).unwrap().unwrap();
    storyboard::redo(&mut store).unwrap().unwrap();
    delete_persona(&mut store, b.id()).unwrap();
    storyboard::undo(&mut store).unwrap().unwrap();
    assert_eq!(
        event_personas(store.conn()).unwrap().get(&e),
        Some(&vec![a.id().to_string()])
    );
}

#[test]
fn a_duplicated_event_keeps_its_personas_and_undo_removes_the_copy_and_links() {
    let mut store = store_with("2026-12-07", "Europe/Berlin");
    let e = add_event(&mut store, 1, (10, 0), 60);
    let a = persona(
        &mut store,
        "Ana",
        "Europe/Berlin",
        templates()[0].schedule.clone(),
    );
    set_event_personas(&mut store, &e, &[a.id().to_string()]).unwrap();
    let change = storyboard::duplicate_events(&mut store, std::slice::from_ref(&e)).unwrap();
    let copy = change.events[0].id.clone();
    assert_ne!(copy, e);
    let links = event_personas(store.conn()).unwrap();
    assert_eq!(links.get(&copy), Some(&vec![a.id().to_string()]));
    assert_eq!(links.get(&e), Some(&vec![a.id().to_string()]));
    storyboard::undo(&mut store).unwrap().unwrap();
    let links = event_personas(store.conn()).unwrap();
    assert_eq!(links.len(), 1);
    assert!(links.contains_key(&e));
}

#[test]
fn an_operation_holds_at_most_its_accounts_across_all_personas() {
    let mut store = store_with("2026-12-07", "UTC");
    let per = crate::rules::MAX_ACCOUNTS_PER_PERSONA;
    for n in 0..crate::rules::MAX_ACCOUNTS / per {
        let mut p = persona(
            &mut store,
            &format!("P{n}"),
            "UTC",
            schedule_of(&WEEKDAYS, 9, 17),
        );
        p.accounts = (0..per)
            .map(|i| {
                Account::from_new(NewAccount {
                    username: Some(format!("u{n}-{i}")),
                    ..Default::default()
                })
            })
            .collect();
        store.with_tx(|tx| save(tx, &p)).unwrap();
    }
    let last = persona(&mut store, "Last", "UTC", schedule_of(&WEEKDAYS, 9, 17));
    let err = add_account(&mut store, last.id(), NewAccount::default()).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(
        err.message.contains("at most 5000 accounts"),
        "{}",
        err.message
    );
    assert!(get(store.conn(), last.id()).unwrap().accounts.is_empty());
    // Editing an account of a full operation still works: the count is of all the others.
    let full = list(store.conn())
        .unwrap()
        .into_iter()
        .find(|p| p.profile.name == "P0")
        .unwrap();
    let account = full.accounts[0].id.clone();
    update_account(
        &mut store,
        full.id(),
        &account,
        AccountPatch {
            notes: Some("still editable".into()),
            ..Default::default()
        },
    )
    .unwrap();
}
