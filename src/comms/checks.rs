//! Draft checks for messages, from the handbook's rules for phase 4: every
//! update states the impact, what is not known yet and when the next update
//! comes; it never promises a resolution time; the resolved message recaps
//! impact and duration and says a postmortem follows. Internal updates list
//! the current status and the next steps.
//!
//! The checks are warnings, not blockers: simple case-insensitive word and
//! phrase matching in English (and, for Italian messages, Italian and
//! English), so they can miss or over-report; the hint says what to look at.

use crate::model::{Audience, Stage};

use super::templates::Lang;

/// One rule and whether the draft seems to follow it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MessageCheck {
    pub label: &'static str,
    pub ok: bool,
    /// What to do when `ok` is false.
    pub hint: &'static str,
}

pub const IMPACT: &str = "Impact stated";
pub const NEXT_UPDATE: &str = "Next update time stated";
pub const UNKNOWNS: &str = "Unknowns said";
pub const NO_PROMISE: &str = "No resolution time promised";
pub const RECAP: &str = "Impact or duration recapped";
pub const POSTMORTEM: &str = "Postmortem mentioned";
pub const STATUS_AND_STEPS: &str = "Current status and next steps listed";
pub const PLACEHOLDERS: &str = "Placeholders filled in";

/// Checks a draft for `audience` at `stage`. Which rules apply depends on
/// the stage: the next update is not needed once resolved; unknowns are
/// required while investigating and in updates; the recap and the
/// postmortem only when resolved; status and next steps for stakeholders.
pub fn check_message(text: &str, lang: Lang, audience: Audience, stage: Stage) -> Vec<MessageCheck> {
    let text = normalize(text);
    let flat = text.replace('\n', " ");
    let langs: &[Lang] = match lang {
        Lang::En => &[Lang::En],
        Lang::It => &[Lang::It, Lang::En],
    };
    let any = |list: fn(Lang) -> &'static [&'static str]| langs.iter().any(|&l| has_any_stem(&flat, list(l)));
    let impact = any(impact_words) || has_word(&flat, "down");
    let mut checks = vec![MessageCheck {
        label: IMPACT,
        ok: impact,
        hint: "Say what customers see and who is affected, e.g. \"customers in Europe cannot check out\".",
    }];
    if stage != Stage::Resolved {
        checks.push(MessageCheck {
            label: NEXT_UPDATE,
            ok: langs.iter().any(|&l| next_update_stated(&flat, l)),
            hint: "Say when the next update will come, e.g. \"Next update by 14:45 UTC.\"",
        });
    }
    if matches!(stage, Stage::Investigating | Stage::Update) {
        checks.push(MessageCheck {
            label: UNKNOWNS,
            ok: any(unknown_phrases),
            hint: "Say what is not known yet rather than leaving it out, e.g. \"The root cause is not yet known.\"",
        });
    }
    checks.push(MessageCheck {
        label: NO_PROMISE,
        ok: !promises_resolution_time(&text, langs, stage),
        hint: "Do not promise when it will be fixed (no ETA); promise the time of the next update instead.",
    });
    if stage == Stage::Resolved {
        checks.push(MessageCheck {
            label: RECAP,
            ok: impact || has_time_amount(&flat) || clock_times(&flat) >= 2,
            hint: "Recap the impact and how long it lasted, e.g. \"from 14:04 to 15:09 UTC (65 minutes)\".",
        });
        checks.push(MessageCheck {
            label: POSTMORTEM,
            ok: any(postmortem_words),
            hint: "Say that a postmortem will follow.",
        });
    }
    if audience == Audience::Stakeholders && stage == Stage::Update {
        let bullets = text
            .lines()
            .filter(|l| {
                let l = l.trim_start();
                l.starts_with("- ") || l.starts_with("* ") || l.starts_with('•')
            })
            .count();
        checks.push(MessageCheck {
            label: STATUS_AND_STEPS,
            ok: bullets >= 4 && any(next_steps_words),
            hint: "Give a one or two sentence summary, the current status (2-4 bullets) and the next steps (2-4 bullets).",
        });
    }
    checks.push(MessageCheck {
        label: PLACEHOLDERS,
        ok: !has_placeholder(&text),
        hint: "Replace every [bracketed] placeholder before sending.",
    });
    checks
}

fn impact_words(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::En => &[
            "unable",
            "cannot",
            "can't",
            "can not",
            "could not",
            "couldn't",
            "affect",
            "impact",
            "fail",
            "error",
            "slow",
            "unavailable",
            "not available",
            "unreachable",
            "not working",
            "outage",
            "degrad",
            "disrupt",
            "interrupt",
            "timeout",
            "timing out",
            "time out",
            "broken",
            "delay",
            "intermittent",
            "unresponsive",
        ],
        Lang::It => &[
            "impossibil",
            "non riesc",
            "non possono",
            "non è possibile",
            "non sono in grado",
            "interess",
            "colpit",
            "coinvolt",
            "error",
            "lent",
            "rallent",
            "non disponibil",
            "indisponibil",
            "non raggiungibil",
            "irraggiungibil",
            "disservizi",
            "malfunzion",
            "interruzion",
            "interrott",
            "degrad",
            "fallisc",
            "fallit",
            "non funzion",
            "impatt",
            "guast",
            "ritard",
        ],
    }
}

fn unknown_phrases(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::En => &[
            "not yet known",
            "not known yet",
            "unknown",
            "not yet clear",
            "not clear yet",
            "unclear",
            "still investigating",
            "still being investigated",
            "under investigation",
            "not yet understood",
            "don't know",
            "do not know",
            "don't yet know",
            "do not yet know",
            "not yet confirmed",
            "not confirmed yet",
            "unconfirmed",
            "yet to be determined",
            "yet to be confirmed",
            "not yet determined",
            "to be confirmed",
            "investigating the cause",
            "investigating the root cause",
        ],
        Lang::It => &[
            "non è ancora not",
            "non sono ancora not",
            "non ancora not",
            "sconosciut",
            "ignot",
            "non è ancora chiar",
            "non ancora chiar",
            "non è chiaro",
            "da chiarire",
            "non conosciamo",
            "non sappiamo",
            "stiamo ancora indagando",
            "stiamo ancora analizzando",
            "ancora in fase di analisi",
            "in corso di analisi",
            "da confermare",
            "non ancora confermat",
            "da determinare",
            "da accertare",
        ],
    }
}

fn next_update_phrases(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::En => &[
            "next update",
            "next status update",
            "further update",
            "another update",
            "update by",
            "update at",
            "update within",
            "update in ",
            "update again",
            "update you",
            "we will update",
            "we'll update",
        ],
        Lang::It => &[
            "prossimo aggiornamento",
            "prossimi aggiornamenti",
            "nuovo aggiornamento",
            "ulteriore aggiornamento",
            "ulteriori aggiornamenti",
            "aggiornamento entro",
            "aggiornamento alle",
            "aggiorneremo",
        ],
    }
}

fn postmortem_words(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::En => &[
            "postmortem",
            "post-mortem",
            "post mortem",
            "post-incident",
            "post incident",
            "incident report",
            "root cause analysis",
            "retrospective",
        ],
        Lang::It => &["analisi post", "rapporto sull'incidente", "analisi delle cause"],
    }
}

fn next_steps_words(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::En => &["next step", "next action"],
        Lang::It => &[
            "prossimi passi",
            "prossimo passo",
            "prossime azioni",
            "azioni successive",
        ],
    }
}

/// Phrases that promise a resolution time wherever they appear.
fn promise_phrases(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::En => &[
            "expected to be resolved",
            "expected to be fixed",
            "expected to be restored",
            "expected to be back",
            "expected to be available",
            "expect to resolve",
            "expect to fix",
            "expect to restore",
            "expect this to be",
            "expect it to be",
            "expected resolution",
            "estimated resolution",
            "estimated time to",
            "estimated fix",
            "will have this fixed",
            "will have it fixed",
            "will have this resolved",
            "will have it resolved",
        ],
        Lang::It => &[
            "prevediamo di risolvere",
            "prevediamo di ripristinare",
            "contiamo di risolvere",
            "contiamo di ripristinare",
            "risoluzione prevista",
            "ripristino previsto",
            "tempo stimato",
            "tempi stimati",
            "orario previsto",
            "previsto per le",
            "prevista per le",
        ],
    }
}

/// Words about the service being fixed; with a deadline they make a promise.
fn fix_words(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::En => &[
            "fix",
            "resolv",
            "restor",
            "recover",
            "back up",
            "back online",
            "back to normal",
            "up and running",
            "working again",
            "work again",
            "available again",
            "fully operational",
            "operational again",
        ],
        Lang::It => &[
            "risolt",
            "risolv",
            "ripristin",
            "sistemat",
            "sistemer",
            "corrett",
            "torner",
            "di nuovo",
            "nuovamente",
            "funzionant",
            "operativ",
            "riparat",
        ],
    }
}

/// Words that make a sentence about the future: with a fix word and a
/// time they promise when it will be fixed ("we expect it restored at 15:00").
fn future_words(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::En => &[
            "will ",
            "'ll ",
            "expect",
            "estimat",
            "should be",
            "should have",
            "going to",
            "aim to",
            "aiming to",
            "hope to",
            "plan to",
            "anticipat",
            "target",
            "on track to",
            "likely to",
            "projected",
        ],
        Lang::It => &[
            "sarà",
            "saranno",
            "sara'",
            "verrà",
            "verranno",
            "torner",
            "prevediamo",
            "previst",
            "stimiamo",
            "stimat",
            "dovrebbe",
            "dovrebbero",
            "contiamo",
            "pensiamo",
            "ci aspettiamo",
            "contiamo di",
            "puntiamo",
            "confidiamo",
            "ripristinerem",
            "risolverem",
            "sistemerem",
            "riattiverem",
        ],
    }
}

/// "Soon", "shortly": a time, if a vague one.
fn soon_words(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::En => &["soon", "shortly", "momentarily", "in a moment"],
        Lang::It => &[
            "a breve",
            "presto",
            "tra poco",
            "fra poco",
            "a momenti",
            "quanto prima",
        ],
    }
}

/// Does any sentence promise when the problem will be fixed?
fn promises_resolution_time(text: &str, langs: &[Lang], stage: Stage) -> bool {
    // Split on sentence ends, but not on the dot of a time ("15.00").
    let bytes = text.as_bytes();
    let mut sentences = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        let time_dot = c == '.'
            && i > 0
            && bytes[i - 1].is_ascii_digit()
            && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
        if matches!(c, '.' | '!' | '?' | ';' | '\n') && !time_dot {
            sentences.push(&text[start..i]);
            start = i + c.len_utf8();
        }
    }
    sentences.push(&text[start..]);
    sentences.into_iter().any(|sentence| {
        if langs.iter().any(|&l| has_any_stem(sentence, promise_phrases(l))) || has_word(sentence, "eta") {
            return true;
        }
        // "Next update by 15:00" is the promise the handbook wants, and a
        // resolved message recaps past times ("restored by 15:10").
        if stage == Stage::Resolved || has_stem(sentence, "update") || has_stem(sentence, "aggiorn") {
            return false;
        }
        let fix = langs.iter().any(|&l| has_any_stem(sentence, fix_words(l)));
        let future = langs.iter().any(|&l| has_any_stem(sentence, future_words(l)));
        let timed = clock_times(sentence) > 0
            || has_time_amount(sentence)
            || langs.iter().any(|&l| has_any_stem(sentence, soon_words(l)));
        // "Fixed within the hour"; "will be restored at 15:00"; or a clock
        // deadline alone: "by 15:00", "entro le 15".
        fix && (has_deadline(sentence) || future && timed) || has_clock_deadline(sentence)
    })
}

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

fn has_deadline(s: &str) -> bool {
    let by_words = [
        "tomorrow", "tonight", "today", "noon", "midnight", "the end", "end of", "eod", "this ", "close of",
    ];
    has_word(s, "within")
        || has_word(s, "entro")
        || has_word(s, "domani")
        || has_any_stem(
            s,
            &[
                "in the next",
                "in about",
                "in less than",
                "in under",
                "nei prossimi",
                "nelle prossime",
                "in giornata",
                "in serata",
            ],
        )
        || followed_by(s, "by", |rest| {
            starts_with_digit(rest)
                || by_words.iter().any(|w| rest.starts_with(w))
                || WEEKDAYS.iter().any(|w| rest.starts_with(w))
        })
        || ["in", "tra", "fra", "before", "prima delle"]
            .iter()
            .any(|w| followed_by(s, w, starts_with_digit))
}

fn has_clock_deadline(s: &str) -> bool {
    let clock_next =
        |rest: &str| starts_with_digit(rest) && clock_times(&rest.chars().take(12).collect::<String>()) > 0;
    ["by", "before", "entro", "prima delle"]
        .iter()
        .any(|w| followed_by(s, w, clock_next))
        || followed_by(s, "entro le", starts_with_digit)
}

/// A next-update phrase with a time close after it.
fn next_update_stated(flat: &str, lang: Lang) -> bool {
    next_update_phrases(lang).iter().any(|phrase| {
        stem_positions(flat, phrase).any(|at| {
            let window: String = flat[at..].chars().take(phrase.chars().count() + 100).collect();
            clock_times(&window) > 0 || has_time_amount(&window) || has_word(&window, "tomorrow")
        })
    })
}

/// `[next step]`, but not a Markdown link `[text](url)`.
fn has_placeholder(text: &str) -> bool {
    text.lines().any(|line| {
        line.match_indices('[').any(|(at, _)| {
            let rest = &line[at + 1..];
            rest.find(']')
                .is_some_and(|end| end > 0 && !rest[end + 1..].starts_with('('))
        })
    })
}

/// Lowercase, curly apostrophes made straight, runs of spaces made one.
fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = match c {
            '\u{2018}' | '\u{2019}' => '\'',
            '\t' | '\u{a0}' => ' ',
            c => c,
        };
        if c == ' ' {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    out
}

/// Where `stem` starts a word in `hay` ("affect" is found in "affected").
fn stem_positions<'a>(hay: &'a str, stem: &'a str) -> impl Iterator<Item = usize> + 'a {
    hay.match_indices(stem)
        .map(|(at, _)| at)
        .filter(move |&at| !hay[..at].chars().next_back().is_some_and(char::is_alphanumeric))
}

fn has_stem(hay: &str, stem: &str) -> bool {
    stem_positions(hay, stem).next().is_some()
}

fn has_any_stem(hay: &str, stems: &[&str]) -> bool {
    stems.iter().any(|stem| has_stem(hay, stem))
}

/// `word` as a whole word.
fn has_word(hay: &str, word: &str) -> bool {
    stem_positions(hay, word).any(|at| {
        !hay[at + word.len()..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
    })
}

/// `word` as a whole word, with what follows it (after spaces) passing `test`.
fn followed_by(hay: &str, word: &str, test: impl Fn(&str) -> bool) -> bool {
    stem_positions(hay, word).any(|at| {
        let rest = &hay[at + word.len()..];
        rest.starts_with(' ') && test(rest.trim_start())
    })
}

fn starts_with_digit(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_digit())
}

/// How many clock times (`14:45`, `9:05`, `15.00`, `3pm`, `3 p.m.`) `s` holds.
fn clock_times(s: &str) -> usize {
    let bytes = s.as_bytes();
    let mut count = 0;
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() || (i > 0 && (bytes[i - 1].is_ascii_digit() || bytes[i - 1] == b'.')) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let hours = i - start;
        let rest = &bytes[i..];
        let minutes = rest.len() >= 3
            && matches!(rest[0], b':' | b'.')
            && rest[1].is_ascii_digit()
            && rest[2].is_ascii_digit()
            && !rest.get(3).is_some_and(|b| {
                b.is_ascii_digit() || *b == b'.' && rest.get(4).is_some_and(u8::is_ascii_digit)
            });
        let meridiem = {
            let after = s[i..].trim_start();
            ["am", "pm", "a.m", "p.m"].iter().any(|m| {
                after.starts_with(m) && !after[m.len()..].chars().next().is_some_and(char::is_alphanumeric)
            })
        };
        if hours <= 2 && (minutes || meridiem) {
            count += 1;
        }
    }
    count
}

/// An amount of time: `65 minutes`, `2 h`, `20min`, `30 minuti`, `un'ora`...
fn has_time_amount(s: &str) -> bool {
    let units = [
        "min", "mins", "minute", "minutes", "minuto", "minuti", "h", "hr", "hrs", "hour", "hours", "ora",
        "ore", "day", "days", "giorno", "giorni",
    ];
    let numbers = [
        "a", "an", "one", "two", "three", "four", "five", "ten", "half", "un", "una", "due", "tre",
        "quattro", "cinque", "dieci", "mezz", "few", "several", "alcuni", "alcune", "qualche",
    ];
    let words: Vec<&str> = s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.iter().enumerate().any(|(i, w)| {
        // "65min", "2h"
        let digits = w.trim_end_matches(|c: char| !c.is_ascii_digit());
        let glued_unit = &w[digits.len()..];
        if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) && units.contains(&glued_unit) {
            return true;
        }
        let is_amount = w.chars().all(|c| c.is_ascii_digit()) || numbers.contains(w);
        is_amount && words.get(i + 1).is_some_and(|next| units.contains(next))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failed(text: &str, lang: Lang, audience: Audience, stage: Stage) -> Vec<&'static str> {
        check_message(text, lang, audience, stage)
            .into_iter()
            .filter(|c| !c.ok)
            .map(|c| c.label)
            .collect()
    }

    const GOOD: &str = "Checkout failing in Europe\n\nSince 14:05 UTC customers in Europe cannot complete \
        card checkout. The root cause is not yet known.\n\nNext update by 14:50 UTC.";

    #[test]
    fn a_good_investigating_update_passes() {
        assert_eq!(
            failed(GOOD, Lang::En, Audience::Customers, Stage::Investigating),
            Vec::<&str>::new()
        );
        let labels: Vec<&str> = check_message(GOOD, Lang::En, Audience::Customers, Stage::Investigating)
            .iter()
            .map(|c| c.label)
            .collect();
        assert_eq!(labels, [IMPACT, NEXT_UPDATE, UNKNOWNS, NO_PROMISE, PLACEHOLDERS]);
    }

    #[test]
    fn rules_depend_on_the_stage() {
        let labels = |stage| -> Vec<&str> {
            check_message("", Lang::En, Audience::Customers, stage)
                .iter()
                .map(|c| c.label)
                .collect()
        };
        assert_eq!(
            labels(Stage::Identified),
            [IMPACT, NEXT_UPDATE, NO_PROMISE, PLACEHOLDERS]
        );
        assert_eq!(
            labels(Stage::Resolved),
            [IMPACT, NO_PROMISE, RECAP, POSTMORTEM, PLACEHOLDERS]
        );
        let internal: Vec<&str> = check_message("", Lang::En, Audience::Stakeholders, Stage::Update)
            .iter()
            .map(|c| c.label)
            .collect();
        assert_eq!(
            internal,
            [
                IMPACT,
                NEXT_UPDATE,
                UNKNOWNS,
                NO_PROMISE,
                STATUS_AND_STEPS,
                PLACEHOLDERS
            ]
        );
    }

    #[test]
    fn promises_are_flagged() {
        for text in [
            "We will have this fixed by 15:00.",
            "Service should be back up by 15:00",
            "ETA for a fix: 30 minutes.",
            "The issue is expected to be resolved soon.",
            "We expect it to be resolved within the hour.",
            "It will be restored in the next 20 minutes.",
            "Everything works again by 3 pm",
        ] {
            assert!(
                failed(text, Lang::En, Audience::Customers, Stage::Identified).contains(&NO_PROMISE),
                "{text}"
            );
        }
        for text in [
            "Il problema sarà risolto entro le 15:00.",
            "Il servizio tornerà disponibile entro un'ora.",
            "Entro le 16 tutto funzionerà.",
            "Risoluzione prevista: domani.",
            "ETA: 15:30",
        ] {
            assert!(
                failed(text, Lang::It, Audience::Customers, Stage::Identified).contains(&NO_PROMISE),
                "{text}"
            );
        }
    }

    /// Phrasings commanders really write, each with whether it promises a
    /// resolution time. Checked in the Identified stage (no recap exemption).
    const PROMISE_TABLE_EN: &[(&str, bool)] = &[
        ("We expect the service to be restored at 15:00 UTC.", true),
        ("We expect the service to be restored by 15:00 UTC.", true),
        ("Service will be restored within the hour.", true),
        ("The service will be back by 3 pm.", true),
        ("We will have it fixed in 20 minutes.", true),
        ("Checkout should be working again by 14:30.", true),
        ("We estimate the fix will be live at 16:00 UTC.", true),
        ("Estimated resolution: 17:00 UTC.", true),
        ("ETA 30 minutes.", true),
        ("Our ETA for recovery is 15:00.", true),
        ("Payments will be back online at 15:30 UTC.", true),
        ("We anticipate a full recovery within two hours.", true),
        ("We aim to restore service by end of day.", true),
        ("Logins should be fixed shortly.", true),
        ("We expect it to be resolved soon.", true),
        ("The issue is expected to be fixed by tomorrow.", true),
        ("We're on track to restore checkout at 18:00 UTC.", true),
        ("Orders will work again in about 45 minutes.", true),
        ("We plan to have everything fixed before 16:00.", true),
        ("Full service is expected to be back at 9.30 UTC.", true),
        ("We'll be back up and running within 30 minutes.", true),
        ("A fix should be deployed and the service restored in 1 h.", true),
        ("The API will be available again by midnight.", true),
        ("We are targeting a fix at 14:00 UTC.", true),
        ("Recovery is projected to complete at 21:00.", true),
        ("We hope to resolve this in the next hour.", true),
        ("Everything should be fully operational by Monday.", true),
        ("The dashboard will be restored at 11:00 am.", true),
        ("We will have this resolved by 13:00 UTC.", true),
        ("Expected time to restore: 40 min.", true),
        ("Next update at 15:00 UTC.", false),
        ("We will post the next update by 15:00 UTC.", false),
        ("Checkout has failed since 14:05 UTC.", false),
        ("The problem started at 14:00 UTC.", false),
        ("Customers in Europe cannot check out.", false),
        (
            "We restored the database at 14:30 and are watching it closely.",
            false,
        ),
        ("We are working to restore service as quickly as possible.", false),
        ("The cause is not yet known.", false),
        (
            "We will share more information in our next update at 16:00.",
            false,
        ),
        ("Errors began at 13:52 UTC and affect about 30% of orders.", false),
        ("We rolled back the deploy at 14:20 UTC.", false),
        ("Some customers have seen errors for 40 minutes.", false),
        ("We will keep working until service is restored.", false),
        ("A fix is being tested.", false),
        ("Engineers are investigating the payment errors.", false),
        ("We are sorry for the disruption.", false),
        ("Logins work again for most customers since 15:05.", false),
        ("Another update will follow within 30 minutes.", false),
        ("The incident was declared at 14:09 UTC.", false),
        ("We identified the cause at 14:40 UTC.", false),
        ("Customers may need to retry their payment.", false),
        ("Our team has been working on this since 14:10.", false),
        ("We will tell you as soon as we know more.", false),
        ("Service is degraded in the EU region.", false),
        ("No data has been lost.", false),
        ("Retrying the order usually works.", false),
        ("The fix was deployed at 15:00 and we are monitoring.", false),
        ("We restarted the servers at 14:50 UTC.", false),
        (
            "Please check our status page for updates every 30 minutes.",
            false,
        ),
        ("Beta testers and metadata are fine.", false),
    ];

    const PROMISE_TABLE_IT: &[(&str, bool)] = &[
        ("Il servizio sarà ripristinato alle 15:00.", true),
        ("Il servizio sarà ripristinato entro le 15:00.", true),
        ("Prevediamo di ripristinare il servizio entro un'ora.", true),
        ("Stimiamo che il problema sarà risolto alle 16:00 UTC.", true),
        ("Il pagamento tornerà disponibile entro 30 minuti.", true),
        ("Il servizio dovrebbe tornare operativo alle 14:30.", true),
        ("Risoluzione prevista per le 17:00.", true),
        ("Ripristino previsto: 18:00 UTC.", true),
        ("ETA: 15:30", true),
        ("Entro le 16 tutto funzionerà.", true),
        ("Il problema sarà risolto a breve.", true),
        (
            "Ci aspettiamo che il servizio sia ripristinato tra 20 minuti.",
            true,
        ),
        ("Contiamo di risolvere entro stasera.", true),
        ("Il checkout tornerà a funzionare entro domani.", true),
        ("Tempo stimato per il ripristino: 40 minuti.", true),
        ("Il sito sarà di nuovo disponibile alle 9:00.", true),
        (
            "Prevediamo che tutto sarà sistemato nelle prossime due ore.",
            true,
        ),
        ("Il servizio verrà ripristinato entro mezzanotte.", true),
        ("Ripristineremo il servizio entro le 15.", true),
        ("Risolveremo il problema in circa un'ora.", true),
        ("Il servizio tornerà online tra poco.", true),
        ("L'accesso sarà ripristinato prima delle 13:00.", true),
        ("Puntiamo a ripristinare il servizio alle 19:00.", true),
        ("Il servizio dovrebbe essere ripristinato in 1 ora.", true),
        ("Orario previsto di risoluzione: 20:00.", true),
        ("I pagamenti saranno nuovamente disponibili alle 12:00.", true),
        ("Stimiamo il ripristino entro 45 minuti.", true),
        ("Il problema verrà risolto presto.", true),
        ("Sistemeremo il guasto entro oggi.", true),
        ("Il servizio sarà di nuovo operativo alle 10.30.", true),
        ("Prossimo aggiornamento alle 15:00.", false),
        (
            "Pubblicheremo il prossimo aggiornamento entro le 15:00 UTC.",
            false,
        ),
        ("Il problema è iniziato alle 14:00.", false),
        ("Il checkout non funziona dalle 14:05.", false),
        ("I clienti in Europa non riescono a pagare.", false),
        (
            "Abbiamo ripristinato il database alle 14:30 e lo stiamo monitorando.",
            false,
        ),
        (
            "Stiamo lavorando per ripristinare il servizio il prima possibile.",
            false,
        ),
        ("La causa non è ancora nota.", false),
        ("Gli errori sono iniziati alle 13:52 UTC.", false),
        ("Abbiamo annullato il rilascio alle 14:20.", false),
        ("Alcuni clienti vedono errori da 40 minuti.", false),
        (
            "Continueremo a lavorare finché il servizio non sarà ripristinato.",
            false,
        ),
        ("Una correzione è in fase di test.", false),
        ("I nostri tecnici stanno indagando sugli errori.", false),
        ("Ci scusiamo per il disagio.", false),
        (
            "L'accesso funziona di nuovo per la maggior parte dei clienti dalle 15:05.",
            false,
        ),
        ("Un altro aggiornamento seguirà entro 30 minuti.", false),
        ("L'incidente è stato dichiarato alle 14:09 UTC.", false),
        ("Abbiamo individuato la causa alle 14:40.", false),
        ("I clienti potrebbero dover ripetere il pagamento.", false),
        ("Il team ci lavora dalle 14:10.", false),
        ("Vi informeremo appena sapremo di più.", false),
        ("Il servizio è degradato nella regione UE.", false),
        ("Nessun dato è andato perso.", false),
        ("Riprovare l'ordine di solito funziona.", false),
        (
            "La correzione è stata rilasciata alle 15:00 e stiamo monitorando.",
            false,
        ),
        ("Abbiamo riavviato i server alle 14:50 UTC.", false),
        ("Il problema riguarda il 30% degli ordini dalle 13:50.", false),
        ("Hai un'età?", false),
        ("Il servizio è rallentato dalle 9:00.", false),
    ];

    #[test]
    fn promise_table_in_both_languages() {
        for (lang, table) in [(Lang::En, PROMISE_TABLE_EN), (Lang::It, PROMISE_TABLE_IT)] {
            let promising = table.iter().filter(|(_, p)| *p).count();
            assert!(
                promising >= 30 && table.len() - promising >= 30,
                "{lang:?}: {promising}/{}",
                table.len()
            );
            let wrong: Vec<_> = table
                .iter()
                .filter(|(text, promises)| {
                    failed(text, lang, Audience::Customers, Stage::Identified).contains(&NO_PROMISE)
                        != *promises
                })
                .collect();
            assert!(wrong.is_empty(), "{lang:?} misread: {wrong:#?}");
        }
    }

    #[test]
    fn next_update_times_and_recaps_are_not_promises() {
        for text in [
            "Next update by 15:00 UTC.",
            "We will post the next update within 30 minutes, once the fix is deployed.",
            "Checkout has worked normally since 15:09 UTC, after we rolled back the change.",
            "The incident was resolved by rolling back the deploy.",
            "Beta testers and metadata are fine.",
        ] {
            assert!(
                !failed(text, Lang::En, Audience::Customers, Stage::Monitoring).contains(&NO_PROMISE),
                "{text}"
            );
        }
        let recap = "By 15:10 UTC all pods were restored.";
        assert!(!failed(recap, Lang::En, Audience::Customers, Stage::Resolved).contains(&NO_PROMISE));
        let it = "Pubblicheremo il prossimo aggiornamento entro le 15:00 UTC.";
        assert!(!failed(it, Lang::It, Audience::Customers, Stage::Identified).contains(&NO_PROMISE));
        assert!(
            !failed("Hai un'età?", Lang::It, Audience::Customers, Stage::Identified).contains(&NO_PROMISE)
        );
    }

    #[test]
    fn next_update_needs_a_time() {
        let f = |t| failed(t, Lang::En, Audience::Customers, Stage::Monitoring).contains(&NEXT_UPDATE);
        assert!(f("We will share more soon."));
        assert!(f("We will post the next update when we know more."));
        assert!(!f("Next update: 16:15 UTC."));
        assert!(!f("We will post another update in 30 minutes."));
        assert!(!f("Next\nupdate\nby 9:05 am"));
        let it = |t| failed(t, Lang::It, Audience::Customers, Stage::Monitoring).contains(&NEXT_UPDATE);
        assert!(!it("Prossimo aggiornamento alle 15.30."));
        assert!(!it("Vi aggiorneremo tra 20 minuti."));
        assert!(it("Vi terremo informati."));
    }

    #[test]
    fn unknowns_and_impact_in_both_languages() {
        let f = |t, lang| failed(t, lang, Audience::Customers, Stage::Investigating);
        assert!(f("Something happened. Next update 14:00.", Lang::En).contains(&UNKNOWNS));
        assert!(f("Something happened. Next update 14:00.", Lang::En).contains(&IMPACT));
        assert!(!f("We don't know the cause yet.", Lang::En).contains(&UNKNOWNS));
        assert!(!f("We don\u{2019}t know the cause yet.", Lang::En).contains(&UNKNOWNS));
        assert!(!f("La causa NON È ANCORA NOTA.", Lang::It).contains(&UNKNOWNS));
        assert!(!f("I clienti non riescono ad accedere.", Lang::It).contains(&IMPACT));
        assert!(!f("The site is down.", Lang::En).contains(&IMPACT));
        assert!(f("Download the report.", Lang::En).contains(&IMPACT));
    }

    #[test]
    fn resolved_needs_recap_and_postmortem() {
        let f = |t| failed(t, Lang::En, Audience::Customers, Stage::Resolved);
        assert_eq!(f("All good now."), [IMPACT, RECAP, POSTMORTEM]);
        assert_eq!(
            f("From 14:04 to 15:09 UTC checkout was unavailable. A postmortem will follow."),
            Vec::<&str>::new()
        );
        assert!(!f("It lasted 65 minutes.").contains(&RECAP));
        let it = failed(
            "Il disservizio è durato 2 ore. Seguirà un postmortem.",
            Lang::It,
            Audience::Customers,
            Stage::Resolved,
        );
        assert!(it.is_empty(), "{it:?}");
    }

    #[test]
    fn placeholders_and_internal_structure() {
        let text = "INC-1: checkout errors.\n\nCurrent status:\n- a\n- The cause is unknown.\n\nNext steps:\n\
            - [next step]\n- see [runbook](https://x)\n\nNext update: 15:00 UTC.";
        assert_eq!(
            failed(text, Lang::En, Audience::Stakeholders, Stage::Update),
            [PLACEHOLDERS]
        );
        let filled = text.replace("[next step]", "roll back");
        assert!(failed(&filled, Lang::En, Audience::Stakeholders, Stage::Update).is_empty());
        let flat = "INC-1: checkout errors, cause unknown. Next update: 15:00 UTC.";
        assert_eq!(
            failed(flat, Lang::En, Audience::Stakeholders, Stage::Update),
            [STATUS_AND_STEPS]
        );
    }

    #[test]
    fn clock_times_and_amounts() {
        assert_eq!(clock_times("from 14:04 to 15:09"), 2);
        assert_eq!(clock_times("at 3pm or 9.30"), 2);
        assert_eq!(clock_times("version 4.12.0, 2026-03-17"), 0);
        assert_eq!(clock_times("123:45"), 0);
        assert!(has_time_amount("(65 min)"));
        assert!(has_time_amount("2h"));
        assert!(has_time_amount("entro un'ora"));
        assert!(has_time_amount("in mezz'ora"));
        assert!(!has_time_amount("2026-03-17"));
    }
}
