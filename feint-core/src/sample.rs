//! The built-in sample operation: a container honeypot against a cloud-focused threat group.
//! Later features (storyboard, personas, threat model) extend it.

use std::path::Path;

use crate::document::Document;
use crate::error::Result;
use crate::operation::OperationPatch;
use crate::persona::{DetailLevel, NewAccount, NewPersona, PersonaPatch, SecretKind};
use crate::storyboard::{NewEvent, NewSupportingItem, Status, Truth, Visibility};
use crate::threat::{AdversaryPatch, Confidence, TechniquePatch};

pub const SAMPLE_NAME: &str = "Dry Dock: exposed Docker daemon honeypot";

pub fn write_sample(path: &Path) -> Result<Document> {
    let mut doc = Document::create(path, SAMPLE_NAME)?;
    doc.update_operation(OperationPatch {
        codename: Some("HARBOR GLASS".into()),
        goals: Some(vec!["EGO0001".into(), "EGO0003".into()]),
        objective: Some(
            "Expose the cloud-focused group that hunts for open Docker daemons, and lead it to \
             reveal its container images, persistence and escape tooling inside a watched host."
                .into(),
        ),
        start_date: Some("2026-12-07".into()),
        end_date: Some("2026-12-20".into()),
        timezone: Some("Europe/Berlin".into()),
        handling_marking: Some("TLP:AMBER+STRICT".into()),
        narrative: Some(
            "A small logistics firm leaves a Docker Engine API reachable from the internet on a \
             build server. The target group gets in through External Remote Services (T1133), \
             starts its own container (Deploy Container, T1610), plants a key with SSH Authorized \
             Keys (T1098.004) and tries Escape to Host (T1611).\n\n\
             We answer with Security Controls (EAC0018) that let the escape appear to work inside \
             a contained host, System Activity Monitoring (EAC0003) on the daemon and the host, and \
             Pocket Litter (EAC0011): build scripts and registry credentials that point deeper into \
             a fictitious CI network."
                .into(),
        ),
        doc_version: Some("0.3".into()),
        prepared_by: Some("Operation coordinator".into()),
        approver: Some("CISO".into()),
        distribution: Some(vec![
            "CISO".into(),
            "Legal counsel".into(),
            "Engagement team".into(),
        ]),
        ..Default::default()
    })?;
    write_storyboard(&mut doc)?;
    write_personas(&mut doc)?;
    write_threat_model(&mut doc)?;
    write_order(&mut doc)?;
    Ok(doc)
}

/// Two weeks of the honeypot told as events: preparation before D+0, the daemon opened on D+0,
/// the lures and the contained escape in the first days, a gate at the midpoint, analysis and
/// the after-action review at the end. Every event is marked.
fn write_storyboard(doc: &mut Document) -> Result<()> {
    use Status::*;
    use Truth::*;
    use Visibility::*;
    let lane = |doc: &mut Document, name: &str| -> Result<String> {
        let lanes = doc.add_lane(name)?.lanes.unwrap_or_default();
        Ok(lanes
            .into_iter()
            .find(|l| l.name == name)
            .map(|l| l.id)
            .unwrap_or_default())
    };
    let team = lane(doc, "Team")?;
    let environment = lane(doc, "Environment")?;
    // An event at D+day, local time "HH:MM", lasting `minutes`.
    let at = |day: i32, hhmm: &str, minutes: i32, activity: &str, title: &str| {
        let (h, m) = hhmm.split_once(':').unwrap_or(("0", "0"));
        NewEvent {
            activity_id: activity.into(),
            day,
            minute: h.parse::<i32>().unwrap_or(0) * 60 + m.parse::<i32>().unwrap_or(0),
            duration_min: Some(minutes),
            title: Some(title.into()),
            ..Default::default()
        }
    };
    let ids = |list: &[&str]| list.iter().map(|t| t.to_string()).collect::<Vec<_>>();
    let events = [
        NewEvent {
            lane_id: Some(team.clone()),
            visibility: Some(Concealed),
            truth: Some(Fact),
            technique_ids: Some(ids(&["T1133", "T1610", "T1098.004", "T1611"])),
            status: Some(Done),
            narrative: Some(
                "Gather what is known of the group: it scans for Docker APIs left open on port \
                 2375, starts its own container from a public image, drops an SSH key and then \
                 tries to break out to the host. Those four techniques drive the rest of the \
                 plan."
                    .into(),
            ),
            ..at(-6, "10:00", 120, "SAC0009", "Profile the daemon hunters")
        },
        NewEvent {
            lane_id: Some(team.clone()),
            visibility: Some(Concealed),
            truth: Some(Fact),
            status: Some(Done),
            narrative: Some(
                "Settle the cover story: Kranhaus Logistik, a freight forwarder whose only \
                 build server was set up in a hurry by a contractor who has since left. \
                 Everything the group finds must fit that picture."
                    .into(),
            ),
            ..at(-5, "14:00", 90, "SAC0003", "Agree the harbour story")
        },
        NewEvent {
            lane_id: Some(team.clone()),
            visibility: Some(Concealed),
            truth: Some(Fact),
            status: Some(Ready),
            narrative: Some(
                "Stop at once if the group reaches anything beyond the contained host or turns \
                 the daemon on third parties. Pause and call the team lead if it starts testing \
                 whether the host is real. Only the CISO can restart a stopped operation."
                    .into(),
            ),
            ..at(-3, "10:00", 60, "SAC0005", "Set the hard stops")
        },
        NewEvent {
            host: Some("build-01".into()),
            lane_id: Some(environment.clone()),
            visibility: Some(Concealed),
            truth: Some(Fact),
            status: Some(Ready),
            narrative: Some(
                "Stand up build-01 with Docker Engine and a sandboxed container runtime, and \
                 registry-01 as the company's private image registry. Host names, MAC addresses \
                 and build times differ from every earlier operation."
                    .into(),
            ),
            ..at(
                -1,
                "09:00",
                480,
                "SAC0012",
                "Build build-01 and the decoy registry",
            )
        },
        NewEvent {
            host: Some("build-01".into()),
            lane_id: Some(environment.clone()),
            visibility: Some(Concealed),
            truth: Some(Fact),
            technique_ids: Some(ids(&["T1610", "T1611"])),
            collection_point: Some(
                "Docker API audit log and auditd, shipped to the collection system".into(),
            ),
            status: Some(Planned),
            narrative: Some(
                "Every call to the Engine API, every process and every file change on build-01 \
                 is copied off the box as it happens, where the group can neither see nor stop \
                 it."
                .into(),
            ),
            ..at(
                0,
                "08:00",
                13 * 1440 + 600,
                "EAC0003",
                "Record the daemon and the host",
            )
        },
        NewEvent {
            host: Some("build-01".into()),
            lane_id: Some(environment.clone()),
            visibility: Some(Revealed),
            truth: Some(Fact),
            technique_ids: Some(ids(&["T1133"])),
            collection_point: Some("Edge firewall log".into()),
            status: Some(Planned),
            narrative: Some(
                "Expose the Engine API on port 2375 without TLS. The opening is real; only the \
                 carelessness behind it is staged."
                    .into(),
            ),
            ..at(
                0,
                "09:00",
                30,
                "EAC0023",
                "Open the Docker API to the internet",
            )
        },
        NewEvent {
            host: Some("build-01".into()),
            lane_id: Some(environment.clone()),
            visibility: Some(Revealed),
            truth: Some(Fact),
            collection_point: Some("Build logs on build-01".into()),
            status: Some(Planned),
            narrative: Some(
                "Schedule a nightly job that pulls base images from registry-01, builds and \
                 pushes them back, so the daemon has a history and running containers by the \
                 time the group arrives."
                    .into(),
            ),
            ..at(0, "10:00", 60, "EAC0008", "Start the nightly builds")
        },
        NewEvent {
            host: Some("build-01".into()),
            lane_id: Some(environment.clone()),
            visibility: Some(Revealed),
            truth: Some(Fiction),
            technique_ids: Some(ids(&["T1552.001"])),
            collection_point: Some("registry-01 login log".into()),
            status: Some(Planned),
            narrative: Some(
                "A deploy script under /opt/ci holds a user name and password for registry-01 \
                 and names two more build agents. The credentials only open the decoy registry, \
                 so any use of them is a clean signal."
                    .into(),
            ),
            ..at(
                1,
                "11:00",
                45,
                "EAC0011",
                "Leave deploy scripts with registry credentials",
            )
        },
        NewEvent {
            approach_id: Some("EAP0003".into()),
            host: Some("build-01".into()),
            lane_id: Some(environment.clone()),
            visibility: Some(Concealed),
            truth: Some(Fact),
            technique_ids: Some(ids(&["T1611"])),
            collection_point: Some("Sandbox syscall trace".into()),
            status: Some(Planned),
            narrative: Some(
                "Containers the group starts run on a user-space kernel. A breakout lands in a \
                 second, watched sandbox instead of on the machine underneath."
                    .into(),
            ),
            ..at(
                2,
                "09:00",
                60,
                "EAC0018",
                "Contain escapes in a sandboxed runtime",
            )
        },
        NewEvent {
            approach_id: Some("EAP0004".into()),
            host: Some("build-01".into()),
            lane_id: Some(environment.clone()),
            visibility: Some(Revealed),
            truth: Some(Fiction),
            technique_ids: Some(ids(&["T1611", "T1098.004"])),
            collection_point: Some("Sandbox syscall trace".into()),
            status: Some(Planned),
            narrative: Some(
                "Inside the second sandbox the group finds what looks like the host: a root \
                 shell, a writable authorized_keys file and the build user's home folder. \
                 Whatever it plants there is kept for analysis."
                    .into(),
            ),
            ..at(2, "10:00", 60, "EAC0018", "Let the escape appear to work")
        },
        NewEvent {
            host: Some("registry-01".into()),
            lane_id: Some(environment.clone()),
            visibility: Some(Concealed),
            truth: Some(Fiction),
            collection_point: Some("registry-01 file access log".into()),
            status: Some(Planned),
            narrative: Some(
                "An encrypted archive named prod-registry-backup waits in a hidden folder on \
                 registry-01. It holds random bytes; how long the group works on it, and with \
                 which tools, tells us what it is after."
                    .into(),
            ),
            ..at(
                3,
                "14:00",
                30,
                "EAC0005",
                "Encrypted backup of the production registry",
            )
        },
        NewEvent {
            lane_id: Some(team.clone()),
            visibility: Some(Concealed),
            truth: Some(Fact),
            status: Some(Planned),
            narrative: Some(
                "Check what the group has done so far against the hard stops. The team lead and \
                 the CISO decide whether the second week runs as planned."
                    .into(),
            ),
            ..at(
                7,
                "10:00",
                90,
                "SAC0005",
                "Midpoint gate: go on, pause or stop",
            )
        },
        NewEvent {
            approach_id: Some("SAP0002".into()),
            lane_id: Some(team.clone()),
            visibility: Some(Concealed),
            truth: Some(Fact),
            technique_ids: Some(ids(&["T1610"])),
            status: Some(Planned),
            narrative: Some(
                "Take the images and keys the group left behind, pull out hashes, registry \
                 addresses and key fingerprints, and hand them to the blue team."
                    .into(),
            ),
            ..at(
                9,
                "13:00",
                120,
                "SAC0004",
                "Turn captured images into indicators",
            )
        },
        NewEvent {
            lane_id: Some(team.clone()),
            visibility: Some(Concealed),
            truth: Some(Fact),
            status: Some(Planned),
            narrative: Some(
                "Switch the environment off, then walk the timeline: which events drew the \
                 reaction we wanted, which did not, and what the threat model should learn from \
                 it."
                .into(),
            ),
            ..at(
                13,
                "15:00",
                120,
                "SAC0006",
                "Hotwash and after-action review",
            )
        },
    ];
    for event in events {
        doc.add_event(event)?;
    }
    for (text, visibility, truth) in [
        (
            "Public DNS name build.kranhaus-logistik.example points at build-01",
            Revealed,
            Fact,
        ),
        (
            "The collection system's address range and the log shipper on build-01",
            Concealed,
            Fact,
        ),
        (
            "Two further build agents, ci-02 and ci-03, named in the scripts but never built",
            Revealed,
            Fiction,
        ),
    ] {
        doc.add_supporting(NewSupportingItem {
            text: text.into(),
            visibility: Some(visibility),
            truth: Some(truth),
        })?;
    }
    // The planner opens the sample to a clean slate: nothing to undo.
    doc.clear_history()
}

/// The people the group meets: the administrator who owns build-01 (the bait) and a developer
/// who pushes to its registry. Their working hours cover every event they take part in, so the
/// sample opens with no persona warnings.
fn write_personas(doc: &mut Document) -> Result<()> {
    let events = doc.storyboard_data()?.events;
    let event = |title: &str| -> Result<String> {
        events
            .iter()
            .find(|e| e.title == title)
            .map(|e| e.id.clone())
            .ok_or_else(|| crate::error::FeintError::not_found(format!("no event \"{title}\"")))
    };
    let admin = doc.create_persona(NewPersona {
        name: "Jonas Weber".into(),
        template: Some("sysadmin".into()),
    })?;
    doc.update_persona(
        admin.id(),
        PersonaPatch {
            role: Some("IT administrator, Kranhaus Logistik".into()),
            area: Some("Hamburg, Germany".into()),
            date_of_birth: Some("1984-05-17".into()),
            start_date: Some("2019-03-01".into()),
            detail: Some(DetailLevel::Full),
            background: Some(
                "The firm's only administrator. Inherited build-01 from the contractor who set \
                 it up and keeps it running without quite knowing how; the Docker API was opened \
                 \"for a week\" during a migration and never closed."
                    .into(),
            ),
            goals: Some("Keep the freight tracking and the nightly builds running.".into()),
            ..Default::default()
        },
    )?;
    doc.add_account(
        admin.id(),
        NewAccount {
            system: Some("build-01 (ssh)".into()),
            username: Some("jweber".into()),
            secret_kind: Some(SecretKind::Password),
            secret: Some("Kranhaus-2019!".into()),
            visibility: Some(Visibility::Revealed),
            notes: Some("Left in a deploy script's comments for the group to find.".into()),
        },
    )?;
    doc.add_account(
        admin.id(),
        NewAccount {
            system: Some("registry-01 (backup service)".into()),
            username: Some("svc-backup".into()),
            secret_kind: Some(SecretKind::Honeytoken),
            secret: Some("kh-backup-7f3a9c1e".into()),
            visibility: Some(Visibility::Revealed),
            notes: Some("Any use raises an alert on the collection system.".into()),
        },
    )?;
    let developer = doc.create_persona(NewPersona {
        name: "Lena Brandt".into(),
        template: Some("developer".into()),
    })?;
    doc.update_persona(
        developer.id(),
        PersonaPatch {
            role: Some("Developer, freight tracking".into()),
            area: Some("Bremen, Germany".into()),
            start_date: Some("2024-09-02".into()),
            background: Some(
                "Writes the tracking service that build-01 builds every night; pushes images \
                 to the registry and keeps her own deploy scripts in the home directory."
                    .into(),
            ),
            ..Default::default()
        },
    )?;
    doc.add_account(
        developer.id(),
        NewAccount {
            system: Some("registry-01".into()),
            username: Some("lbrandt".into()),
            secret_kind: Some(SecretKind::Password),
            secret: Some("Tracking#2024".into()),
            visibility: Some(Visibility::Revealed),
            ..Default::default()
        },
    )?;
    let admin_id = admin.id().to_string();
    let developer_id = developer.id().to_string();
    for (title, who) in [
        (
            "Open the Docker API to the internet",
            vec![admin_id.clone()],
        ),
        (
            "Start the nightly builds",
            vec![admin_id.clone(), developer_id.clone()],
        ),
        (
            "Leave deploy scripts with registry credentials",
            vec![developer_id],
        ),
        (
            "Encrypted backup of the production registry",
            vec![admin_id],
        ),
    ] {
        doc.set_event_personas(&event(title)?, &who)?;
    }
    // The planner opens the sample to a clean slate: nothing to undo.
    doc.clear_history()
}

/// The group the honeypot waits for: the four techniques the story is built on, each with what
/// we believe and how sure we are. The storyboard engages all four.
fn write_threat_model(doc: &mut Document) -> Result<()> {
    doc.update_adversary(AdversaryPatch {
        name: Some("Harbor Crew".into()),
        aliases: Some(vec![
            "Dockside".into(),
            "Cluster 7 (internal tracking)".into(),
        ]),
        description: Some(
            "A financially motivated group that scans for container APIs left open to the \
             internet, runs its own images on them for mining, and keeps access to the host for \
             later resale."
                .into(),
        ),
        sources: Some(
            "Our own honeynet sensors (three sightings this year) and an industry sharing-group \
             summary; no single public report covers the whole chain."
                .into(),
        ),
        references: Some(vec![
            "Sharing-group summary, container intrusions, Q3".into(),
            "Internal incident 2026-014".into(),
        ]),
    })?;
    let techniques = [
        (
            "T1133",
            Confidence::High,
            "Reaches the Docker Engine API left open on port 2375.",
        ),
        (
            "T1610",
            Confidence::High,
            "Starts a container from its own image on the daemon.",
        ),
        (
            "T1098.004",
            Confidence::Medium,
            "Adds its key to root's authorized_keys on the host.",
        ),
        (
            "T1611",
            Confidence::Medium,
            "Mounts the host's file system from a privileged container.",
        ),
    ];
    let ids: Vec<String> = techniques.iter().map(|(id, ..)| id.to_string()).collect();
    doc.add_techniques(&ids)?;
    for (id, confidence, note) in techniques {
        doc.update_technique(
            id,
            TechniquePatch {
                note: Some(note.into()),
                confidence: Some(Some(confidence)),
            },
        )?;
    }
    Ok(())
}

/// The order: the hard stops of "Set the hard stops" as gating criteria, what success means,
/// the rules, a full roster (the red team is not needed) and the two hosts with their accounts.
fn write_order(doc: &mut Document) -> Result<()> {
    use crate::order::{GatingAction, OrderEdit, Role, TextField};
    let texts = [
        (
            TextField::RulesOfEngagement,
            "Only build-01 and registry-01 are in scope; no action is taken against systems \
             outside the engagement environment.\nNo real company data is placed on either \
             host; every document there is written for the story.\nThe group's own tooling is \
             never modified or sent back to it.\nLegal counsel reviews any change to the \
             environment that is not in this order.",
        ),
        (
            TextField::Opsec,
            "Host names, MAC addresses and image layers differ from every earlier operation.\n\
             No team member logs in to build-01 interactively once the API is open; all work \
             goes through the out-of-band management network.\nThe operation's name never \
             appears on the hosts, in the registry or in commit messages.",
        ),
        (
            TextField::CollectionSystem,
            "Docker API audit log, auditd and a network tap on build-01, shipped over the \
             management network to a collector the hosts cannot reach.",
        ),
        (
            TextField::AnalysisSystem,
            "Isolated analysis workstation with the collector's archive, a malware sandbox \
             and the container-image diffing tools.",
        ),
        (
            TextField::Alerting,
            "The collector pages the on-call operator for any honeytoken use or container \
             escape attempt; the operator calls the team lead within 15 minutes.",
        ),
        (
            TextField::Sustainment,
            "Nightly builds keep running from a scheduled job so the host stays lived-in. \
             Snapshots of both hosts are taken daily; teardown wipes them after D+14.",
        ),
    ];
    for (field, value) in texts {
        doc.edit_order(OrderEdit::SetText {
            field,
            value: value.into(),
        })?;
    }
    let gating = [
        (
            GatingAction::Stop,
            "The group reaches any host outside the engagement environment, or uses the \
             daemon against third parties",
            "Team lead",
            "Network tap alerts on any connection leaving the environment's allow-list",
        ),
        (
            GatingAction::Pause,
            "The group tests whether build-01 is real (timing probes, hypervisor checks)",
            "Operation coordinator",
            "Analyst review of the audit log twice a day",
        ),
        (
            GatingAction::Escalate,
            "Restarting a stopped operation",
            "CISO",
            "Request from the team lead",
        ),
    ];
    for (action, condition, who, how) in gating {
        let order = doc.edit_order(OrderEdit::AddGating {
            action: Some(action),
            condition: Some(condition.into()),
        })?;
        let id = order
            .gating
            .last()
            .map(|g| g.id.clone())
            .unwrap_or_default();
        doc.edit_order(OrderEdit::UpdateGating {
            id,
            condition: None,
            action: None,
            decided_by: Some(who.into()),
            detection: Some(how.into()),
        })?;
    }
    for (criterion, measure) in [
        (
            "The group's container images and escape tooling are captured",
            "Images pulled from build-01 and hashed; escape binaries recovered from the sandbox",
        ),
        (
            "The group uses the planted registry credentials",
            "Honeytoken alert for svc-backup; registry log of the pull",
        ),
    ] {
        let order = doc.edit_order(OrderEdit::AddSuccess {
            criterion: Some(criterion.into()),
        })?;
        let id = order
            .success
            .last()
            .map(|s| s.id.clone())
            .unwrap_or_default();
        doc.edit_order(OrderEdit::UpdateSuccess {
            id,
            criterion: None,
            measure: Some(measure.into()),
        })?;
    }
    let roster = [
        (Role::Stakeholder, "Dr. Anke Vos (CISO)", "ext. 4410"),
        (Role::TeamLead, "Sam Okafor", "ext. 4471, on-call phone"),
        (Role::OperationCoordinator, "Priya Raman", "ext. 4472"),
        (Role::ReverseEngineer, "Tomasz Zielinski", "ext. 4480"),
        (Role::ThreatAnalyst, "Priya Raman", "ext. 4472"),
        (
            Role::OperationalUser,
            "Sam Okafor",
            "Plays Jonas Weber on build-01",
        ),
        (Role::SystemAdministrator, "Elif Demir", "ext. 4490"),
        (Role::BlueTeam, "SOC shift lead", "soc@kranhaus.invalid"),
    ];
    for (role, contact, details) in roster {
        doc.edit_order(OrderEdit::SetRole {
            role,
            needed: None,
            contact: Some(contact.into()),
            details: Some(details.into()),
            notes: None,
        })?;
    }
    doc.edit_order(OrderEdit::SetRole {
        role: Role::RedTeam,
        needed: Some(false),
        contact: None,
        details: None,
        notes: Some("No red team: the adversary is real.".into()),
    })?;
    let accounts: Vec<(String, String)> = doc
        .personas()?
        .iter()
        .flat_map(|p| p.accounts.iter())
        .map(|a| (a.system.clone(), a.id.clone()))
        .collect();
    let on = |host: &str| -> Vec<String> {
        accounts
            .iter()
            .filter(|(system, _)| system.starts_with(host))
            .map(|(_, id)| id.clone())
            .collect()
    };
    for (hostname, os, purpose) in [
        (
            "build-01",
            "Ubuntu 22.04, Docker Engine 24",
            "The bait: build server with the Engine API open on port 2375",
        ),
        (
            "registry-01",
            "Debian 12, Docker Registry 2",
            "The company's private image registry, reached from build-01",
        ),
    ] {
        let order = doc.edit_order(OrderEdit::AddHost {
            hostname: Some(hostname.into()),
        })?;
        let id = order.hosts.last().map(|h| h.id.clone()).unwrap_or_default();
        doc.edit_order(OrderEdit::UpdateHost {
            id,
            hostname: None,
            os: Some(os.into()),
            purpose: Some(purpose.into()),
            notes: None,
            account_ids: Some(on(hostname)),
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_has_a_threat_model_its_storyboard_engages() {
        let dir = tempfile::tempdir().unwrap();
        let doc = write_sample(&dir.path().join("sample.feint")).unwrap();
        let model = doc.threat_model().unwrap();
        assert_eq!(model.adversary.name, "Harbor Crew");
        let ids: Vec<&str> = model
            .techniques
            .iter()
            .map(|t| t.technique_id.as_str())
            .collect();
        assert_eq!(ids, ["T1133", "T1610", "T1098.004", "T1611"]);
        assert!(model.techniques.iter().all(|t| t.confidence.is_some()));
        let coverage = doc.coverage().unwrap();
        assert_eq!((coverage.engaged, coverage.total), (4, 4));
        let recs = doc.recommendations(None).unwrap();
        assert!(recs.iter().take(3).any(|r| r.activity_id == "EAC0018"));
    }

    #[test]
    fn the_sample_tells_a_marked_two_week_story() {
        let dir = tempfile::tempdir().unwrap();
        let mut doc = write_sample(&dir.path().join("sample.feint")).unwrap();
        let board = doc.storyboard().unwrap();
        assert!((8..=15).contains(&board.events.len()));
        assert!(board
            .events
            .iter()
            .all(|e| e.visibility.is_some() && e.truth.is_some()));
        assert!(board.events.iter().all(|e| e.day >= -7 && e.day <= 13));
        let activities: Vec<&str> = board
            .events
            .iter()
            .map(|e| e.activity_id.as_str())
            .collect();
        for id in [
            "EAC0018", "EAC0003", "EAC0011", "SAC0003", "SAC0005", "SAC0006",
        ] {
            assert!(activities.contains(&id), "{id} is missing");
        }
        let techniques: Vec<&str> = board
            .events
            .iter()
            .flat_map(|e| e.technique_ids.iter().map(String::as_str))
            .collect();
        for id in ["T1133", "T1610", "T1098.004", "T1611"] {
            assert!(techniques.contains(&id), "{id} is missing");
        }
        assert!(board.supporting.len() >= 2);
        assert_eq!(board.lanes.len(), 2);
        assert!(!board.can_undo, "the sample starts with no history");
        assert_eq!(doc.undo().unwrap(), None);
        let chart = doc.quad_chart().unwrap();
        assert!(chart.unmarked.is_empty());
        for quadrant in [
            &chart.revealed_fact,
            &chart.concealed_fact,
            &chart.revealed_fiction,
            &chart.concealed_fiction,
        ] {
            assert!(!quadrant.is_empty());
        }
        // D+0 09:00 in Berlin in December is 08:00 UTC.
        let spans = doc.event_spans().unwrap();
        let open = board
            .events
            .iter()
            .find(|e| e.activity_id == "EAC0023")
            .unwrap();
        assert_eq!(spans[&open.id].start_utc, "2026-12-07T08:00:00Z");
    }

    #[test]
    fn the_sample_has_two_consistent_personas() {
        let dir = tempfile::tempdir().unwrap();
        let doc = write_sample(&dir.path().join("sample.feint")).unwrap();
        let personas = doc.personas().unwrap();
        assert_eq!(personas.len(), 2);
        let admin = personas
            .iter()
            .find(|p| p.profile.name == "Jonas Weber")
            .unwrap();
        let events = doc.persona_events(admin.id()).unwrap();
        assert!(events
            .iter()
            .all(|e| e.host == "build-01" || e.host == "registry-01"));
        assert!(events.iter().any(|e| e.host == "build-01"));
        assert!(personas
            .iter()
            .all(|p| !doc.persona_events(p.id()).unwrap().is_empty()));
        assert_eq!(doc.persona_warnings().unwrap(), vec![]);
        assert!(!doc.storyboard().unwrap().can_undo);
    }
}
