// Generated from the Rust types by feint-core/src/bindings.rs. Do not edit.

export type ErrorCode = "not_found" | "not_an_operation" | "newer_version" | "corrupt" | "invalid_input" | "already_exists" | "no_operation" | "io" | "database" | "passphrase_required" | "wrong_passphrase";

export type FeintError = { code: ErrorCode, message: string, };

export type Operation = { id: string, name: string, codename: string, 
/**
 * Engagement goal IDs: EGO0001 Expose, EGO0002 Affect, EGO0003 Elicit.
 */
goals: Array<string>, objective: string, 
/**
 * ISO dates (YYYY-MM-DD).
 */
start_date: string | null, end_date: string | null, 
/**
 * IANA time zone name, e.g. "Europe/Paris".
 */
timezone: string, 
/**
 * Printed verbatim on every export page (e.g. "TLP:AMBER").
 */
handling_marking: string, narrative: string, document: DocumentControl, catalog_version: string, 
/**
 * RFC 3339, UTC.
 */
created_at: string, modified_at: string, };

export type DocumentControl = { version: string, prepared_by: string, approver: string, approval_date: string | null, distribution: Array<string>, };

export type OperationPatch = { name?: string, codename?: string, goals?: Array<string>, objective?: string, 
/**
 * "" clears the date.
 */
start_date?: string, end_date?: string, timezone?: string, handling_marking?: string, narrative?: string, doc_version?: string, prepared_by?: string, approver?: string, approval_date?: string, distribution?: Array<string>, };

export type RecentFile = { path: string, file_name: string, 
/**
 * False when the file was moved or deleted since.
 */
exists: boolean, };

export type OpenFile = { path: string, file_name: string, };

export type AppState = { file: OpenFile | null, operation: Operation | null, recent: Array<RecentFile>, };

export type Kind = "strategic" | "engagement";

export type Matrix = { version: string, goals: Array<MatrixGoal>, };

export type MatrixGoal = { id: string, name: string, kind: Kind, approaches: Array<MatrixApproach>, };

export type MatrixApproach = { id: string, name: string, activities: Array<ActivityCard>, };

export type ActivityCard = { id: string, name: string, summary: string, };

export type NamedRef = { id: string, name: string, };

export type TechniqueRef = { id: string, name: string, tactics: Array<string>, 
/**
 * The vulnerabilities through which this activity answers the technique.
 */
vulnerability_ids: Array<string>, };

export type Technique = { id: string, name: string, 
/**
 * Tactic names, e.g. "Discovery".
 */
tactics: Array<string>, };

export type Vulnerability = { id: string, summary: string, };

export type ActivityDetails = { id: string, name: string, kind: Kind, summary: string, goals: Array<NamedRef>, approaches: Array<NamedRef>, vulnerabilities: Array<Vulnerability>, techniques: Array<TechniqueRef>, };

export type ReleaseImport = { version: string, 
/**
 * False when exactly this release was imported before: nothing changed.
 */
changed: boolean, activities: number, techniques: number, mappings: number, };

export type CatalogVersion = { version: string, 
/**
 * True when an imported official release provides it (official descriptions).
 */
official: boolean, };

export type About = { version: string, 
/**
 * The Engage catalog built into this binary.
 */
builtin_catalog: string, 
/**
 * Every catalog version usable here: the built-in one first, then imported releases.
 */
catalogs: Array<CatalogVersion>, };

export type Visibility = "revealed" | "concealed";

export type Truth = "fact" | "fiction";

export type Status = "planned" | "ready" | "done";

export type LaneGrouping = "goal" | "approach" | "host" | "custom" | "persona";

export type LaneTarget = { grouping: LaneGrouping, 
/**
 * The lane's `key` (see [`Lane`]).
 */
key: string, };

export type Event = { id: string, 
/**
 * The Engage activity this event places (EAC…/SAC…).
 */
activity_id: string, 
/**
 * One of the activity's approaches; it decides the goal lane.
 */
approach_id: string, title: string, 
/**
 * What is done and what the adversary should find.
 */
narrative: string, 
/**
 * Days from the operation's start (D+N); negative for preparation.
 */
day: number, 
/**
 * Local minute of the day in the operation's time zone, 0..1440.
 */
minute: number, duration_min: number, 
/**
 * Free host or asset name; "" for none.
 */
host: string, 
/**
 * The custom lane, if any.
 */
lane_id: string | null, 
/**
 * null while unset.
 */
visibility: Visibility | null, 
/**
 * null while unset.
 */
truth: Truth | null, 
/**
 * ATT&CK technique IDs the event expects or answers (T1098, T1098.004), any technique.
 */
technique_ids: Array<string>, 
/**
 * How the event will be observed.
 */
collection_point: string, status: Status, notes: string, 
/**
 * The role that carries the event out (the order's tasks by role); null while unset.
 */
owner_role: Role | null, 
/**
 * RFC 3339, UTC.
 */
created_at: string, modified_at: string, };

export type NewEvent = { activity_id: string, day: number, minute: number, duration_min?: number, 
/**
 * Defaults to the activity's first approach, or to one matching `lane`.
 */
approach_id?: string, 
/**
 * Place the event in this lane of a grouping (the lane it was dropped on).
 */
lane?: LaneTarget, title?: string, narrative?: string, host?: string, lane_id?: string, visibility?: Visibility, truth?: Truth, technique_ids?: Array<string>, collection_point?: string, status?: Status, notes?: string, 
/**
 * The personas taking part (IDs).
 */
persona_ids?: Array<string>, };

export type EventPatch = { 
/**
 * A new activity keeps the current approach if it holds the activity, else one under the
 * same goal, else the activity's first.
 */
activity_id?: string, approach_id?: string, title?: string, narrative?: string, day?: number, minute?: number, duration_min?: number, host?: string, lane_id?: string | null, visibility?: Visibility | null, truth?: Truth | null, technique_ids?: Array<string>, collection_point?: string, status?: Status, notes?: string, owner_role?: Role | null, };

export type MarkingPatch = { visibility?: Visibility | null, truth?: Truth | null, };

export type CustomLane = { id: string, name: string, 
/**
 * 0-based display order.
 */
position: number, };

export type Lane = { 
/**
 * What `lane_key` gives for the events in this lane: a goal or approach ID, a host name, a
 * custom lane ID; "" is the lane of events with no host or no custom lane.
 */
key: string, label: string, };

export type LaneView = { grouping: LaneGrouping, lanes: Array<Lane>, 
/**
 * Event ID → lane key.
 */
event_lanes: { [key in string]: string }, };

export type SupportingItem = { id: string, text: string, 
/**
 * null while unset.
 */
visibility: Visibility | null, 
/**
 * null while unset.
 */
truth: Truth | null, 
/**
 * 0-based order in which the planner added the items.
 */
position: number, };

export type NewSupportingItem = { text: string, visibility?: Visibility, truth?: Truth, };

export type SupportingPatch = { text?: string, visibility?: Visibility | null, truth?: Truth | null, };

export type Storyboard = { 
/**
 * In time order: day, minute, title.
 */
events: Array<Event>, 
/**
 * Custom lanes in the planner's order.
 */
lanes: Array<CustomLane>, supporting: Array<SupportingItem>, 
/**
 * Event ID → the personas taking part (IDs), for events that have any.
 */
event_personas: { [key in string]: Array<string> }, can_undo: boolean, can_redo: boolean, 
/**
 * What Undo would undo, e.g. "Move 3 events".
 */
undo_label: string | null, redo_label: string | null, };

export type StoryboardChange = { 
/**
 * The edit's label (for undo/redo: the edit undone or redone); "" when nothing changed.
 */
label: string, 
/**
 * Events added or changed, as now stored.
 */
events: Array<Event>, removed_event_ids: Array<string>, 
/**
 * The whole custom lane list, when any lane changed.
 */
lanes: Array<CustomLane> | null, supporting: Array<SupportingItem>, removed_supporting_ids: Array<string>, 
/**
 * Events whose personas changed → their personas now (empty: none).
 */
event_personas: { [key in string]: Array<string> }, can_undo: boolean, can_redo: boolean, undo_label: string | null, redo_label: string | null, };

export type QuadItemKind = "event" | "supporting";

export type QuadItem = { kind: QuadItemKind, id: string, 
/**
 * The event's title or the supporting item's text.
 */
label: string, 
/**
 * For events: the Engage activity.
 */
activity_id: string | null, visibility: Visibility | null, truth: Truth | null, };

export type QuadChart = { 
/**
 * Non-essential truths that validate the story.
 */
revealed_fact: Array<QuadItem>, 
/**
 * Essential truths to protect.
 */
concealed_fact: Array<QuadItem>, 
/**
 * The disinformation to be believed.
 */
revealed_fiction: Array<QuadItem>, 
/**
 * What the adversary should think important because it is hidden.
 */
concealed_fiction: Array<QuadItem>, unmarked: Array<QuadItem>, };

export type Span = { start_utc: string, end_utc: string, };

export type DetailLevel = "light" | "full";

export type SecretKind = "password" | "honeytoken";

export type PersonaProfile = { id: string, name: string, 
/**
 * ISO date (YYYY-MM-DD).
 */
date_of_birth: string | null, 
/**
 * Geographical area, e.g. "Hamburg, Germany".
 */
area: string, 
/**
 * Role or job title.
 */
role: string, 
/**
 * Up to 100 KB of text.
 */
background: string, detail: DetailLevel, 
/**
 * IANA time zone of the working hours.
 */
timezone: string, 
/**
 * Working hours: 7 strings, Monday first, each 24 characters of '0' or '1' (hour 0..23 of
 * local time in `timezone`).
 */
schedule: Array<string>, 
/**
 * Sleep schedule, as text.
 */
sleep: string, interests: string, 
/**
 * Typical websites, one per line.
 */
websites: string, 
/**
 * Other habits.
 */
habits: string, goals: string, critical_tasks: string, 
/**
 * The day the persona started in its role (ISO date); events before it are flagged.
 */
start_date: string | null, 
/**
 * RFC 3339, UTC.
 */
created_at: string, modified_at: string, };

export type Persona = { 
/**
 * In the planner's order.
 */
accounts: Array<Account>, id: string, name: string, 
/**
 * ISO date (YYYY-MM-DD).
 */
date_of_birth: string | null, 
/**
 * Geographical area, e.g. "Hamburg, Germany".
 */
area: string, 
/**
 * Role or job title.
 */
role: string, 
/**
 * Up to 100 KB of text.
 */
background: string, detail: DetailLevel, 
/**
 * IANA time zone of the working hours.
 */
timezone: string, 
/**
 * Working hours: 7 strings, Monday first, each 24 characters of '0' or '1' (hour 0..23 of
 * local time in `timezone`).
 */
schedule: Array<string>, 
/**
 * Sleep schedule, as text.
 */
sleep: string, interests: string, 
/**
 * Typical websites, one per line.
 */
websites: string, 
/**
 * Other habits.
 */
habits: string, goals: string, critical_tasks: string, 
/**
 * The day the persona started in its role (ISO date); events before it are flagged.
 */
start_date: string | null, 
/**
 * RFC 3339, UTC.
 */
created_at: string, modified_at: string, };

export type Account = { id: string, 
/**
 * The system or service, e.g. "build-01 (ssh)".
 */
system: string, username: string, secret_kind: SecretKind, secret: string, 
/**
 * null while unset.
 */
visibility: Visibility | null, notes: string, };

export type NewPersona = { name: string, template?: string, };

export type PersonaPatch = { name?: string, date_of_birth?: string, area?: string, role?: string, background?: string, detail?: DetailLevel, timezone?: string, schedule?: Array<string>, sleep?: string, interests?: string, websites?: string, habits?: string, goals?: string, critical_tasks?: string, start_date?: string, };

export type NewAccount = { system?: string, username?: string, secret_kind?: SecretKind, secret?: string, visibility?: Visibility, notes?: string, };

export type AccountPatch = { system?: string, username?: string, secret_kind?: SecretKind, secret?: string, visibility?: Visibility | null, notes?: string, };

export type Avatar = { initials: string, hue: number, };

export type PersonaView = { persona: Persona, avatar: Avatar, };

export type PersonaTemplate = { 
/**
 * Passed as `NewPersona.template`.
 */
key: string, 
/**
 * Shown in the template picker.
 */
label: string, role: string, detail: DetailLevel, 
/**
 * 7 × 24 working hours, Monday first (see `PersonaProfile::schedule`).
 */
schedule: Array<string>, sleep: string, interests: string, websites: string, habits: string, critical_tasks: string, };

export type WarningCode = "out_of_hours" | "before_start" | "shared_username" | "no_events";

export type PersonaWarning = { code: WarningCode, persona_id: string, 
/**
 * The event concerned, for the rules about events.
 */
event_id: string | null, message: string, };

export type Confidence = "low" | "medium" | "high";

export type Adversary = { name: string, aliases: Array<string>, description: string, 
/**
 * Where what we know comes from, in the team's words.
 */
sources: string, 
/**
 * Report titles or addresses; shown as text, never opened.
 */
references: Array<string>, 
/**
 * RFC 3339, UTC; "" until the adversary is first edited.
 */
modified_at: string, };

export type AdversaryPatch = { name?: string, aliases?: Array<string>, description?: string, sources?: string, references?: Array<string>, };

export type TechniqueEntry = { technique_id: string, note: string, confidence: Confidence | null, };

export type ThreatTechnique = { technique_id: string, 
/**
 * The technique the Engage mapping knows it by (itself, or the parent of a sub-technique).
 */
parent_id: string, 
/**
 * The name as ATT&CK writes it: "Phishing: Spearphishing Attachment" for a sub-technique.
 */
name: string, tactics: Array<string>, note: string, confidence: Confidence | null, };

export type ThreatModel = { adversary: Adversary, techniques: Array<ThreatTechnique>, };

export type TechniquePatch = { note?: string, 
/**
 * An explicit `null` clears the confidence.
 */
confidence?: Confidence | null, };

export type LayerProblem = { 
/**
 * Where in the file: `techniques[3]`, or `layer 2: techniques[3]` in a list of layers.
 */
position: string, 
/**
 * The ID as written ("" when there was none).
 */
technique_id: string, reason: string, };

export type LayerImportReport = { 
/**
 * The layers' names, in file order ("" for an unnamed layer).
 */
layers: Array<string>, 
/**
 * Techniques new to the threat model, in file order.
 */
added: Array<string>, 
/**
 * Techniques the model held already; left exactly as they were.
 */
already_present: Array<string>, 
/**
 * Entries marked `"enabled": false`, skipped: once per layer that disables the technique
 * (so an ID may repeat), unless another entry imported it.
 */
disabled: Array<string>, 
/**
 * How many of `disabled` each layer skipped, in `layers` order.
 */
disabled_by_layer: Array<number>, problems: Array<LayerProblem>, 
/**
 * The threat model after the import.
 */
model: ThreatModel, };

export type Reason = { 
/**
 * The technique as the Engage mapping names it (a parent technique).
 */
technique_id: string, technique_name: string, 
/**
 * The adversary's techniques that roll up to it (T1098.004 for T1098), as stored.
 */
adversary_technique_ids: Array<string>, vulnerability_id: string, vulnerability: string, };

export type TechniqueReasons = { 
/**
 * The technique as the Engage mapping names it (a parent technique).
 */
technique_id: string, technique_name: string, 
/**
 * The adversary's techniques that roll up to it, as stored.
 */
adversary_technique_ids: Array<string>, 
/**
 * The vulnerabilities, by ID.
 */
vulnerabilities: Array<Vulnerability>, };

export type Recommendation = { activity_id: string, name: string, summary: string, goal_ids: Array<string>, 
/**
 * Distinct mapped techniques of the adversary this activity can exploit (the rank).
 */
technique_count: number, 
/**
 * Distinct vulnerabilities behind them (the first tie-break).
 */
vulnerability_count: number, 
/**
 * The adversary's techniques, as stored, that an event placing this activity answers.
 */
answers: Array<string>, 
/**
 * Technique → vulnerability pairs, by technique then vulnerability.
 */
reasons: Array<Reason>, 
/**
 * The same reasons grouped by technique, as a planner reads them.
 */
by_technique: Array<TechniqueReasons>, 
/**
 * How many storyboard events already place this activity.
 */
on_storyboard: number, 
/**
 * The earliest of them, to jump to.
 */
first_event_id: string | null, };

export type CoverageEvent = { event_id: string, title: string, activity_id: string, };

export type CoverageItem = { technique_id: string, name: string, engaged: boolean, 
/**
 * The events that engage it, in storyboard order.
 */
events: Array<CoverageEvent>, 
/**
 * Planning or analysis events that list it: they engage nothing, but show it is planned.
 */
planning_events: Array<CoverageEvent>, };

export type Coverage = { 
/**
 * Every adversary technique, in the threat model's order.
 */
techniques: Array<CoverageItem>, engaged: number, total: number, };

export type CoverageState = "engaged" | "planning_only" | "not_engaged";

export type MatrixCell = { technique_id: string, name: string, state: CoverageState, };

export type MatrixColumn = { tactic: string, 
/**
 * The adversary's techniques of this tactic, by ID.
 */
techniques: Array<MatrixCell>, };

export type ThreatMatrix = { columns: Array<MatrixColumn>, };

export type Slot = { day: number, minute: number, };

export type Placement = { activity_id: string, 
/**
 * The goal the planner is looking at (a recommendation filter, the goal lane in focus):
 * taken when the activity serves it, else the activity's own goal is.
 */
goal_id?: string, 
/**
 * The time in focus: the event goes to the first free slot at or after it. Without it,
 * the start of the engagement window.
 */
after?: Slot, };

export type GatingAction = "pause" | "stop" | "escalate";

export type Role = "stakeholder" | "team_lead" | "operation_coordinator" | "reverse_engineer" | "threat_analyst" | "operational_user" | "system_administrator" | "blue_team" | "red_team";

export type OrderTexts = { rules_of_engagement: string, opsec: string, 
/**
 * Where what the adversary does is recorded.
 */
collection_system: string, 
/**
 * Where the team studies what was collected.
 */
analysis_system: string, 
/**
 * How alerts reach the team.
 */
alerting: string, 
/**
 * Logistics, upkeep and teardown of the environment.
 */
sustainment: string, };

export type TextField = "rules_of_engagement" | "opsec" | "collection_system" | "analysis_system" | "alerting" | "sustainment";

export type GatingCriterion = { id: string, 
/**
 * What has to happen, e.g. "the adversary reaches a host outside the environment".
 */
condition: string, action: GatingAction, 
/**
 * Who makes the call.
 */
decided_by: string, 
/**
 * How the team will notice.
 */
detection: string, 
/**
 * The decision point: the day (D+N) the call is due, if it is tied to one.
 */
decision_day: number | null, 
/**
 * Or the phase whose end is the decision point.
 */
phase_id: string | null, };

export type SuccessCriterion = { id: string, 
/**
 * What counts as meeting the objective.
 */
criterion: string, 
/**
 * How it is measured.
 */
measure: string, };

export type RoleContact = { role: Role, 
/**
 * A role the operation does without is not flagged by readiness.
 */
needed: boolean, 
/**
 * The point of contact; one person may hold several roles.
 */
contact: string, details: string, notes: string, };

export type Host = { id: string, hostname: string, os: string, purpose: string, notes: string, 
/**
 * Persona accounts that live on this host.
 */
account_ids: Array<string>, };

export type RiskLevel = "low" | "medium" | "high";

export type ListItem = { id: string, text: string, };

export type OpordList = "references" | "information_requirements";

export type Phase = { id: string, name: string, start_day: number, end_day: number, purpose: string, };

export type Risk = { id: string, risk: string, likelihood: RiskLevel, impact: RiskLevel, mitigation: string, 
/**
 * Who watches the risk and acts on it.
 */
owner: string, };

export type Opord = { order_number: string, 
/**
 * "Copy 3 of 12"; 0 while not numbered.
 */
copy_number: number, copies: number, issuing_org: string, place_of_issue: string, 
/**
 * When the order is issued, local time in the operation's zone ("YYYY-MM-DDTHH:MM"), or
 * "" while not issued; the date-time group is derived from it.
 */
issued_at: string, commander_name: string, commander_role: string, 
/**
 * Our own organisation and defences taking part.
 */
friendly_forces: string, 
/**
 * The terrain: networks, business context, what else happens there.
 */
environment: string, assumptions: string, intent: string, pace_primary: string, pace_alternate: string, pace_contingency: string, pace_emergency: string, code_pause: string, code_stop: string, code_resume: string, reporting_schedule: string, references: Array<ListItem>, information_requirements: Array<ListItem>, phases: Array<Phase>, risks: Array<Risk>, };

export type OpordField = "order_number" | "issuing_org" | "place_of_issue" | "issued_at" | "commander_name" | "commander_role" | "friendly_forces" | "environment" | "assumptions" | "intent" | "pace_primary" | "pace_alternate" | "pace_contingency" | "pace_emergency" | "code_pause" | "code_stop" | "code_resume" | "reporting_schedule";

export type Order = { texts: OrderTexts, gating: Array<GatingCriterion>, success: Array<SuccessCriterion>, 
/**
 * Always the nine Engage roles, in [`Role::ALL`] order.
 */
roles: Array<RoleContact>, hosts: Array<Host>, 
/**
 * Front matter, intent, phases, risks, signal plan and signature (schema 6; absent from
 * older exports, which read as empty).
 */
opord: Opord, };

export type OrderEdit = { "kind": "set_text", field: TextField, value: string, } | { "kind": "add_gating", action?: GatingAction, condition?: string, } | { "kind": "update_gating", id: string, condition?: string, action?: GatingAction, decided_by?: string, detection?: string, 
/**
 * An explicit null clears it.
 */
decision_day?: number | null, phase_id?: string | null, } | { "kind": "delete_gating", id: string, } | { "kind": "add_success", criterion?: string, } | { "kind": "update_success", id: string, criterion?: string, measure?: string, } | { "kind": "delete_success", id: string, } | { "kind": "set_role", role: Role, needed?: boolean, contact?: string, details?: string, notes?: string, } | { "kind": "add_host", hostname?: string, } | { "kind": "update_host", id: string, hostname?: string, os?: string, purpose?: string, notes?: string, account_ids?: Array<string>, } | { "kind": "delete_host", id: string, } | { "kind": "set_opord_text", field: OpordField, value: string, } | { "kind": "set_copies", copy_number: number, copies: number, } | { "kind": "add_list_item", list: OpordList, text?: string, } | { "kind": "update_list_item", id: string, text: string, } | { "kind": "delete_list_item", id: string, } | { "kind": "add_phase", name?: string, start_day?: number, end_day?: number, } | { "kind": "update_phase", id: string, name?: string, start_day?: number, end_day?: number, purpose?: string, } | { "kind": "delete_phase", id: string, } | { "kind": "add_risk", risk?: string, } | { "kind": "update_risk", id: string, risk?: string, likelihood?: RiskLevel, impact?: RiskLevel, mitigation?: string, owner?: string, } | { "kind": "delete_risk", id: string, };

export type CheckId = "goal_chosen" | "objective_set" | "adversary_known" | "gating_criteria" | "unmarked_events" | "expose_without_collection" | "persona_conflicts" | "events_outside_dates" | "roles_without_contact" | "unengaged_techniques" | "no_reuse_with_recent";

export type Severity = "blocker" | "warning";

export type Target = { "kind": "order", section: string, } | { "kind": "event", id: string, } | { "kind": "persona", id: string, } | { "kind": "technique", id: string, } | { "kind": "operation" } | { "kind": "threat_model" };

export type ReadinessItem = { message: string, target: Target, };

export type ReadinessCheck = { id: CheckId, severity: Severity, 
/**
 * What the check asks, e.g. "Gating criteria are set".
 */
title: string, 
/**
 * Met: the check has something to check and it holds. Never true for a check whose
 * subject is absent (no vacuous passes).
 */
passed: boolean, 
/**
 * False when the check's subject is absent (no events, no Expose goal, no adversary
 * technique): the check is neither met nor open, and its one item says why.
 */
applicable: boolean, 
/**
 * The items that fail it, or the reason it does not apply (empty when passed).
 */
items: Array<ReadinessItem>, };

export type Skipped = { file: string, reason: string, };

export type Reuse = { message: string, target: Target, };

export type RecentCheck = { compared: Array<string>, skipped: Array<Skipped>, reuse: Array<Reuse>, };

export type Audience = "order" | "briefing" | "after_action";

export type ExportOptions = { audience: Audience, 
/**
 * How the timeline annex groups its lanes: by goal (the default), persona or host.
 */
lanes: LaneGrouping, };

export type PdfExport = { path: string, audience: Audience, pages: number, bytes: bigint, 
/**
 * Characters no font has, drawn as a stand-in: one line per character, naming it, its
 * code point and the headings it is under.
 */
missing_glyphs: Array<string>, 
/**
 * True when the file carries account passwords or honeytokens (an order, not a briefing).
 */
contains_secrets: boolean, };

export type RunPhase = "planning" | "approved" | "running" | "paused" | "closed";

export type RunState = { phase: RunPhase, 
/**
 * The approver's name; "" while in planning.
 */
approved_by: string, 
/**
 * RFC 3339, UTC.
 */
approved_at: string | null, started_at: string | null, closed_at: string | null, 
/**
 * The gate decision that paused or stopped the operation, while it stays paused or
 * closed; `None` when it runs or was paused or closed by hand.
 */
halted_by: string | null, };

export type PhaseChange = { "action": "approve", approved_by: string, } | { "action": "start" } | { "action": "pause" } | { "action": "resume" } | { "action": "close" };

export type ChangeKind = "added" | "removed" | "changed";

export type PlanChange = { kind: ChangeKind, 
/**
 * The event's ID; `None` for a part of the order.
 */
event_id: string | null, 
/**
 * The event's title (as now, or as approved when removed), or the order part's name.
 */
title: string, 
/**
 * For a changed event, the fields that differ (JSON names).
 */
fields: Array<string>, };

export type EntryKind = "adversary_action" | "our_action" | "decision" | "deviation" | "note";

export type Revision = { at: string, kind: EntryKind, text: string, 
/**
 * When the correction replaced it (RFC 3339, UTC).
 */
replaced_at: string, };

export type JournalEntry = { id: string, 
/**
 * When it happened (RFC 3339, UTC).
 */
at: string, author_role: Role, kind: EntryKind, text: string, event_ids: Array<string>, persona_ids: Array<string>, 
/**
 * ATT&CK techniques observed (T1098, T1098.004).
 */
technique_ids: Array<string>, 
/**
 * Earlier versions, oldest first; empty for an entry never corrected.
 */
history: Array<Revision>, created_at: string, modified_at: string, };

export type When = { 
/**
 * RFC 3339, UTC, as stored.
 */
utc: string, 
/**
 * "2026-12-08 09:30 CET" in the operation's zone.
 */
local: string, 
/**
 * Days from the operation's start date in its zone (D+N); `None` without a start date.
 */
day: number | null, };

export type JournalLine = { entry: JournalEntry, when: When, };

export type NewEntry = { 
/**
 * "now" (or left out), "14:05", "D+1 09:30", "2026-12-08 09:30" or RFC 3339.
 */
at?: string, author_role?: Role, kind?: EntryKind, text: string, event_ids?: Array<string>, persona_ids?: Array<string>, technique_ids?: Array<string>, };

export type Correction = { at?: string, kind?: EntryKind, text?: string, };

export type Outcome = "as_planned" | "changed" | "skipped" | "failed";

export type EventActual = { event_id: string, 
/**
 * RFC 3339, UTC.
 */
actual_start: string | null, actual_end: string | null, outcome: Outcome | null, reason: string, };

export type ActualView = { actual: EventActual, start: When | null, end: When | null, };

export type Decision = "continue" | "pause" | "stop" | "escalate";

export type GateDecision = { id: string, 
/**
 * The gating criterion's ID in the order.
 */
gating_id: string, 
/**
 * The criterion's condition and action as they read when the decision was made (the order
 * may change later).
 */
condition: string, action: GatingAction, decision: Decision, 
/**
 * Who made the call (a name or a role).
 */
decided_by: string, 
/**
 * When (RFC 3339, UTC).
 */
decided_at: string, 
/**
 * The journal entries that show the criterion was met.
 */
evidence_ids: Array<string>, note: string, created_at: string, };

export type GateDecisionView = { decision: GateDecision, when: When, 
/**
 * The criterion's number in the order's list (Gate 2), `None` once it was removed.
 */
gate: number | null, };

export type NewGateDecision = { gating_id: string, decision?: Decision, 
/**
 * Who decided; the criterion's "decided by" when left out.
 */
decided_by?: string, 
/**
 * "now" (or left out), "14:05", "D+1 09:30", "2026-12-08 09:30" or RFC 3339.
 */
decided_at?: string, evidence_ids?: Array<string>, note?: string, };

export type ActualPatch = { 
/**
 * "now", "14:05", "D+1 09:30", "2026-12-08 09:30", RFC 3339, or "" to clear.
 */
actual_start?: string, actual_end?: string, outcome?: Outcome | null, reason?: string, };

export type IndicatorKind = "ip" | "domain" | "url" | "file_hash" | "file_name" | "email" | "user_agent";

export type Indicator = { id: string, kind: IndicatorKind, 
/**
 * Normalised, never defanged.
 */
value: string, 
/**
 * RFC 3339, UTC.
 */
first_seen: string | null, last_seen: string | null, 
/**
 * Journal entries that saw it.
 */
entry_ids: Array<string>, note: string, created_at: string, modified_at: string, };

export type IndicatorView = { indicator: Indicator, 
/**
 * The value made safe to show and paste: `203.0.113[.]7`, `hxxps://example[.]com/a`.
 */
defanged: string, 
/**
 * What the value is: "IPv4", "IPv6", "MD5", "SHA-1", "SHA-256", or the kind's name.
 */
detail: string, first_seen: When | null, last_seen: When | null, };

export type NewIndicator = { kind?: IndicatorKind, 
/**
 * As seen; a defanged value (`1.2.3[.]4`, `hxxp://`) is read back to the real one.
 */
value: string, 
/**
 * "now", "14:05", "D+1 09:30", … as the journal reads times; left out: from the entries.
 */
first_seen?: string, last_seen?: string, entry_ids?: Array<string>, note?: string, };

export type Evidence = { id: string, file_name: string, 
/**
 * Bytes.
 */
size: number, 
/**
 * Lower-case hexadecimal, computed by Feint from the file.
 */
sha256: string, 
/**
 * Where the evidence is kept (the file's path unless the planner wrote another place).
 */
location: string, note: string, 
/**
 * Whether the operation holds a copy of the bytes.
 */
kept_copy: boolean, added_at: string, };

export type NewEvidence = { path: string, 
/**
 * Where it is kept; left out: the file's own path.
 */
location?: string, note?: string, 
/**
 * Keep a copy of the bytes in the operation.
 */
keep_copy?: boolean, };

export type ObservedTechnique = { technique_id: string, 
/**
 * ATT&CK's name, "Deploy Container".
 */
name: string, 
/**
 * How many journal entries name it.
 */
times: number, 
/**
 * The earliest of those entries.
 */
first_seen: When, 
/**
 * Whether the threat model lists this exact technique.
 */
in_model: boolean, };

export type Intelligence = { indicators: Array<IndicatorView>, evidence: Array<Evidence>, observed: Array<ObservedTechnique>, };

export type LayerCounts = { expected_only: number, observed_only: number, both: number, };

export type Rating = "met" | "partly" | "not_met" | "not_assessed";

export type CriterionAssessment = { criterion_id: string, rating: Rating, note: string, 
/**
 * Journal entry IDs, in the order they were given.
 */
evidence: Array<string>, };

export type LessonKind = "sustain" | "improve";

export type Lesson = { id: string, text: string, };

export type AssessedCriterion = { criterion: SuccessCriterion, assessment: CriterionAssessment, };

export type AfterActionView = { criteria: Array<AssessedCriterion>, sustain: Array<Lesson>, improve: Array<Lesson>, hotwash: string, };

export type AfterActionEdit = { "action": "assess", criterion_id: string, rating?: Rating, note?: string, evidence?: Array<string>, } | { "action": "add_lesson", kind: LessonKind, text: string, } | { "action": "set_lesson", id: string, text: string, } | { "action": "remove_lesson", id: string, } | { "action": "move_lesson", id: string, to: number, } | { "action": "set_hotwash", notes: string, };
