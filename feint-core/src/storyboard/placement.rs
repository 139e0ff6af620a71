//! Where a placed activity goes: the one rule behind every "Place on storyboard" (a
//! recommendation, the Catalog's activity details, the storyboard's keyboard path).
//!
//! A placed event goes in the lane of the activity's own goal and never on top of another
//! event of that lane: at the start of the engagement window, or at the first free slot at or
//! after the time the planner has in focus. It is never refused for the state of another page
//! (the lane of whatever event was last selected, a goal filter the activity does not serve):
//! those are preferences, used only when the activity fits them.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalog::{Activity, Catalog};
use crate::document::Document;
use crate::error::{FeintError, Result};
use crate::operation;

use super::event::{self, goal_of_approach, DEFAULT_DURATION_MIN};
use super::time::MINUTES_PER_DAY;
use super::{NewEvent, StoryboardChange};

/// The start of the engagement window when nothing is in focus: D+0 at 09:00, the start of a
/// working day in the operation's zone.
pub const WINDOW_START: Slot = Slot {
    day: 0,
    minute: 9 * 60,
};

/// A time on the storyboard, relative to the operation's start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Slot {
    pub day: i32,
    pub minute: i32,
}

impl Slot {
    fn offset(self) -> i64 {
        self.day as i64 * MINUTES_PER_DAY as i64 + self.minute as i64
    }

    fn from_offset(offset: i64) -> Slot {
        let per_day = MINUTES_PER_DAY as i64;
        Slot {
            day: offset.div_euclid(per_day) as i32,
            minute: offset.rem_euclid(per_day) as i32,
        }
    }
}

/// What the planner asked to place, and what the page they asked from had in view.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
pub struct Placement {
    pub activity_id: String,
    /// The goal the planner is looking at (a recommendation filter, the goal lane in focus):
    /// taken when the activity serves it, else the activity's own goal is.
    pub goal_id: Option<String>,
    /// The time in focus: the event goes to the first free slot at or after it. Without it,
    /// the start of the engagement window.
    pub after: Option<Slot>,
}

/// Where the rule puts an activity: an approach (which decides the goal lane) and a start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spot {
    pub approach_id: String,
    pub goal_id: String,
    pub slot: Slot,
}

/// The activity's goal: the one asked for when the activity serves it, else the first of the
/// operation's goals it serves, else the goal of its first approach.
fn own_goal(
    catalog: &Catalog,
    activity: &Activity,
    asked: Option<&str>,
    operation_goals: &[String],
) -> Option<String> {
    let serves = |g: &str| activity.goal_ids.iter().any(|x| x == g);
    asked
        .filter(|g| serves(g))
        .map(String::from)
        .or_else(|| operation_goals.iter().find(|g| serves(g)).cloned())
        .or_else(|| {
            activity
                .approach_ids
                .first()
                .and_then(|a| catalog.approaches.iter().find(|x| &x.id == a))
                .and_then(|a| a.goal_ids.first().cloned())
        })
}

/// The activity's approach under `goal`: its first approach that sits under that goal.
fn approach_under(catalog: &Catalog, activity: &Activity, goal: &str) -> Option<String> {
    activity
        .approach_ids
        .iter()
        .find(|a| {
            catalog
                .approaches
                .iter()
                .any(|x| &x.id == *a && x.goal_ids.iter().any(|g| g == goal))
        })
        .cloned()
}

/// The first start at or after `from` where `duration` minutes overlap none of `busy`
/// (start, end) intervals.
pub fn first_free(busy: &[(i64, i64)], from: i64, duration: i64) -> i64 {
    let mut sorted = busy.to_vec();
    sorted.sort();
    let mut start = from;
    // Sorted by start, one pass settles it: an interval that ends before the start can never
    // overlap a later start, and once one begins after the slot ends, all the rest do too.
    for (b_start, b_end) in sorted {
        if b_start < start + duration && b_end > start {
            start = start.max(b_end);
        }
    }
    start
}

/// Where the rule puts `placement` on this storyboard (see the module notes).
pub fn spot(conn: &Connection, catalog: &Catalog, placement: &Placement) -> Result<Spot> {
    let activity = catalog
        .activity(placement.activity_id.trim())
        .ok_or_else(|| {
            FeintError::invalid(format!(
                "\"{}\" is not an Engage activity of catalog {}",
                placement.activity_id, catalog.version
            ))
        })?;
    let goals = operation::load(conn)?.goals;
    let goal_id =
        own_goal(catalog, activity, placement.goal_id.as_deref(), &goals).ok_or_else(|| {
            FeintError::invalid(format!(
                "{} ({}) sits under no Engage goal of catalog {}",
                activity.name, activity.id, catalog.version
            ))
        })?;
    let approach_id = approach_under(catalog, activity, &goal_id).ok_or_else(|| {
        FeintError::invalid(format!(
            "{} ({}) has no approach under the goal {goal_id}",
            activity.name, activity.id
        ))
    })?;
    let busy: Vec<(i64, i64)> = event::load_all(conn)?
        .iter()
        .filter(|e| goal_of_approach(&e.approach_id) == Some(goal_id.as_str()))
        .map(|e| {
            let start = e.start_offset();
            (start, start + e.duration_min as i64)
        })
        .collect();
    let from = placement.after.unwrap_or(WINDOW_START).offset();
    let start = first_free(&busy, from, DEFAULT_DURATION_MIN as i64);
    Ok(Spot {
        approach_id,
        goal_id,
        slot: Slot::from_offset(start),
    })
}

/// The new event the rule makes for `placement`, with these techniques listed.
pub fn new_event(
    conn: &Connection,
    catalog: &Catalog,
    placement: &Placement,
    technique_ids: Option<Vec<String>>,
) -> Result<NewEvent> {
    let spot = spot(conn, catalog, placement)?;
    Ok(NewEvent {
        activity_id: placement.activity_id.trim().to_string(),
        day: spot.slot.day,
        minute: spot.slot.minute,
        approach_id: Some(spot.approach_id),
        technique_ids,
        ..Default::default()
    })
}

impl Document {
    /// Places an activity by the placement rule, as one undoable storyboard edit.
    pub fn place_activity(&mut self, placement: &Placement) -> Result<StoryboardChange> {
        let new = new_event(self.store.conn(), &self.catalog, placement, None)?;
        super::add_event(&mut self.store, new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog;
    use crate::operation::{self, Operation};
    use crate::store::Store;
    use crate::storyboard::{self, lane_key, LaneGrouping};

    fn store_with_goals(goals: &[&str]) -> Store {
        let mut store = Store::in_memory().unwrap();
        let mut op = Operation::new("Op", "1.0").unwrap();
        op.goals = goals.iter().map(|g| g.to_string()).collect();
        store.with_tx(|tx| operation::save(tx, &op)).unwrap();
        store
    }

    fn place(store: &mut Store, p: Placement) -> event::Event {
        let new = new_event(store.conn(), catalog::builtin(), &p, None).unwrap();
        storyboard::add_event(store, new).unwrap().events[0].clone()
    }

    fn placement(activity: &str, goal: Option<&str>, after: Option<(i32, i32)>) -> Placement {
        Placement {
            activity_id: activity.into(),
            goal_id: goal.map(String::from),
            after: after.map(|(day, minute)| Slot { day, minute }),
        }
    }

    fn goal_lane(e: &event::Event) -> String {
        lane_key(e, LaneGrouping::Goal)
    }

    #[test]
    fn the_first_free_slot_skips_every_overlap_and_never_moves_back() {
        assert_eq!(first_free(&[], 540, 60), 540);
        // Touching intervals leave no gap; a long one swallowing a short one is honoured.
        assert_eq!(first_free(&[(540, 600), (600, 660)], 540, 60), 660);
        assert_eq!(first_free(&[(500, 900), (560, 600)], 540, 60), 900);
        // A gap too short for the event is skipped; one long enough is taken.
        assert_eq!(first_free(&[(540, 600), (630, 700)], 540, 60), 700);
        assert_eq!(first_free(&[(540, 600), (660, 700)], 540, 60), 600);
        // Busy time wholly before the focus does not matter.
        assert_eq!(first_free(&[(0, 100)], 540, 60), 540);
    }

    #[test]
    fn a_new_operation_places_at_the_window_start_then_after_it_in_the_own_goal_lane() {
        let mut store = store_with_goals(&[]);
        // API Monitoring is an Expose activity: Expose lane, D+0 09:00.
        let first = place(&mut store, placement("EAC0001", None, None));
        assert_eq!(goal_lane(&first), "EGO0001");
        assert_eq!(
            (first.day, first.minute),
            (WINDOW_START.day, WINDOW_START.minute)
        );
        // A second Expose activity is not stacked on the first.
        let second = place(&mut store, placement("EAC0002", None, None));
        assert_eq!(goal_lane(&second), "EGO0001");
        assert_eq!((second.day, second.minute), (0, 600));
        // An Affect activity has its own lane, free at the window start.
        let affect = place(&mut store, placement("EAC0020", None, None));
        assert_eq!(goal_lane(&affect), "EGO0002");
        assert_eq!((affect.day, affect.minute), (0, 540));
    }

    #[test]
    fn the_focused_time_is_a_start_from_which_the_first_free_slot_is_taken() {
        let mut store = store_with_goals(&["EGO0002"]);
        let busy = place(&mut store, placement("EAC0018", None, Some((1, 600))));
        assert_eq!((busy.day, busy.minute), (1, 600));
        let next = place(&mut store, placement("EAC0016", None, Some((1, 630))));
        assert_eq!(goal_lane(&next), "EGO0002");
        assert_eq!((next.day, next.minute), (1, 660));
        // Across midnight the day moves on.
        let late = place(
            &mut store,
            placement("EAC0020", None, Some((1, 23 * 60 + 30))),
        );
        let later = place(
            &mut store,
            placement("EAC0019", None, Some((1, 23 * 60 + 30))),
        );
        assert_eq!((late.day, late.minute), (1, 23 * 60 + 30));
        assert_eq!((later.day, later.minute), (2, 30));
    }

    #[test]
    fn the_asked_goal_counts_only_when_the_activity_serves_it_and_is_never_a_refusal() {
        let mut store = store_with_goals(&["EGO0001"]);
        // Network Manipulation serves Affect only: asked for Expose, it goes to Affect.
        let e = place(
            &mut store,
            placement("EAC0016", Some("EGO0001"), Some((0, 540))),
        );
        assert_eq!(goal_lane(&e), "EGO0002");
        // Lures serves Expose and Affect: the filter's goal wins over the operation's.
        let lures = place(&mut store, placement("EAC0005", Some("EGO0002"), None));
        assert_eq!(goal_lane(&lures), "EGO0002");
        assert_eq!((lures.day, lures.minute), (0, 600));
        // Without a filter, the operation's goal (Expose) decides.
        let lures = place(&mut store, placement("EAC0005", None, None));
        assert_eq!(goal_lane(&lures), "EGO0001");
        // A planning activity goes to its own strategic lane.
        let plan = place(&mut store, placement("SAC0003", Some("EGO0001"), None));
        assert_eq!(goal_lane(&plan), "SGO0001");
        // An unknown activity is the only refusal.
        let err = spot(
            store.conn(),
            catalog::builtin(),
            &placement("EAC9999", None, None),
        )
        .unwrap_err();
        assert!(err.message.contains("EAC9999"), "{}", err.message);
    }
}
