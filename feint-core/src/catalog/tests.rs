//! Catalog tests. The official release is a fixture outside the repository: set
//! `FEINT_ENGAGE_RELEASE` to its folder, or keep it at `../../shared/engage-v1.0` from the crate.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use super::*;
use crate::error::ErrorCode;

fn release_dir() -> PathBuf {
    let dir = match std::env::var_os("FEINT_ENGAGE_RELEASE") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/engage-v1.0"),
    };
    assert!(
        dir.join("activities.json").is_file(),
        "the official Engage v1.0 release is needed for this test but was not found at {}; \
         set FEINT_ENGAGE_RELEASE to the folder holding goals.json, activities.json, …",
        dir.display()
    );
    dir
}

fn release() -> Catalog {
    load_release(&release_dir()).expect("the official release loads")
}

/// A writable copy of the release, to break on purpose.
fn release_copy() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(release_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            std::fs::copy(&path, tmp.path().join(path.file_name().unwrap())).unwrap();
        }
    }
    tmp
}

fn edit(dir: &Path, file: &str, change: impl FnOnce(&mut Value)) {
    let path = dir.join(file);
    let mut value: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    change(&mut value);
    std::fs::write(&path, serde_json::to_string(&value).unwrap()).unwrap();
}

/// Loading must fail as invalid input, with a message naming every one of `words`.
fn assert_refused(dir: &Path, words: &[&str]) {
    let err = load_release(dir).expect_err("the broken release must be refused");
    eprintln!("refused: {}", err.message);
    assert_eq!(err.code, ErrorCode::InvalidInput, "{}", err.message);
    for word in words {
        assert!(
            err.message.contains(word),
            "{:?} does not name {word:?}",
            err.message
        );
    }
}

fn counts(c: &Catalog) -> [usize; 7] {
    [
        c.goals.len(),
        c.approaches.len(),
        c.activities.len(),
        c.approaches.iter().map(|a| a.activity_ids.len()).sum(),
        c.vulnerabilities.len(),
        c.mappings.len(),
        c.techniques.len(),
    ]
}

/// goals / approaches / activities / approach→activity cards / vulnerabilities / distinct
/// mapping rows / techniques of Engage v1.0.
const V1_COUNTS: [usize; 7] = [5, 9, 31, 51, 29, 792, 188];

#[test]
fn builtin_counts_are_those_of_v1() {
    let c = builtin();
    assert_eq!(c.version, "1.0");
    assert_eq!(counts(c), V1_COUNTS);
    let cards: usize = c
        .matrix()
        .goals
        .iter()
        .flat_map(|g| &g.approaches)
        .map(|a| a.activities.len())
        .sum();
    assert_eq!(cards, 51);
}

#[test]
fn release_counts_are_those_of_v1() {
    let raw: Value = serde_json::from_str(
        &std::fs::read_to_string(release_dir().join("attack_mapping.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        raw.as_array().unwrap().len(),
        793,
        "v1.0 ships one exact duplicate row"
    );
    let c = release();
    assert_eq!(counts(&c), V1_COUNTS);
    let distinct: HashSet<&MappingRow> = c.mappings.iter().collect();
    assert_eq!(distinct.len(), c.mappings.len());
}

/// The catalog with its prose removed: what must match between built-in and release.
fn facts(c: &Catalog) -> Catalog {
    let mut c = c.clone();
    c.version = String::new();
    c.goals.iter_mut().for_each(|x| x.summary.clear());
    c.approaches.iter_mut().for_each(|x| x.summary.clear());
    c.activities.iter_mut().for_each(|x| x.summary.clear());
    c.vulnerabilities.iter_mut().for_each(|x| x.summary.clear());
    c
}

#[test]
fn builtin_holds_the_facts_of_the_release() {
    let builtin = facts(builtin());
    let release = facts(&release());
    // Field by field first, for a readable failure.
    assert_eq!(builtin.goals, release.goals);
    assert_eq!(builtin.approaches, release.approaches);
    assert_eq!(builtin.activities, release.activities);
    assert_eq!(builtin.vulnerabilities, release.vulnerabilities);
    assert_eq!(builtin.techniques, release.techniques);
    assert_eq!(builtin.mappings, release.mappings);
    assert_eq!(builtin, release);
}

#[test]
fn release_version_comes_from_the_folder_name() {
    let dir = release_dir();
    let name = dir.file_name().unwrap().to_string_lossy().to_string();
    if name == "engage-v1.0" {
        assert_eq!(release().version, "1.0");
    }
    let tmp = tempfile::tempdir().unwrap();
    let renamed = tmp.path().join("engage-v2.3");
    std::fs::create_dir(&renamed).unwrap();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, renamed.join(path.file_name().unwrap())).unwrap();
    }
    assert_eq!(load_release(&renamed).unwrap().version, "2.3");
}

#[test]
fn builtin_summaries_are_single_lines_of_our_own() {
    let c = builtin();
    let official = release();
    let mut summaries: Vec<(&str, &str, &str)> = Vec::new();
    for (x, o) in c.goals.iter().zip(&official.goals) {
        summaries.push((&x.id, &x.summary, &o.summary));
    }
    for (x, o) in c.approaches.iter().zip(&official.approaches) {
        summaries.push((&x.id, &x.summary, &o.summary));
    }
    for (x, o) in c.activities.iter().zip(&official.activities) {
        summaries.push((&x.id, &x.summary, &o.summary));
    }
    for (x, o) in c.vulnerabilities.iter().zip(&official.vulnerabilities) {
        summaries.push((&x.id, &x.summary, &o.summary));
    }
    assert_eq!(summaries.len(), 5 + 9 + 31 + 29);
    for (id, summary, official) in summaries {
        assert!(!summary.trim().is_empty(), "{id}: empty summary");
        assert_eq!(summary.trim(), summary, "{id}: stray whitespace");
        assert!(!summary.contains(['\n', '\r']), "{id}: summary spans lines");
        let words = summary.split_whitespace().count();
        assert!((8..=24).contains(&words), "{id}: {words} words");
        assert_ne!(summary, official, "{id}: summary is the official text");
    }
}

#[test]
fn release_summaries_are_single_lines() {
    let c = release();
    let all = c
        .goals
        .iter()
        .map(|x| &x.summary)
        .chain(c.approaches.iter().map(|x| &x.summary))
        .chain(c.activities.iter().map(|x| &x.summary))
        .chain(c.vulnerabilities.iter().map(|x| &x.summary));
    for summary in all {
        assert!(
            !summary.is_empty() && !summary.contains('\n'),
            "{summary:?}"
        );
    }
}

#[test]
fn matrix_follows_the_engage_layout() {
    let m = builtin().matrix();
    assert_eq!(m.version, "1.0");
    let goals: Vec<&str> = m.goals.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(
        goals,
        ["Prepare", "Expose", "Affect", "Elicit", "Understand"]
    );
    assert_eq!(m.goals[0].id, "SGO0001");
    assert_eq!(m.goals[4].id, "SGO0002");
    assert_eq!(m.goals[0].kind, Kind::Strategic);
    assert_eq!(m.goals[1].kind, Kind::Engagement);
    let approaches: Vec<&str> = m
        .goals
        .iter()
        .flat_map(|g| &g.approaches)
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(
        approaches,
        [
            "Plan", "Collect", "Detect", "Prevent", "Direct", "Disrupt", "Reassure", "Motivate",
            "Analyze"
        ]
    );
    let column = |name: &str| -> Vec<String> {
        let a = m
            .goals
            .iter()
            .flat_map(|g| &g.approaches)
            .find(|a| a.name == name)
            .unwrap();
        a.activities.iter().map(|c| c.id.clone()).collect()
    };
    assert_eq!(
        column("Collect"),
        ["EAC0001", "EAC0002", "EAC0014", "EAC0003"]
    );
    assert_eq!(column("Analyze"), ["SAC0006", "SAC0004", "SAC0009"]);
    // Lures sits under Detect, Direct and Disrupt: one card in each.
    let lures: Vec<&str> = m
        .goals
        .iter()
        .flat_map(|g| &g.approaches)
        .filter(|a| a.activities.iter().any(|c| c.id == "EAC0005"))
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(lures, ["Detect", "Direct", "Disrupt"]);
    let card = &m.goals[1].approaches[1].activities[0];
    assert_eq!((card.id.as_str(), card.name.as_str()), ("EAC0005", "Lures"));
    assert!(!card.summary.is_empty());
}

#[test]
fn search_by_name_and_id() {
    let c = builtin();
    assert!(c.search("lure").contains(&"EAC0005".to_string()));
    assert!(c.search("  LURES ").contains(&"EAC0005".to_string()));
    assert_eq!(c.search("eac0012"), ["EAC0012"]);
    assert!(c.search("zzzz-nothing").is_empty());
    let all: Vec<String> = c.activities.iter().map(|a| a.id.clone()).collect();
    assert_eq!(c.search(""), all);
    assert_eq!(c.search("   "), all);
}

#[test]
fn search_by_technique() {
    let c = builtin();
    let hits = c.search("T1018");
    assert!(!hits.is_empty());
    assert!(hits.contains(&"EAC0005".to_string()));
    for id in &hits {
        assert!(
            c.mappings
                .iter()
                .any(|m| &m.activity_id == id && m.technique_id == "T1018"),
            "{id} does not map T1018"
        );
    }
    // In catalog order, without duplicates.
    let expected: Vec<String> = c
        .activities
        .iter()
        .filter(|a| {
            c.mappings
                .iter()
                .any(|m| m.activity_id == a.id && m.technique_id == "T1018")
        })
        .map(|a| a.id.clone())
        .collect();
    assert_eq!(hits, expected);
    assert_eq!(c.search(" t1018 "), hits);
    // A sub-technique counts as its parent.
    let parent = c.search("T1098");
    assert!(!parent.is_empty());
    assert_eq!(c.search("t1098.004"), parent);
    // A technique no activity answers.
    assert!(c.search("T9999").is_empty());
}

#[test]
fn details_of_lures() {
    let d = builtin().activity_details("EAC0005").unwrap();
    assert_eq!(d.name, "Lures");
    assert_eq!(d.kind, Kind::Engagement);
    let goals: Vec<&str> = d.goals.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(goals, ["Expose", "Affect"]);
    let approaches: Vec<&str> = d.approaches.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(approaches, ["Detect", "Direct", "Disrupt"]);
    assert_eq!(d.vulnerabilities.len(), 15);
    assert!(d.vulnerabilities.iter().all(|v| !v.summary.is_empty()));
    let t1018 = d
        .techniques
        .iter()
        .find(|t| t.id == "T1018")
        .expect("T1018 listed");
    assert_eq!(t1018.name, "Remote System Discovery");
    assert_eq!(t1018.tactics, ["Discovery"]);
    assert!(!t1018.vulnerability_ids.is_empty());
    let ids: Vec<&str> = d.techniques.iter().map(|t| t.id.as_str()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(ids, sorted, "techniques sorted by ID, each once");
    assert_eq!(d.techniques.len(), 93);
}

#[test]
fn details_of_a_strategic_activity() {
    let d = builtin().activity_details("SAC0004").unwrap();
    assert_eq!(d.kind, Kind::Strategic);
    let goals: Vec<&str> = d.goals.iter().map(|g| g.id.as_str()).collect();
    assert_eq!(goals, ["SGO0001", "SGO0002"]);
    assert!(d.techniques.is_empty() && d.vulnerabilities.is_empty());
}

#[test]
fn details_of_unknown_activity_is_not_found() {
    let err = builtin().activity_details("EAC9999").unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
    assert!(err.message.contains("EAC9999"));
}

#[test]
fn release_missing_file_is_refused() {
    let tmp = release_copy();
    std::fs::remove_file(tmp.path().join("goal_approach_mappings.json")).unwrap();
    assert_refused(tmp.path(), &["goal_approach_mappings.json", "missing"]);
}

#[test]
fn release_missing_folder_is_not_found() {
    let err = load_release(Path::new("/nonexistent/engage-v9.9")).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
}

#[test]
fn release_wrong_type_is_refused() {
    let tmp = release_copy();
    edit(tmp.path(), "activities.json", |v| v[3]["name"] = json!(42));
    assert_refused(tmp.path(), &["activities.json", "[3].name", "string"]);

    let tmp = release_copy();
    edit(tmp.path(), "attack_mapping.json", |v| {
        v[10]["eac_id"] = json!(["EAC0005"])
    });
    assert_refused(tmp.path(), &["attack_mapping.json", "[10].eac_id"]);

    let tmp = release_copy();
    edit(tmp.path(), "goals.json", |v| *v = json!({"goals": []}));
    assert_refused(tmp.path(), &["goals.json", "list"]);
}

#[test]
fn release_invalid_json_is_refused() {
    let tmp = release_copy();
    std::fs::write(tmp.path().join("approaches.json"), "[{\"id\": ").unwrap();
    assert_refused(tmp.path(), &["approaches.json", "JSON"]);
}

#[test]
fn release_duplicate_activity_is_refused() {
    let tmp = release_copy();
    edit(tmp.path(), "activities.json", |v| {
        let first = v[0].clone();
        v.as_array_mut().unwrap().push(first);
    });
    assert_refused(
        tmp.path(),
        &["activities.json", "id", "duplicate", "EAC0001"],
    );
}

#[test]
fn release_activity_under_unknown_approach_is_refused() {
    let tmp = release_copy();
    edit(tmp.path(), "approach_activity_mappings.json", |v| {
        v.as_array_mut()
            .unwrap()
            .push(json!({"approach_id": "EAP0099", "activity_id": "EAC0001"}));
    });
    assert_refused(
        tmp.path(),
        &["approach_activity_mappings.json", "approach_id", "EAP0099"],
    );

    let tmp = release_copy();
    edit(tmp.path(), "activity_details.json", |v| {
        v["EAC0001"]["approaches"]
            .as_array_mut()
            .unwrap()
            .push(json!("EAP0099"));
    });
    assert_refused(
        tmp.path(),
        &["activity_details.json", "EAC0001.approaches", "EAP0099"],
    );
}

#[test]
fn release_mapping_to_unknown_activity_is_refused() {
    let tmp = release_copy();
    edit(tmp.path(), "attack_mapping.json", |v| {
        v[0]["eac_id"] = json!("EAC0999")
    });
    assert_refused(
        tmp.path(),
        &["attack_mapping.json", "[0].eac_id", "EAC0999"],
    );
}

#[test]
fn release_duplicate_mapping_row_is_collapsed() {
    let tmp = release_copy();
    edit(tmp.path(), "attack_mapping.json", |v| {
        let rows = v.as_array_mut().unwrap();
        let again = rows[5].clone();
        rows.push(again);
    });
    let c = load_release(tmp.path()).expect("an exact duplicate row is not an error");
    assert_eq!(c.mappings.len(), 792);
    assert_eq!(facts(&c).mappings, release().mappings);
}

// Importing releases into the app (folder or zip), kept in the config folder.

/// A copy of the release in `<tmp>/engage-v1.0`, named so its version can be read.
fn named_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = release_copy();
    let dir = tmp.path().join("engage-v1.0");
    std::fs::create_dir(&dir).unwrap();
    for entry in std::fs::read_dir(tmp.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::rename(&path, dir.join(path.file_name().unwrap())).unwrap();
        }
    }
    (tmp, dir)
}

/// Zips every JSON file of `dir` under `prefix` (e.g. "engage-v1.0/" or "").
fn zip_of(dir: &Path, prefix: &str, out: &Path) {
    use std::io::Write;
    let mut writer = zip::ZipWriter::new(std::fs::File::create(out).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    if !prefix.is_empty() {
        writer.add_directory(prefix, options).unwrap();
    }
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    for path in paths {
        let name = format!("{prefix}{}", path.file_name().unwrap().to_str().unwrap());
        writer.start_file(name, options).unwrap();
        writer.write_all(&std::fs::read(&path).unwrap()).unwrap();
    }
    writer.finish().unwrap();
}

fn stored(config: &Path) -> Vec<u8> {
    std::fs::read(config.join("releases/engage-1.0.json")).unwrap()
}

#[test]
fn importing_the_release_brings_official_descriptions_once() {
    let config = tempfile::tempdir().unwrap();
    let mut releases = Releases::load(Some(config.path().to_path_buf()));
    assert!(!releases.versions()[0].official);
    assert_eq!(releases.resolve("1.0"), builtin());

    let first = releases.import(&release_dir()).unwrap();
    assert!(first.changed);
    assert_eq!(first.version, "1.0");
    assert_eq!(
        [first.activities, first.techniques, first.mappings],
        [
            V1_COUNTS[2] as u32,
            V1_COUNTS[6] as u32,
            V1_COUNTS[5] as u32
        ]
    );
    let official = releases.resolve("1.0").clone();
    assert_eq!(official, release());
    // Same facts as the built-in catalog, the release's own descriptions.
    assert_eq!(facts(&official), facts(builtin()));
    let lures = |c: &Catalog| c.activity("EAC0005").unwrap().summary.clone();
    assert_ne!(lures(&official), lures(builtin()));
    assert_eq!(
        official.activity_details("EAC0005").unwrap().summary,
        lures(&release())
    );
    assert!(releases.versions()[0].official);

    // The same release again changes nothing, not even the stored file's time.
    let path = config.path().join("releases/engage-1.0.json");
    let bytes = stored(config.path());
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    let again = releases.import(&release_dir()).unwrap();
    assert!(!again.changed);
    assert_eq!(stored(config.path()), bytes);
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        modified
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    // A restart reads it back.
    let reloaded = Releases::load(Some(config.path().to_path_buf()));
    assert_eq!(reloaded.resolve("1.0"), &official);
    let mut reloaded = reloaded;
    assert!(!reloaded.import(&release_dir()).unwrap().changed);
}

#[test]
fn a_zip_of_the_release_imports_like_the_folder() {
    let (tmp, dir) = named_copy();
    // The files inside a folder of the zip; the version comes from that folder.
    let nested = tmp.path().join("download.zip");
    zip_of(&dir, "engage-v1.0/", &nested);
    assert_eq!(load_release(&nested).unwrap(), release());
    // The files at the zip's root; the version comes from the zip's name.
    let flat = tmp.path().join("engage-v1.0.zip");
    zip_of(&dir, "", &flat);
    assert_eq!(load_release(&flat).unwrap(), release());

    let config = tempfile::tempdir().unwrap();
    let mut releases = Releases::load(Some(config.path().to_path_buf()));
    assert!(releases.import(&nested).unwrap().changed);
    assert!(!releases.import(&flat).unwrap().changed);
    assert!(!releases.import(&release_dir()).unwrap().changed);
}

#[test]
fn a_broken_release_is_refused_and_the_catalog_in_use_stays() {
    let config = tempfile::tempdir().unwrap();
    let mut releases = Releases::load(Some(config.path().to_path_buf()));
    releases.import(&release_dir()).unwrap();
    let before = stored(config.path());
    let in_use = releases.resolve("1.0").clone();

    let check = |releases: &mut Releases, path: &Path, words: &[&str]| {
        let err = releases
            .import(path)
            .expect_err("a broken release is refused");
        assert_eq!(err.code, ErrorCode::InvalidInput, "{}", err.message);
        for word in words {
            assert!(
                err.message.contains(word),
                "{:?} lacks {word:?}",
                err.message
            );
        }
        assert_eq!(releases.resolve("1.0"), &in_use);
        assert_eq!(stored(config.path()), before);
    };

    // A missing file, in a folder and in a zip.
    let (tmp, dir) = named_copy();
    std::fs::remove_file(dir.join("attack_mapping.json")).unwrap();
    check(&mut releases, &dir, &["attack_mapping.json", "missing"]);
    let zip_path = tmp.path().join("engage-v1.0.zip");
    zip_of(&dir, "", &zip_path);
    check(
        &mut releases,
        &zip_path,
        &["attack_mapping.json", "missing"],
    );

    // A wrong type, through a zip.
    let (tmp, dir) = named_copy();
    edit(&dir, "approaches.json", |v| v[2]["id"] = json!(7));
    let zip_path = tmp.path().join("engage-v1.0.zip");
    zip_of(&dir, "engage-v1.0/", &zip_path);
    check(
        &mut releases,
        &zip_path,
        &["approaches.json", "[2].id", "string"],
    );

    // A duplicated activity ID; an activity under an unknown approach.
    let (_tmp, dir) = named_copy();
    edit(&dir, "activities.json", |v| {
        let again = v[4].clone();
        v.as_array_mut().unwrap().push(again);
    });
    check(
        &mut releases,
        &dir,
        &["activities.json", "duplicate", "EAC"],
    );
    let (_tmp, dir) = named_copy();
    edit(&dir, "activity_details.json", |v| {
        v["EAC0018"]["approaches"] = json!(["EAP0042"]);
    });
    check(
        &mut releases,
        &dir,
        &["activity_details.json", "EAC0018", "EAP0042"],
    );

    // Valid JSON but other facts under the built-in version.
    let (_tmp, dir) = named_copy();
    edit(&dir, "activities.json", |v| v[0]["name"] = json!("Renamed"));
    check(&mut releases, &dir, &["activities", "built-in"]);

    // Not a zip, and no version in the name.
    let junk = tempfile::tempdir().unwrap();
    let not_zip = junk.path().join("engage-v1.0.zip");
    std::fs::write(&not_zip, b"PK\x03\x04 not really").unwrap();
    check(&mut releases, &not_zip, &["zip"]);
    check(&mut releases, release_copy().path(), &["version"]);
}

#[test]
fn a_release_of_another_version_is_kept_beside_the_built_in() {
    let config = tempfile::tempdir().unwrap();
    let (tmp, dir) = named_copy();
    let v11 = tmp.path().join("engage-v1.1");
    std::fs::rename(&dir, &v11).unwrap();
    edit(&v11, "activities.json", |v| {
        v[0]["name"] = json!("Renamed in 1.1")
    });
    let mut releases = Releases::load(Some(config.path().to_path_buf()));
    let report = releases.import(&v11).unwrap();
    assert_eq!(report.version, "1.1");
    let versions: Vec<(String, bool)> = releases
        .versions()
        .into_iter()
        .map(|v| (v.version, v.official))
        .collect();
    assert_eq!(versions, [("1.0".into(), false), ("1.1".into(), true)]);
    assert_eq!(releases.resolve("1.1").activities[0].name, "Renamed in 1.1");
    assert_eq!(releases.resolve("1.0"), builtin());
    assert!(config.path().join("releases/engage-1.1.json").is_file());
}

#[test]
fn techniques_are_found_by_id_name_or_tactic() {
    let c = builtin();
    assert_eq!(c.search_techniques("").len(), c.techniques.len());
    let ids =
        |q: &str| -> Vec<String> { c.search_techniques(q).into_iter().map(|t| t.id).collect() };
    assert_eq!(ids("t1611"), ["T1611"]);
    assert_eq!(ids("T1098.004"), ["T1098"]);
    let escape = ids("escape to");
    assert!(escape.contains(&"T1611".to_string()), "{escape:?}");
    let by_tactic = c.search_techniques("privilege escalation");
    assert!(!by_tactic.is_empty());
    assert!(by_tactic
        .iter()
        .all(|t| t.tactics.iter().any(|x| x == "Privilege Escalation")));
    assert_eq!(
        by_tactic.len(),
        c.techniques
            .iter()
            .filter(|t| t.tactics.iter().any(|x| x == "Privilege Escalation"))
            .count()
    );
    assert!(ids("no such technique anywhere").is_empty());
}

#[test]
fn a_technique_name_finds_the_activities_that_engage_it() {
    let cat = builtin();
    let by_name = cat.search("External Remote Services");
    let by_id = cat.search("T1133");
    assert!(!by_id.is_empty());
    // Every activity mapped to it, and the names or summaries that say it too.
    assert!(
        by_id.iter().all(|a| by_name.contains(a)),
        "{by_name:?} {by_id:?}"
    );
    // Case does not matter, and a sub-technique's own name finds its parent's activities.
    assert_eq!(cat.search("external remote services"), by_name);
    let phishing = cat.search("T1566");
    let by_sub = cat.search("Spearphishing Attachment");
    assert!(!phishing.is_empty() && phishing.iter().all(|a| by_sub.contains(a)));
    // Two letters are too few to search technique names (they would match nearly all).
    assert_eq!(cat.search("zz"), Vec::<String>::new());
}

#[test]
fn the_technique_picker_finds_sub_techniques_by_their_own_name() {
    let cat = builtin();
    let found: Vec<(String, String)> = cat
        .search_techniques("spearphishing")
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect();
    assert!(
        found.contains(&(
            "T1566.001".to_string(),
            "Phishing: Spearphishing Attachment".to_string()
        )),
        "{found:?}"
    );
    // An ID query is answered as before: the parent only (the page offers the typed ID).
    let by_id: Vec<String> = cat
        .search_techniques("T1059.004")
        .into_iter()
        .map(|t| t.id)
        .collect();
    assert_eq!(by_id, ["T1059"]);
    // The empty query lists the catalog's techniques, not every sub-technique.
    assert_eq!(cat.search_techniques("").len(), cat.techniques.len());
}
