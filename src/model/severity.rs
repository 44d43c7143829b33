//! Severity levels and the record of each decision about them. What a level
//! means comes from the incident's scale (`super::scale`).

use serde::{Deserialize, Serialize};

use super::incident::{Assessment, Incident, Timestamp};
use super::scale::{self, ScaleLevel, SeverityScale};
use super::time::format_utc;

/// A severity level: 1 is the most severe. Its name comes from the scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SeverityLevel(pub u8);

/// One severity decision; the incident keeps them all, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeverityChange {
    pub level: SeverityLevel,
    pub set_at: Timestamp,
    pub set_by: String,
    pub reason: String,
    /// What the scale's rules suggested from the answers at that moment.
    pub suggested: Option<SeverityLevel>,
    /// The rule behind the suggestion, in plain words.
    pub suggestion: String,
    /// The assessment answers the decision was made on.
    pub answers: String,
}

impl Assessment {
    /// The six answers in one line, kept with each severity decision.
    pub fn answers_summary(&self) -> String {
        let mut parts = vec![
            format!("impact: {}", self.customer_impact.label()),
            format!("affected: {}", self.customers_affected.label()),
        ];
        if !self.affected_count.trim().is_empty() {
            parts.push(format!("how many: {}", self.affected_count.trim()));
        }
        if !self.what_customers_see.trim().is_empty() {
            parts.push(format!("customers see: {}", self.what_customers_see.trim()));
        }
        parts.push(match self.impact_started_at {
            Some(at) => format!("started: {}", format_utc(at)),
            None => "started: unknown".to_owned(),
        });
        parts.push(format!("service: {}", self.service_state.label()));
        parts.push(format!("workaround: {}", self.workaround.label()));
        parts.push(match self.support_cases {
            Some(n) => format!("support cases: {n}"),
            None => "support cases: unknown".to_owned(),
        });
        let factors: Vec<&str> = super::incident::Factor::ALL
            .into_iter()
            .filter(|f| f.get(&self.factors))
            .map(|f| f.label())
            .collect();
        parts.push(if factors.is_empty() {
            "other factors: none".to_owned()
        } else {
            format!("other factors: {}", factors.join(", "))
        });
        parts.join("; ")
    }
}

impl Incident {
    /// The scale this incident's severity is measured on.
    pub fn severity_scale(&self) -> &'static SeverityScale {
        scale::scale(&self.assessment.scale)
    }

    /// `SEV2` (or `SEV-2` on the five-level scale).
    pub fn severity_name(&self, level: SeverityLevel) -> String {
        self.severity_scale().name_of(level)
    }

    /// What the current level implies, if a level is set.
    pub fn severity_level_info(&self) -> Option<&'static ScaleLevel> {
        self.severity().and_then(|s| self.severity_scale().level(s.level))
    }

    /// A factor the scale's rules tie to a level by itself (a breach or
    /// confirmed data loss: the top level) was just ticked: a level set
    /// lower is raised to it, on the timeline. The commander can set it
    /// lower again, with a reason.
    pub(crate) fn raise_to_forced_level(&mut self, now: Timestamp, author: &str, factor: &str) {
        let scale = self.severity_scale();
        let Some(current) = self.severity().map(|s| s.level) else {
            return;
        };
        let suggestion = scale.suggest(&self.assessment);
        let forced = scale
            .forced_level(&self.assessment)
            .filter(|forced| *forced < current);
        let Some(level) = forced else {
            return;
        };
        let name = scale.name_of(level);
        let reason = format!("{factor} ticked, which puts {name} by rule");
        let text = format!(
            "Severity changed from {} to {name}: {reason} (set it lower with a reason to override)",
            scale.name_of(current)
        );
        self.record_severity(level, reason, suggestion, text, now, author);
    }

    /// Keeps one severity decision with the answers it was made on, and
    /// logs `text` for it.
    pub(crate) fn record_severity(
        &mut self,
        level: SeverityLevel,
        reason: String,
        suggestion: super::scale::Suggestion,
        text: String,
        now: Timestamp,
        author: &str,
    ) {
        self.assessment.severity_history.push(SeverityChange {
            level,
            set_at: now,
            set_by: author.to_owned(),
            reason,
            suggested: Some(suggestion.level),
            suggestion: suggestion.explanation,
            answers: self.assessment.answers_summary(),
        });
        self.timeline
            .add(now, now, author, super::timeline::EntryKind::Severity, text);
    }

    /// The answers now suggest a more severe level than the one set, and
    /// the level was not decided on these answers: the header and the
    /// Assess panel say so until the level is raised or decided again.
    pub fn severity_behind(&self) -> Option<(SeverityLevel, super::scale::Suggestion)> {
        let current = self.severity()?;
        let suggestion = self.severity_scale().suggest(&self.assessment);
        (suggestion.level < current.level && current.answers != self.assessment.answers_summary())
            .then_some((current.level, suggestion))
    }

    /// Whether this is a major incident (SEV1/SEV2 on the default scale).
    pub fn is_major(&self) -> bool {
        self.severity_level_info().is_some_and(|l| l.major)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CustomerImpact, Reach};
    use chrono::{TimeZone, Utc};

    #[test]
    fn names_and_majors_follow_the_scale() {
        let mut inc = Incident::declare(Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(), "Ana");
        assert_eq!(inc.severity_name(SeverityLevel(2)), "SEV2");
        assert!(!inc.is_major());
        inc.assessment.scale = "pagerduty-5".into();
        assert_eq!(inc.severity_name(SeverityLevel(2)), "SEV-2");
        assert_eq!(inc.severity_name(SeverityLevel(9)), "SEV9");
    }

    #[test]
    fn answers_summary_names_every_answer() {
        let a = Assessment {
            customer_impact: CustomerImpact::External,
            customers_affected: Reach::All,
            support_cases: Some(3),
            ..Assessment::default()
        };
        let text = a.answers_summary();
        for part in [
            "impact: External customers",
            "affected: All",
            "started: unknown",
            "support cases: 3",
            "other factors: none",
        ] {
            assert!(text.contains(part), "{text} lacks {part}");
        }
    }
}
