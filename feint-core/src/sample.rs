//! The built-in sample operation: a container honeypot against a cloud-focused threat group.
//! Later features (storyboard, personas, threat model) extend it.

use std::path::Path;

use crate::document::Document;
use crate::error::Result;
use crate::operation::OperationPatch;

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
    Ok(doc)
}
