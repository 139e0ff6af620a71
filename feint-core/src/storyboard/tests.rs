//! Every storyboard edit, its undo and its redo: on an in-memory store with the real migrations
//! and on a real file reopened between steps, so the history survives a restart.

use super::*;
use crate::error::ErrorCode;
use crate::store::Store;

fn new_event(activity: &str, day: i32, minute: i32) -> NewEvent {
    NewEvent {
        activity_id: activity.into(),
        day,
        minute,
        ..Default::default()
    }
}

fn add(store: &mut Store, new: NewEvent) -> Event {
    add_event(store, new).unwrap().events.remove(0)
}

fn add_item(store: &mut Store, text: &str) -> SupportingItem {
    add_supporting(
        store,
        NewSupportingItem {
            text: text.into(),
            ..Default::default()
        },
    )
    .unwrap()
    .supporting
    .remove(0)
}

fn new_lane(store: &mut Store, name: &str) -> CustomLane {
    add_lane(store, name)
        .unwrap()
        .lanes
        .unwrap()
        .into_iter()
        .find(|l| l.name == name)
        .unwrap()
}

fn data(store: &Store) -> StoryboardData {
    load_data(store.conn()).unwrap()
}

/// What the UI does with a change: replace rows by ID, drop the removed ones, keep the order.
fn merge(view: &StoryboardData, change: &StoryboardChange) -> StoryboardData {
    let mut out = view.clone();
    for e in &change.events {
        out.events.retain(|x| x.id != e.id);
        out.events.push(e.clone());
    }
    out.events
        .retain(|x| !change.removed_event_ids.contains(&x.id));
    out.events.sort_by(|a, b| {
        (a.day, a.minute, &a.title, &a.id).cmp(&(b.day, b.minute, &b.title, &b.id))
    });
    for s in &change.supporting {
        out.supporting.retain(|x| x.id != s.id);
        out.supporting.push(s.clone());
    }
    out.supporting
        .retain(|x| !change.removed_supporting_ids.contains(&x.id));
    out.supporting
        .sort_by(|a, b| (a.position, &a.id).cmp(&(b.position, &b.id)));
    if let Some(lanes) = &change.lanes {
        out.lanes = lanes.clone();
    }
    out
}

/// Runs `act` after `setup`, then checks undo gives back the state before, redo the state after,
/// and that each returned change is exactly what the UI needs to redraw. Runs twice: in memory,
/// and on a file that is closed and reopened between the edit, the undo and the redo.
fn assert_undoable<S>(
    setup: impl Fn(&mut Store) -> S,
    act: impl Fn(&mut Store, &S) -> Result<StoryboardChange>,
    check: impl Fn(&StoryboardData, &S),
) {
    for on_file in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("op.feint");
        let mut store = if on_file {
            Store::create(&path).unwrap()
        } else {
            Store::in_memory().unwrap()
        };
        let reopen = |store: Store| {
            if on_file {
                drop(store);
                Store::open(&path).unwrap()
            } else {
                store
            }
        };
        let ctx = setup(&mut store);
        let before = data(&store);
        let change = act(&mut store, &ctx).unwrap();
        let after = data(&store);
        assert_ne!(before, after, "the edit changed nothing");
        check(&after, &ctx);
        assert!(!change.label.is_empty());
        assert!(change.can_undo && !change.can_redo);
        assert_eq!(change.undo_label.as_deref(), Some(change.label.as_str()));
        assert_eq!(
            merge(&before, &change),
            after,
            "the change does not redraw the edit"
        );

        let mut store = reopen(store);
        let view = load(store.conn()).unwrap();
        assert_eq!(view.undo_label.as_deref(), Some(change.label.as_str()));
        let undone = undo(&mut store).unwrap().unwrap();
        assert_eq!(undone.label, change.label);
        assert_eq!(data(&store), before, "undo of {}", change.label);
        assert_eq!(
            merge(&after, &undone),
            before,
            "the undo change is incomplete"
        );
        assert!(undone.can_redo);
        assert_eq!(undone.redo_label.as_deref(), Some(change.label.as_str()));

        let mut store = reopen(store);
        let redone = redo(&mut store).unwrap().unwrap();
        assert_eq!(redone.label, change.label);
        assert_eq!(data(&store), after, "redo of {}", change.label);
        assert_eq!(merge(&before, &redone), after);
        assert!(!redone.can_redo);

        // And once more, to be sure the log flags flip back and forth.
        undo(&mut store).unwrap().unwrap();
        assert_eq!(data(&store), before);
        redo(&mut store).unwrap().unwrap();
        assert_eq!(data(&store), after);
    }
}

#[test]
fn add_event_undo_redo() {
    assert_undoable(
        |_| (),
        |s, _| {
            add_event(
                s,
                NewEvent {
                    technique_ids: Some(vec!["T1610".into(), "t1611".into()]),
                    lane: Some(LaneTarget::new(LaneGrouping::Goal, "EGO0002")),
                    ..new_event("EAC0005", 2, 540)
                },
            )
        },
        |after, _| {
            let e = &after.events[0];
            assert_eq!(e.title, "Lures");
            assert_eq!(e.approach_id, "EAP0004");
            assert_eq!(e.technique_ids, ["T1610", "T1611"]);
            assert_eq!((e.visibility, e.truth), (None, None));
        },
    );
}

#[test]
fn update_event_undo_redo() {
    assert_undoable(
        |s| {
            let lane = new_lane(s, "Environment");
            let e = add(s, new_event("EAC0003", 0, 480));
            (e.id, lane.id)
        },
        |s, (id, lane)| {
            update_event(
                s,
                id,
                EventPatch {
                    title: Some("Record the daemon".into()),
                    narrative: Some("Every API call to the daemon is kept.".into()),
                    host: Some(" build-01 ".into()),
                    lane_id: Some(Some(lane.clone())),
                    visibility: Some(Some(Visibility::Concealed)),
                    truth: Some(Some(Truth::Fact)),
                    technique_ids: Some(vec!["T1610".into()]),
                    collection_point: Some("Daemon audit log".into()),
                    status: Some(Status::Ready),
                    notes: Some("check disk space".into()),
                    duration_min: Some(20160),
                    ..Default::default()
                },
            )
        },
        |after, (_, lane)| {
            let e = &after.events[0];
            assert_eq!(e.host, "build-01");
            assert_eq!(e.lane_id.as_ref(), Some(lane));
            assert_eq!(e.status, Status::Ready);
            assert_eq!(e.technique_ids, ["T1610"]);
            assert!(e.modified_at >= e.created_at);
        },
    );
}

#[test]
fn move_events_undo_redo() {
    assert_undoable(
        |s| {
            // Lures can go to the Affect lane; Security Controls is already there.
            let a = add(s, new_event("EAC0005", 0, 23 * 60 + 30));
            let b = add(s, new_event("EAC0018", 1, 60));
            add(s, new_event("EAC0003", 1, 60));
            vec![a.id, b.id]
        },
        |s, ids| {
            move_events(
                s,
                ids,
                90,
                Some(LaneTarget::new(LaneGrouping::Goal, "EGO0002")),
            )
        },
        |after, ids| {
            let get = |id: &str| after.events.iter().find(|e| e.id == id).unwrap();
            let a = get(&ids[0]);
            assert_eq!((a.day, a.minute), (1, 60));
            assert_eq!(a.approach_id, "EAP0004");
            let b = get(&ids[1]);
            assert_eq!((b.day, b.minute), (1, 150));
            assert_eq!(b.approach_id, "EAP0003");
        },
    );
}

#[test]
fn move_into_custom_and_host_lanes() {
    assert_undoable(
        |s| {
            let lane = new_lane(s, "Team");
            let e = add(s, new_event("EAC0011", 3, 600));
            (e.id, lane.id)
        },
        |s, (id, lane)| {
            move_events(
                s,
                std::slice::from_ref(id),
                0,
                Some(LaneTarget::new(LaneGrouping::Custom, lane)),
            )
        },
        |after, (_, lane)| assert_eq!(after.events[0].lane_id.as_ref(), Some(lane)),
    );
    assert_undoable(
        |s| add(s, new_event("EAC0011", 3, 600)).id,
        |s, id| {
            // Back three days and eleven hours: D+3 10:00 becomes D-1 23:00.
            move_events(
                s,
                std::slice::from_ref(id),
                -(3 * 1440 + 660),
                Some(LaneTarget::new(LaneGrouping::Host, " registry-01 ")),
            )
        },
        |after, _| {
            let e = &after.events[0];
            assert_eq!((e.day, e.minute), (-1, 1380));
            assert_eq!(e.host, "registry-01");
        },
    );
}

#[test]
fn resize_event_undo_redo() {
    assert_undoable(
        |s| add(s, new_event("EAC0003", 0, 0)).id,
        |s, id| resize_event(s, id, 14 * 1440),
        |after, _| assert_eq!(after.events[0].duration_min, 14 * 1440),
    );
}

#[test]
fn duplicate_events_undo_redo() {
    assert_undoable(
        |s| {
            let a = add(
                s,
                NewEvent {
                    technique_ids: Some(vec!["T1133".into()]),
                    ..new_event("EAC0023", 0, 540)
                },
            );
            let b = add(s, new_event("EAC0011", 1, 600));
            vec![a.id, b.id]
        },
        |s, ids| duplicate_events(s, ids),
        |after, ids| {
            assert_eq!(after.events.len(), 4);
            let copies: Vec<&Event> = after
                .events
                .iter()
                .filter(|e| !ids.contains(&e.id))
                .collect();
            assert_eq!(copies.len(), 2);
            assert!(copies.iter().any(|c| c.technique_ids == ["T1133"]));
        },
    );
}

#[test]
fn delete_events_undo_redo() {
    assert_undoable(
        |s| {
            let lane = new_lane(s, "Environment");
            let a = add(
                s,
                NewEvent {
                    technique_ids: Some(vec!["T1611".into(), "T1098.004".into()]),
                    lane_id: Some(lane.id),
                    visibility: Some(Visibility::Concealed),
                    ..new_event("EAC0018", 2, 540)
                },
            );
            let b = add(s, new_event("EAC0011", 1, 600));
            add(s, new_event("EAC0003", 0, 0));
            vec![a.id, b.id]
        },
        |s, ids| delete_events(s, ids),
        |after, _| assert_eq!(after.events.len(), 1),
    );
}

#[test]
fn set_marking_undo_redo() {
    assert_undoable(
        |s| {
            let e = add(
                s,
                NewEvent {
                    truth: Some(Truth::Fiction),
                    ..new_event("EAC0005", 0, 600)
                },
            );
            let item = add_item(s, "Encrypted archive named prod-registry-backup");
            vec![e.id, item.id]
        },
        |s, ids| {
            set_marking(
                s,
                ids,
                MarkingPatch {
                    visibility: Some(Some(Visibility::Concealed)),
                    truth: None,
                },
            )
        },
        |after, _| {
            assert_eq!(after.events[0].visibility, Some(Visibility::Concealed));
            assert_eq!(after.events[0].truth, Some(Truth::Fiction));
            assert_eq!(after.supporting[0].visibility, Some(Visibility::Concealed));
            assert_eq!(after.supporting[0].truth, None);
        },
    );
}

#[test]
fn clearing_a_marking_undo_redo() {
    assert_undoable(
        |s| {
            add(
                s,
                NewEvent {
                    visibility: Some(Visibility::Revealed),
                    truth: Some(Truth::Fact),
                    ..new_event("EAC0008", 4, 600)
                },
            )
            .id
        },
        |s, id| {
            let patch: MarkingPatch = serde_json::from_str(r#"{"visibility": null}"#).unwrap();
            set_marking(s, std::slice::from_ref(id), patch)
        },
        |after, _| {
            assert_eq!(after.events[0].visibility, None);
            assert_eq!(after.events[0].truth, Some(Truth::Fact));
        },
    );
}

#[test]
fn add_supporting_undo_redo() {
    assert_undoable(
        |s| add_item(s, "first").id,
        |s, _| {
            add_supporting(
                s,
                NewSupportingItem {
                    text: "The collection system's address range".into(),
                    visibility: Some(Visibility::Concealed),
                    truth: Some(Truth::Fact),
                },
            )
        },
        |after, _| {
            assert_eq!(after.supporting.len(), 2);
            assert_eq!(after.supporting[1].position, 1);
        },
    );
}

#[test]
fn update_supporting_undo_redo() {
    assert_undoable(
        |s| add_item(s, "draft").id,
        |s, id| {
            update_supporting(
                s,
                id,
                SupportingPatch {
                    text: Some("Real public DNS record for the build server".into()),
                    visibility: Some(Some(Visibility::Revealed)),
                    truth: Some(Some(Truth::Fact)),
                },
            )
        },
        |after, _| assert_eq!(after.supporting[0].truth, Some(Truth::Fact)),
    );
}

#[test]
fn delete_supporting_undo_redo() {
    assert_undoable(
        |s| {
            add_item(s, "keep");
            vec![add_item(s, "drop").id]
        },
        |s, ids| delete_supporting(s, ids),
        |after, _| assert_eq!(after.supporting[0].text, "keep"),
    );
}

#[test]
fn add_lane_undo_redo() {
    assert_undoable(
        |s| new_lane(s, "Environment").id,
        |s, _| add_lane(s, "Team"),
        |after, _| {
            let names: Vec<&str> = after.lanes.iter().map(|l| l.name.as_str()).collect();
            assert_eq!(names, ["Environment", "Team"]);
        },
    );
}

#[test]
fn rename_lane_undo_redo() {
    assert_undoable(
        |s| new_lane(s, "Environmnet").id,
        |s, id| rename_lane(s, id, "Environment"),
        |after, _| assert_eq!(after.lanes[0].name, "Environment"),
    );
}

#[test]
fn reorder_lanes_undo_redo() {
    assert_undoable(
        |s| {
            let a = new_lane(s, "A");
            let b = new_lane(s, "B");
            let c = new_lane(s, "C");
            vec![c.id, a.id, b.id]
        },
        |s, order| reorder_lanes(s, order),
        |after, order| {
            let ids: Vec<&String> = after.lanes.iter().map(|l| &l.id).collect();
            assert_eq!(ids, order.iter().collect::<Vec<_>>());
        },
    );
}

#[test]
fn delete_lane_undo_redo_puts_its_events_back() {
    assert_undoable(
        |s| {
            let lane = new_lane(s, "Team");
            let other = new_lane(s, "Other");
            for day in 0..3 {
                add(
                    s,
                    NewEvent {
                        lane_id: Some(lane.id.clone()),
                        ..new_event("SAC0005", day, 540)
                    },
                );
            }
            add(
                s,
                NewEvent {
                    lane_id: Some(other.id.clone()),
                    ..new_event("SAC0006", 5, 540)
                },
            );
            lane.id
        },
        |s, id| delete_lane(s, id),
        |after, id| {
            assert_eq!(after.lanes.len(), 1);
            assert!(after.events.iter().all(|e| e.lane_id.as_ref() != Some(id)));
            assert_eq!(
                after.events.iter().filter(|e| e.lane_id.is_none()).count(),
                3
            );
        },
    );
}

#[test]
fn refused_edits_change_nothing_and_record_nothing() {
    let mut s = Store::in_memory().unwrap();
    let lane = new_lane(&mut s, "Team");
    let pocket = add(&mut s, new_event("EAC0011", 1, 600)); // Elicit only
    let lures = add(&mut s, new_event("EAC0005", 1, 600));
    let item = add_item(&mut s, "an item");
    let before = data(&s);
    let log = history::len(s.conn()).unwrap();
    let ids = vec![lures.id.clone(), pocket.id.clone()];
    let attempts: Vec<(Result<StoryboardChange>, ErrorCode)> = vec![
        (
            // Lures could go to Affect, Pocket Litter cannot: nothing moves.
            move_events(
                &mut s,
                &ids,
                60,
                Some(LaneTarget::new(LaneGrouping::Goal, "EGO0002")),
            ),
            ErrorCode::InvalidInput,
        ),
        (
            move_events(
                &mut s,
                std::slice::from_ref(&lures.id),
                0,
                Some(LaneTarget::new(LaneGrouping::Approach, "EAP0001")),
            ),
            ErrorCode::InvalidInput,
        ),
        (
            move_events(
                &mut s,
                std::slice::from_ref(&lures.id),
                0,
                Some(LaneTarget::new(LaneGrouping::Custom, "no-such-lane")),
            ),
            ErrorCode::NotFound,
        ),
        (
            move_events(
                &mut s,
                std::slice::from_ref(&lures.id),
                (time::MAX_DAY + 5) * 1440,
                None,
            ),
            ErrorCode::InvalidInput,
        ),
        (
            move_events(&mut s, std::slice::from_ref(&lures.id), i32::MAX, None),
            ErrorCode::InvalidInput,
        ),
        (
            move_events(&mut s, std::slice::from_ref(&lures.id), i32::MIN, None),
            ErrorCode::InvalidInput,
        ),
        (move_events(&mut s, &[], 60, None), ErrorCode::InvalidInput),
        (
            move_events(&mut s, &["nope".into()], 60, None),
            ErrorCode::NotFound,
        ),
        (resize_event(&mut s, &lures.id, 0), ErrorCode::InvalidInput),
        (
            update_event(
                &mut s,
                &lures.id,
                EventPatch {
                    title: Some("  ".into()),
                    ..Default::default()
                },
            ),
            ErrorCode::InvalidInput,
        ),
        (
            update_event(
                &mut s,
                &lures.id,
                EventPatch {
                    technique_ids: Some(vec!["T1610".into(), "lateral".into()]),
                    ..Default::default()
                },
            ),
            ErrorCode::InvalidInput,
        ),
        (
            update_event(
                &mut s,
                &lures.id,
                EventPatch {
                    activity_id: Some("EAC0099".into()),
                    ..Default::default()
                },
            ),
            ErrorCode::InvalidInput,
        ),
        (
            add_event(&mut s, new_event("SAC0099", 0, 0)),
            ErrorCode::InvalidInput,
        ),
        (
            delete_events(&mut s, &[lures.id.clone(), "nope".into()]),
            ErrorCode::NotFound,
        ),
        (
            set_marking(&mut s, &["nope".into()], MarkingPatch::default()),
            ErrorCode::NotFound,
        ),
        (add_lane(&mut s, " team "), ErrorCode::InvalidInput),
        (rename_lane(&mut s, &lane.id, ""), ErrorCode::InvalidInput),
        (
            reorder_lanes(&mut s, &[lane.id.clone(), lane.id.clone()]),
            ErrorCode::InvalidInput,
        ),
        (delete_lane(&mut s, "nope"), ErrorCode::NotFound),
        (
            update_supporting(
                &mut s,
                &item.id,
                SupportingPatch {
                    text: Some(" ".into()),
                    ..Default::default()
                },
            ),
            ErrorCode::InvalidInput,
        ),
    ];
    for (i, (result, code)) in attempts.into_iter().enumerate() {
        let err = result.expect_err(&format!("attempt {i} was accepted"));
        assert_eq!(err.code, code, "attempt {i}: {}", err.message);
    }
    assert_eq!(data(&s), before);
    assert_eq!(history::len(s.conn()).unwrap(), log);
}

#[test]
fn a_goal_lane_refusal_names_the_activity_and_goal() {
    let mut s = Store::in_memory().unwrap();
    let pocket = add(&mut s, new_event("EAC0011", 1, 600));
    let err = move_events(
        &mut s,
        &[pocket.id],
        0,
        Some(LaneTarget::new(LaneGrouping::Goal, "EGO0001")),
    )
    .unwrap_err();
    assert!(
        err.message.contains("Pocket Litter (EAC0011)") && err.message.contains("Expose"),
        "{}",
        err.message
    );
}

#[test]
fn a_no_op_move_records_nothing() {
    let mut s = Store::in_memory().unwrap();
    let e = add(&mut s, new_event("EAC0005", 1, 600));
    let change = move_events(
        &mut s,
        &[e.id],
        0,
        Some(LaneTarget::new(LaneGrouping::Goal, "EGO0001")),
    )
    .unwrap();
    assert_eq!(change.label, "");
    assert!(change.events.is_empty());
    assert_eq!(change.undo_label.as_deref(), Some("Add “Lures”"));
}

#[test]
fn several_undos_walk_back_in_order_and_a_new_edit_drops_redo() {
    let mut s = Store::in_memory().unwrap();
    let e = add(&mut s, new_event("EAC0005", 0, 0));
    move_events(&mut s, std::slice::from_ref(&e.id), 60, None).unwrap();
    resize_event(&mut s, &e.id, 90).unwrap();
    assert_eq!(undo(&mut s).unwrap().unwrap().label, "Resize “Lures”");
    assert_eq!(undo(&mut s).unwrap().unwrap().label, "Move “Lures”");
    let view = load(s.conn()).unwrap();
    assert_eq!(view.undo_label.as_deref(), Some("Add “Lures”"));
    assert_eq!(view.redo_label.as_deref(), Some("Move “Lures”"));
    assert_eq!(
        (view.events[0].minute, view.events[0].duration_min),
        (0, 60)
    );
    assert_eq!(undo(&mut s).unwrap().unwrap().label, "Add “Lures”");
    assert!(load(s.conn()).unwrap().events.is_empty());
    assert_eq!(undo(&mut s).unwrap(), None);
    redo(&mut s).unwrap().unwrap();
    add(&mut s, new_event("EAC0003", 0, 0));
    let view = load(s.conn()).unwrap();
    assert!(view.can_undo && !view.can_redo);
    assert_eq!(redo(&mut s).unwrap(), None);
    assert_eq!(view.events.len(), 2);
}

#[test]
fn the_storyboard_is_in_time_order() {
    let mut s = Store::in_memory().unwrap();
    for (day, minute, title) in [(2, 0, "c"), (-1, 600, "a"), (2, 0, "b"), (0, 1439, "z")] {
        add(
            &mut s,
            NewEvent {
                title: Some(title.into()),
                ..new_event("SAC0003", day, minute)
            },
        );
    }
    let titles: Vec<String> = load(s.conn())
        .unwrap()
        .events
        .into_iter()
        .map(|e| e.title)
        .collect();
    assert_eq!(titles, ["a", "z", "b", "c"]);
}

#[test]
fn the_quad_chart_places_every_item() {
    let mut s = Store::in_memory().unwrap();
    let marked = |v, t| NewEvent {
        visibility: v,
        truth: t,
        ..new_event("EAC0005", 0, 0)
    };
    use Truth::*;
    use Visibility::*;
    add(&mut s, marked(Some(Revealed), Some(Fact)));
    add(&mut s, marked(Some(Concealed), Some(Fact)));
    add(&mut s, marked(Some(Revealed), Some(Fiction)));
    add(&mut s, marked(Some(Concealed), Some(Fiction)));
    add(&mut s, marked(Some(Concealed), None));
    add(&mut s, marked(None, None));
    let item = add_item(&mut s, "decoy share");
    let chart = quad_chart(s.conn()).unwrap();
    for quadrant in [
        &chart.revealed_fact,
        &chart.concealed_fact,
        &chart.revealed_fiction,
        &chart.concealed_fiction,
    ] {
        assert_eq!(quadrant.len(), 1);
        assert_eq!(quadrant[0].kind, QuadItemKind::Event);
        assert_eq!(quadrant[0].activity_id.as_deref(), Some("EAC0005"));
    }
    assert_eq!(chart.unmarked.len(), 3);
    // A quad-chart drag: the supporting item moves to revealed + fiction.
    set_marking(
        &mut s,
        std::slice::from_ref(&item.id),
        MarkingPatch {
            visibility: Some(Some(Revealed)),
            truth: Some(Some(Fiction)),
        },
    )
    .unwrap();
    let chart = quad_chart(s.conn()).unwrap();
    assert_eq!(chart.revealed_fiction.len(), 2);
    assert_eq!(chart.revealed_fiction[1].label, "decoy share");
    assert_eq!(chart.unmarked.len(), 2);
}

#[test]
fn lane_views_give_every_event_its_lane() {
    let mut s = Store::in_memory().unwrap();
    let team = new_lane(&mut s, "Team");
    let e = add(
        &mut s,
        NewEvent {
            host: Some("build-01".into()),
            lane_id: Some(team.id.clone()),
            ..new_event("EAC0018", 0, 0)
        },
    );
    let view = |g| lane_view(s.conn(), g).unwrap().event_lanes[&e.id].clone();
    assert_eq!(view(LaneGrouping::Goal), "EGO0002");
    assert_eq!(view(LaneGrouping::Approach), "EAP0003");
    assert_eq!(view(LaneGrouping::Host), "build-01");
    assert_eq!(view(LaneGrouping::Custom), team.id);
    let custom = lanes(s.conn(), LaneGrouping::Custom).unwrap();
    assert_eq!(custom[0].label, "Team");
    assert_eq!(custom[1].key, "");
}

#[test]
fn a_thousand_events_load_correctly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.feint");
    let mut s = Store::create(&path).unwrap();
    let data = synthetic(1000);
    s.with_tx(|tx| insert_data(tx, &data)).unwrap();
    drop(s);
    let s = Store::open(&path).unwrap();
    let view = load(s.conn()).unwrap();
    assert_eq!(view.events.len(), 1000);
    assert!(view
        .events
        .windows(2)
        .all(|w| (w[0].day, w[0].minute) <= (w[1].day, w[1].minute)));
    let mut expected = data.events.clone();
    expected.sort_by(|a, b| {
        (a.day, a.minute, &a.title, &a.id).cmp(&(b.day, b.minute, &b.title, &b.id))
    });
    assert_eq!(view.events, expected);
    assert_eq!(quad_chart(s.conn()).unwrap().unmarked.len(), 0);
}

#[test]
fn a_schema_1_file_gains_an_empty_storyboard() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.feint");
    {
        // A file as the first Feint wrote it: migration 1 only.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(include_str!("../store/migrations/0001_operation.sql"))
            .unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        let op = crate::operation::Operation::new("Old", "1.0").unwrap();
        crate::operation::save(&conn, &op).unwrap();
    }
    let mut s = Store::open(&path).unwrap();
    assert!(load(s.conn()).unwrap().events.is_empty());
    add(&mut s, new_event("SAC0003", 0, 540));
    assert_eq!(load(s.conn()).unwrap().events.len(), 1);
}

fn new_persona(store: &mut Store, name: &str) -> String {
    crate::persona::create_persona(
        store,
        crate::persona::NewPersona {
            name: name.into(),
            template: None,
        },
    )
    .unwrap()
    .profile
    .id
}

#[test]
fn persona_lanes_follow_the_links_and_a_drop_swaps_the_persona() {
    let mut s = Store::in_memory().unwrap();
    let zoe = new_persona(&mut s, "Zoe");
    let adam = new_persona(&mut s, "Adam");
    // Dropped on Zoe's lane: the new event has Zoe.
    let added = add_event(
        &mut s,
        NewEvent {
            lane: Some(LaneTarget::new(LaneGrouping::Persona, &zoe)),
            ..new_event("EAC0005", 1, 600)
        },
    )
    .unwrap();
    let e = added.events[0].id.clone();
    assert_eq!(added.event_personas[&e], vec![zoe.clone()]);
    let view = lane_view(s.conn(), LaneGrouping::Persona).unwrap();
    let labels: Vec<&str> = view.lanes.iter().map(|l| l.label.as_str()).collect();
    assert_eq!(labels, ["Adam", "Zoe", "No persona"]);
    assert_eq!(view.event_lanes[&e], zoe);

    // With both personas the event shows in the first by name.
    set_event_personas(&mut s, &e, &[zoe.clone(), adam.clone()]).unwrap();
    assert_eq!(
        lane_view(s.conn(), LaneGrouping::Persona)
            .unwrap()
            .event_lanes[&e],
        adam
    );
    // Moving from Adam's lane to "No persona" clears; moving to Zoe's swaps Adam for Zoe.
    move_events(
        &mut s,
        std::slice::from_ref(&e),
        0,
        Some(LaneTarget::new(LaneGrouping::Persona, &zoe)),
    )
    .unwrap();
    assert_eq!(
        crate::persona::links_of(s.conn(), &e).unwrap(),
        vec![zoe.clone()]
    );
    let change = move_events(
        &mut s,
        std::slice::from_ref(&e),
        60,
        Some(LaneTarget::new(LaneGrouping::Persona, "")),
    )
    .unwrap();
    assert_eq!(change.event_personas[&e], Vec::<String>::new());
    assert_eq!(
        lane_view(s.conn(), LaneGrouping::Persona)
            .unwrap()
            .event_lanes[&e],
        ""
    );
    // Undo puts Zoe back, and the event back an hour.
    let undone = undo(&mut s).unwrap().unwrap();
    assert_eq!(undone.event_personas[&e], vec![zoe.clone()]);
    assert_eq!(undone.events[0].minute, 600);
    // An unknown persona is refused and nothing changes.
    let err = move_events(
        &mut s,
        std::slice::from_ref(&e),
        0,
        Some(LaneTarget::new(LaneGrouping::Persona, "ghost")),
    )
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
    assert_eq!(
        crate::persona::links_of(s.conn(), &e).unwrap(),
        vec![zoe.clone()]
    );
}

#[test]
fn setting_an_events_personas_is_undone_and_redone() {
    let mut s = Store::in_memory().unwrap();
    let a = new_persona(&mut s, "Ana");
    let e = add(&mut s, new_event("EAC0011", 0, 540)).id;
    let change = set_event_personas(&mut s, &e, std::slice::from_ref(&a)).unwrap();
    assert_eq!(change.label, "Set the personas of “Pocket Litter”");
    assert_eq!(load(s.conn()).unwrap().event_personas[&e], vec![a.clone()]);
    let undone = undo(&mut s).unwrap().unwrap();
    assert_eq!(undone.event_personas[&e], Vec::<String>::new());
    assert!(!load(s.conn()).unwrap().event_personas.contains_key(&e));
    let redone = redo(&mut s).unwrap().unwrap();
    assert_eq!(redone.event_personas[&e], vec![a.clone()]);
    let err = set_event_personas(&mut s, &e, &["ghost".into()]).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
    assert_eq!(load(s.conn()).unwrap().event_personas[&e], vec![a]);
}
