//! Severity scales as data (`assets/scales/*.ron`): levels with what they
//! imply, and the rules that suggest a level from the assessment's answers.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::incident::Factor;
use super::incident::{Assessment, CustomerImpact, Reach, ServiceState, Workaround};
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
    /// Down, or degraded but usable.
    State(ServiceState),
    Workaround(Workaround),
    Factor(Factor),
    SupportCasesAtLeast(u32),
    All(Vec<Condition>),
    Any(Vec<Condition>),
}

/// The answers with every unknown replaced by an assumption.
#[derive(Clone, Copy)]
struct World {
    impact: CustomerImpact,
    reach: Reach,
    state: ServiceState,
    workaround: Workaround,
    support_cases: u32,
}

/// An answer the commander has not given yet.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Unknown {
    Impact,
    Reach,
    State,
    Workaround,
}

impl Unknown {
    fn words(self) -> &'static str {
        match self {
            Unknown::Impact => "impact on customers",
            Unknown::Reach => "how many customers are affected",
            Unknown::State => "whether the service is down or degraded",
            Unknown::Workaround => "whether a workaround exists",
        }
    }
}

impl World {
    /// The answers as given, each unknown at its mildest.
    fn mildest(a: &Assessment) -> World {
        fn pick<T>(known: bool, given: T, mild: T) -> T {
            if known { given } else { mild }
        }
        World {
            impact: pick(
                a.customer_impact != CustomerImpact::Unknown,
                a.customer_impact,
                CustomerImpact::NoCustomers,
            ),
            reach: pick(
                a.customers_affected != Reach::Unknown,
                a.customers_affected,
                Reach::NoCustomers,
            ),
            state: pick(
                a.service_state != ServiceState::Unknown,
                a.service_state,
                ServiceState::Degraded,
            ),
            workaround: pick(
                a.workaround != Workaround::Unknown,
                a.workaround,
                Workaround::Exists,
            ),
            // A count not yet made is no evidence either way; the other
            // answers carry the reach.
            support_cases: a.support_cases.unwrap_or(0),
        }
    }

    /// This world with one unknown at its worst plausible value.
    fn with_worst(mut self, unknown: Unknown) -> World {
        match unknown {
            Unknown::Impact => self.impact = CustomerImpact::InternalAndExternal,
            Unknown::Reach => self.reach = Reach::All,
            Unknown::State => self.state = ServiceState::Down,
            Unknown::Workaround => self.workaround = Workaround::Unavailable,
        }
        self
    }
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
            Condition::State(state) => w.state == *state,
            Condition::Workaround(workaround) => w.workaround == *workaround,
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

    /// The level a ticked factor puts by itself (a rule on that factor
    /// alone), the most severe of them; none when no such factor is ticked.
    pub fn forced_level(&self, a: &Assessment) -> Option<SeverityLevel> {
        self.rules
            .iter()
            .filter(|r| matches!(r.when, Condition::Factor(f) if f.get(&a.factors)))
            .map(|r| SeverityLevel(r.level))
            .min()
    }

    fn decide(&self, a: &Assessment, w: &World) -> (SeverityLevel, &str) {
        self.rules
            .iter()
            .find(|r| r.when.holds(a, w))
            .map(|r| (SeverityLevel(r.level), r.explanation.as_str()))
            .unwrap_or((SeverityLevel(self.levels.len() as u8), "No rule matched"))
    }

    /// Suggests a level from the answers. When in doubt, higher: each
    /// unknown answer is taken at its worst plausible value (customers
    /// affected, all of them, the service down, no workaround), and the
    /// suggestion says which unknowns raised it and what the known answers
    /// alone would give, so it can be argued down once they are known. The
    /// same on every scale: all unknown gives the top level.
    pub fn suggest(&self, a: &Assessment) -> Suggestion {
        let unknown: Vec<Unknown> = [
            (a.customer_impact == CustomerImpact::Unknown, Unknown::Impact),
            (a.customers_affected == Reach::Unknown, Unknown::Reach),
            (a.service_state == ServiceState::Unknown, Unknown::State),
            (a.workaround == Workaround::Unknown, Unknown::Workaround),
        ]
        .into_iter()
        .filter_map(|(missing, u)| missing.then_some(u))
        .collect();
        let mild = World::mildest(a);
        let worst = unknown.iter().fold(mild, |w, u| w.with_worst(*u));
        let (mild_level, mild_rule) = self.decide(a, &mild);
        let (worst_level, worst_rule) = self.decide(a, &worst);
        if worst_level >= mild_level {
            return Suggestion {
                level: mild_level,
                explanation: format!("{mild_rule}: {}", self.name_of(mild_level)),
                unknowns: Vec::new(),
            };
        }
        // Name the unknowns the worst case needs: known as mild, the level
        // would drop. When none does alone, all of them.
        let worst_but = |skip: Unknown| {
            unknown
                .iter()
                .filter(|u| **u != skip)
                .fold(mild, |w, u| w.with_worst(*u))
        };
        let mut raising: Vec<&'static str> = unknown
            .iter()
            .filter(|u| self.decide(a, &worst_but(**u)).0 > worst_level)
            .map(|u| u.words())
            .collect();
        if raising.is_empty() {
            raising = unknown.iter().map(|u| u.words()).collect();
        }
        let explanation = format!(
            "{worst_rule}: {}, assuming the worst while {} {} unknown (the known answers alone give {}: {mild_rule})",
            self.name_of(worst_level),
            raising.join(" and "),
            if raising.len() == 1 { "is" } else { "are" },
            self.name_of(mild_level),
        );
        Suggestion {
            level: worst_level,
            explanation,
            unknowns: raising,
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
            // Known unless a test says otherwise: the mildest answers.
            service_state: ServiceState::Degraded,
            workaround: Workaround::Exists,
            ..Assessment::default()
        }
    }

    fn with(mut a: Assessment, state: ServiceState, workaround: Workaround) -> Assessment {
        a.service_state = state;
        a.workaround = workaround;
        a
    }

    fn three() -> &'static SeverityScale {
        scale("atlassian-3")
    }

    fn five() -> &'static SeverityScale {
        scale("pagerduty-5")
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

    /// `(answers, level on the three-level scale, words of its rule, level
    /// on the five-level scale, words of its rule)`: each rule of each
    /// scale decides at least one row.
    fn rule_table() -> Vec<(&'static str, Assessment, u8, &'static str, u8, &'static str)> {
        use CustomerImpact::*;
        use ServiceState::*;
        use Workaround::{Exists, Unavailable as NoWay};
        let mut rows = Vec::new();
        for (factor, words) in [
            (Factor::SecurityBreach, "security breach"),
            (Factor::DataLoss, "data loss"),
            (Factor::Confidentiality, "confidentiality"),
        ] {
            let mut a = answers(NoCustomers, Reach::NoCustomers, Some(0));
            *factor_mut(&mut a.factors, factor) = true;
            rows.push(("a breach or data loss alone", a, 1, words, 1, words));
        }
        let mut press = answers(External, Reach::Some, Some(1));
        press.factors.press_attention = true;
        let mut regulator = answers(InternalAndExternal, Reach::Some, Some(1));
        regulator.factors.regulatory = true;
        rows.extend([
            (
                "handbook SEV1: site down for everyone",
                with(answers(External, Reach::All, Some(0)), Down, Exists),
                1,
                "down for all customers",
                1,
                "down for all customers",
            ),
            (
                "handbook SEV2: pushes fail for one region",
                with(answers(External, Reach::SubsetOrRegion, Some(3)), Down, NoWay),
                2,
                "down for a subset",
                2,
                "down for some customers",
            ),
            (
                "handbook SEV2: checkout fails for one card type",
                with(answers(InternalAndExternal, Reach::Some, Some(3)), Down, Exists),
                2,
                "down for a subset",
                2,
                "down for some customers",
            ),
            (
                "core function impaired for all, no workaround",
                with(answers(External, Reach::All, Some(0)), Degraded, NoWay),
                2,
                "no workaround",
                2,
                "no workaround",
            ),
            (
                "press attention",
                press,
                2,
                "press or regulatory",
                2,
                "press or regulatory",
            ),
            (
                "regulatory attention",
                regulator,
                2,
                "press or regulatory",
                2,
                "press or regulatory",
            ),
            (
                "many support cases on an internal tool",
                answers(Internal, Reach::Some, Some(80)),
                2,
                "50 or more support cases",
                2,
                "50 or more support cases",
            ),
            (
                "an internal service down for everyone inside",
                with(answers(Internal, Reach::All, Some(0)), Down, NoWay),
                2,
                "down for all internal users",
                3,
                "An internal service down",
            ),
            (
                "handbook SEV3: search slow for everyone, a workaround exists",
                answers(External, Reach::All, Some(5)),
                3,
                "degraded but usable: SEV3",
                3,
                "degraded but usable: SEV-3",
            ),
            (
                "degraded for a few customers without a workaround",
                with(answers(External, Reach::Some, Some(2)), Degraded, NoWay),
                3,
                "degraded but usable",
                3,
                "degraded but usable",
            ),
            (
                "handbook SEV3: an admin report is late",
                answers(Internal, Reach::Some, Some(0)),
                3,
                "degraded but usable",
                4,
                "Internal users affected",
            ),
            (
                "nothing affected",
                answers(NoCustomers, Reach::NoCustomers, Some(0)),
                3,
                "degraded but usable",
                5,
                "No one's use",
            ),
        ]);
        rows
    }

    #[test]
    fn every_rule_of_both_scales_with_the_handbook_examples() {
        let table = rule_table();
        for (what, a, level3, words3, level5, words5) in &table {
            for (s, level, words) in [(three(), level3, words3), (five(), level5, words5)] {
                let got = s.suggest(a);
                assert_eq!(
                    got.level,
                    SeverityLevel(*level),
                    "{what} on {}: {}",
                    s.id,
                    got.explanation
                );
                assert!(
                    got.explanation.to_lowercase().contains(&words.to_lowercase()),
                    "{what} on {}: {} lacks {words}",
                    s.id,
                    got.explanation
                );
                assert!(got.unknowns.is_empty(), "{what}: every answer is known");
            }
        }
        // Every rule of each scale decided some row: none is dead.
        for s in [three(), five()] {
            for rule in &s.rules {
                let used = table.iter().any(|(_, a, ..)| {
                    let w = World::mildest(a);
                    s.rules.iter().find(|r| r.when.holds(a, &w)) == Some(rule)
                });
                assert!(used, "{}: no row reaches \"{}\"", s.id, rule.explanation);
            }
        }
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
    fn unknowns_are_taken_at_their_worst_on_both_scales() {
        use CustomerImpact::*;
        // All unknown: the top level on both scales, never SEV-4.
        for s in [three(), five()] {
            let got = s.suggest(&Assessment::default());
            assert_eq!(got.level, SeverityLevel(1), "{}: {}", s.id, got.explanation);
            assert!(
                got.explanation.contains("assuming the worst"),
                "{}",
                got.explanation
            );
            assert!(got.explanation.contains(" are unknown"), "{}", got.explanation);
        }
        // Reach unknown on a customer-facing outage: it could be everyone.
        let mut a = answers(External, Reach::Unknown, Some(0));
        a.service_state = ServiceState::Down;
        let got = three().suggest(&a);
        assert_eq!(got.level, SeverityLevel(1));
        assert_eq!(got.unknowns, ["how many customers are affected"]);
        assert!(
            got.explanation.contains("known answers alone give SEV2"),
            "{}",
            got.explanation
        );
        // Down or degraded unknown, everyone affected: assume down.
        let mut a = answers(External, Reach::All, None);
        a.service_state = ServiceState::Unknown;
        for s in [three(), five()] {
            let got = s.suggest(&a);
            assert_eq!(got.level, SeverityLevel(1), "{}", got.explanation);
            assert_eq!(got.unknowns, ["whether the service is down or degraded"]);
        }
        // Workaround unknown on a degraded core function for everyone: SEV2.
        let mut a = answers(External, Reach::All, Some(0));
        a.workaround = Workaround::Unknown;
        let got = three().suggest(&a);
        assert_eq!(got.level, SeverityLevel(2), "{}", got.explanation);
        assert_eq!(got.unknowns, ["whether a workaround exists"]);
        // An unknown that cannot change the level is not leaned on.
        let mut a = answers(External, Reach::All, None);
        a.service_state = ServiceState::Down;
        a.workaround = Workaround::Unknown;
        let got = three().suggest(&a);
        assert_eq!(got.level, SeverityLevel(1));
        assert!(got.unknowns.is_empty());
        // Unknown support cases are no evidence: the known answers decide.
        let got = three().suggest(&answers(Internal, Reach::Some, None));
        assert_eq!(got.level, SeverityLevel(3), "{}", got.explanation);
        // Leaning never goes below what the known answers give.
        for a in rule_table().into_iter().map(|r| r.1) {
            for unknown in [
                super::Unknown::Impact,
                super::Unknown::Reach,
                super::Unknown::State,
                super::Unknown::Workaround,
            ] {
                let mut partial = a.clone();
                match unknown {
                    super::Unknown::Impact => partial.customer_impact = CustomerImpact::Unknown,
                    super::Unknown::Reach => partial.customers_affected = Reach::Unknown,
                    super::Unknown::State => partial.service_state = ServiceState::Unknown,
                    super::Unknown::Workaround => partial.workaround = Workaround::Unknown,
                }
                for s in [three(), five()] {
                    assert!(
                        s.suggest(&partial).level <= s.suggest(&a).level,
                        "{}: {partial:?}",
                        s.id
                    );
                }
            }
        }
    }

    #[test]
    fn forced_levels_come_from_factor_rules() {
        let mut a = Assessment::default();
        assert_eq!(three().forced_level(&a), None);
        a.factors.press_attention = true;
        assert_eq!(
            three().forced_level(&a),
            None,
            "press attention alone forces nothing"
        );
        a.factors.data_loss = true;
        assert_eq!(three().forced_level(&a), Some(SeverityLevel(1)));
        assert_eq!(five().forced_level(&a), Some(SeverityLevel(1)));
    }

    #[test]
    fn invalid_scales_are_refused_with_reasons() {
        let base = include_str!("../../assets/scales/atlassian-3.ron");
        let no_always = base.replace(
            "Rule(when: Always, level: 3, explanation: \"An inconvenience with a workaround, degraded but usable\"),",
            "",
        );
        assert!(
            SeverityScale::parse(&no_always)
                .unwrap_err()
                .to_string()
                .contains("Always")
        );
        let bad_level = base.replace(
            "level: 3, explanation: \"An inconvenience",
            "level: 9, explanation: \"An inconvenience",
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
