//! Fonts found on the machine for the characters the shipped DejaVu faces lack: CJK ideographs,
//! kana, Hangul and emoji, among others. Shipping fonts for those scripts would add tens of
//! megabytes to the package, so the order uses what the system has: the fonts fontconfig's
//! configuration names (read by the crate `fontdb`, no library linked, no network), a face
//! chosen per character, loaded once per process and only when a document needs it, and
//! embedded as a subset like the shipped faces.
//!
//! Preference, so one document does not mix look-alike faces: Noto Sans CJK, then any other CJK
//! face, then Symbola (emoji as outlines; colour bitmap emoji cannot be embedded as outlines and
//! are never chosen), then any other regular face, each group by family name.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use super::Face;

struct Candidate {
    id: fontdb::ID,
    rank: u8,
    family: String,
}

fn database() -> &'static (fontdb::Database, Vec<Candidate>) {
    static DB: OnceLock<(fontdb::Database, Vec<Candidate>)> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = fontdb::Database::new();
        db.load_system_fonts();
        let mut candidates: Vec<Candidate> = db
            .faces()
            .filter(|f| f.style == fontdb::Style::Normal && f.weight == fontdb::Weight::NORMAL)
            .filter_map(|f| {
                let family = f.families.first()?.0.clone();
                Some(Candidate {
                    id: f.id,
                    rank: rank(&family)?,
                    family,
                })
            })
            .collect();
        candidates.sort_by(|a, b| (a.rank, &a.family).cmp(&(b.rank, &b.family)));
        (db, candidates)
    })
}

/// Lower is preferred; `None` for a face never to use (colour emoji are bitmaps).
fn rank(family: &str) -> Option<u8> {
    let f = family.to_lowercase();
    if f.contains("color emoji") || f.contains("colour emoji") {
        return None;
    }
    Some(if f.starts_with("noto sans cjk") {
        0
    } else if f.contains("cjk") {
        1
    } else if f.contains("symbola") {
        2
    } else {
        3
    })
}

/// The system face that draws `c`, or `None` when no installed font has it.
pub(super) fn face_for(c: char) -> Option<&'static Face> {
    static BY_CHAR: OnceLock<Mutex<HashMap<char, Option<fontdb::ID>>>> = OnceLock::new();
    let (db, candidates) = database();
    let by_char = BY_CHAR.get_or_init(Default::default);
    let id = *by_char
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .entry(c)
        .or_insert_with(|| {
            candidates
                .iter()
                .find(|cand| {
                    db.with_face_data(cand.id, |data, index| {
                        ttf_parser::Face::parse(data, index)
                            .ok()
                            .and_then(|f| f.glyph_index(c))
                            .is_some_and(|g| g.0 != 0)
                    })
                    .unwrap_or(false)
                })
                .map(|cand| cand.id)
        });
    id.and_then(load)
}

/// The face `id`, read into memory once per process (it stays for the process's life, as the
/// shipped faces do).
fn load(id: fontdb::ID) -> Option<&'static Face> {
    static LOADED: OnceLock<Mutex<HashMap<fontdb::ID, Option<&'static Face>>>> = OnceLock::new();
    let loaded = LOADED.get_or_init(Default::default);
    let mut loaded = loaded.lock().unwrap_or_else(|e| e.into_inner());
    *loaded.entry(id).or_insert_with(|| {
        let (db, _) = database();
        let name = db
            .face(id)
            .map(|f| f.post_script_name.clone())
            .unwrap_or_default();
        let name: String = name.chars().filter(char::is_ascii_alphanumeric).collect();
        let (bytes, index) =
            db.with_face_data(id, |data, index| (data.to_vec().into_boxed_slice(), index))?;
        let bytes: &'static [u8] = Box::leak(bytes);
        let face = Face::from_system(bytes, index, name)?;
        Some(&*Box::leak(Box::new(face)))
    })
}
