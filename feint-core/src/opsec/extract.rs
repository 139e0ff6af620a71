//! What in free text could link two operations: IP addresses, MAC addresses, e-mail addresses
//! and domain names, each in one canonical form, so "AA-BB-CC-DD-EE-FF" in one file and
//! "aa:bb:cc:dd:ee:ff" in another are the same MAC.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::OnceLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

use super::LinkKind as Kind;

/// `value` as it is compared: NFKC (so full-width or ligature look-alikes match), without
/// invisible format characters, spaces collapsed and trimmed; case-folded unless case matters
/// (secrets).
pub fn normalise(kind: Kind, value: &str) -> String {
    let plain: String = value
        .nfkc()
        .filter(|c| !crate::order::redact::is_invisible_format(*c))
        .collect();
    let spaced = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    if kind.case_matters() {
        spaced
    } else {
        spaced.to_lowercase()
    }
}

/// File name endings that look like a top-level domain in "notes.txt" but name files.
const FILE_ENDINGS: [&str; 40] = [
    "txt", "json", "pdf", "exe", "dll", "sh", "py", "log", "csv", "zip", "feint", "conf", "yml",
    "yaml", "xml", "html", "htm", "js", "md", "png", "jpg", "jpeg", "gif", "doc", "docx", "xls",
    "xlsx", "ps1", "bat", "tar", "gz", "db", "sql", "ini", "cfg", "pem", "crt", "key", "rs", "so",
];

fn regex(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("a fixed pattern"))
}

/// Every linkable value in `text`, as (kind, canonical value), in order of appearance.
pub fn linkable(text: &str) -> Vec<(Kind, String)> {
    let text = normalise(Kind::Secret, text);
    let mut found = Vec::new();
    emails_and_domains(&text, &mut found);
    ipv4(&text, &mut found);
    ipv6(&text, &mut found);
    macs(&text, &mut found);
    let mut seen = std::collections::HashSet::new();
    found.retain(|f| seen.insert(f.clone()));
    found
}

fn emails_and_domains(text: &str, found: &mut Vec<(Kind, String)>) {
    static EMAIL: OnceLock<Regex> = OnceLock::new();
    static DOMAIN: OnceLock<Regex> = OnceLock::new();
    let email = regex(
        &EMAIL,
        r"(?i)[a-z0-9._%+-]+@((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63})",
    );
    let domain = regex(
        &DOMAIN,
        r"(?i)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]",
    );
    for caps in email.captures_iter(text) {
        let whole = caps.get(0).expect("a match");
        if bounded(text, whole.start(), whole.end(), |c| {
            c.is_alphanumeric() || c == '.'
        }) {
            found.push((Kind::Email, whole.as_str().to_lowercase()));
            found.push((Kind::Domain, caps[1].to_lowercase()));
        }
    }
    for m in domain.find_iter(text) {
        let name = m.as_str().to_lowercase();
        let part_of_email = |c: char| c.is_alphanumeric() || matches!(c, '.' | '@' | '_' | '-');
        if bounded(text, m.start(), m.end(), part_of_email) && is_domain(&name) {
            found.push((Kind::Domain, name));
        }
    }
}

/// Whether the match `start..end` of `text` stands on its own: the characters just before and
/// just after (if any) are not ones `joins` says would make it part of something longer
/// ("v1.2.3.4", "1.2.3.4.5"). A dot at the end of a sentence is not joining.
fn bounded(text: &str, start: usize, end: usize, joins: impl Fn(char) -> bool) -> bool {
    let before = text[..start].chars().next_back();
    let mut rest = text[end..].chars();
    let after = match rest.next() {
        Some('.') => rest.next().filter(|c| !c.is_whitespace()).map(|_| '.'),
        other => other,
    };
    !before.is_some_and(&joins) && !after.is_some_and(&joins)
}

/// A dotted name ending in a letters-only label that is not a file ending ("notes.txt") and
/// not an abbreviation with one-letter labels ("e.g").
fn is_domain(name: &str) -> bool {
    let labels: Vec<&str> = name.split('.').collect();
    let Some(last) = labels.last() else {
        return false;
    };
    labels.len() >= 2
        && last.len() >= 2
        && last.chars().all(|c| c.is_ascii_alphabetic())
        && !FILE_ENDINGS.contains(last)
        && labels.iter().any(|l| l.len() >= 2)
}

fn ipv4(text: &str, found: &mut Vec<(Kind, String)>) {
    static IPV4: OnceLock<Regex> = OnceLock::new();
    let re = regex(&IPV4, r"(?:[0-9]{1,3}\.){3}[0-9]{1,3}");
    for m in re.find_iter(text) {
        if !bounded(text, m.start(), m.end(), |c| {
            c.is_alphanumeric() || c == '.'
        }) {
            continue;
        }
        if let Ok(ip) = m.as_str().parse::<Ipv4Addr>() {
            if !(ip.is_loopback() || ip.is_unspecified()) {
                found.push((Kind::Ip, IpAddr::V4(ip).to_string()));
            }
        }
    }
}

fn ipv6(text: &str, found: &mut Vec<(Kind, String)>) {
    static IPV6: OnceLock<Regex> = OnceLock::new();
    let re = regex(
        &IPV6,
        r"(?i)(?:[0-9a-f]{0,4}:){2,7}(?:(?:[0-9]{1,3}\.){3}[0-9]{1,3}|[0-9a-f]{0,4})",
    );
    for m in re.find_iter(text) {
        if !bounded(text, m.start(), m.end(), |c| {
            c.is_alphanumeric() || c == ':'
        }) {
            continue;
        }
        if let Ok(ip) = m.as_str().parse::<Ipv6Addr>() {
            if !(ip.is_loopback() || ip.is_unspecified()) {
                found.push((Kind::Ip, canonical_ipv6(ip)));
            }
        }
    }
}

/// An IPv4-mapped address is the IPv4 address it maps, so "::ffff:10.0.0.5" matches "10.0.0.5".
fn canonical_ipv6(ip: Ipv6Addr) -> String {
    match ip.to_ipv4_mapped() {
        Some(v4) => v4.to_string(),
        None => ip.to_string(),
    }
}

fn macs(text: &str, found: &mut Vec<(Kind, String)>) {
    static MAC: OnceLock<Regex> = OnceLock::new();
    let re = regex(
        &MAC,
        r"(?i)[0-9a-f]{2}(?::[0-9a-f]{2}){5}|[0-9a-f]{2}(?:-[0-9a-f]{2}){5}|[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}",
    );
    for m in re.find_iter(text) {
        if bounded(text, m.start(), m.end(), |c| {
            c.is_alphanumeric() || matches!(c, ':' | '-' | '.')
        }) {
            found.push((Kind::Mac, canonical_mac(m.as_str())));
        }
    }
}

/// Lower case, colon-separated pairs.
fn canonical_mac(mac: &str) -> String {
    let digits: Vec<char> = mac
        .chars()
        .filter(char::is_ascii_hexdigit)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    digits
        .chunks(2)
        .map(|pair| pair.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(":")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str, kind: Kind) -> Vec<String> {
        linkable(text)
            .into_iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, v)| v)
            .collect()
    }

    #[test]
    fn ips_in_prose_but_not_versions() {
        let text = "Beacon to 10.20.30.40, then 192.168.1.7:8080; agent v1.2.3.4 and 1.2.3.4.5 \
                    and 999.1.1.1 and 127.0.0.1 and ::1 and fe80::1ff:fe23:4567:890a and \
                    ::ffff:10.9.8.7 at 09:30:00";
        assert_eq!(
            values(text, Kind::Ip),
            [
                "10.20.30.40",
                "192.168.1.7",
                "10.9.8.7",
                "fe80::1ff:fe23:4567:890a",
            ]
        );
    }

    #[test]
    fn macs_in_any_notation_become_one_form() {
        let text = "NIC AA-BB-CC-0D-EE-F1, spare aa:bb:cc:0d:ee:f2, cisco 0011.2233.4455, \
                    not aa:bb-cc:dd:ee:ff nor aa:bb:cc:dd:ee:ff:00";
        assert_eq!(
            values(text, Kind::Mac),
            [
                "aa:bb:cc:0d:ee:f1",
                "aa:bb:cc:0d:ee:f2",
                "00:11:22:33:44:55"
            ]
        );
    }

    #[test]
    fn domains_and_emails_but_not_file_names_or_abbreviations() {
        let text = "Mail j.smith@Harbor-Logistics.example from portal.harbor-logistics.example, \
                    see notes.txt, e.g. the run.sh script and version 2.5";
        assert_eq!(
            values(text, Kind::Email),
            ["j.smith@harbor-logistics.example"]
        );
        let mut domains = values(text, Kind::Domain);
        domains.dedup();
        assert_eq!(
            domains,
            [
                "harbor-logistics.example",
                "portal.harbor-logistics.example"
            ]
        );
    }

    #[test]
    fn normalised_forms_ignore_width_case_and_invisible_characters() {
        assert_eq!(normalise(Kind::Username, "ＪＳｍｉｔｈ\u{200B} "), "jsmith");
        assert_eq!(normalise(Kind::Secret, " Pass\u{200D}Word "), "PassWord");
        assert_eq!(
            values("ｂｕｉｌｄ.ｅｘａｍｐｌｅ", Kind::Domain),
            ["build.example"]
        );
    }
}
