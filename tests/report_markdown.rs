//! The postmortem Markdown keeps its structure whatever users typed. Each
//! report is parsed with pulldown-cmark: the headings must be the template's,
//! tables must have one row per item, lists one item per fact, no user text
//! may turn into HTML, code, quotes, links or rules, and every user text must
//! read back as itself (line ends normalised, whitespace as the template
//! places it).

use chrono::{TimeDelta, TimeZone, Utc};
use incident_console::model::timeline::Retraction;
use incident_console::model::{
    CanReport, DetectionSource, DisplayZone, EntryKind, ExportFormat, FollowUp, Incident, Role,
    RoleAssignment, SeverityChange, SeverityLevel, Timestamp, format_utc, timeline_view,
};
use incident_console::report::markdown::{PLACEHOLDER, SECTIONS};
use incident_console::report::postmortem_markdown;
use proptest::prelude::*;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// What the report's Markdown relies on: tables (timeline, actions, metrics,
/// severity history) and strikethrough (retracted entries).
fn report_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// A richer, GitHub-like reader: the structure must hold there too.
fn github_like_options() -> Options {
    report_options()
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_GFM
        | Options::ENABLE_MATH
}

fn t(minute: i64) -> Timestamp {
    Utc.with_ymd_and_hms(2026, 11, 25, 14, 0, 0).unwrap() + TimeDelta::minutes(minute)
}

// ------------------------------------------------------------ reading the document back

/// One heading and what follows it up to the next heading.
#[derive(Debug, Default)]
struct Section {
    level: u8,
    heading: String,
    paragraphs: Vec<String>,
    items: Vec<String>,
    /// Each table's rows, header first, as cell texts.
    tables: Vec<Vec<Vec<String>>>,
}

#[derive(Debug, Default)]
struct Doc {
    sections: Vec<Section>,
    /// Events the template never writes: HTML, code, quotes, links, rules,
    /// nested lists, soft breaks... Any of them means user text made structure.
    strays: Vec<String>,
}

impl Doc {
    fn section(&self, heading: &str) -> &Section {
        self.sections
            .iter()
            .find(|s| s.level == 2 && s.heading == heading)
            .unwrap_or_else(|| panic!("no section {heading}"))
    }

    fn outline(&self) -> Vec<(u8, String)> {
        self.sections
            .iter()
            .map(|s| (s.level, s.heading.clone()))
            .collect()
    }
}

/// The document as sections of paragraphs, list items and tables; text of
/// inline markup (emphasis, strong, strikethrough) is kept, the markup not;
/// line breaks (hard breaks, `<br>` in cells) read as `\n`.
fn parse(md: &str, options: Options) -> Doc {
    let mut doc = Doc::default();
    let mut text = String::new();
    let mut row: Vec<String> = Vec::new();
    let mut list_depth = 0;
    let stray = |doc: &mut Doc, what: String| doc.strays.push(what);
    for event in Parser::new_ext(md, options) {
        let in_section = !doc.sections.is_empty();
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                doc.sections.push(Section {
                    level: level as u8,
                    ..Section::default()
                });
                text.clear();
            }
            Event::End(TagEnd::Heading(_)) => {
                doc.sections.last_mut().unwrap().heading = std::mem::take(&mut text);
            }
            _ if !in_section => stray(&mut doc, format!("before the title: {event:?}")),
            Event::Start(Tag::Paragraph) if list_depth > 0 => {
                stray(&mut doc, "paragraph in a list item".into())
            }
            Event::Start(Tag::Paragraph) => text.clear(),
            Event::End(TagEnd::Paragraph) if list_depth > 0 => {}
            Event::End(TagEnd::Paragraph) => {
                let p = std::mem::take(&mut text);
                doc.sections.last_mut().unwrap().paragraphs.push(p);
            }
            Event::Start(Tag::List(_)) => {
                list_depth += 1;
                if list_depth > 1 {
                    stray(&mut doc, "nested list".into());
                }
            }
            Event::End(TagEnd::List(_)) => list_depth -= 1,
            Event::Start(Tag::Item) => text.clear(),
            Event::End(TagEnd::Item) => {
                let item = std::mem::take(&mut text);
                doc.sections.last_mut().unwrap().items.push(item);
            }
            Event::Start(Tag::Table(_)) => doc.sections.last_mut().unwrap().tables.push(Vec::new()),
            Event::End(TagEnd::Table) => {}
            Event::Start(Tag::TableHead | Tag::TableRow) => row.clear(),
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                let cells = std::mem::take(&mut row);
                let section = doc.sections.last_mut().unwrap();
                section.tables.last_mut().unwrap().push(cells);
            }
            Event::Start(Tag::TableCell) => text.clear(),
            Event::End(TagEnd::TableCell) => row.push(std::mem::take(&mut text)),
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough)
            | Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough) => {}
            Event::Text(t) => text.push_str(&t),
            Event::HardBreak => text.push('\n'),
            // The one piece of HTML the template writes: a line break in a cell.
            Event::InlineHtml(html) if &*html == "<br>" => text.push('\n'),
            other => stray(&mut doc, format!("{other:?}")),
        }
    }
    doc
}

// ------------------------------------------------------------ what the text should read as

/// Line ends as the report writes them: CRLF, CR and the Unicode line and
/// paragraph separators (and NEL) all become LF.
fn unify_line_ends(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace(['\r', '\u{2028}', '\u{2029}', '\u{85}'], "\n")
}

/// CommonMark reads NUL as U+FFFD.
fn as_read(text: &str) -> String {
    text.replace('\0', "\u{FFFD}")
}

/// Text on one line (headings, list items): whitespace collapsed.
fn one_line(text: &str) -> String {
    as_read(&text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Prose: each line trimmed, blank lines dropped (they separate paragraphs),
/// lines joined by line breaks. `None` when there is no text.
fn prose(text: &str) -> Option<String> {
    let unified = unify_line_ends(text);
    let lines: Vec<&str> = unified.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    (!lines.is_empty()).then(|| as_read(&lines.join("\n")))
}

/// A table cell: trimmed lines joined by line breaks.
fn cell(text: &str) -> String {
    let unified = unify_line_ends(text);
    let lines: Vec<&str> = unified.trim().lines().map(str::trim).collect();
    as_read(&lines.join("\n"))
}

fn expected_outline(inc: &Incident) -> Vec<(u8, String)> {
    let title = ["Postmortem:".to_owned(), one_line(&inc.id), one_line(&inc.title)]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    std::iter::once((1, title))
        .chain(SECTIONS.iter().map(|s| (2, (*s).to_owned())))
        .collect()
}

// ------------------------------------------------------------ incidents full of someone's text

/// How many user texts `hostile_incident` places.
const PLACES: usize = 42;

/// An incident with `texts` (cycled) in every place that reaches the report:
/// identity, facts, every postmortem field, five whys, follow-ups, timeline
/// entries (typed, chat, alert, CAN), a retraction, severity decisions.
fn hostile_incident(texts: &[String]) -> Incident {
    let mut next = texts.iter().cycle().cloned();
    let mut take = move || next.next().unwrap();
    let mut inc = Incident::declare(t(0), "Ana");
    inc.id = take();
    inc.title = take();
    inc.summary = take();
    inc.detection.declared_by = take();
    inc.detection.affected_services = vec![take().into(), take().into()];
    inc.detection.source = Some(DetectionSource::Other(take()));
    inc.detection.fault_started_at = Some(t(-5));
    inc.assessment.affected_count = take();
    inc.assessment.what_customers_see = take();
    inc.assessment.support_cases = Some(3);
    inc.assessment.severity_history.push(SeverityChange {
        level: SeverityLevel(2),
        set_at: t(1),
        set_by: take(),
        reason: take(),
        suggested: None,
        suggestion: take(),
        answers: take(),
    });
    inc.delegation.roles.push(RoleAssignment {
        id: incident_console::model::ItemId::fresh(),
        role: Role::IncidentManager,
        person: take(),
        since: t(2),
        until: None,
    });
    let pm = &mut inc.postmortem;
    pm.summary = take();
    pm.leadup = take();
    pm.fault = take();
    pm.impact = take();
    pm.detection = take();
    pm.response = take();
    pm.recovery = take();
    pm.five_whys = vec![take().into(), take().into()];
    pm.root_cause = take();
    pm.backlog_check = take();
    pm.recurrence = take();
    pm.lessons_learned = take();
    inc.resolution.summary = take();
    inc.resolution.follow_ups.push(FollowUp {
        id: incident_console::model::ItemId::fresh(),
        owner: take(),
        text: take(),
        due: None,
        done: false,
    });
    for (minute, kind) in [(3, EntryKind::Note), (4, EntryKind::Chat), (5, EntryKind::Alert)] {
        let (author, text) = (take(), take());
        inc.timeline.add(t(minute), t(minute), &author, kind, text);
    }
    let can = CanReport {
        from: take(),
        conditions: take(),
        actions: take(),
        needs: take(),
    };
    let can = inc.timeline.add(t(6), t(6), "Bo", EntryKind::Can, can.summary());
    let (by, reason) = (take(), take());
    let entry = inc.timeline.get_mut(can).unwrap();
    entry.retracted = Some(Retraction { at: t(7), by, reason });
    inc
}

/// Every structural promise of the report, for `inc`, read with `options`.
/// `exact` also checks that each user text reads back as itself.
fn check(inc: &Incident, options: Options, exact: bool) {
    let md = postmortem_markdown(inc);
    let doc = parse(&md, options);
    let show = || format!("--- markdown ---\n{md}\n--- parsed ---\n{doc:#?}");
    assert!(
        doc.strays.is_empty(),
        "stray structure {:?}\n{}",
        doc.strays,
        show()
    );
    assert_eq!(doc.outline(), expected_outline(inc), "{}", show());

    let pm = &inc.postmortem;
    let title = &doc.sections[0];
    assert_eq!(title.items.len(), 11, "the facts list\n{}", show());
    assert!(
        title.paragraphs.is_empty() && title.tables.is_empty(),
        "{}",
        show()
    );

    let facts: [(&str, usize, usize); 7] = [
        (
            "Impact",
            5 + usize::from(!inc.assessment.what_customers_see.trim().is_empty()),
            0,
        ),
        ("Detection", 2, 0),
        ("Response", 4 + usize::from(!inc.delegation.roles.is_empty()), 0),
        ("Recovery", 2, 0),
        ("Timeline", 0, 1),
        ("Corrective actions", 0, 1),
        ("Metrics", 7, 1),
    ];
    for (heading, items, tables) in facts {
        let s = doc.section(heading);
        assert_eq!(s.items.len(), items, "items under {heading}\n{}", show());
        assert_eq!(s.tables.len(), tables, "tables under {heading}\n{}", show());
    }
    let whys = pm.five_whys.iter().filter(|w| !w.trim().is_empty()).count();
    let five = doc.section("Five whys");
    assert_eq!(five.items.len(), whys, "{}", show());
    assert_eq!(five.paragraphs.len(), usize::from(whys == 0), "{}", show());

    let timeline = &doc.section("Timeline").tables[0];
    assert_eq!(
        timeline.len(),
        1 + inc.timeline.len(),
        "one row per entry\n{}",
        show()
    );
    assert!(timeline.iter().all(|r| r.len() == 5), "{}", show());
    let actions = &doc.section("Corrective actions").tables[0];
    assert_eq!(actions.len(), 1 + inc.resolution.follow_ups.len(), "{}", show());
    assert!(actions.iter().all(|r| r.len() == 5), "{}", show());
    assert_eq!(doc.section("Metrics").tables[0].len(), 7, "{}", show());
    let severity = doc.section("Severity history");
    assert_eq!(severity.tables.len(), 1, "{}", show());
    assert_eq!(
        severity.tables[0].len(),
        1 + inc.assessment.severity_history.len(),
        "{}",
        show()
    );

    // Prose fields: paragraphs only, and (when `exact`) the text itself.
    for (heading, text) in [
        ("Leadup", &pm.leadup),
        ("Fault", &pm.fault),
        ("Impact", &pm.impact),
        ("Detection", &pm.detection),
        ("Response", &pm.response),
        ("Recovery", &pm.recovery),
        ("Root cause", &pm.root_cause),
        ("Backlog check", &pm.backlog_check),
        ("Recurrence", &pm.recurrence),
        ("Lessons learned", &pm.lessons_learned),
        ("Summary", &pm.summary),
    ] {
        let s = doc.section(heading);
        let read = s.paragraphs.join("\n");
        match prose(text) {
            Some(expected) if exact => assert_eq!(read, expected, "{heading}\n{}", show()),
            Some(_) => {}
            None => assert!(
                read.starts_with(PLACEHOLDER.trim_matches('_')),
                "{heading}: {read:?}\n{}",
                show()
            ),
        }
    }
    if !exact {
        return;
    }

    // One-line texts in list items.
    let services: Vec<String> = inc
        .detection
        .affected_services
        .iter()
        .map(|s| one_line(s))
        .filter(|s| !s.is_empty())
        .collect();
    let services = if services.is_empty() {
        "none recorded".to_owned()
    } else {
        services.join(", ")
    };
    let declared_by = match one_line(&inc.detection.declared_by) {
        by if by.is_empty() => String::new(),
        by => format!(" by {by}"),
    };
    let mut expected_items = vec![
        ("", format!("Incident: {}", one_line(&inc.id))),
        ("", format!("Services: {services}")),
        ("", format!("Declared: {}{declared_by}", format_utc(t(0)))),
    ];
    let count = match one_line(&inc.assessment.affected_count) {
        c if c.is_empty() => String::new(),
        c => format!(" ({c})"),
    };
    expected_items.push(("Impact", format!("Customers affected: Unknown{count}")));
    if !inc.assessment.what_customers_see.trim().is_empty() {
        let saw = one_line(&inc.assessment.what_customers_see);
        expected_items.push(("Impact", format!("What customers saw: {saw}")));
    }
    if let Some(DetectionSource::Other(source)) = &inc.detection.source {
        let by = match one_line(source) {
            s if s.is_empty() => "Other".to_owned(),
            s => format!("Other: {s}"),
        };
        expected_items.push(("Detection", format!("Detected by: {by}")));
    }
    for a in &inc.delegation.roles {
        let manager = format!(
            "Incident Manager: {} (from {})",
            one_line(&a.person),
            format_utc(a.since)
        );
        expected_items.push(("Response", manager));
    }
    for (heading, item) in expected_items {
        let s = if heading.is_empty() {
            title
        } else {
            doc.section(heading)
        };
        // A list item's trailing spaces are not its text.
        let item = item.trim_end().to_owned();
        assert!(
            s.items.contains(&item),
            "no item {item:?} in {:?}\n{}",
            s.items,
            show()
        );
    }
    let whys: Vec<String> = pm
        .five_whys
        .iter()
        .filter(|w| !w.trim().is_empty())
        .map(|w| one_line(w))
        .collect();
    assert_eq!(five.items, whys, "{}", show());

    // Cells.
    let mut entries: Vec<_> = inc.timeline.entries.iter().collect();
    entries.sort_by_key(|e| (e.at, e.id));
    for (row, entry) in timeline[1..].iter().zip(entries) {
        assert_eq!(row[3], cell(&entry.author), "author\n{}", show());
        let text = cell(&entry.text);
        let expected = match &entry.retracted {
            Some(r) => format!("{text} RETRACTED by {}: {}", cell(&r.by), cell(&r.reason)),
            None => text,
        };
        assert_eq!(row[4], expected.trim(), "entry\n{}", show());
    }
    for (row, f) in actions[1..].iter().zip(&inc.resolution.follow_ups) {
        assert_eq!(row[1], cell(&f.text), "action\n{}", show());
        let owner = if f.owner.trim().is_empty() {
            "no owner".to_owned()
        } else {
            cell(&f.owner)
        };
        assert_eq!(row[2], owner, "owner\n{}", show());
    }
    for (row, change) in severity.tables[0][1..]
        .iter()
        .zip(&inc.assessment.severity_history)
    {
        assert_eq!(row[3], cell(&change.set_by), "by\n{}", show());
        assert_eq!(row[4], cell(&change.reason), "why\n{}", show());
    }
}

/// Texts of the kinds that broke the report, or could: each a class of its own.
fn hostile_texts() -> Vec<String> {
    let mut texts: Vec<String> = [
        // Setext underlines and ATX headings, also inside list items.
        "Heading\n===",
        "Heading\n---",
        "Heading\n  ===  ",
        "# not a heading",
        "   ## indented",
        "1. # inside a list item",
        "- ## inside a bullet",
        "Title #",
        "ends with ###",
        "C# and F#",
        // Raw HTML, comments, CDATA, processing instructions.
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<!-- an unclosed comment",
        "-->",
        "<div>\nblock\n</div>",
        "<?php echo 1;",
        "<![CDATA[ x",
        "<br>",
        "</td></tr></table>",
        // Fences and indented code.
        "```\nunclosed fence",
        "~~~rust\nfence",
        "text\n```\nmore",
        "    indented code\n    more code",
        "\tcode by tab",
        "para\n\n    code after a blank line",
        // Line ends.
        "first\rsecond\rthird",
        "a\r\nb\r\n",
        "one\n\n\ntwo",
        "line\u{2028}separator\u{2029}paragraph\u{85}next",
        // Tables.
        "a | b | c",
        "| x | y |\n|---|---|\n| 1 | 2 |",
        "|---|",
        "x\n-|-",
        "pipe \\| escaped",
        // Block starts.
        "> quote",
        "> [!NOTE]\n> gfm",
        "- item",
        "+ item",
        "* item",
        "1. item",
        "2) item",
        "2026. a year",
        "text\n- item\n- item",
        "text\n1. item",
        ": definition",
        // Links, images, footnotes, tasks, autolinks.
        "[x]: http://example.com",
        "[link](http://example.com) and ![img](x.png)",
        "[^note] and [^note]: text",
        "[ ] task\n[x] done",
        "<http://autolink.example> <mailto:a@b.c> <a@b.c>",
        "www.example.com http://bare.example/path_(x)",
        "[[wiki]]",
        // Escapes, breaks, code spans, emphasis.
        "back\\slash \\* \\\\ \\_ \\",
        "trailing backslash\\",
        "hard break\\\nnext line",
        "two spaces  \nnext line",
        "C:\\Users\\ana\\logs",
        "`code` and ``dou`ble`` and ```",
        "*em* _em_ **strong** __strong__ ~~strike~~ ~sub~ ^sup^",
        "snake_case __init__ _leading trailing_",
        "5 * 3 * 2",
        "**",
        // Entities.
        "&amp; &lt; &#x41; &#65; &copy; AT&T R&D; &#0; &#x110000;",
        // Thematic breaks.
        "***",
        "* * *",
        "___",
        "- - -",
        "===",
        "text\n***\nmore",
        // Control characters and odd Unicode.
        "nul\0byte \u{1}\u{1b}[31mred\u{7f}\u{9b} \u{b}\u{c}",
        "\u{feff}bom and \u{200b}zero width and \u{202e}rtl",
        "emoji 🔥 ünïcödé 日本語",
        "$math$ and $$display$$ and $5 to $10",
        "{#id .class}",
        // Empty and blank.
        "",
        "   ",
        "\n\n\n",
        "\r",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    texts.push("long ".repeat(4_000));
    texts.push(format!("{}|{}", "x".repeat(20_000), "<".repeat(100)));
    texts
}

#[test]
fn hostile_text_in_every_place_keeps_the_structure() {
    for text in hostile_texts() {
        let inc = hostile_incident(std::slice::from_ref(&text));
        check(&inc, report_options(), true);
        check(&inc, github_like_options(), false);
        // A reader without the extensions shows tables as paragraphs (their
        // rows joined by soft breaks), but the headings and the rest of the
        // structure are the same.
        let md = postmortem_markdown(&inc);
        let doc = parse(&md, Options::empty());
        let strays: Vec<&String> = doc.strays.iter().filter(|s| *s != "SoftBreak").collect();
        assert!(strays.is_empty(), "{strays:?}\n{md}");
        assert_eq!(doc.outline(), expected_outline(&inc), "{md}");
    }
}

#[test]
fn hostile_texts_mixed_across_places_keep_the_structure() {
    let texts = hostile_texts();
    // Each place gets a different text, in several arrangements.
    for shift in 0..texts.len() {
        let rotated: Vec<String> = texts[shift..].iter().chain(&texts[..shift]).cloned().collect();
        let inc = hostile_incident(&rotated[..PLACES.min(rotated.len())]);
        check(&inc, report_options(), true);
    }
}

#[test]
fn summary_fallbacks_are_prose_too() {
    for text in hostile_texts() {
        let mut inc = hostile_incident(std::slice::from_ref(&text));
        inc.postmortem.summary.clear();
        inc.postmortem.recovery.clear();
        inc.summary = format!("incident summary: {text}");
        inc.resolution.summary = format!("resolution summary: {text}");
        let md = postmortem_markdown(&inc);
        let doc = parse(&md, report_options());
        assert!(doc.strays.is_empty(), "{:?}\n{md}", doc.strays);
        assert_eq!(doc.outline(), expected_outline(&inc), "{md}");
        for (heading, fallback) in [("Summary", &inc.summary), ("Recovery", &inc.resolution.summary)] {
            let s = doc.section(heading);
            assert!(s.paragraphs[0].starts_with("To be written."), "{md}");
            let read = s.paragraphs[1..].join("\n");
            assert_eq!(Some(read), prose(fallback), "{heading}\n{md}");
        }
    }
}

#[test]
fn the_example_incident_keeps_the_structure() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/examples/checkout-eu-outage.ron");
    let inc = incident_console::file::load(&path).expect("the example incident loads");
    let md = postmortem_markdown(&inc);
    let doc = parse(&md, report_options());
    assert!(doc.strays.is_empty(), "{:?}", doc.strays);
    assert_eq!(doc.outline(), expected_outline(&inc));
    let timeline = &doc.section("Timeline").tables[0];
    // Field edits stay in the file; the postmortem's table is the story.
    let mut entries: Vec<_> = inc
        .timeline
        .iter()
        .filter(|e| e.kind != incident_console::model::EntryKind::Change)
        .collect();
    assert!(
        entries.len() < inc.timeline.len(),
        "the example has a field change"
    );
    assert_eq!(timeline.len(), 1 + entries.len());
    entries.sort_by_key(|e| (e.at, e.id));
    for (row, entry) in timeline[1..].iter().zip(entries) {
        assert!(row[4].starts_with(&cell(&entry.text)), "{row:?}");
    }
    for (heading, text) in [
        ("Leadup", &inc.postmortem.leadup),
        ("Root cause", &inc.postmortem.root_cause),
    ] {
        assert_eq!(Some(doc.section(heading).paragraphs.join("\n")), prose(text));
    }
}

#[test]
fn the_timeline_copy_is_one_table_row_per_entry() {
    for text in hostile_texts() {
        let inc = hostile_incident(std::slice::from_ref(&text));
        let md = timeline_view::export(
            inc.timeline.iter(),
            Some(t(0)),
            DisplayZone::Utc,
            ExportFormat::Markdown,
        );
        // Under a heading so the parser has a section to file it in.
        let doc = parse(&format!("# Timeline\n\n{md}"), report_options());
        assert!(doc.strays.is_empty(), "{:?}\n{md}", doc.strays);
        assert_eq!(doc.sections.len(), 1, "{md}");
        let s = &doc.sections[0];
        assert!(s.paragraphs.is_empty() && s.items.is_empty(), "{md}");
        assert_eq!(s.tables.len(), 1, "{md}");
        assert_eq!(s.tables[0].len(), 1 + inc.timeline.len(), "{md}");
        for (row, entry) in s.tables[0][1..].iter().zip(&inc.timeline.entries) {
            assert_eq!(row[3], cell(&entry.author), "{md}");
            if entry.retracted.is_none() {
                assert_eq!(row[4], cell(&entry.text), "{md}");
            }
        }
    }
}

// ------------------------------------------------------------ any text at all

const METACHARACTERS: &[&str] = &[
    "#",
    "##",
    " #",
    "=",
    "===",
    "-",
    "---",
    "+",
    "*",
    "***",
    "_",
    "__",
    "`",
    "```",
    "~",
    "~~",
    "~~~",
    ">",
    "<",
    "<!--",
    "-->",
    "<div>",
    "<script>",
    "</p>",
    "<br>",
    "<http://x.y>",
    "[",
    "]",
    "[x]: http://e.x",
    "(",
    ")",
    "!",
    "|",
    "|-|",
    "\\",
    "&",
    "&amp;",
    "&#x41;",
    "&#0;",
    ";",
    "1.",
    "2)",
    "    ",
    "  ",
    " ",
    "\t",
    "\n",
    "\n\n",
    "\r",
    "\r\n",
    "\u{2028}",
    "\u{2029}",
    "\u{85}",
    "\0",
    "\u{1b}",
    "\u{7f}",
    "$",
    "$$",
    "^",
    "{#x}",
    ":",
    "word",
    "a_b",
    "ü",
    "🔥",
    "\u{a0}",
    "\u{feff}",
];

fn markdownish() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(METACHARACTERS), 0..16).prop_map(|parts| parts.concat())
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => markdownish(),
        1 => any::<String>(),
        1 => prop::collection::vec(any::<char>(), 0..24).prop_map(String::from_iter),
    ]
}

proptest! {
    #[test]
    fn any_text_anywhere_keeps_the_structure(texts in prop::collection::vec(any_text(), PLACES)) {
        let inc = hostile_incident(&texts);
        check(&inc, report_options(), true);
        check(&inc, github_like_options(), false);
    }
}
