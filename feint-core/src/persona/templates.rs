//! Persona templates: a role with a plausible pattern of life, to start from.

use serde::Serialize;
use ts_rs::TS;

use super::{schedule_of, DetailLevel, PersonaProfile};

/// A starting point for a new persona. The time zone is not part of it: a new persona works in
/// the operation's zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PersonaTemplate {
    /// Passed as `NewPersona.template`.
    pub key: String,
    /// Shown in the template picker.
    pub label: String,
    pub role: String,
    pub detail: DetailLevel,
    /// 7 × 24 working hours, Monday first (see `PersonaProfile::schedule`).
    pub schedule: Vec<String>,
    pub sleep: String,
    pub interests: String,
    pub websites: String,
    pub habits: String,
    pub critical_tasks: String,
}

impl PersonaTemplate {
    /// Copies the template's fields onto a profile (name, zone and dates stay).
    pub fn fill(&self, profile: &mut PersonaProfile) {
        profile.role = self.role.clone();
        profile.detail = self.detail;
        profile.schedule = self.schedule.clone();
        profile.sleep = self.sleep.clone();
        profile.interests = self.interests.clone();
        profile.websites = self.websites.clone();
        profile.habits = self.habits.clone();
        profile.critical_tasks = self.critical_tasks.clone();
    }
}

const WEEKDAYS: [usize; 5] = [0, 1, 2, 3, 4];

/// The built-in templates: a system administrator, a finance clerk and a developer.
pub fn templates() -> Vec<PersonaTemplate> {
    let admin_schedule = {
        // 08:00–18:00 on weekdays, plus a Saturday-morning patch window 09:00–12:00.
        let mut s = schedule_of(&WEEKDAYS, 8, 18);
        s[5] = schedule_of(&[5], 9, 12)[5].clone();
        s
    };
    vec![
        PersonaTemplate {
            key: "sysadmin".into(),
            label: "System administrator".into(),
            role: "System administrator".into(),
            detail: DetailLevel::Full,
            schedule: admin_schedule,
            sleep: "Midnight to 07:00; checks alerts on the phone when woken.".into(),
            interests: "Home lab, self-hosting, cycling".into(),
            websites: "stackoverflow.com\ndocs.docker.com\ngithub.com\nnews.ycombinator.com".into(),
            habits: "Patches on Saturday mornings; leaves SSH sessions open; reuses a few \
                     passwords across internal tools."
                .into(),
            critical_tasks: "Keep the build and file servers running; nightly backups; user \
                             accounts."
                .into(),
        },
        PersonaTemplate {
            key: "finance_clerk".into(),
            label: "Finance clerk".into(),
            role: "Accounts payable clerk".into(),
            detail: DetailLevel::Light,
            schedule: schedule_of(&WEEKDAYS, 8, 16),
            sleep: "22:30 to 06:30.".into(),
            interests: "Gardening, local football club".into(),
            websites: "The bank's business portal\nThe supplier invoicing portal\nNews sites"
                .into(),
            habits: "Opens every invoice attachment; lunch at 12:00 sharp; month-end overtime."
                .into(),
            critical_tasks: "Pay supplier invoices; reconcile the bank statements.".into(),
        },
        PersonaTemplate {
            key: "developer".into(),
            label: "Developer".into(),
            role: "Software developer".into(),
            detail: DetailLevel::Full,
            schedule: schedule_of(&WEEKDAYS, 10, 19),
            sleep: "01:00 to 09:00.".into(),
            interests: "Open-source projects, mechanical keyboards, retro games".into(),
            websites: "github.com\ncrates.io\nstackoverflow.com\nreddit.com/r/programming".into(),
            habits: "Pushes late in the afternoon; keeps tokens in shell history; works from \
                     home on Fridays."
                .into(),
            critical_tasks: "Ship the release branch; keep the CI pipeline green.".into(),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::persona::blank;

    #[test]
    fn every_template_makes_a_valid_persona() {
        let list = templates();
        assert_eq!(list.len(), 3);
        for t in list {
            let mut p = blank("Test Person", "Europe/Berlin");
            t.fill(&mut p.profile);
            p.validate().unwrap();
            let hours: usize = p
                .profile
                .schedule
                .iter()
                .map(|d| d.matches('1').count())
                .sum();
            assert!((35..=55).contains(&hours), "{}: {hours} hours", t.key);
        }
    }
}
