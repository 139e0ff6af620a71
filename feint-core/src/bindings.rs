//! The TypeScript side of the boundary, generated from the Rust types into
//! `ui/src/lib/bindings.ts`. `cargo test -p feint-core bindings` fails when the committed file
//! is stale; `FEINT_BLESS=1 cargo test -p feint-core bindings` rewrites it.

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use ts_rs::{Config, TS};

    use crate::about::*;
    use crate::catalog::*;
    use crate::error::*;
    use crate::intel::*;
    use crate::journal::*;
    use crate::operation::*;
    use crate::opsec::{RecentCheck, Reuse, Skipped};
    use crate::order::build::*;
    use crate::order::content::Audience;
    use crate::order::export::*;
    use crate::order::readiness::*;
    use crate::order::*;
    use crate::persona::*;
    use crate::recent::*;
    use crate::storyboard::placement::*;
    use crate::storyboard::*;
    use crate::threat::*;
    use crate::workspace::*;

    fn decl<T: TS>(cfg: &Config) -> String {
        format!("export {}\n", T::decl(cfg))
    }

    fn generate() -> String {
        let cfg = Config::default();
        let parts = [
            decl::<ErrorCode>(&cfg),
            decl::<FeintError>(&cfg),
            decl::<Operation>(&cfg),
            decl::<DocumentControl>(&cfg),
            decl::<OperationPatch>(&cfg),
            decl::<RecentFile>(&cfg),
            decl::<OpenFile>(&cfg),
            decl::<AppState>(&cfg),
            decl::<Kind>(&cfg),
            decl::<Matrix>(&cfg),
            decl::<MatrixGoal>(&cfg),
            decl::<MatrixApproach>(&cfg),
            decl::<ActivityCard>(&cfg),
            decl::<NamedRef>(&cfg),
            decl::<TechniqueRef>(&cfg),
            decl::<Technique>(&cfg),
            decl::<Vulnerability>(&cfg),
            decl::<ActivityDetails>(&cfg),
            decl::<ReleaseImport>(&cfg),
            decl::<CatalogVersion>(&cfg),
            decl::<About>(&cfg),
            decl::<Visibility>(&cfg),
            decl::<Truth>(&cfg),
            decl::<Status>(&cfg),
            decl::<LaneGrouping>(&cfg),
            decl::<LaneTarget>(&cfg),
            decl::<Event>(&cfg),
            decl::<NewEvent>(&cfg),
            decl::<EventPatch>(&cfg),
            decl::<MarkingPatch>(&cfg),
            decl::<CustomLane>(&cfg),
            decl::<Lane>(&cfg),
            decl::<LaneView>(&cfg),
            decl::<SupportingItem>(&cfg),
            decl::<NewSupportingItem>(&cfg),
            decl::<SupportingPatch>(&cfg),
            decl::<Storyboard>(&cfg),
            decl::<StoryboardChange>(&cfg),
            decl::<QuadItemKind>(&cfg),
            decl::<QuadItem>(&cfg),
            decl::<QuadChart>(&cfg),
            decl::<Span>(&cfg),
            decl::<DetailLevel>(&cfg),
            decl::<SecretKind>(&cfg),
            decl::<PersonaProfile>(&cfg),
            decl::<Persona>(&cfg),
            decl::<Account>(&cfg),
            decl::<NewPersona>(&cfg),
            decl::<PersonaPatch>(&cfg),
            decl::<NewAccount>(&cfg),
            decl::<AccountPatch>(&cfg),
            decl::<Avatar>(&cfg),
            decl::<PersonaView>(&cfg),
            decl::<PersonaTemplate>(&cfg),
            decl::<WarningCode>(&cfg),
            decl::<PersonaWarning>(&cfg),
            decl::<Confidence>(&cfg),
            decl::<Adversary>(&cfg),
            decl::<AdversaryPatch>(&cfg),
            decl::<TechniqueEntry>(&cfg),
            decl::<ThreatTechnique>(&cfg),
            decl::<ThreatModel>(&cfg),
            decl::<TechniquePatch>(&cfg),
            decl::<LayerProblem>(&cfg),
            decl::<LayerImportReport>(&cfg),
            decl::<Reason>(&cfg),
            decl::<TechniqueReasons>(&cfg),
            decl::<Recommendation>(&cfg),
            decl::<CoverageEvent>(&cfg),
            decl::<CoverageItem>(&cfg),
            decl::<Coverage>(&cfg),
            decl::<CoverageState>(&cfg),
            decl::<MatrixCell>(&cfg),
            decl::<MatrixColumn>(&cfg),
            decl::<ThreatMatrix>(&cfg),
            decl::<Slot>(&cfg),
            decl::<Placement>(&cfg),
            decl::<GatingAction>(&cfg),
            decl::<Role>(&cfg),
            decl::<OrderTexts>(&cfg),
            decl::<TextField>(&cfg),
            decl::<GatingCriterion>(&cfg),
            decl::<SuccessCriterion>(&cfg),
            decl::<RoleContact>(&cfg),
            decl::<Host>(&cfg),
            decl::<RiskLevel>(&cfg),
            decl::<ListItem>(&cfg),
            decl::<OpordList>(&cfg),
            decl::<Phase>(&cfg),
            decl::<Risk>(&cfg),
            decl::<Opord>(&cfg),
            decl::<OpordField>(&cfg),
            decl::<Order>(&cfg),
            decl::<OrderEdit>(&cfg),
            decl::<CheckId>(&cfg),
            decl::<Severity>(&cfg),
            decl::<Target>(&cfg),
            decl::<ReadinessItem>(&cfg),
            decl::<ReadinessCheck>(&cfg),
            decl::<Skipped>(&cfg),
            decl::<Reuse>(&cfg),
            decl::<RecentCheck>(&cfg),
            decl::<Audience>(&cfg),
            decl::<ExportOptions>(&cfg),
            decl::<PdfExport>(&cfg),
            decl::<RunPhase>(&cfg),
            decl::<RunState>(&cfg),
            decl::<PhaseChange>(&cfg),
            decl::<ChangeKind>(&cfg),
            decl::<PlanChange>(&cfg),
            decl::<EntryKind>(&cfg),
            decl::<Revision>(&cfg),
            decl::<JournalEntry>(&cfg),
            decl::<When>(&cfg),
            decl::<JournalLine>(&cfg),
            decl::<NewEntry>(&cfg),
            decl::<Correction>(&cfg),
            decl::<Outcome>(&cfg),
            decl::<EventActual>(&cfg),
            decl::<ActualView>(&cfg),
            decl::<Decision>(&cfg),
            decl::<GateDecision>(&cfg),
            decl::<GateDecisionView>(&cfg),
            decl::<NewGateDecision>(&cfg),
            decl::<ActualPatch>(&cfg),
            decl::<IndicatorKind>(&cfg),
            decl::<Indicator>(&cfg),
            decl::<IndicatorView>(&cfg),
            decl::<NewIndicator>(&cfg),
            decl::<Evidence>(&cfg),
            decl::<NewEvidence>(&cfg),
            decl::<ObservedTechnique>(&cfg),
            decl::<Intelligence>(&cfg),
            decl::<LayerCounts>(&cfg),
            decl::<Rating>(&cfg),
            decl::<CriterionAssessment>(&cfg),
            decl::<LessonKind>(&cfg),
            decl::<Lesson>(&cfg),
            decl::<AssessedCriterion>(&cfg),
            decl::<AfterActionView>(&cfg),
            decl::<AfterActionEdit>(&cfg),
        ];
        format!(
            "// Generated from the Rust types by feint-core/src/bindings.rs. Do not edit.\n\n{}",
            parts.join("\n")
        )
    }

    #[test]
    fn bindings_are_fresh() {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/bindings.ts");
        let generated = generate();
        if std::env::var_os("FEINT_BLESS").is_some() {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &generated).unwrap();
            return;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "ui/src/lib/bindings.ts is stale: run `FEINT_BLESS=1 cargo test -p feint-core bindings`"
        );
    }
}
