// Generated from the Rust types by feint-core/src/bindings.rs. Do not edit.

export type ErrorCode = "not_found" | "not_an_operation" | "newer_version" | "corrupt" | "invalid_input" | "already_exists" | "no_operation" | "io" | "database";

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

export type Vulnerability = { id: string, summary: string, };

export type ActivityDetails = { id: string, name: string, kind: Kind, summary: string, goals: Array<NamedRef>, approaches: Array<NamedRef>, vulnerabilities: Array<Vulnerability>, techniques: Array<TechniqueRef>, };
