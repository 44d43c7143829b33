//! Severity scales as data (`assets/scales/*.ron`): levels with what they
//! imply, and the rules that suggest a level from the assessment's answers.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::edit::Factor;
use super::incident::{Assessment, CustomerImpact, Reach};
use super::severity::SeverityLevel;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeverityScale {
    pub id: String,
    pub name: String,
    /// Most severe first.
    pub levels: Vec<ScaleLevel>,
    /// Checked in order; the first match decides.
    pub rules: Vec<Rule>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScaleLevel {
    pub level: u8,
    pub name: String,
    pub title: String,
    pub description: String,
    pub examples: String,
    /// Major incidents: page at any hour, leadership informed, postmortem required.
    pub major: bool,
    pub paging: String,
    pub customer_cadence_minutes: u32,
    pub internal_cadence_minutes: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub when: Condition,
    pub level: u8,
    /// The rule in plain words, shown with the suggestion.
    pub explanation: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Condition {
    Always,
    /// Impact on external customers (alone or with internal users).
    CustomerFacing,
    Impact(CustomerImpact),
    Reach(Reach),
    Factor(Factor),
    SupportCasesAtLeast(u32),
    All(Vec<Condition>),
    Any(Vec<Condition>),
}

/// The answers with every unknown replaced by an assumption.
struct World {
    impact: CustomerImpact,
    reach: Reach,
    support_cases: u32,
}

impl Condition {
    fn holds(&self, a: &Assessment, w: &World) -> bool {
        match self {
            Condition::Always => true,
            Condition::CustomerFacing => {
                matches!(
                    w.impact,
                    CustomerImpact::External | CustomerImpact::InternalAndExternal
                )
            }
            Condition::Impact(impact) => w.impact == *impact,
            Condition::Reach(reach) => w.reach == *reach,
            Condition::Factor(factor) => factor.get(&a.factors),
            Condition::SupportCasesAtLeast(n) => w.support_cases >= *n,
            Condition::All(all) => all.iter().all(|c| c.holds(a, w)),
            Condition::Any(any) => any.iter().any(|c| c.holds(a, w)),
        }
    }
}

/// A suggested level and why, in plain words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub level: SeverityLevel,
    pub explanation: String,
    /// Answers still unknown (the suggestion leaned higher because of them).
    pub unknowns: Vec<&'static str>,
}

#[derive(Debug, thiserror::Error)]
pub enum ScaleError {
    #[error("severity scale {name}: {message}")]
    Invalid { name: String, message: String },
}

impl SeverityScale {
    pub fn parse(text: &str) -> Result<SeverityScale, ScaleError> {
        let scale: SeverityScale = ron::from_str(text).map_err(|e| ScaleError::Invalid {
            name: "(unnamed)".into(),
            message: format!(
                "line {}, column {}: {}",
                e.span.start.line, e.span.start.col, e.code
            ),
        })?;
        let invalid = |message: String| ScaleError::Invalid {
            name: scale.id.clone(),
            message,
        };
        if scale.levels.is_empty() {
            return Err(invalid("no levels".into()));
        }
        for (i, level) in scale.levels.iter().enumerate() {
            if usize::from(level.level) != i + 1 {
                return Err(invalid(format!(
                    "levels must be numbered 1, 2, 3... in order; found {}",
                    level.level
                )));
            }
        }
        if !scale.rules.iter().any(|r| r.when == Condition::Always) {
            return Err(invalid("the rules need a final `Always` rule".into()));
        }
        if let Some(rule) = scale
            .rules
            .iter()
            .find(|r| scale.level(SeverityLevel(r.level)).is_none())
        {
            return Err(invalid(format!(
                "rule \"{}\" names level {}, which the scale lacks",
                rule.explanation, rule.level
            )));
        }
        Ok(scale)
    }

    pub fn level(&self, level: SeverityLevel) -> Option<&ScaleLevel> {
        self.levels.iter().find(|l| l.level == level.0)
    }

    /// The level's name on this scale (`SEV2`, `SEV-2`), or a generic one.
    pub fn name_of(&self, level: SeverityLevel) -> String {
        self.level(level)
            .map_or_else(|| format!("SEV{}", level.0), |l| l.name.clone())
    }

    fn decide(&self, a: &Assessment, w: &World) -> (SeverityLevel, &str) {
        self.rules
            .iter()
            .find(|r| r.when.holds(a, w))
            .map(|r| (SeverityLevel(r.level), r.explanation.as_str()))
            .unwrap_or((SeverityLevel(self.levels.len() as u8), "No rule matched"))
    }

    /// Suggests a level from the answers. Unknown answers are tried both
    /// ways: if the worst case is more severe, the suggestion leans one
    /// level higher than the known answers alone give, and says so.
    pub fn suggest(&self, a: &Assessment) -> Suggestion {
        let mut unknowns = Vec::new();
        if a.customer_impact == CustomerImpact::Unknown {
            unknowns.push("impact on customers");
        }
        if a.customers_affected == Reach::Unknown {
            unknowns.push("how many customers are affected");
        }
        if a.support_cases.is_none() {
            unknowns.push("the number of support cases");
        }
        let pick = |known_impact, known_reach, cases| World {
            impact: if a.customer_impact == CustomerImpact::Unknown {
                known_impact
            } else {
                a.customer_impact
            },
            reach: if a.customers_affected == Reach::Unknown {
                known_reach
            } else {
                a.customers_affected
            },
            support_cases: a.support_cases.unwrap_or(cases),
        };
        let best = pick(CustomerImpact::NoCustomers, Reach::NoCustomers, 0);
        let worst = pick(CustomerImpact::InternalAndExternal, Reach::All, u32::MAX);
        let (best_level, best_rule) = self.decide(a, &best);
        let (worst_level, _) = self.decide(a, &worst);
        if worst_level >= best_level {
            let name = self.name_of(best_level);
            return Suggestion {
                level: best_level,
                explanation: format!("{best_rule}: {name}"),
                unknowns: Vec::new(),
            };
        }
        let leaned = SeverityLevel(best_level.0.saturating_sub(1).max(worst_level.0));
        let explanation = format!(
            "{best_rule}: {}. But {} {} unknown, which could make it {}: leaning higher to {} until it is known",
            self.name_of(best_level),
            unknowns.join(" and "),
            if unknowns.len() == 1 { "is" } else { "are" },
            self.name_of(worst_level),
            self.name_of(leaned),
        );
        Suggestion {
            level: leaned,
            explanation,
            unknowns,
        }
    }
}

/// The scales that ship with the console, parsed once.
pub fn builtin_scales() -> &'static [SeverityScale] {
    static SCALES: OnceLock<Vec<SeverityScale>> = OnceLock::new();
    SCALES.get_or_init(|| {
        [
            include_str!("../../assets/scales/atlassian-3.ron"),
            include_str!("../../assets/scales/pagerduty-5.ron"),
        ]
        .into_iter()
        // The files ship inside the binary and a test parses them, so a
        // failure here cannot come from user data.
        .filter_map(|text| SeverityScale::parse(text).ok())
        .collect()
    })
}

pub const DEFAULT_SCALE_ID: &str = "atlassian-3";

/// The scale with `id`, or the default one for an unknown id.
pub fn scale(id: &str) -> &'static SeverityScale {
    let scales = builtin_scales();
    scales
        .iter()
        .find(|s| s.id == id)
        .or_else(|| scales.first())
        .unwrap_or_else(|| fallback())
}

/// Used only if the built-in files failed to parse (caught by tests).
fn fallback() -> &'static SeverityScale {
    static FALLBACK: OnceLock<SeverityScale> = OnceLock::new();
    FALLBACK.get_or_init(|| SeverityScale {
        id: DEFAULT_SCALE_ID.into(),
        name: "SEV1-SEV3".into(),
        levels: (1..=3)
            .map(|n| ScaleLevel {
                level: n,
                name: format!("SEV{n}"),
                title: String::new(),
                description: String::new(),
                examples: String::new(),
                major: n <= 2,
                paging: String::new(),
                customer_cadence_minutes: 30,
                internal_cadence_minutes: 30,
            })
            .collect(),
        rules: vec![Rule {
            when: Condition::Always,
            level: 3,
            explanation: "Default".into(),
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Factors;

    fn answers(impact: CustomerImpact, reach: Reach, cases: Option<u32>) -> Assessment {
        Assessment {
            customer_impact: impact,
            customers_affected: reach,
            support_cases: cases,
            ..Assessment::default()
        }
    }

    fn three() -> &'static SeverityScale {
        scale("atlassian-3")
    }

    #[test]
    fn both_builtin_scales_parse() {
        let ids: Vec<&str> = builtin_scales().iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["atlassian-3", "pagerduty-5"]);
        assert_eq!(scale("pagerduty-5").levels.len(), 5);
        assert_eq!(scale("no-such-scale").id, "atlassian-3");
        assert_eq!(three().name_of(SeverityLevel(2)), "SEV2");
        assert_eq!(scale("pagerduty-5").name_of(SeverityLevel(2)), "SEV-2");
    }

    #[test]
    fn every_rule_of_the_default_scale() {
        use CustomerImpact::*;
        let s = three();
        let case = |a: Assessment, level: u8, words: &str| {
            let got = s.suggest(&a);
            assert_eq!(got.level, SeverityLevel(level), "{}", got.explanation);
            assert!(
                got.explanation.contains(words),
                "{} lacks {words}",
                got.explanation
            );
        };
        for (factor, words) in [
            (Factor::SecurityBreach, "security breach"),
            (Factor::DataLoss, "data loss"),
            (Factor::Confidentiality, "confidentiality"),
        ] {
            let mut a = answers(NoCustomers, Reach::NoCustomers, Some(0));
            a.factors = Factors::default();
            *factor_mut(&mut a.factors, factor) = true;
            case(a, 1, words);
        }
        case(
            answers(External, Reach::All, Some(0)),
            1,
            "All customers affected on a customer-facing service: SEV1",
        );
        case(
            answers(InternalAndExternal, Reach::SubsetOrRegion, Some(3)),
            2,
            "subset or region",
        );
        let mut press = answers(External, Reach::Some, Some(1));
        press.factors.press_attention = true;
        case(press, 2, "press or regulatory");
        case(
            answers(Internal, Reach::Some, Some(80)),
            2,
            "50 or more support cases",
        );
        case(answers(Internal, Reach::All, Some(0)), 2, "All internal users");
        case(
            answers(External, Reach::Some, Some(2)),
            3,
            "degraded but usable: SEV3",
        );
    }

    fn factor_mut(f: &mut Factors, factor: Factor) -> &mut bool {
        match factor {
            Factor::SecurityBreach => &mut f.security_breach,
            Factor::DataLoss => &mut f.data_loss,
            Factor::Confidentiality => &mut f.confidentiality,
            Factor::PressAttention => &mut f.press_attention,
            Factor::Regulatory => &mut f.regulatory,
        }
    }

    #[test]
    fn unknowns_lean_higher_and_say_so() {
        use CustomerImpact::*;
        let s = three();
        // Reach unknown on a customer-facing service: known answers give SEV3,
        // the worst case SEV1; lean one level higher.
        let got = s.suggest(&answers(External, Reach::Unknown, Some(0)));
        assert_eq!(got.level, SeverityLevel(2));
        assert_eq!(got.unknowns, ["how many customers are affected"]);
        assert!(
            got.explanation.contains("could make it SEV1"),
            "{}",
            got.explanation
        );
        assert!(
            got.explanation.contains("leaning higher to SEV2"),
            "{}",
            got.explanation
        );
        // Only support cases unknown, but the rest already decides SEV1: no lean.
        let got = s.suggest(&answers(External, Reach::All, None));
        assert_eq!(got.level, SeverityLevel(1));
        assert!(got.unknowns.is_empty());
        // Everything unknown.
        let got = s.suggest(&Assessment::default());
        assert_eq!(got.level, SeverityLevel(2));
        assert_eq!(got.unknowns.len(), 3);
        assert!(got.explanation.contains(" are unknown"));
        // Unknown support cases alone can lean SEV3 to SEV2.
        let got = s.suggest(&answers(Internal, Reach::Some, None));
        assert_eq!(got.level, SeverityLevel(2));
    }

    #[test]
    fn five_level_scale_reaches_every_level() {
        use CustomerImpact::*;
        let s = scale("pagerduty-5");
        assert_eq!(
            s.suggest(&answers(External, Reach::All, Some(0))).level,
            SeverityLevel(1)
        );
        assert_eq!(
            s.suggest(&answers(External, Reach::SubsetOrRegion, Some(0)))
                .level,
            SeverityLevel(2)
        );
        assert_eq!(
            s.suggest(&answers(External, Reach::Some, Some(0))).level,
            SeverityLevel(3)
        );
        assert_eq!(
            s.suggest(&answers(Internal, Reach::Some, Some(0))).level,
            SeverityLevel(4)
        );
        assert_eq!(
            s.suggest(&answers(NoCustomers, Reach::NoCustomers, Some(0)))
                .level,
            SeverityLevel(5)
        );
    }

    #[test]
    fn invalid_scales_are_refused_with_reasons() {
        let base = include_str!("../../assets/scales/atlassian-3.ron");
        let no_always = base.replace(
            "Rule(when: Always, level: 3, explanation: \"Some users affected, degraded but usable\"),",
            "",
        );
        assert!(
            SeverityScale::parse(&no_always)
                .unwrap_err()
                .to_string()
                .contains("Always")
        );
        let bad_level = base.replace(
            "level: 3, explanation: \"Some users",
            "level: 9, explanation: \"Some users",
        );
        assert!(
            SeverityScale::parse(&bad_level)
                .unwrap_err()
                .to_string()
                .contains("level 9")
        );
        assert!(
            SeverityScale::parse("nonsense")
                .unwrap_err()
                .to_string()
                .contains("line 1")
        );
    }
}
