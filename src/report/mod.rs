//! Reports for the review after an incident: the metrics a reviewer wants,
//! a Markdown postmortem in the handbook's order, and JSON for tooling. All
//! pure and deterministic: the same incident gives the same bytes.

pub mod json;
pub mod markdown;
pub mod metrics;

pub use json::report_json;
pub use markdown::{Redaction, postmortem_for_wider_sharing, postmortem_markdown, redacted};
pub use metrics::{
    CustomerUpdates, Gap, Metrics, SeverityStep, Span, TimelineCounts, format_duration, metrics,
};
