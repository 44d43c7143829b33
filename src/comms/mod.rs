//! Phase 4 communications: message templates (built-in and the user's own,
//! English and Italian) rendered from the incident, and the draft checks that
//! warn when a message breaks the handbook's rules.

pub mod checks;
pub mod context;
pub mod templates;

pub use checks::{MessageCheck, check_message};
pub use templates::{
    Lang, MAX_TEMPLATE_BYTES, RenderContext, Rendered, TaskContext, TemplateError, TemplateInfo,
    TemplateOrigin, Templates, default_user_dir,
};
