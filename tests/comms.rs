//! Message templates and draft checks (phase 4), against the example incident.

mod common;
use common::example;

use std::path::{Path, PathBuf};

use chrono::{TimeZone, Utc};
use incident_console::comms::checks::{NEXT_UPDATE, NO_PROMISE, PLACEHOLDERS, UNKNOWNS};
use incident_console::comms::{
    Lang, MAX_TEMPLATE_BYTES, TemplateOrigin, Templates, check_message, default_user_dir,
};
use incident_console::model::{Audience, Incident, Stage, Timestamp};

const CUSTOMER_UPDATES: [&str; 3] = [
    "customer-investigating",
    "customer-identified",
    "customer-monitoring",
];

/// Half-way through the example incident: customer cadence 20 min, internal 30 min.
fn now() -> Timestamp {
    Utc.with_ymd_and_hms(2026, 3, 17, 14, 30, 0).unwrap()
}

fn assert_clean(label: &str, text: &str) {
    assert!(!text.trim().is_empty(), "{label}: empty");
    for leftover in ["{{", "}}", "{%", "%}", "{#", "#}"] {
        assert!(!text.contains(leftover), "{label}: {leftover} left in\n{text}");
    }
    assert!(!text.contains("\n\n\n"), "{label}: double blank line\n{text}");
    assert!(
        text.lines().all(|l| l == l.trim_end()),
        "{label}: trailing spaces\n{text}"
    );
    assert_eq!(text, text.trim(), "{label}: leading or trailing blank lines");
}

#[test]
fn builtin_templates_render_the_example_with_its_facts_in_both_languages() {
    let templates = Templates::builtin();
    let incident = example();
    for lang in Lang::ALL {
        let infos = templates.list(lang);
        assert_eq!(infos.len(), 11);
        for info in infos {
            assert_eq!(info.origin, TemplateOrigin::BuiltIn);
            assert_eq!(info.lang, lang);
            let label = format!("{}/{}", lang.code(), info.name);
            let rendered = templates.render(&info.name, lang, &incident, now());
            assert_eq!(rendered.error, None, "{label}");
            let text = rendered.text;
            assert_clean(&label, &text);
            assert!(text.contains("INC-2026-0142"), "{label}: no id\n{text}");
            let mut facts: Vec<&str> = Vec::new();
            let name = info.name.as_str();
            // The breach templates' facts are a breach's: see breach_templates_*.
            if name.contains("breach") {
                continue;
            }
            // For customers: their words for what is affected, never the
            // internal title or service names.
            let for_customers = info.audience == Some(Audience::Customers);
            if for_customers {
                facts.push("card checkout on our website and apps in Europe");
                for internal in [
                    "Checkout fails for EU customers",
                    "checkout-api",
                    "orders-db-eu",
                    "payments-gateway",
                ] {
                    assert!(
                        !text.contains(internal),
                        "{label}: names {internal:?} to customers\n{text}"
                    );
                }
            } else if info.name != "chat-status" {
                facts.push("Checkout fails for EU customers");
            }
            if matches!(
                name,
                "stakeholder-update" | "executive-summary" | "room-topic" | "chat-status"
            ) {
                facts.push("SEV1");
            }
            if name != "room-topic" && name != "chat-status" && !for_customers {
                facts.push(
                    "checkout-api (eu-west-1), orders-db-eu, payments-gateway, storefront web and apps (EU)",
                );
            }
            if CUSTOMER_UPDATES.contains(&name) {
                match lang {
                    Lang::En => facts.extend(["14:50 UTC", "2026-03-17 14:04 UTC"]),
                    // Italian style: "le 14:50", "17/03/2026 alle 14:04".
                    Lang::It => facts.extend(["le 14:50 UTC", "17/03/2026 alle 14:04 UTC"]),
                }
            }
            if matches!(name, "stakeholder-update" | "executive-summary") {
                facts.extend(["15:00 UTC", "214", "At the payment step of checkout in Europe"]);
            }
            if matches!(name, "customer-resolved" | "postmortem-follows") {
                facts.extend(["postmortem", "1 h 5 min"]);
                facts.push(match lang {
                    Lang::En => "2026-03-17 15:09 UTC",
                    Lang::It => "17/03/2026 alle 15:09 UTC",
                });
            }
            if matches!(name, "room-topic" | "executive-summary") {
                facts.extend([
                    "Marcus Oyelaran",
                    "Aiko Tanaka, Tomasz Wieczorek",
                    "Daniel Okafor",
                ]);
            }
            if name == "room-topic" {
                facts.extend([
                    "https://meet.larkspur.example/inc-2026-0142",
                    "Checkout EU dashboard: https://grafana.larkspur.example/d/checkout-eu",
                    "https://wiki.larkspur.example/runbooks/orders-db/failover",
                ]);
                assert_eq!(text.lines().count(), 1, "{label}: the topic is one line");
            }
            if name == "chat-status" {
                assert_eq!(text, "INC-2026-0142 | SEV1");
            }
            for fact in facts {
                assert!(text.contains(fact), "{label}: lacks {fact:?}\n{text}");
            }
            if lang == Lang::It {
                assert!(
                    !text.contains("2026-03-"),
                    "{label}: an ISO date in Italian\n{text}"
                );
            }
            if info.audience == Some(Audience::Customers) {
                let reference = if lang == Lang::En {
                    "Reference:"
                } else {
                    "Riferimento:"
                };
                assert!(text.contains(reference), "{label}");
                assert!(!text.contains("SEV1"), "{label}: severity is internal");
            }
        }
    }
}

#[test]
fn builtin_labels_audiences_and_stages() {
    let templates = Templates::builtin();
    let expected = [
        (
            "customer-investigating",
            "Customer: Investigating",
            Some(Audience::Customers),
            Some(Stage::Investigating),
        ),
        (
            "customer-identified",
            "Customer: Identified",
            Some(Audience::Customers),
            Some(Stage::Identified),
        ),
        (
            "customer-monitoring",
            "Customer: Monitoring",
            Some(Audience::Customers),
            Some(Stage::Monitoring),
        ),
        (
            "customer-resolved",
            "Customer: Resolved",
            Some(Audience::Customers),
            Some(Stage::Resolved),
        ),
        (
            "stakeholder-update",
            "Stakeholders: Update",
            Some(Audience::Stakeholders),
            Some(Stage::Update),
        ),
        (
            "executive-summary",
            "Executives: Summary",
            Some(Audience::Executives),
            Some(Stage::Update),
        ),
        (
            "postmortem-follows",
            "Customer: Postmortem follows",
            Some(Audience::Customers),
            Some(Stage::Resolved),
        ),
        (
            "customer-breach-notice",
            "Customer: Data breach notice",
            Some(Audience::Customers),
            Some(Stage::Update),
        ),
        (
            "regulator-breach-notification",
            "Regulator: Breach notification",
            Some(Audience::Regulators),
            Some(Stage::Update),
        ),
        ("room-topic", "Chat room topic", None, None),
        ("chat-status", "IM chat status", None, None),
    ];
    for lang in Lang::ALL {
        let got: Vec<_> = templates
            .list(lang)
            .into_iter()
            .map(|i| (i.name.as_str(), i.label.as_str(), i.audience, i.stage))
            .collect();
        assert_eq!(got, expected);
        assert_eq!(
            templates.find("customer-resolved", lang).unwrap().stage,
            Some(Stage::Resolved)
        );
    }
    assert!(templates.find("nope", Lang::En).is_none());
    assert!(templates.validate().is_empty());
    let en = templates
        .render("customer-investigating", Lang::En, &example(), now())
        .text;
    let it = templates
        .render("customer-investigating", Lang::It, &example(), now())
        .text;
    assert!(en.contains("The root cause is not yet known."));
    assert!(it.contains("La causa non è ancora nota."));
}

#[test]
fn customer_templates_pass_their_own_checks() {
    let templates = Templates::builtin();
    let mut fresh = Incident::declare(now(), "Ana");
    fresh.title = "Login fails".into();
    for incident in [example(), fresh] {
        for lang in Lang::ALL {
            for info in templates.list(lang) {
                let (Some(audience), Some(stage)) = (info.audience, info.stage) else {
                    continue;
                };
                // A breach notice needs a breach's facts: tested below.
                if audience != Audience::Customers || info.name.contains("breach") {
                    continue;
                }
                let text = templates.render(&info.name, lang, &incident, now()).text;
                let failed: Vec<_> = check_message(&text, lang, audience, stage)
                    .into_iter()
                    .filter(|c| !c.ok)
                    .map(|c| c.label)
                    .collect();
                assert!(
                    failed.is_empty(),
                    "{}/{} fails {failed:?}\n{text}",
                    lang.code(),
                    info.name
                );
            }
        }
    }
}

#[test]
fn internal_templates_only_miss_the_placeholders_left_for_the_im() {
    let templates = Templates::builtin();
    for lang in Lang::ALL {
        for name in ["stakeholder-update", "executive-summary"] {
            let info = templates.find(name, lang).unwrap();
            let text = templates.render(name, lang, &example(), now()).text;
            let failed: Vec<_> = check_message(&text, lang, info.audience.unwrap(), info.stage.unwrap())
                .into_iter()
                .filter(|c| !c.ok)
                .map(|c| c.label)
                .collect();
            assert_eq!(failed, [PLACEHOLDERS], "{}/{name}\n{text}", lang.code());
            let placeholder = if lang == Lang::En {
                "- [next step]"
            } else {
                "- [prossimo passo]"
            };
            assert_eq!(name == "stakeholder-update", text.contains(placeholder));
        }
    }
}

#[test]
fn templates_render_a_bare_incident() {
    let templates = Templates::builtin();
    let bare = Incident::declare(now(), "");
    for lang in Lang::ALL {
        for info in templates.list(lang) {
            let rendered = templates.render(&info.name, lang, &bare, now());
            let label = format!("bare {}/{}", lang.code(), info.name);
            assert_eq!(rendered.error, None, "{label}");
            assert_clean(&label, &rendered.text);
            assert!(!rendered.text.contains("()"), "{label}\n{}", rendered.text);
            assert!(!rendered.text.contains(" ."), "{label}\n{}", rendered.text);
        }
    }
    // Nothing is known yet: customers are told it is being investigated.
    let text = templates
        .render("customer-investigating", Lang::En, &bare, now())
        .text;
    assert!(text.starts_with("Service disruption: investigating"), "{text}");
    assert!(text.contains("some of our services"), "{text}");
    assert!(text.contains("next update by 15:00 UTC"), "{text}");
    assert_eq!(
        templates.render("chat-status", Lang::En, &bare, now()).text,
        "INC-2026-0001"
    );
}

#[test]
fn checks_flag_a_promise_a_missing_next_update_and_missing_unknowns() {
    let failed = |text: &str, stage| -> Vec<&'static str> {
        check_message(text, Lang::En, Audience::Customers, stage)
            .into_iter()
            .filter(|c| !c.ok)
            .map(|c| c.label)
            .collect()
    };
    let promise = "Customers cannot check out. The cause is not yet known. We will have this fixed by 15:00. \
        Next update by 14:45 UTC.";
    assert_eq!(failed(promise, Stage::Investigating), [NO_PROMISE]);
    let no_next = "Customers cannot check out. The cause is not yet known.";
    assert_eq!(failed(no_next, Stage::Investigating), [NEXT_UPDATE]);
    let no_unknowns = "Customers cannot check out. Next update by 14:45 UTC.";
    assert_eq!(failed(no_unknowns, Stage::Investigating), [UNKNOWNS]);
    // Unknowns are required while investigating and in updates only.
    assert!(failed(no_unknowns, Stage::Identified).is_empty());
    // Italian, with the phrases the handbook's Italian edition would use.
    let it = check_message(
        "I clienti non riescono a completare il pagamento. Il problema sarà risolto entro le 15:00.",
        Lang::It,
        Audience::Customers,
        Stage::Investigating,
    );
    let it_failed: Vec<_> = it.iter().filter(|c| !c.ok).map(|c| c.label).collect();
    assert_eq!(it_failed, [NEXT_UPDATE, UNKNOWNS, NO_PROMISE]);
    assert!(it.iter().all(|c| !c.hint.is_empty()));
}

fn write(dir: &Path, rel: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn user_templates_override_add_and_fall_back() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let override_path = write(
        root,
        "en/customer-investigating.txt.j2",
        b"Ours: {{ id }} - {{ title }}\n",
    );
    let custom_path = write(
        root,
        "en/war-room-note.txt.j2",
        b"Bridge for {{ id }}: {{ video_bridge }}\n",
    );
    write(root, "en/a-custom-note.txt.j2", b"{{ summary }}");
    // A syntax error on line 3 of an override of a built-in.
    write(
        root,
        "it/customer-identified.txt.j2",
        "Riga uno {{ id }}\nRiga due\nRiga tre {% if %}\n".as_bytes(),
    );
    // A render error in a custom template: calling what is not a function.
    write(root, "en/broken-custom.txt.j2", b"Hello\n{{ title() }}\n");
    // Skipped, each with a problem.
    let huge = vec![b'x'; MAX_TEMPLATE_BYTES as usize + 1];
    write(root, "en/huge.txt.j2", &huge);
    write(root, "it/latin1.txt.j2", b"Aggiornamento: citt\xe0\n");
    // Not templates: ignored silently.
    write(root, "en/README.md", b"notes");
    write(root, "fr/customer-resolved.txt.j2", b"Bonjour");

    let (templates, problems) = Templates::load(Some(root));
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems
            .iter()
            .any(|p| p.contains("huge.txt.j2") && p.contains("256 KiB")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("latin1.txt.j2") && p.contains("UTF-8")),
        "{problems:?}"
    );
    assert!(templates.find("huge", Lang::En).is_none());
    assert!(templates.find("latin1", Lang::It).is_none());

    // The listing: built-ins first in their order, then custom ones by name.
    let names: Vec<String> = templates.list(Lang::En).iter().map(|i| i.name.clone()).collect();
    assert_eq!(names.len(), 14);
    assert_eq!(names[0], "customer-investigating");
    assert_eq!(names[11..], ["a-custom-note", "broken-custom", "war-room-note"]);
    assert_eq!(templates.list(Lang::It).len(), 11);

    let overridden = templates.find("customer-investigating", Lang::En).unwrap();
    assert_eq!(overridden.origin, TemplateOrigin::User(override_path));
    assert_eq!(overridden.label, "Customer: Investigating");
    assert_eq!(overridden.stage, Some(Stage::Investigating));
    let custom = templates.find("war-room-note", Lang::En).unwrap();
    assert_eq!(custom.label, "Custom: war-room-note");
    assert_eq!((custom.audience, custom.stage), (None, None));
    assert_eq!(custom.origin, TemplateOrigin::User(custom_path));
    assert!(templates.find("war-room-note", Lang::It).is_none());
    // Italian built-ins that were not overridden stay built-in.
    let it_investigating = templates.find("customer-investigating", Lang::It).unwrap();
    assert_eq!(it_investigating.origin, TemplateOrigin::BuiltIn);

    let incident = example();
    let ours = templates.render("customer-investigating", Lang::En, &incident, now());
    assert_eq!(ours.error, None);
    assert_eq!(ours.text, "Ours: INC-2026-0142 - Checkout fails for EU customers");
    let note = templates.render("war-room-note", Lang::En, &incident, now());
    assert_eq!(
        note.text,
        "Bridge for INC-2026-0142: https://meet.larkspur.example/inc-2026-0142"
    );

    // The broken override: its error, with line 3, and the built-in's text.
    let broken = templates.render("customer-identified", Lang::It, &incident, now());
    let error = broken.error.expect("a syntax error");
    assert_eq!(error.template, "it/customer-identified");
    assert_eq!(error.line, Some(3));
    assert!(
        error
            .to_string()
            .starts_with("template it/customer-identified, line 3: "),
        "{error}"
    );
    let builtin = Templates::builtin().render("customer-identified", Lang::It, &incident, now());
    assert_eq!(broken.text, builtin.text);
    assert!(broken.text.contains("causa individuata"));

    // A broken custom template has nothing to fall back to.
    let custom_broken = templates.render("broken-custom", Lang::En, &incident, now());
    assert_eq!(custom_broken.text, "");
    let error = custom_broken.error.expect("a render error");
    assert_eq!(error.template, "en/broken-custom");
    assert_eq!(error.line, Some(2));

    // Validation finds the syntax error right after loading.
    let invalid = templates.validate();
    assert_eq!(invalid.len(), 1, "{invalid:?}");
    assert_eq!(invalid[0].line, Some(3));
    assert_eq!(
        templates.source("customer-investigating", Lang::En),
        Some("Ours: {{ id }} - {{ title }}\n")
    );
}

#[test]
fn missing_user_folder_gives_the_builtins_without_problems() {
    let dir = tempfile::tempdir().unwrap();
    for user_dir in [
        None,
        Some(dir.path().join("does-not-exist")),
        Some(dir.path().to_path_buf()),
    ] {
        let (templates, problems) = Templates::load(user_dir.as_deref());
        assert!(problems.is_empty(), "{problems:?}");
        for lang in Lang::ALL {
            assert_eq!(templates.list(lang), Templates::builtin().list(lang));
        }
    }
    if let Some(path) = default_user_dir() {
        assert!(path.ends_with("templates"), "{}", path.display());
    }
}

#[test]
fn breach_templates_say_what_happened_what_data_what_we_do_and_whom_to_contact() {
    let templates = Templates::builtin();
    let breach = common::breach::breach_example();
    let when = common::breach::b(60 * 50);
    for lang in Lang::ALL {
        for name in ["customer-breach-notice", "regulator-breach-notification"] {
            let info = templates.find(name, lang).unwrap();
            let label = format!("{}/{name}", lang.code());
            let rendered = templates.render(name, lang, &breach, when);
            assert_eq!(rendered.error, None, "{label}");
            let text = rendered.text;
            assert_clean(&label, &text);
            let failed: Vec<_> = check_message(&text, lang, info.audience.unwrap(), info.stage.unwrap())
                .into_iter()
                .filter(|c| !c.ok)
                .map(|c| c.label)
                .collect();
            assert!(failed.is_empty(), "{label} fails {failed:?}\n{text}");
            let aware = match lang {
                Lang::En => "2026-11-30 02:45 UTC",
                Lang::It => "30/11/2026 alle 02:45 UTC",
            };
            for fact in [
                "INC-2026-0107",
                aware,
                "Names, email addresses and phone numbers of about 18,400 customers",
                "dpo@example.com",
            ] {
                assert!(text.contains(fact), "{label}: lacks {fact:?}\n{text}");
            }
            if info.audience == Some(Audience::Customers) {
                // Customers get their words, not the internal ones.
                for internal in ["support-desk", "ws-0142", "j.moreau"] {
                    assert!(!text.contains(internal), "{label}: names {internal:?}\n{text}");
                }
            } else {
                for fact in [
                    "phishing email",
                    "Elena Ferri",
                    "Marco Bianchi",
                    "about 18,400 customers",
                ] {
                    assert!(text.contains(fact), "{label}: lacks {fact:?}\n{text}");
                }
            }
        }
    }
    // With nothing known yet, the gaps are placeholders the checks flag.
    let fresh = Incident::declare(now(), "Ana");
    for lang in Lang::ALL {
        let text = templates
            .render("customer-breach-notice", lang, &fresh, now())
            .text;
        let failed: Vec<_> = check_message(&text, lang, Audience::Customers, Stage::Update)
            .into_iter()
            .filter(|c| !c.ok)
            .map(|c| c.label)
            .collect();
        assert_eq!(failed, [PLACEHOLDERS], "{}\n{text}", lang.code());
    }
}
