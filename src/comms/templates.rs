//! Message templates for phase 4 (and the phase 2 room topic and chat status):
//! built-in templates in English and Italian, overridable and extendable by
//! files in the user's template folder, rendered with minijinja from the
//! incident record.
//!
//! # Writing a template
//!
//! A template is a plain-text file `<dir>/<lang>/<name>.txt.j2` (`<lang>` is
//! `en` or `it`) in minijinja's Jinja syntax. A file with a built-in's name
//! replaces that built-in; any other name adds a custom template. The engine
//! is set up for plain text:
//!
//! * no HTML escaping;
//! * `trim_blocks` and `lstrip_blocks` are on: a line holding only a block tag
//!   (`{% if x %}`, `{% endfor %}`) leaves no trace in the output, and the
//!   newline right after any block tag is dropped, so end a text line with an
//!   inline `{{ "..." if x }}` or with `+%}` rather than with `{% endif %}`;
//! * a missing field renders as empty text, and is false in `{% if %}`;
//! * after rendering, trailing spaces are removed from every line, runs of
//!   blank lines become one, and leading and trailing blank lines go;
//! * a render gets a bounded amount of work ("fuel"): a template that loops
//!   too long stops with an error instead of freezing the console.
//!
//! The fields a template can use are those of [`RenderContext`].

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

use minijinja::syntax::SyntaxConfig;
use minijinja::value::{Serde, Value};
use minijinja::{AutoEscape, Environment, UndefinedBehavior};

pub use super::context::{RenderContext, TaskContext};
use crate::model::{Audience, Incident, Stage, Timestamp};

/// User template files above this size are skipped.
pub const MAX_TEMPLATE_BYTES: u64 = 256 * 1024;

/// The file name suffix of a template: `<name>.txt.j2`.
pub const TEMPLATE_SUFFIX: &str = ".txt.j2";

/// The work budget of one render (see `minijinja::Environment::set_fuel`):
/// far above what any message needs, small enough to stop a runaway loop
/// within milliseconds.
const FUEL: u64 = 500_000;

pub use crate::model::Lang;

/// Where a template's text comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateOrigin {
    BuiltIn,
    /// A user file: either an override of the built-in of the same name or a
    /// custom template.
    User(PathBuf),
}

/// What a template is for; the UI lists these.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateInfo {
    /// File name without `.txt.j2`, e.g. `customer-investigating`.
    pub name: String,
    /// For people, e.g. `Customer: Investigating`, `Custom: my-template`.
    pub label: String,
    /// Who the message is for; `None` for custom templates and for the room
    /// topic and chat status.
    pub audience: Option<Audience>,
    pub stage: Option<Stage>,
    pub lang: Lang,
    pub origin: TemplateOrigin,
}

/// A template that failed to compile or render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    /// `<lang>/<name>`, e.g. `en/customer-investigating`.
    pub template: String,
    /// 1-based line in the template file, when known.
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "template {}, line {line}: {}", self.template, self.message),
            None => write!(f, "template {}: {}", self.template, self.message),
        }
    }
}

impl std::error::Error for TemplateError {}

/// The outcome of a render: always some text to show (possibly the built-in
/// fallback, possibly empty) and the error that caused a fallback, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub text: String,
    pub error: Option<TemplateError>,
}

struct Builtin {
    name: &'static str,
    label: &'static str,
    audience: Option<Audience>,
    stage: Option<Stage>,
    en: &'static str,
    it: &'static str,
}

macro_rules! builtin {
    ($name:literal, $label:literal, $audience:expr, $stage:expr) => {
        Builtin {
            name: $name,
            label: $label,
            audience: $audience,
            stage: $stage,
            en: include_str!(concat!("../../assets/templates/en/", $name, ".txt.j2")),
            it: include_str!(concat!("../../assets/templates/it/", $name, ".txt.j2")),
        }
    };
}

/// The built-in templates, in the order they are listed.
const BUILTINS: [Builtin; 11] = [
    builtin!(
        "customer-investigating",
        "Customer: Investigating",
        Some(Audience::Customers),
        Some(Stage::Investigating)
    ),
    builtin!(
        "customer-identified",
        "Customer: Identified",
        Some(Audience::Customers),
        Some(Stage::Identified)
    ),
    builtin!(
        "customer-monitoring",
        "Customer: Monitoring",
        Some(Audience::Customers),
        Some(Stage::Monitoring)
    ),
    builtin!(
        "customer-resolved",
        "Customer: Resolved",
        Some(Audience::Customers),
        Some(Stage::Resolved)
    ),
    builtin!(
        "stakeholder-update",
        "Stakeholders: Update",
        Some(Audience::Stakeholders),
        Some(Stage::Update)
    ),
    builtin!(
        "executive-summary",
        "Executives: Summary",
        Some(Audience::Executives),
        Some(Stage::Update)
    ),
    builtin!(
        "postmortem-follows",
        "Customer: Postmortem follows",
        Some(Audience::Customers),
        Some(Stage::Resolved)
    ),
    builtin!(
        "customer-breach-notice",
        "Customer: Data breach notice",
        Some(Audience::Customers),
        Some(Stage::Update)
    ),
    builtin!(
        "regulator-breach-notification",
        "Regulator: Breach notification",
        Some(Audience::Regulators),
        Some(Stage::Update)
    ),
    builtin!("room-topic", "Chat room topic", None, None),
    builtin!("chat-status", "IM chat status", None, None),
];

impl Builtin {
    fn source(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::It => self.it,
        }
    }
}

#[derive(Debug, Clone)]
struct Entry {
    info: TemplateInfo,
    source: Cow<'static, str>,
    /// Position in [`BUILTINS`] when the name is a built-in's (overridden or not).
    builtin: Option<usize>,
}

/// The templates the console offers: the built-ins, with the user's
/// overrides and custom templates.
#[derive(Debug, Clone)]
pub struct Templates {
    entries: Vec<Entry>,
}

impl Default for Templates {
    fn default() -> Self {
        Templates::builtin()
    }
}

/// The user's template folder: `<config dir>/templates` (the UI shows it).
pub fn default_user_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "incident-console").map(|dirs| dirs.config_dir().join("templates"))
}

impl Templates {
    /// Only the built-in templates, in both languages.
    pub fn builtin() -> Templates {
        let mut entries = Vec::new();
        for lang in Lang::ALL {
            for (index, b) in BUILTINS.iter().enumerate() {
                entries.push(Entry {
                    info: TemplateInfo {
                        name: b.name.to_owned(),
                        label: b.label.to_owned(),
                        audience: b.audience,
                        stage: b.stage,
                        lang,
                        origin: TemplateOrigin::BuiltIn,
                    },
                    source: Cow::Borrowed(b.source(lang)),
                    builtin: Some(index),
                });
            }
        }
        Templates { entries }
    }

    /// Same as [`default_user_dir`].
    pub fn default_user_dir() -> Option<PathBuf> {
        default_user_dir()
    }

    /// The built-ins plus the templates in `user_dir` (`<dir>/en/*.txt.j2`,
    /// `<dir>/it/*.txt.j2`). A missing folder is not a problem; a file that
    /// cannot be read, is not UTF-8 or is larger than [`MAX_TEMPLATE_BYTES`]
    /// is skipped, and each skip is described in the returned problems.
    /// Syntax errors are found when rendering (or by [`Templates::validate`]).
    pub fn load(user_dir: Option<&Path>) -> (Templates, Vec<String>) {
        let mut templates = Templates::builtin();
        let mut problems = Vec::new();
        let Some(dir) = user_dir else {
            return (templates, problems);
        };
        for lang in Lang::ALL {
            let lang_dir = dir.join(lang.code());
            let read_dir = match std::fs::read_dir(&lang_dir) {
                Ok(read_dir) => read_dir,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => {
                    problems.push(format!("{}: cannot read the folder: {e}", lang_dir.display()));
                    continue;
                }
            };
            let mut paths: Vec<PathBuf> = Vec::new();
            for item in read_dir {
                match item {
                    Ok(item) => paths.push(item.path()),
                    Err(e) => problems.push(format!("{}: cannot list the folder: {e}", lang_dir.display())),
                }
            }
            paths.sort();
            for path in paths {
                let Some(file_name) = path.file_name() else {
                    continue;
                };
                let Some(file_name) = file_name.to_str() else {
                    if file_name.to_string_lossy().ends_with(TEMPLATE_SUFFIX) {
                        problems.push(format!("{}: skipped: the file name is not UTF-8", path.display()));
                    }
                    continue;
                };
                let Some(name) = file_name.strip_suffix(TEMPLATE_SUFFIX) else {
                    continue;
                };
                if name.is_empty() || name.starts_with('.') || path.is_dir() {
                    continue;
                }
                match read_template_file(&path) {
                    Ok(source) => {
                        let name = name.to_owned();
                        templates.add_user(lang, &name, source, path);
                    }
                    Err(problem) => problems.push(format!("{}: skipped: {problem}", path.display())),
                }
            }
        }
        (templates, problems)
    }

    fn add_user(&mut self, lang: Lang, name: &str, source: String, path: PathBuf) {
        if let Some(entry) = self
            .entries
            .iter_mut()
            .find(|e| e.info.lang == lang && e.info.name == name)
        {
            entry.source = Cow::Owned(source);
            entry.info.origin = TemplateOrigin::User(path);
            return;
        }
        self.entries.push(Entry {
            info: TemplateInfo {
                name: name.to_owned(),
                label: format!("Custom: {name}"),
                audience: None,
                stage: None,
                lang,
                origin: TemplateOrigin::User(path),
            },
            source: Cow::Owned(source),
            builtin: None,
        });
    }

    /// The templates of one language: the built-ins in their fixed order,
    /// then custom templates by name.
    pub fn list(&self, lang: Lang) -> Vec<&TemplateInfo> {
        let mut entries: Vec<&Entry> = self.entries.iter().filter(|e| e.info.lang == lang).collect();
        entries.sort_by(|a, b| {
            (a.builtin.is_none(), a.builtin, &a.info.name).cmp(&(
                b.builtin.is_none(),
                b.builtin,
                &b.info.name,
            ))
        });
        entries.into_iter().map(|e| &e.info).collect()
    }

    pub fn find(&self, name: &str, lang: Lang) -> Option<&TemplateInfo> {
        self.entry(name, lang).map(|e| &e.info)
    }

    /// The template's text as it will be rendered (e.g. to copy a built-in
    /// into the user folder as a starting point).
    pub fn source(&self, name: &str, lang: Lang) -> Option<&str> {
        self.entry(name, lang).map(|e| e.source.as_ref())
    }

    fn entry(&self, name: &str, lang: Lang) -> Option<&Entry> {
        self.entries
            .iter()
            .find(|e| e.info.lang == lang && e.info.name == name)
    }

    /// Renders a template for `incident` at `now`. A user template that fails
    /// (syntax or render error) gives its error and the built-in of the same
    /// name, or an empty text for a custom template. Never panics.
    pub fn render(&self, name: &str, lang: Lang, incident: &Incident, now: Timestamp) -> Rendered {
        let Some(entry) = self.entry(name, lang) else {
            return Rendered {
                text: String::new(),
                error: Some(TemplateError {
                    template: template_id(lang, name),
                    line: None,
                    message: "no such template".to_owned(),
                }),
            };
        };
        let context = Value::from(Serde(RenderContext::new(incident, lang, now)));
        match render_source(lang, name, &entry.source, &context) {
            Ok(text) => Rendered { text, error: None },
            Err(error) => {
                let fallback = match (&entry.info.origin, entry.builtin) {
                    (TemplateOrigin::User(_), Some(index)) => {
                        render_source(lang, name, BUILTINS[index].source(lang), &context).unwrap_or_default()
                    }
                    _ => String::new(),
                };
                Rendered {
                    text: fallback,
                    error: Some(error),
                }
            }
        }
    }

    /// Compiles every template without rendering it: the syntax errors of
    /// user templates, for showing right after loading.
    pub fn validate(&self) -> Vec<TemplateError> {
        self.entries
            .iter()
            .filter_map(|e| {
                let file = file_name(e.info.lang, &e.info.name);
                let env = environment();
                env.template_from_named_str(&file, &e.source)
                    .err()
                    .map(|err| template_error(e.info.lang, &e.info.name, &err))
            })
            .collect()
    }
}

/// Reads a user template: a regular file (a FIFO named `x.txt.j2` would
/// block loading), at most [`MAX_TEMPLATE_BYTES`], UTF-8.
fn read_template_file(path: &Path) -> Result<String, String> {
    use crate::file::regular::{ReadError, read_regular_file};
    let too_large = |size: u64| format!("larger than {} KiB ({size} bytes)", MAX_TEMPLATE_BYTES / 1024);
    let bytes = read_regular_file(path, MAX_TEMPLATE_BYTES).map_err(|e| match e {
        ReadError::TooLarge { size, .. } => too_large(size),
        ReadError::Io { source, .. } => format!("cannot read it: {source}"),
        other => other.reason(),
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        format!("not valid UTF-8 text (line {line})")
    })
}

fn template_id(lang: Lang, name: &str) -> String {
    format!("{}/{name}", lang.code())
}

fn file_name(lang: Lang, name: &str) -> String {
    format!("{}/{name}{TEMPLATE_SUFFIX}", lang.code())
}

/// A fresh environment set up for plain-text messages.
fn environment<'source>() -> Environment<'source> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| AutoEscape::None);
    env.set_undefined_behavior(UndefinedBehavior::Chainable);
    env.set_fuel(Some(FUEL));
    let syntax = SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .build();
    if let Ok(syntax) = syntax {
        env.set_syntax(syntax);
    }
    env
}

fn render_source(lang: Lang, name: &str, source: &str, context: &Value) -> Result<String, TemplateError> {
    let file = file_name(lang, name);
    let env = environment();
    let to_error = |err: minijinja::Error| template_error(lang, name, &err);
    let template = env.template_from_named_str(&file, source).map_err(to_error)?;
    let text = template.render(context.clone()).map_err(to_error)?;
    Ok(tidy(&text))
}

fn template_error(lang: Lang, name: &str, err: &minijinja::Error) -> TemplateError {
    let message = match err.detail() {
        Some(detail) => format!("{}: {detail}", err.kind()),
        None => err.kind().to_string(),
    };
    TemplateError {
        template: template_id(lang, name),
        line: err.line(),
        message,
    }
}

/// Plain-text clean-up: no trailing spaces, at most one blank line in a row,
/// no blank lines at the start or end, no final newline.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_before = true;
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            if !blank_before {
                out.push('\n');
            }
            blank_before = true;
        } else {
            out.push_str(line);
            out.push('\n');
            blank_before = false;
        }
    }
    out.truncate(out.trim_end().len());
    out
}

#[cfg(test)]
mod tests {
    use super::super::context::{format_clock, format_duration, format_minute};
    use super::*;
    use crate::model::{SeverityLevel, Task, TaskState};
    use chrono::{TimeDelta, TimeZone, Utc};

    fn t(minute: i64) -> Timestamp {
        Utc.with_ymd_and_hms(2026, 11, 25, 14, 0, 0).unwrap() + TimeDelta::minutes(minute)
    }

    fn incident() -> Incident {
        let mut inc = Incident::declare(t(0), "Ana");
        inc.title = "Search is slow".into();
        inc.detection.affected_services = vec!["search".into(), " api ".into(), String::new().into()];
        inc
    }

    #[test]
    fn every_builtin_has_both_languages_and_a_unique_name() {
        let templates = Templates::builtin();
        for lang in Lang::ALL {
            let names: Vec<&str> = templates.list(lang).iter().map(|i| i.name.as_str()).collect();
            let expected: Vec<&str> = BUILTINS.iter().map(|b| b.name).collect();
            assert_eq!(names, expected);
            for b in &BUILTINS {
                assert!(!b.source(lang).trim().is_empty(), "{} {}", lang.code(), b.name);
            }
        }
        assert!(templates.validate().is_empty(), "{:?}", templates.validate());
    }

    #[test]
    fn lang_codes_and_labels() {
        assert_eq!(Lang::En.code(), "en");
        assert_eq!(Lang::It.label(), "Italiano");
        assert_eq!(Lang::from_code("it"), Some(Lang::It));
        assert_eq!(Lang::from_code("fr"), None);
    }

    #[test]
    fn durations_and_clock_times() {
        assert_eq!(format_duration(TimeDelta::seconds(59)), "0 min");
        assert_eq!(format_duration(TimeDelta::minutes(45)), "45 min");
        assert_eq!(format_duration(TimeDelta::minutes(120)), "2 h");
        assert_eq!(
            format_duration(TimeDelta::minutes(135) + TimeDelta::seconds(50)),
            "2 h 15 min"
        );
        assert_eq!(format_duration(TimeDelta::minutes(-5)), "0 min");
        assert_eq!(format_clock(t(45), t(0), Lang::En), "14:45 UTC");
        assert_eq!(format_clock(t(24 * 60), t(0), Lang::En), "2026-11-26 14:00 UTC");
        assert_eq!(format_minute(t(4), Lang::En), "2026-11-25 14:04 UTC");
        // Italian style: day first, "alle", and the article the sentence needs.
        assert_eq!(format_minute(t(4), Lang::It), "25/11/2026 alle 14:04 UTC");
        assert_eq!(format_clock(t(45), t(0), Lang::It), "le 14:45 UTC");
        assert_eq!(
            format_clock(t(24 * 60), t(0), Lang::It),
            "il 26/11/2026 alle 14:00 UTC"
        );
    }

    #[test]
    fn context_from_a_fresh_incident() {
        let mut inc = incident();
        inc.apply(
            crate::model::Edit::SetSeverity {
                level: SeverityLevel(2),
                reason: "one region".into(),
            },
            t(1),
            "Ana",
        )
        .unwrap();
        inc.delegation.tasks.push(Task {
            id: crate::model::ItemId::fresh(),
            owner: "Bo".into(),
            text: "Check the index".into(),
            created_at: t(2),
            due_at: Some(t(20)),
            state: TaskState::Doing,
        });
        let ctx = RenderContext::new(&inc, Lang::It, t(10));
        assert_eq!(ctx.severity, "SEV2");
        assert!(ctx.severity_major);
        assert_eq!(ctx.services, vec!["search", "api"]);
        assert_eq!(ctx.services_text, "search, api");
        assert_eq!(ctx.started_at, "");
        assert_eq!(ctx.detected_at, "25/11/2026 alle 14:00 UTC");
        assert_eq!(ctx.duration, "10 min");
        assert_eq!(ctx.status, "Indagine in corso");
        assert_eq!(ctx.customers_affected, "Non noto");
        assert_eq!(ctx.support_cases, None);
        // SEV2: customer updates every 30 minutes from the moment this one goes out.
        assert_eq!(ctx.next_update_at, "le 14:40 UTC");
        assert_eq!(ctx.open_tasks[0].due_at, "le 14:20 UTC");
        assert_eq!(ctx.affected, "", "no customer words yet");
        inc.assessment.affected_for_customers = " site search ".into();
        let ctx = RenderContext::new(&inc, Lang::En, t(10));
        assert_eq!(ctx.affected, "site search");
        assert_eq!(ctx.detected_at, "2026-11-25 14:00 UTC");
        assert_eq!(ctx.next_update_at, "14:40 UTC");
        assert!(!ctx.root_cause_known);
    }

    #[test]
    fn missing_fields_render_empty_and_text_is_tidy() {
        let mut templates = Templates::builtin();
        templates.add_user(
            Lang::En,
            "probe",
            "A{{ nothing }}B {{ nothing.deeper.still }}  \n\n\n\n{% if support_cases is defined %}x{% endif %}C [{{ support_cases }}] <&>\n\n".into(),
            PathBuf::from("probe.txt.j2"),
        );
        let r = templates.render("probe", Lang::En, &incident(), t(5));
        assert_eq!(r.error, None);
        assert_eq!(r.text, "AB\n\nC [] <&>");
    }

    #[test]
    fn unknown_template_gives_an_error_not_a_panic() {
        let r = Templates::builtin().render("nope", Lang::It, &incident(), t(5));
        assert_eq!(r.text, "");
        assert_eq!(r.error.unwrap().to_string(), "template it/nope: no such template");
    }

    #[test]
    fn runaway_user_template_runs_out_of_fuel() {
        let mut templates = Templates::builtin();
        templates.add_user(
            Lang::En,
            "chat-status",
            "{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}".into(),
            PathBuf::from("chat-status.txt.j2"),
        );
        let r = templates.render("chat-status", Lang::En, &incident(), t(5));
        assert_eq!(r.text, "INC-2026-0001");
        let error = r.error.unwrap();
        assert_eq!(error.template, "en/chat-status");
        assert!(error.message.contains("fuel"), "{error}");
    }

    #[test]
    fn error_display_names_template_and_line() {
        let e = TemplateError {
            template: "en/customer-investigating".into(),
            line: Some(3),
            message: "syntax error: unexpected end of input".into(),
        };
        assert_eq!(
            e.to_string(),
            "template en/customer-investigating, line 3: syntax error: unexpected end of input"
        );
    }

    #[cfg(unix)]
    #[test]
    fn special_files_in_the_user_folder_are_skipped_by_name_without_blocking() {
        use crate::file::regular::testing::{mkfifo, promptly};
        let dir = tempfile::tempdir().unwrap();
        let en = dir.path().join("en");
        std::fs::create_dir_all(&en).unwrap();
        mkfifo(&en.join("x.txt.j2"));
        mkfifo(&en.join("chat-status.txt.j2"));
        std::os::unix::fs::symlink("/dev/zero", en.join("zero.txt.j2")).unwrap();
        std::os::unix::fs::symlink(en.join("gone"), en.join("dangling.txt.j2")).unwrap();
        let _socket = std::os::unix::net::UnixListener::bind(en.join("s.txt.j2")).unwrap();
        std::fs::write(en.join("good.txt.j2"), "Hi {{ id }}").unwrap();
        // A FIFO as the whole language folder.
        mkfifo(&dir.path().join("it"));
        let root = dir.path().to_path_buf();
        let (templates, problems) = promptly(move || Templates::load(Some(&root)));
        for (name, what) in [
            ("x.txt.j2", "is a named pipe (FIFO), not a regular file"),
            ("chat-status.txt.j2", "is a named pipe (FIFO)"),
            ("zero.txt.j2", "is a symbolic link to a character device"),
            ("dangling.txt.j2", "symbolic link to nothing"),
            ("s.txt.j2", "is a socket"),
        ] {
            let path = en.join(name).display().to_string();
            assert!(
                problems.iter().any(|p| p.starts_with(&path) && p.contains(what)),
                "{name}: {what}: {problems:?}"
            );
        }
        assert!(
            problems.iter().any(|p| p.contains("/it: cannot read the folder")),
            "{problems:?}"
        );
        assert_eq!(problems.len(), 6, "{problems:?}");
        assert!(templates.find("x", Lang::En).is_none());
        assert!(templates.find("good", Lang::En).is_some());
        // The built-in of a refused override is still there.
        let builtin = templates.find("chat-status", Lang::En).unwrap();
        assert_eq!(builtin.origin, TemplateOrigin::BuiltIn);
    }
}
