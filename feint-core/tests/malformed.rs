//! The malformed-input suite: hundreds of hostile inputs generated here (truncated and
//! bit-flipped operation files, crafted values in every column of every table, foreign and
//! future SQLite files, missing tables, hostile JSON exports and ATT&CK layers, a FIFO,
//! /dev/zero). Each must end within 10 s with a clear error or a correct result; none may
//! panic; every refused file must be byte-identical afterwards with no side file beside it;
//! no message may carry SQL or SQLite's own words.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use feint_core::document::Document;
use feint_core::order::build::ExportOptions;
use feint_core::{json, sample, FeintError};
use serde_json::{json, Value};

/// Words that betray a raw database message.
const LEAKS: &[&str] = &[
    "SELECT",
    "INSERT",
    "UPDATE ",
    "CREATE ",
    "PRAGMA",
    "WHERE",
    "sqlite_",
    "rusqlite",
    "SQLite error",
    "no such table",
    "no such column",
    "Invalid column type",
    "Conversion error",
    "database error",
    "near \"",
];

#[derive(Default)]
struct Tally {
    inputs: usize,
    refused: usize,
    accepted: usize,
    failures: Vec<String>,
}

impl Tally {
    /// Runs `attempt` on another thread (so a hang is caught, not waited on forever) and checks
    /// its outcome: no panic, an end within 10 s, a clean message.
    fn run<T: Send + 'static>(
        &mut self,
        label: String,
        attempt: impl FnOnce() -> Result<T, FeintError> + Send + 'static,
    ) -> Option<Result<T, FeintError>> {
        self.inputs += 1;
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(attempt));
            let _ = tx.send(outcome);
        });
        match rx.recv_timeout(Duration::from_secs(10)) {
            Err(_) => {
                self.failures
                    .push(format!("{label}: did not end within 10 s"));
                None
            }
            Ok(Err(_)) => {
                self.failures.push(format!("{label}: panicked"));
                None
            }
            Ok(Ok(result)) => {
                match &result {
                    Ok(_) => self.accepted += 1,
                    Err(err) => {
                        self.refused += 1;
                        if let Some(word) = LEAKS.iter().find(|w| err.message.contains(*w)) {
                            self.failures
                                .push(format!("{label}: message shows {word:?}: {}", err.message));
                        }
                        if err.message.trim().is_empty() {
                            self.failures.push(format!("{label}: empty message"));
                        }
                    }
                }
                Some(result)
            }
        }
    }

    /// Opens an operation file as the app and the CLI do, then reads what `info` and the
    /// exports read. A refused file must be unchanged and have no new side file.
    fn open_file(&mut self, label: String, path: &Path) {
        self.open_file_with(label, path, None);
    }

    /// Like [`Tally::open_file`], giving `passphrase` for an encrypted file.
    fn open_file_with(&mut self, label: String, path: &Path, passphrase: Option<&'static str>) {
        let before = std::fs::read(path).ok();
        let owned = path.to_path_buf();
        let outcome = self.run(label.clone(), move || use_operation(&owned, passphrase));
        if let Some(Err(_)) = outcome {
            if before.is_some() && std::fs::read(path).ok() != before {
                self.failures
                    .push(format!("{label}: a refused file was modified"));
            }
            for suffix in ["-journal", "-wal", "-shm"] {
                let mut side = path.as_os_str().to_owned();
                side.push(suffix);
                if Path::new(&side).exists() {
                    self.failures
                        .push(format!("{label}: a refused file got a {suffix} file"));
                }
            }
        }
    }
}

/// Everything the CLI's `info` and the order export touch.
fn use_operation(path: &Path, passphrase: Option<&str>) -> Result<(), FeintError> {
    let doc = Document::open_with(path, passphrase)?;
    doc.operation()?;
    doc.storyboard()?;
    doc.event_spans()?;
    doc.persona_warnings()?;
    doc.coverage()?;
    doc.readiness()?;
    doc.order_content(ExportOptions::default())?;
    Ok(())
}

fn sample_file(dir: &Path) -> (PathBuf, Vec<u8>) {
    let path = dir.join("sample.feint");
    drop(sample::write_sample(&path).unwrap());
    let bytes = std::fs::read(&path).unwrap();
    (path, bytes)
}

/// Offsets spread over a file of `len` bytes, denser in the header.
fn offsets(len: usize, count: usize) -> Vec<usize> {
    let mut out: Vec<usize> = [
        0, 1, 15, 16, 17, 18, 28, 40, 44, 56, 60, 64, 68, 72, 96, 99, 100,
    ]
    .into_iter()
    .filter(|&o| o < len)
    .collect();
    let step = (len / count.max(1)).max(1);
    out.extend((0..count).map(|i| (i * step + i * 37) % len));
    out.sort_unstable();
    out.dedup();
    out
}

fn broken_operation_files(dir: &Path, tally: &mut Tally) {
    let (_, bytes) = sample_file(dir);
    for (n, cut) in offsets(bytes.len(), 40).into_iter().enumerate() {
        let path = dir.join(format!("cut-{n}.feint"));
        std::fs::write(&path, &bytes[..cut]).unwrap();
        tally.open_file(format!("operation file cut at byte {cut}"), &path);
    }
    for (n, at) in offsets(bytes.len(), 70).into_iter().enumerate() {
        let mut flipped = bytes.clone();
        flipped[at] ^= 1 << (n % 8);
        let path = dir.join(format!("flip-{n}.feint"));
        std::fs::write(&path, &flipped).unwrap();
        tally.open_file(
            format!("operation file with bit {} of byte {at} flipped", n % 8),
            &path,
        );
    }
}

const PASSPHRASE: &str = "malformed suite passphrase";

/// Encrypted files: no, an empty or a wrong passphrase, and truncated or bit-flipped copies
/// opened with the right one. Every one is refused and left as it was.
fn encrypted_files(dir: &Path, tally: &mut Tally) {
    let (plain, _) = sample_file(dir);
    let sealed = dir.join("sealed.feint");
    Document::open(&plain)
        .unwrap()
        .save_as_with(&sealed, Some(PASSPHRASE))
        .unwrap();
    let bytes = std::fs::read(&sealed).unwrap();
    for (label, key) in [
        ("no", None),
        ("an empty", Some("")),
        ("a wrong", Some("not the passphrase")),
        ("a NUL in the", Some("malformed\0suite")),
    ] {
        let path = dir.join(format!("key-{}.feint", label.replace(' ', "-")));
        std::fs::write(&path, &bytes).unwrap();
        tally.open_file_with(
            format!("encrypted file with {label} passphrase"),
            &path,
            key,
        );
        expect_unchanged(tally, &path, &bytes);
    }
    let page = 4096;
    let cuts = [
        page,
        2 * page,
        bytes.len() / 2,
        bytes.len() - page,
        100,
        5000,
    ];
    for (n, cut) in cuts.into_iter().enumerate() {
        let path = dir.join(format!("sealed-cut-{n}.feint"));
        std::fs::write(&path, &bytes[..cut]).unwrap();
        tally.open_file_with(
            format!("encrypted file cut at byte {cut}"),
            &path,
            Some(PASSPHRASE),
        );
        expect_unchanged(tally, &path, &bytes[..cut]);
    }
    for (n, at) in offsets(bytes.len(), 12).into_iter().enumerate() {
        let mut flipped = bytes.clone();
        flipped[at] ^= 1 << (n % 8);
        let path = dir.join(format!("sealed-flip-{n}.feint"));
        std::fs::write(&path, &flipped).unwrap();
        let label = format!("encrypted file with bit {} of byte {at} flipped", n % 8);
        expect_refused(tally, label, move || use_operation(&path, Some(PASSPHRASE)));
    }
}

fn expect_unchanged(tally: &mut Tally, path: &Path, bytes: &[u8]) {
    if std::fs::read(path).unwrap() != bytes {
        tally
            .failures
            .push(format!("{}: an encrypted file was changed", path.display()));
    }
}

/// Values no Feint writes, set into each column of each table in turn (constraints off, as a
/// hostile tool would).
const CRAFTED: &[&str] = &[
    "NULL",
    "''",
    "'yesterday'",
    "2147483648",
    "-2147483649",
    "x'00ff'",
    "1e308",
    "'[1,2,3,4,5,6,7,8]'",
    "printf('%.*c', 600, 'x')",
    "-1",
];

fn crafted_values(dir: &Path, tally: &mut Tally) {
    let (_, bytes) = sample_file(dir);
    let schema: Vec<(String, String)> = {
        let conn = rusqlite::Connection::open(dir.join("sample.feint")).unwrap();
        let mut stmt = conn
            .prepare(
                "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
                 WHERE m.type = 'table' ORDER BY m.name, p.cid",
            )
            .unwrap();
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        rows
    };
    let mut n = 0;
    for (i, (table, column)) in schema.iter().enumerate() {
        // Three values per column, rotating, so every value meets every kind of column.
        for k in 0..3 {
            let value = CRAFTED[(i * 3 + k) % CRAFTED.len()];
            let path = dir.join(format!("crafted-{n}.feint"));
            n += 1;
            std::fs::write(&path, &bytes).unwrap();
            {
                let conn = rusqlite::Connection::open(&path).unwrap();
                conn.execute_batch(
                    "PRAGMA ignore_check_constraints = ON; PRAGMA foreign_keys = OFF;",
                )
                .unwrap();
                if conn
                    .execute(
                        &format!("UPDATE \"{table}\" SET \"{column}\" = {value}"),
                        [],
                    )
                    .is_err()
                {
                    continue; // NOT NULL or a unique key stopped it: not an input.
                }
            }
            tally.open_file(format!("{table}.{column} = {value}"), &path);
        }
    }
    // The values the issue names, exactly.
    for (what, sql) in [
        ("event day 2^31-1", "UPDATE event SET day = 2147483647"),
        ("event day -2^31", "UPDATE event SET day = -2147483648"),
        (
            "an 8-day schedule",
            "UPDATE persona SET schedule = '[\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\"]'",
        ),
        ("an empty operation id", "UPDATE operation SET id = ''"),
        (
            "created_at 'yesterday'",
            "UPDATE operation SET created_at = 'yesterday'",
        ),
        (
            "an empty catalog version",
            "UPDATE operation SET catalog_version = ''",
        ),
        ("a blob for a name", "UPDATE operation SET name = x'00ff00'"),
    ] {
        let path = dir.join(format!("named-{n}.feint"));
        n += 1;
        std::fs::write(&path, &bytes).unwrap();
        rusqlite::Connection::open(&path)
            .unwrap()
            .execute_batch(&format!("PRAGMA ignore_check_constraints = ON; {sql}"))
            .unwrap();
        let before = tally.refused;
        tally.open_file(what.to_string(), &path);
        if tally.refused == before {
            tally.failures.push(format!("{what}: was not refused"));
        }
    }
}

fn foreign_and_future_files(dir: &Path, tally: &mut Tally) {
    let (_, bytes) = sample_file(dir);
    let tables: Vec<String> = {
        let conn = rusqlite::Connection::open(dir.join("sample.feint")).unwrap();
        let mut stmt = conn
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            )
            .unwrap();
        let names = stmt
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        names
    };
    let mut cases: Vec<(String, String)> = vec![
        ("user_version -1".into(), "PRAGMA user_version = -1".into()),
        ("user_version 0".into(), "PRAGMA user_version = 0".into()),
        ("user_version 99".into(), "PRAGMA user_version = 99".into()),
        (
            "user_version 2^31-1".into(),
            "PRAGMA user_version = 2147483647".into(),
        ),
        (
            "another application id".into(),
            "PRAGMA application_id = 7".into(),
        ),
    ];
    for table in &tables {
        cases.push((
            format!("table {table} missing"),
            format!("DROP TABLE \"{table}\""),
        ));
    }
    for (n, (what, sql)) in cases.into_iter().enumerate() {
        let path = dir.join(format!("foreign-{n}.feint"));
        std::fs::write(&path, &bytes).unwrap();
        rusqlite::Connection::open(&path)
            .unwrap()
            .execute_batch(&format!("PRAGMA foreign_keys = OFF; {sql}"))
            .unwrap();
        let before = tally.refused;
        tally.open_file(what.clone(), &path);
        if tally.refused == before {
            tally.failures.push(format!("{what}: was not refused"));
        }
    }
    // Another program's database, with and without Feint's application id, and in WAL mode.
    for (n, sql) in [
        "CREATE TABLE t(x); INSERT INTO t VALUES (1);",
        "PRAGMA application_id = 1162167630; CREATE TABLE t(x);",
        "PRAGMA application_id = 1162167630; PRAGMA user_version = 5; CREATE TABLE t(x);",
        "PRAGMA journal_mode = WAL; CREATE TABLE t(x);",
        "PRAGMA application_id = 1162167630; PRAGMA user_version = 1; PRAGMA journal_mode = WAL; CREATE TABLE t(x);",
    ]
    .iter()
    .enumerate()
    {
        let path = dir.join(format!("other-{n}.db"));
        rusqlite::Connection::open(&path).unwrap().execute_batch(sql).unwrap();
        let before = tally.refused;
        tally.open_file(format!("another program's database ({sql})"), &path);
        if tally.refused == before {
            tally.failures.push(format!("{sql}: was not refused"));
        }
    }
    for (what, bytes) in [
        ("an empty file", Vec::new()),
        (
            "random bytes",
            (0..8192u32).map(|i| (i * 7919 % 251) as u8).collect(),
        ),
        ("only the SQLite magic", b"SQLite format 3\0".to_vec()),
    ] {
        let path = dir.join(format!("{}.feint", what.replace(' ', "-")));
        std::fs::write(&path, &bytes).unwrap();
        tally.open_file(what.to_string(), &path);
    }
}

/// Every leaf of `value`, as a JSON pointer.
fn leaves(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                leaves(v, format!("{at}/{k}"), out);
            }
        }
        Value::Array(items) => {
            // The first and last item stand for the rest.
            let n = items.len();
            for i in [0, n.saturating_sub(1)].into_iter().filter(|&i| i < n) {
                leaves(&items[i], format!("{at}/{i}"), out);
            }
            if n == 0 {
                out.push(at);
            }
        }
        _ => out.push(at),
    }
}

fn import_value(tally: &mut Tally, dir: &Path, label: String, text: Vec<u8>) -> bool {
    let n = tally.inputs;
    let input = dir.join(format!("in-{n}.json"));
    let dest = dir.join(format!("out-{n}.feint"));
    std::fs::write(&input, &text).unwrap();
    let (i, d) = (input.clone(), dest.clone());
    let outcome = tally.run(label.clone(), move || json::import_file(&i, &d).map(drop));
    if let Some(Err(err)) = &outcome {
        if dest.exists() {
            tally
                .failures
                .push(format!("{label}: a refused import left a file"));
        }
        names_the_file(tally, &label, &err.message, &input);
    }
    matches!(outcome, Some(Ok(())))
}

/// A refused input's error says which file it is about.
fn names_the_file(tally: &mut Tally, label: &str, message: &str, input: &Path) {
    if !message.contains(&*input.to_string_lossy()) {
        tally.failures.push(format!(
            "{label}: the error does not name the file: {message}"
        ));
    }
}

fn hostile_json(dir: &Path, tally: &mut Tally) {
    let (path, _) = sample_file(dir);
    let doc = Document::open(&path).unwrap();
    let good: Value = serde_json::from_str(&json::export(&doc).unwrap()).unwrap();
    drop(doc);
    let mut pointers = Vec::new();
    leaves(&good, String::new(), &mut pointers);
    let wrong = [json!(null), json!(-1), json!("x"), json!([]), json!({})];
    for (i, pointer) in pointers.iter().enumerate() {
        let mut value = good.clone();
        *value.pointer_mut(pointer).unwrap() = wrong[i % wrong.len()].clone();
        let text = serde_json::to_vec(&value).unwrap();
        import_value(
            tally,
            dir,
            format!("JSON with {pointer} = {}", wrong[i % wrong.len()]),
            text,
        );
    }
    let with_bom = [
        b"\xEF\xBB\xBF".as_slice(),
        &serde_json::to_vec(&good).unwrap(),
    ]
    .concat();
    if !import_value(
        tally,
        dir,
        "a valid export with a UTF-8 BOM".into(),
        with_bom,
    ) {
        tally
            .failures
            .push("a valid export with a BOM was refused".into());
    }
    let event = good["storyboard"]["events"][0].clone();
    let many = |n: usize| -> Vec<Value> {
        (0..n)
            .map(|i| {
                let mut e = event.clone();
                e["id"] = json!(format!("00000000-0000-4000-8000-{i:012}"));
                e
            })
            .collect()
    };
    for (what, edit) in [
        (
            "6,000 events",
            Box::new(|v: &mut Value| v["storyboard"]["events"] = json!(many(6000)))
                as Box<dyn Fn(&mut Value)>,
        ),
        (
            "100,000 lanes",
            Box::new(|v: &mut Value| {
                v["storyboard"]["lanes"] = json!((0..100_000)
                    .map(|i| json!({"id": format!("l{i}"), "name": "x", "position": i}))
                    .collect::<Vec<_>>())
            }),
        ),
        (
            "100,000 supporting items",
            Box::new(|v: &mut Value| {
                v["storyboard"]["supporting"] = json!((0..100_000).map(|i| json!({"id": format!("s{i}"), "text": "x", "visibility": null, "truth": null, "position": i})).collect::<Vec<_>>())
            }),
        ),
        (
            "201 accounts in one persona",
            Box::new(|v: &mut Value| {
                let account = v["personas"][0]["accounts"][0].clone();
                v["personas"][0]["accounts"] = json!(accounts(&account, 0, 201));
            }),
        ),
        (
            "5,200 accounts across 26 personas",
            Box::new(|v: &mut Value| {
                let persona = v["personas"][0].clone();
                let account = persona["accounts"][0].clone();
                v["personas"] = json!((0..26)
                    .map(|n| {
                        let mut p = persona.clone();
                        p["id"] = json!(format!("persona-{n}"));
                        p["event_ids"] = json!([]);
                        p["accounts"] = json!(accounts(&account, n, 200));
                        p
                    })
                    .collect::<Vec<_>>());
            }),
        ),
        (
            "501 personas",
            Box::new(|v: &mut Value| {
                let mut persona = v["personas"][0].clone();
                persona["accounts"] = json!([]);
                persona["event_ids"] = json!([]);
                v["personas"] = json!((0..501)
                    .map(|n| {
                        let mut p = persona.clone();
                        p["id"] = json!(format!("persona-{n}"));
                        p
                    })
                    .collect::<Vec<_>>());
            }),
        ),
        (
            "501 gating criteria",
            Box::new(|v: &mut Value| {
                let item = v["order"]["gating"][0].clone();
                v["order"]["gating"] = json!((0..501)
                    .map(|n| {
                        let mut g = item.clone();
                        g["id"] = json!(format!("gating-{n}"));
                        g
                    })
                    .collect::<Vec<_>>());
            }),
        ),
        (
            "an empty operation id",
            Box::new(|v: &mut Value| v["operation"]["id"] = json!("")),
        ),
        (
            "created_at yesterday",
            Box::new(|v: &mut Value| v["operation"]["created_at"] = json!("yesterday")),
        ),
        (
            "an empty catalog version",
            Box::new(|v: &mut Value| v["operation"]["catalog_version"] = json!("")),
        ),
        (
            "an event on day 2^31-1",
            Box::new(|v: &mut Value| v["storyboard"]["events"][0]["day"] = json!(2147483647)),
        ),
        (
            "an empty event id",
            Box::new(|v: &mut Value| v["storyboard"]["events"][0]["id"] = json!("")),
        ),
        (
            "an event created yesterday",
            Box::new(|v: &mut Value| {
                v["storyboard"]["events"][0]["created_at"] = json!("yesterday")
            }),
        ),
        (
            "a start date 2026-13-45",
            Box::new(|v: &mut Value| v["operation"]["start_date"] = json!("2026-13-45")),
        ),
        (
            "a huge array of nulls",
            Box::new(|v: &mut Value| {
                v["storyboard"]["events"] = json!(vec![Value::Null; 1_000_000])
            }),
        ),
        (
            "format of another program",
            Box::new(|v: &mut Value| v["format"] = json!("other")),
        ),
        (
            "schema version 99",
            Box::new(|v: &mut Value| v["schema_version"] = json!(99)),
        ),
    ] {
        let mut value = good.clone();
        edit(&mut value);
        let text = serde_json::to_vec(&value).unwrap();
        if import_value(tally, dir, format!("JSON with {what}"), text) {
            tally
                .failures
                .push(format!("JSON with {what}: was imported"));
        }
    }
    for (what, text) in [
        ("an empty file", b"".to_vec()),
        ("not JSON", b"hello".to_vec()),
        ("not UTF-8", vec![0xff, 0xfe, 0x00, 0x7b]),
        ("a bare array", b"[]".to_vec()),
        ("deep nesting", "[".repeat(100_000).into_bytes()),
    ] {
        if import_value(tally, dir, format!("JSON: {what}"), text) {
            tally.failures.push(format!("JSON: {what}: was imported"));
        }
    }
}

/// `count` copies of an account, each with its own ID and username.
fn accounts(account: &Value, persona: usize, count: usize) -> Vec<Value> {
    (0..count)
        .map(|i| {
            let mut a = account.clone();
            a["id"] = json!(format!("account-{persona}-{i}"));
            a["username"] = json!(format!("user-{persona}-{i}"));
            a
        })
        .collect()
}

fn hostile_layers(dir: &Path, tally: &mut Tally) {
    let layer = |techniques: Value| json!({"name": "x", "domain": "enterprise-attack", "techniques": techniques});
    let good = layer(json!([{"techniqueID": "T1611", "comment": "seen", "enabled": true}]));
    let mut inputs: Vec<(String, Vec<u8>)> = Vec::new();
    inputs.push((
        "a valid layer with a BOM".into(),
        [
            b"\xEF\xBB\xBF".as_slice(),
            &serde_json::to_vec(&good).unwrap(),
        ]
        .concat(),
    ));
    let wrong = [
        json!(null),
        json!(-1),
        json!("x"),
        json!([]),
        json!({}),
        json!(true),
    ];
    for field in ["name", "domain", "techniques", "versions"] {
        for w in &wrong {
            let mut v = good.clone();
            v[field] = w.clone();
            inputs.push((
                format!("layer with {field} = {w}"),
                serde_json::to_vec(&v).unwrap(),
            ));
        }
    }
    for field in ["techniqueID", "comment", "enabled", "tactic", "score"] {
        for w in &wrong {
            let mut v = good.clone();
            v["techniques"][0][field] = w.clone();
            inputs.push((
                format!("layer entry with {field} = {w}"),
                serde_json::to_vec(&v).unwrap(),
            ));
        }
    }
    for id in [
        "",
        "T",
        "T99999",
        "t1611",
        "T1611.9999",
        "T1611.001.001",
        "../T1611",
    ] {
        inputs.push((
            format!("layer entry with techniqueID {id:?}"),
            serde_json::to_vec(&layer(json!([{"techniqueID": id}]))).unwrap(),
        ));
    }
    let repeated: Vec<Value> = (0..200_000)
        .map(|i| json!({"techniqueID": "T1611", "comment": format!("comment {i}")}))
        .collect();
    inputs.push((
        "one technique 200,000 times with comments".into(),
        serde_json::to_vec(&layer(json!(repeated))).unwrap(),
    ));
    inputs.push((
        "a list of 100,001 entries".into(),
        serde_json::to_vec(&layer(json!(vec![json!(1); 100_001]))).unwrap(),
    ));
    inputs.push((
        "a list of layers, one bad".into(),
        serde_json::to_vec(&json!([good.clone(), 5])).unwrap(),
    ));
    inputs.push(("an empty list of layers".into(), b"[]".to_vec()));
    inputs.push(("not JSON".into(), b"{".to_vec()));
    for (label, bytes) in inputs {
        let (path, _) = fresh_operation(dir, tally.inputs);
        let input = dir.join(format!("layer-{}.json", tally.inputs));
        std::fs::write(&input, &bytes).unwrap();
        let (p, i) = (path.clone(), input.clone());
        let bom = label.contains("BOM");
        let outcome = tally.run(label.clone(), move || {
            let mut doc = Document::open(&p)?;
            doc.import_layer(&i).map(drop)
        });
        if bom && !matches!(outcome, Some(Ok(()))) {
            tally.failures.push(format!("{label}: was refused"));
        }
        if let Some(Err(err)) = &outcome {
            names_the_file(tally, &label, &err.message, &input);
        }
    }
}

fn fresh_operation(dir: &Path, n: usize) -> (PathBuf, ()) {
    let path = dir.join(format!("layer-target-{n}.feint"));
    drop(Document::create(&path, "Layer target").unwrap());
    (path, ())
}

/// Inputs that are not files: each must be refused at once, not read forever.
fn endless_inputs(dir: &Path, tally: &mut Tally) {
    let fifo = dir.join("fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    let mut specials = vec![PathBuf::from("/dev/zero"), dir.to_path_buf()];
    if made.is_ok_and(|s| s.success()) {
        specials.push(fifo);
    }
    let target = dir.join("specials-target.feint");
    drop(Document::create(&target, "Target").unwrap());
    for special in specials {
        let s = special.clone();
        let dest = dir.join(format!("special-{}.feint", tally.inputs));
        expect_refused(
            tally,
            format!("import from {}", special.display()),
            move || json::import_file(&s, &dest).map(drop),
        );
        let s = special.clone();
        expect_refused(tally, format!("open {}", special.display()), move || {
            use_operation(&s, None)
        });
        let (s, t) = (special.clone(), target.clone());
        expect_refused(
            tally,
            format!("layer import from {}", special.display()),
            move || Document::open(&t)?.import_layer(&s).map(drop),
        );
    }
}

/// `feint export` pointed at an operation file (the one it reads, through another name or a
/// link, or any other `.feint`, whatever the extension) must refuse and leave it byte-identical.
fn exports_onto_operations(dir: &Path, tally: &mut Tally) {
    let (op, _) = sample_file(dir);
    let other = dir.join("other.feint");
    drop(Document::create(&other, "Another operation").unwrap());
    let renamed = dir.join("disguised.pdf");
    std::fs::copy(&other, &renamed).unwrap();
    let link = dir.join("link.json");
    std::os::unix::fs::symlink(&op, &link).unwrap();
    let sub = dir.join("sub");
    std::fs::create_dir(&sub).unwrap();
    let dotted = sub.join("..").join("sample.feint");
    let targets = [op.clone(), dotted, link, other, renamed];
    let kinds: [&[&str]; 4] = [&["--pdf"], &["--json"], &["--csv"], &["layer"]];
    for target in &targets {
        for kind in kinds {
            let before = std::fs::read(target).unwrap();
            let (op, out) = (op.clone(), target.clone());
            let label = format!("export {kind:?} onto {}", target.display());
            match tally.run(label.clone(), move || cli_export(&op, kind[0], &out)) {
                Some(Ok(())) => tally.failures.push(format!("{label}: was accepted")),
                Some(Err(err)) if !err.message.contains(&*target.to_string_lossy()) => {
                    tally.failures.push(format!(
                        "{label}: the error does not name the file: {}",
                        err.message
                    ))
                }
                _ => {}
            }
            if std::fs::read(target).unwrap() != before {
                tally
                    .failures
                    .push(format!("{label}: the target was changed"));
            }
        }
    }
}

/// Runs the `feint` binary's export; its failure becomes the error it printed.
fn cli_export(op: &Path, kind: &str, out: &Path) -> Result<(), FeintError> {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_feint"));
    if kind == "layer" {
        cmd.arg("layer-export").arg(op).arg(out);
    } else {
        cmd.arg("export").arg(op).arg(kind).arg(out);
    }
    let output = cmd
        .output()
        .map_err(|e| FeintError::invalid(e.to_string()))?;
    if output.status.success() {
        return Ok(());
    }
    Err(FeintError::invalid(
        String::from_utf8_lossy(&output.stderr).into_owned(),
    ))
}

fn expect_refused(
    tally: &mut Tally,
    label: String,
    attempt: impl FnOnce() -> Result<(), FeintError> + Send + 'static,
) {
    if let Some(Ok(())) = tally.run(label.clone(), attempt) {
        tally.failures.push(format!("{label}: was accepted"));
    }
}

/// One group of hostile inputs, written into and tried from its own folder.
type Part = fn(&Path, &mut Tally);

#[test]
fn hostile_inputs_end_with_a_clear_error_or_a_correct_result() {
    let home = tempfile::tempdir().unwrap();
    let mut tally = Tally::default();
    let parts: [(&str, Part); 8] = [
        ("broken", broken_operation_files),
        ("crafted", crafted_values),
        ("foreign", foreign_and_future_files),
        ("json", hostile_json),
        ("layers", hostile_layers),
        ("endless", endless_inputs),
        ("exports onto operations", exports_onto_operations),
        ("encrypted", encrypted_files),
    ];
    for (name, part) in parts {
        let dir = home.path().join(name);
        std::fs::create_dir(&dir).unwrap();
        let before = tally.inputs;
        part(&dir, &mut tally);
        println!("malformed suite: {name}: {} inputs", tally.inputs - before);
    }
    println!(
        "malformed suite: {} inputs, {} refused, {} accepted, {} failures",
        tally.inputs,
        tally.refused,
        tally.accepted,
        tally.failures.len()
    );
    assert!(tally.failures.is_empty(), "{}", tally.failures.join("\n"));
    assert!(tally.inputs >= 300, "only {} inputs", tally.inputs);
}
