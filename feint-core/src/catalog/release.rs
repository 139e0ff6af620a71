//! Reading an official MITRE Engage release (the JSON folder MITRE publishes, e.g. v1.0) into a
//! [`Catalog`].
//!
//! Only the facts are taken: IDs, names, kinds, relations, the ATT&CK mapping rows and the
//! technique names and tactics. Summaries come from the release's short `description` fields
//! (and the `eav` text for vulnerabilities), whitespace folded onto one line.
//!
//! Ordering follows the Engage matrix so that [`Catalog::matrix`] can simply walk the lists:
//! goals run Prepare | engagement goals | Understand (the first strategic goal on the left, the
//! other strategic goals on the right); approaches follow their goal, and within a goal the
//! column order of `approach_matrix.json`; activities under an approach follow that column
//! top to bottom. Activities keep the order of `activities.json`; vulnerabilities and techniques
//! are sorted by ID; mapping rows keep the release order with exact duplicates collapsed.
//!
//! Anything malformed is refused with [`FeintError::invalid`], naming the file and the field.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;

use serde_json::Value;

use super::{Activity, Approach, Catalog, Goal, Kind, MappingRow, Technique, Vulnerability};
use crate::error::{FeintError, Result};

const GOALS: &str = "goals.json";
const GOAL_DETAILS: &str = "goal_details.json";
const APPROACHES: &str = "approaches.json";
const APPROACH_DETAILS: &str = "approach_details.json";
const ACTIVITIES: &str = "activities.json";
const ACTIVITY_DETAILS: &str = "activity_details.json";
const GOAL_APPROACH: &str = "goal_approach_mappings.json";
const APPROACH_ACTIVITY: &str = "approach_activity_mappings.json";
const APPROACH_MATRIX: &str = "approach_matrix.json";
const ATTACK_MAPPING: &str = "attack_mapping.json";
const ATTACK_TECHNIQUES: &str = "attack_tactics_techniques.json";

/// Files of a release this build reads; anything else in the folder or zip is ignored.
const FILES: [&str; 11] = [
    GOALS,
    GOAL_DETAILS,
    APPROACHES,
    APPROACH_DETAILS,
    ACTIVITIES,
    ACTIVITY_DETAILS,
    GOAL_APPROACH,
    APPROACH_ACTIVITY,
    APPROACH_MATRIX,
    ATTACK_MAPPING,
    ATTACK_TECHNIQUES,
];
/// A zip bigger than this is refused unread (v1.0 zips to well under 1 MB).
pub const MAX_ZIP_BYTES: u64 = 100 * 1024 * 1024;
/// One file of a release, unpacked; v1.0's largest is under 1 MB, so this leaves room and stops
/// a zip bomb.
const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;

/// Parses the official release at `path`: the folder MITRE publishes (e.g. `engage-v1.0`), or a
/// zip of it (the files at its root or inside one folder).
pub fn load_release(path: &Path) -> Result<Catalog> {
    if path.is_dir() {
        let files = Files::read(path)?;
        return build(&files, version_from_name(path));
    }
    if path.is_file() {
        let (files, version) = read_zip(path)?;
        return build(&files, version);
    }
    Err(FeintError::not_found(format!(
        "Engage release folder or zip not found: {}",
        path.display()
    )))
}

fn read_zip(path: &Path) -> Result<(Files, String)> {
    let size = std::fs::metadata(path)
        .map_err(|e| FeintError::io(&format!("cannot read {}", path.display()), e))?
        .len();
    if size > MAX_ZIP_BYTES {
        return Err(FeintError::invalid(format!(
            "{} is {} MB; an Engage release zip is at most {} MB",
            path.display(),
            size / (1024 * 1024),
            MAX_ZIP_BYTES / (1024 * 1024)
        )));
    }
    let file = std::fs::File::open(path)
        .map_err(|e| FeintError::io(&format!("cannot read {}", path.display()), e))?;
    let mut archive = zip::ZipArchive::new(file).map_err(|e| {
        FeintError::invalid(format!(
            "{} is neither an Engage release folder nor a zip of one: {e}",
            path.display()
        ))
    })?;
    // The folder inside the zip holding goals.json; every other file is read beside it.
    // A name that is not valid text cannot be one of the release's files; skip it.
    let names: Vec<String> = archive
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .collect();
    let anchor = names
        .iter()
        .filter(|n| *n == GOALS || n.ends_with(&format!("/{GOALS}")))
        .min_by_key(|n| n.len())
        .ok_or_else(|| {
            FeintError::invalid(format!("{GOALS}: missing from the zip {}", path.display()))
        })?;
    let prefix = anchor[..anchor.len() - GOALS.len()].to_string();
    let mut values = HashMap::new();
    for name in FILES {
        let full = format!("{prefix}{name}");
        let entry = match archive.by_name(&full) {
            Ok(entry) => entry,
            Err(zip::result::ZipError::FileNotFound) => {
                return Err(FeintError::invalid(format!(
                    "{name}: missing from the zip {}",
                    path.display()
                )))
            }
            Err(err) => {
                return Err(FeintError::invalid(format!(
                    "{name}: cannot be unpacked: {err}"
                )))
            }
        };
        let mut bytes = Vec::new();
        use std::io::Read;
        entry
            .take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| FeintError::invalid(format!("{name}: cannot be unpacked: {e}")))?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(FeintError::invalid(format!(
                "{name}: larger than {} MB unpacked",
                MAX_FILE_BYTES / (1024 * 1024)
            )));
        }
        values.insert(name, parse_file(name, &bytes)?);
    }
    // The version from the folder inside the zip, else from the zip's own name.
    let folder = prefix
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("");
    let mut version = version_from_name(Path::new(folder));
    if version == "unknown" {
        version = version_from_name(&path.with_extension(""));
    }
    Ok((Files { values }, version))
}

fn parse_file(file: &str, bytes: &[u8]) -> Result<Value> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| FeintError::invalid(format!("{file}: not UTF-8 text")))?;
    serde_json::from_str(text)
        .map_err(|err| FeintError::invalid(format!("{file}: not valid JSON: {err}")))
}

/// The release's version from its folder name (`engage-v1.0` → "1.0"); the JSON has none.
fn version_from_name(dir: &Path) -> String {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let lower = name.to_ascii_lowercase();
    if let Some(pos) = lower.rfind('v') {
        let tail = &name[pos + 1..];
        let looks_like_version = tail.starts_with(|c: char| c.is_ascii_digit())
            && tail.chars().all(|c| c.is_ascii_digit() || c == '.');
        if looks_like_version {
            return tail.to_string();
        }
    }
    "unknown".to_string()
}

struct Files {
    values: HashMap<&'static str, Value>,
}

impl Files {
    fn read(dir: &Path) -> Result<Files> {
        let mut values = HashMap::new();
        for file in FILES {
            let path = dir.join(file);
            let size = match std::fs::metadata(&path) {
                Ok(meta) => meta.len(),
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                    return Err(FeintError::invalid(format!(
                        "{file}: missing from the Engage release folder {}",
                        dir.display()
                    )))
                }
                Err(err) => {
                    return Err(FeintError::invalid(format!(
                        "{file}: cannot be read: {err}"
                    )))
                }
            };
            if size > MAX_FILE_BYTES {
                return Err(FeintError::invalid(format!(
                    "{file}: larger than {} MB",
                    MAX_FILE_BYTES / (1024 * 1024)
                )));
            }
            let bytes = std::fs::read(&path)
                .map_err(|err| FeintError::invalid(format!("{file}: cannot be read: {err}")))?;
            values.insert(file, parse_file(file, &bytes)?);
        }
        Ok(Files { values })
    }

    fn root(&self, file: &'static str) -> Node<'_> {
        Node {
            file,
            path: String::new(),
            value: &self.values[file],
        }
    }
}

/// A JSON value with the file and field path it came from, for error messages such as
/// `activities.json: [3].name: expected a string`.
#[derive(Clone)]
struct Node<'a> {
    file: &'static str,
    path: String,
    value: &'a Value,
}

impl<'a> Node<'a> {
    fn where_(&self) -> String {
        if self.path.is_empty() {
            format!("{}: top level", self.file)
        } else {
            format!("{}: {}", self.file, self.path)
        }
    }

    fn error(&self, what: impl std::fmt::Display) -> FeintError {
        FeintError::invalid(format!("{}: {what}", self.where_()))
    }

    fn child_path(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else if key.starts_with('[') {
            format!("{}{key}", self.path)
        } else {
            format!("{}.{key}", self.path)
        }
    }

    fn field(&self, key: &str) -> Result<Node<'a>> {
        let object = self
            .value
            .as_object()
            .ok_or_else(|| self.error("expected an object"))?;
        let value = object.get(key).ok_or_else(|| {
            FeintError::invalid(format!(
                "{}: missing field `{}`",
                self.file,
                self.child_path(key)
            ))
        })?;
        Ok(Node {
            file: self.file,
            path: self.child_path(key),
            value,
        })
    }

    fn field_opt(&self, key: &str) -> Result<Option<Node<'a>>> {
        let object = self
            .value
            .as_object()
            .ok_or_else(|| self.error("expected an object"))?;
        Ok(object.get(key).filter(|v| !v.is_null()).map(|value| Node {
            file: self.file,
            path: self.child_path(key),
            value,
        }))
    }

    fn items(&self) -> Result<Vec<Node<'a>>> {
        let array = self
            .value
            .as_array()
            .ok_or_else(|| self.error("expected a list"))?;
        Ok(array
            .iter()
            .enumerate()
            .map(|(i, value)| Node {
                file: self.file,
                path: self.child_path(&format!("[{i}]")),
                value,
            })
            .collect())
    }

    fn entries(&self) -> Result<Vec<(&'a str, Node<'a>)>> {
        let object = self
            .value
            .as_object()
            .ok_or_else(|| self.error("expected an object"))?;
        Ok(object
            .iter()
            .map(|(key, value)| {
                (
                    key.as_str(),
                    Node {
                        file: self.file,
                        path: self.child_path(key),
                        value,
                    },
                )
            })
            .collect())
    }

    fn str(&self) -> Result<&'a str> {
        self.value
            .as_str()
            .ok_or_else(|| self.error("expected a string"))
    }

    /// A non-empty string, trimmed.
    fn text(&self) -> Result<&'a str> {
        let s = self.str()?.trim();
        if s.is_empty() {
            return Err(self.error("must not be empty"));
        }
        Ok(s)
    }

    fn str_field(&self, key: &str) -> Result<&'a str> {
        self.field(key)?.text()
    }

    /// A list of strings (IDs).
    fn id_list(&self, key: &str) -> Result<Vec<(String, Node<'a>)>> {
        self.field(key)?
            .items()?
            .into_iter()
            .map(|n| Ok((n.text()?.to_string(), n)))
            .collect()
    }

    fn kind(&self, key: &str) -> Result<Kind> {
        let node = self.field(key)?;
        match node.str()?.trim().to_ascii_lowercase().as_str() {
            "strategic" => Ok(Kind::Strategic),
            "engagement" => Ok(Kind::Engagement),
            other => Err(node.error(format!(
                "expected \"Strategic\" or \"Engagement\", found {other:?}"
            ))),
        }
    }
}

/// Folds whitespace (and any stray HTML line breaks) so a summary is one line.
fn one_line(text: &str) -> String {
    text.replace("<br>", " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Refuses an ID already seen in the same list file.
fn check_unique(seen: &mut HashSet<String>, id: &str, node: &Node<'_>) -> Result<()> {
    if !seen.insert(id.to_string()) {
        return Err(node.error(format!("duplicate ID {id}")));
    }
    Ok(())
}

struct Named {
    id: String,
    name: String,
    summary: String,
}

/// Reads a list of `{id, name, description}` records.
fn named_list(files: &Files, file: &'static str) -> Result<Vec<Named>> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for item in files.root(file).items()? {
        let id_node = item.field("id")?;
        let id = id_node.text()?;
        check_unique(&mut seen, id, &id_node)?;
        let name = item.str_field("name")?;
        let summary = match item.field_opt("description")? {
            Some(d) => one_line(d.str()?),
            None => String::new(),
        };
        out.push(Named {
            id: id.to_string(),
            name: name.to_string(),
            summary,
        });
    }
    Ok(out)
}

/// The `type` of each item of a `*_details.json` object, for the IDs listed.
fn kinds(files: &Files, file: &'static str, ids: &[String]) -> Result<Vec<Kind>> {
    let root = files.root(file);
    ids.iter().map(|id| root.field(id)?.kind("type")).collect()
}

fn unknown(node: &Node<'_>, what: &str, id: &str) -> FeintError {
    node.error(format!("unknown {what} {id}"))
}

/// The goals and approaches of a release, each with its kind, and the goals each approach sits
/// under (`goal_approach_mappings.json`).
struct Frame {
    goals: Vec<Named>,
    goal_ids: Vec<String>,
    goal_kinds: Vec<Kind>,
    goal_set: HashSet<String>,
    approaches: Vec<Named>,
    approach_ids: Vec<String>,
    approach_kinds: Vec<Kind>,
    approach_set: HashSet<String>,
    goal_of: HashMap<String, Vec<String>>,
}

/// The approaches in the matrix's column order, and the activities of each column top to
/// bottom.
struct Matrix {
    columns: Vec<String>,
    column_activities: Vec<Vec<String>>,
    column_of: HashMap<String, usize>,
}

/// The matrix order of goals and approaches: indexes into the lists as read, and each ID's
/// position.
struct Placement {
    goal_order: Vec<usize>,
    goal_pos: HashMap<String, usize>,
    approach_order: Vec<usize>,
    approach_pos: HashMap<String, usize>,
}

/// The release's files read, checked against each other, and put in matrix order.
fn build(files: &Files, version: String) -> Result<Catalog> {
    let frame = read_frame(files)?;
    let activities_raw = named_list(files, ACTIVITIES)?;
    let activity_set: HashSet<String> = activities_raw.iter().map(|a| a.id.clone()).collect();
    let matrix = read_matrix(files, &frame, &activity_set)?;
    check_approach_activities(files, &frame, &activity_set, &matrix)?;
    let placement = place(&frame, &matrix);
    let techniques = read_techniques(files)?;
    let (mappings, mut vulnerabilities) = read_mappings(files, &techniques, &activity_set)?;
    let activities = read_activities(
        files,
        activities_raw,
        (&frame, &matrix, &placement),
        &mappings,
        &mut vulnerabilities,
    )?;
    Ok(Catalog {
        version,
        goals: goals_in_order(&frame, &placement),
        approaches: approaches_in_order(&frame, &matrix, &placement),
        activities,
        vulnerabilities: vulnerabilities
            .into_iter()
            .map(|(id, summary)| Vulnerability { id, summary })
            .collect(),
        techniques: techniques.into_values().collect(),
        mappings,
    })
}

/// Goals and approaches with their kinds, and the goal → approach mapping (every approach must
/// sit under a goal).
fn read_frame(files: &Files) -> Result<Frame> {
    let goals = named_list(files, GOALS)?;
    let goal_ids: Vec<String> = goals.iter().map(|g| g.id.clone()).collect();
    let goal_kinds = kinds(files, GOAL_DETAILS, &goal_ids)?;
    let approaches = named_list(files, APPROACHES)?;
    let approach_ids: Vec<String> = approaches.iter().map(|a| a.id.clone()).collect();
    let approach_kinds = kinds(files, APPROACH_DETAILS, &approach_ids)?;
    let goal_set: HashSet<String> = goal_ids.iter().cloned().collect();
    let approach_set: HashSet<String> = approach_ids.iter().cloned().collect();

    let mut goal_of: HashMap<String, Vec<String>> = HashMap::new();
    for row in files.root(GOAL_APPROACH).items()? {
        let g = row.field("goal_id")?;
        let a = row.field("approach_id")?;
        let (g_id, a_id) = (g.text()?, a.text()?);
        if !goal_set.contains(g_id) {
            return Err(unknown(&g, "goal", g_id));
        }
        if !approach_set.contains(a_id) {
            return Err(unknown(&a, "approach", a_id));
        }
        let goals = goal_of.entry(a_id.to_string()).or_default();
        if !goals.iter().any(|x| x == g_id) {
            goals.push(g_id.to_string());
        }
    }
    for a in &approach_ids {
        if !goal_of.contains_key(a) {
            return Err(FeintError::invalid(format!(
                "{GOAL_APPROACH}: approach {a} sits under no goal"
            )));
        }
    }
    Ok(Frame {
        goals,
        goal_ids,
        goal_kinds,
        goal_set,
        approaches,
        approach_ids,
        approach_kinds,
        approach_set,
        goal_of,
    })
}

/// The matrix: its header row of approaches, then rows of activity cards under them; every
/// approach must have a column.
fn read_matrix(files: &Files, frame: &Frame, activity_set: &HashSet<String>) -> Result<Matrix> {
    let matrix = files.root(APPROACH_MATRIX);
    let matrix_rows = matrix.items()?;
    let header = matrix_rows
        .first()
        .ok_or_else(|| matrix.error("expected a header row of approaches"))?;
    let columns = matrix_columns(header, frame)?;
    let mut column_activities: Vec<Vec<String>> = vec![Vec::new(); columns.len()];
    for row in &matrix_rows[1..] {
        let cells = row.items()?;
        if cells.len() > columns.len() {
            return Err(row.error(format!(
                "has {} cells but the header names {} approaches",
                cells.len(),
                columns.len()
            )));
        }
        for (col, cell) in cells.iter().enumerate() {
            if cell.value.is_null() {
                continue;
            }
            for card in cell.items()? {
                let id_node = card.field("id")?;
                let id = id_node.text()?;
                if !activity_set.contains(id) {
                    return Err(unknown(&id_node, "activity", id));
                }
                if column_activities[col].iter().any(|x| x == id) {
                    return Err(id_node.error(format!(
                        "activity {id} appears twice under approach {}",
                        columns[col]
                    )));
                }
                column_activities[col].push(id.to_string());
            }
        }
    }
    for a in &frame.approach_ids {
        if !columns.contains(a) {
            return Err(FeintError::invalid(format!(
                "{APPROACH_MATRIX}: approach {a} has no column"
            )));
        }
    }
    let column_of = columns
        .iter()
        .enumerate()
        .map(|(i, a)| (a.clone(), i))
        .collect();
    Ok(Matrix {
        columns,
        column_activities,
        column_of,
    })
}

/// The approach IDs of the matrix's header row, each known and named once.
fn matrix_columns(header: &Node<'_>, frame: &Frame) -> Result<Vec<String>> {
    let mut columns: Vec<String> = Vec::new();
    for cell in header.items()? {
        let first = cell
            .items()?
            .into_iter()
            .next()
            .ok_or_else(|| cell.error("expected [approach ID, name]"))?;
        let id = first.text()?;
        if !frame.approach_set.contains(id) {
            return Err(unknown(&first, "approach", id));
        }
        if columns.iter().any(|c| c == id) {
            return Err(first.error(format!("duplicate approach {id}")));
        }
        columns.push(id.to_string());
    }
    Ok(columns)
}

/// The approach → activity mapping must place exactly the activities of each matrix column.
fn check_approach_activities(
    files: &Files,
    frame: &Frame,
    activity_set: &HashSet<String>,
    matrix: &Matrix,
) -> Result<()> {
    let mut listed: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for row in files.root(APPROACH_ACTIVITY).items()? {
        let a = row.field("approach_id")?;
        let c = row.field("activity_id")?;
        let (a_id, c_id) = (a.text()?, c.text()?);
        if !frame.approach_set.contains(a_id) {
            return Err(unknown(&a, "approach", a_id));
        }
        if !activity_set.contains(c_id) {
            return Err(unknown(&c, "activity", c_id));
        }
        listed
            .entry(a_id.to_string())
            .or_default()
            .insert(c_id.to_string());
    }
    for (col, approach) in matrix.columns.iter().enumerate() {
        let in_matrix: BTreeSet<String> = matrix.column_activities[col].iter().cloned().collect();
        let in_mappings = listed.get(approach).cloned().unwrap_or_default();
        if in_matrix != in_mappings {
            return Err(FeintError::invalid(format!(
                "{APPROACH_ACTIVITY}: activities of approach {approach} ({}) differ from its \
                 column in {APPROACH_MATRIX} ({})",
                join(&in_mappings),
                join(&in_matrix)
            )));
        }
    }
    Ok(())
}

/// Matrix order of goals: the first strategic goal, the engagement goals, the other strategic
/// goals; each group in the order its approaches' columns come. Approaches follow their goal,
/// then their column.
fn place(frame: &Frame, matrix: &Matrix) -> Placement {
    let goal_ids = &frame.goal_ids;
    let first_column = |g: &str| {
        frame
            .approach_ids
            .iter()
            .filter(|a| frame.goal_of[*a].iter().any(|x| x == g))
            .map(|a| matrix.column_of[a.as_str()])
            .min()
            .unwrap_or(usize::MAX)
    };
    let mut strategic: Vec<usize> = Vec::new();
    let mut engagement: Vec<usize> = Vec::new();
    for (i, kind) in frame.goal_kinds.iter().enumerate() {
        match kind {
            Kind::Strategic => strategic.push(i),
            Kind::Engagement => engagement.push(i),
        }
    }
    strategic.sort_by(|&a, &b| goal_ids[a].cmp(&goal_ids[b]));
    engagement.sort_by_key(|&i| (first_column(&goal_ids[i]), i));
    let mut goal_order: Vec<usize> = Vec::new();
    goal_order.extend(strategic.first());
    goal_order.extend(engagement);
    goal_order.extend(strategic.iter().skip(1));
    let goal_pos = positions(&goal_order, goal_ids);

    let mut approach_order: Vec<usize> = (0..frame.approach_ids.len()).collect();
    approach_order.sort_by_key(|&i| {
        let a = &frame.approach_ids[i];
        let g = frame.goal_of[a].iter().map(|g| goal_pos[g.as_str()]).min();
        (g, matrix.column_of[a.as_str()])
    });
    let approach_pos = positions(&approach_order, &frame.approach_ids);
    Placement {
        goal_order,
        goal_pos,
        approach_order,
        approach_pos,
    }
}

/// Each ID's position when `ids` is taken in `order`.
fn positions(order: &[usize], ids: &[String]) -> HashMap<String, usize> {
    order
        .iter()
        .enumerate()
        .map(|(pos, &i)| (ids[i].clone(), pos))
        .collect()
}

/// The ATT&CK techniques with their tactics, by ID.
fn read_techniques(files: &Files) -> Result<BTreeMap<String, Technique>> {
    let mut techniques: BTreeMap<String, Technique> = BTreeMap::new();
    for (key, item) in files.root(ATTACK_TECHNIQUES).entries()? {
        let technique = item.field("attack_technique")?;
        let id_node = technique.field("id")?;
        let id = id_node.text()?;
        if id != key {
            return Err(id_node.error(format!("{id} is filed under the key {key}")));
        }
        let name = technique.str_field("name")?;
        let tactics = item
            .field("attack_tactics")?
            .items()?
            .into_iter()
            .map(|t| Ok(t.str_field("name")?.to_string()))
            .collect::<Result<Vec<_>>>()?;
        techniques.insert(
            id.to_string(),
            Technique {
                id: id.to_string(),
                name: name.to_string(),
                tactics,
            },
        );
    }
    Ok(techniques)
}

/// The ATT&CK mapping rows (exact duplicates collapsed) and the vulnerabilities they name,
/// with the first summary given for each.
fn read_mappings(
    files: &Files,
    techniques: &BTreeMap<String, Technique>,
    activity_set: &HashSet<String>,
) -> Result<(Vec<MappingRow>, BTreeMap<String, String>)> {
    let mut mappings: Vec<MappingRow> = Vec::new();
    let mut seen_rows: HashSet<MappingRow> = HashSet::new();
    let mut vulnerabilities: BTreeMap<String, String> = BTreeMap::new();
    for row in files.root(ATTACK_MAPPING).items()? {
        let t = row.field("attack_id")?;
        let v = row.field("eav_id")?;
        let c = row.field("eac_id")?;
        let (t_id, v_id, c_id) = (t.text()?, v.text()?, c.text()?);
        if !techniques.contains_key(t_id) {
            return Err(t.error(format!(
                "technique {t_id} is not listed in {ATTACK_TECHNIQUES}"
            )));
        }
        if !v_id.starts_with("EAV") {
            return Err(v.error(format!("expected a vulnerability ID (EAV…), found {v_id}")));
        }
        if !activity_set.contains(c_id) {
            return Err(unknown(&c, "activity", c_id));
        }
        if let Some(text) = row.field_opt("eav")? {
            let text = one_line(text.str()?);
            vulnerabilities.entry(v_id.to_string()).or_insert(text);
        } else {
            vulnerabilities.entry(v_id.to_string()).or_default();
        }
        let mapping = MappingRow {
            technique_id: t_id.to_string(),
            vulnerability_id: v_id.to_string(),
            activity_id: c_id.to_string(),
        };
        if seen_rows.insert(mapping.clone()) {
            mappings.push(mapping);
        }
    }
    Ok((mappings, vulnerabilities))
}

/// Each activity with its kind, its approaches and goals as the matrix places it (its details
/// must list the same), and its vulnerabilities (from its details and the mapping rows).
fn read_activities(
    files: &Files,
    activities_raw: Vec<Named>,
    (frame, matrix, placement): (&Frame, &Matrix, &Placement),
    mappings: &[MappingRow],
    vulnerabilities: &mut BTreeMap<String, String>,
) -> Result<Vec<Activity>> {
    let details = files.root(ACTIVITY_DETAILS);
    let mut activities = Vec::with_capacity(activities_raw.len());
    for raw in activities_raw {
        let detail = details.field(&raw.id)?;
        let kind = detail.kind("type")?;
        let (approaches, goals) = placed_under(&raw.id, frame, matrix, placement);
        check_listed_relations(&detail, &raw.id, frame, &approaches, &goals)?;
        let mut vulns = detail_vulnerabilities(&detail, vulnerabilities)?;
        vulns.extend(
            mappings
                .iter()
                .filter(|m| m.activity_id == raw.id)
                .map(|m| m.vulnerability_id.clone()),
        );
        activities.push(Activity {
            id: raw.id,
            name: raw.name,
            kind,
            summary: raw.summary,
            goal_ids: goals,
            approach_ids: approaches,
            vulnerability_ids: vulns.into_iter().collect(),
        });
    }
    Ok(activities)
}

/// The approaches whose columns hold the activity, and the goals above them, in matrix order.
fn placed_under(
    id: &str,
    frame: &Frame,
    matrix: &Matrix,
    placement: &Placement,
) -> (Vec<String>, Vec<String>) {
    let mut approaches: Vec<String> = matrix
        .columns
        .iter()
        .enumerate()
        .filter(|(col, _)| matrix.column_activities[*col].iter().any(|a| a == id))
        .map(|(_, a)| a.clone())
        .collect();
    approaches.sort_by_key(|a| placement.approach_pos[a.as_str()]);
    let mut goals: Vec<String> = Vec::new();
    for a in &approaches {
        for g in &frame.goal_of[a] {
            if !goals.contains(g) {
                goals.push(g.clone());
            }
        }
    }
    goals.sort_by_key(|g| placement.goal_pos[g.as_str()]);
    (approaches, goals)
}

/// The approaches and goals an activity's details list must be known and match where the
/// matrix places it.
fn check_listed_relations(
    detail: &Node<'_>,
    id: &str,
    frame: &Frame,
    approaches: &[String],
    goals: &[String],
) -> Result<()> {
    let listed_approaches = detail.id_list("approaches")?;
    for (a, node) in &listed_approaches {
        if !frame.approach_set.contains(a.as_str()) {
            return Err(unknown(node, "approach", a));
        }
    }
    let listed_goals = detail.id_list("goals")?;
    for (g, node) in &listed_goals {
        if !frame.goal_set.contains(g.as_str()) {
            return Err(unknown(node, "goal", g));
        }
    }
    let as_set = |v: &[(String, Node<'_>)]| v.iter().map(|(id, _)| id.clone()).collect();
    let listed_a: BTreeSet<String> = as_set(&listed_approaches);
    let listed_g: BTreeSet<String> = as_set(&listed_goals);
    if listed_a != approaches.iter().cloned().collect() {
        return Err(detail.field("approaches")?.error(format!(
            "lists {} but {APPROACH_ACTIVITY} places {} under {}",
            join(&listed_a),
            id,
            approaches.join(", ")
        )));
    }
    if listed_g != goals.iter().cloned().collect() {
        return Err(detail.field("goals")?.error(format!(
            "lists {} but the approaches of {} sit under {}",
            join(&listed_g),
            id,
            goals.join(", ")
        )));
    }
    Ok(())
}

/// The vulnerabilities an activity's details name; a summary given there fills one the
/// mapping rows left empty.
fn detail_vulnerabilities(
    detail: &Node<'_>,
    vulnerabilities: &mut BTreeMap<String, String>,
) -> Result<BTreeSet<String>> {
    let mut vulns: BTreeSet<String> = BTreeSet::new();
    if let Some(list) = detail.field_opt("vulnerabilities")? {
        for v in list.items()? {
            let id_node = v.field("id")?;
            let id = id_node.text()?;
            if !id.starts_with("EAV") {
                return Err(
                    id_node.error(format!("expected a vulnerability ID (EAV…), found {id}"))
                );
            }
            let text = match v.field_opt("eav")? {
                Some(t) => one_line(t.str()?),
                None => String::new(),
            };
            let entry = vulnerabilities.entry(id.to_string()).or_default();
            if entry.is_empty() {
                *entry = text;
            }
            vulns.insert(id.to_string());
        }
    }
    Ok(vulns)
}

/// The goals in matrix order, each with its approaches in matrix order.
fn goals_in_order(frame: &Frame, placement: &Placement) -> Vec<Goal> {
    placement
        .goal_order
        .iter()
        .map(|&i| {
            let raw = &frame.goals[i];
            let mut approaches: Vec<String> = frame
                .approach_ids
                .iter()
                .filter(|a| frame.goal_of[*a].contains(&raw.id))
                .cloned()
                .collect();
            approaches.sort_by_key(|a| placement.approach_pos[a.as_str()]);
            Goal {
                id: raw.id.clone(),
                name: raw.name.clone(),
                kind: frame.goal_kinds[i],
                summary: raw.summary.clone(),
                approach_ids: approaches,
            }
        })
        .collect()
}

/// The approaches in matrix order, each with its goals in matrix order and its column's
/// activities.
fn approaches_in_order(frame: &Frame, matrix: &Matrix, placement: &Placement) -> Vec<Approach> {
    placement
        .approach_order
        .iter()
        .map(|&i| {
            let raw = &frame.approaches[i];
            let mut goals = frame.goal_of[&raw.id].clone();
            goals.sort_by_key(|g| placement.goal_pos[g.as_str()]);
            Approach {
                id: raw.id.clone(),
                name: raw.name.clone(),
                kind: frame.approach_kinds[i],
                summary: raw.summary.clone(),
                goal_ids: goals,
                activity_ids: matrix.column_activities[matrix.column_of[raw.id.as_str()]].clone(),
            }
        })
        .collect()
}

fn join(ids: &BTreeSet<String>) -> String {
    if ids.is_empty() {
        "none".to_string()
    } else {
        ids.iter().cloned().collect::<Vec<_>>().join(", ")
    }
}
