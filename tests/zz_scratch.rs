use incident_console::file::*;
use chrono::{DateTime, Utc, NaiveDate};
const EX: &str = include_str!("../assets/examples/checkout-eu-outage.ron");
fn show(name: &str, s: &str) { println!("{name}: {:?}", from_ron_str(s).map(|_| ())); }
#[test]
fn scratch() {
    show("notron", "hello world, this is not RON");
    show("json", "{\"a\": 1}");
    show("wrongtype", &EX.replace("support_cases: Some(214)", "support_cases: Some(\"214\")"));
    show("wrongtype2", &EX.replace("next_id: 58", "next_id: \"58\""));
    show("unknown", &EX.replace("        title: \"Checkout", "        colour: \"red\",\n        title: \"Checkout"));
    show("missing", &EX.replace("        title: \"Checkout fails for EU customers\",\n", ""));
    show("year", &EX.replacen("2026-03-17T14:04:12Z", "99999-03-17T14:04:12Z", 1));
    show("month", &EX.replacen("2026-03-17T14:04:12Z", "2026-13-45T14:04:12Z", 1));
    show("v99", &EX.replace("format_version: 1,", "format_version: 99,"));
    show("v0", &EX.replace("format_version: 1,", "format_version: 0,"));
    show("deep(", &"(".repeat(100000));
    show("deep[", &"[".repeat(100000));
    show("deepin", &format!("IncidentFile(format_version: 1, incident: {}", "[".repeat(100000)));
    show("deepin4", &format!("IncidentFile(format_version: 99, incident: {}", "[".repeat(100000)));
    show("deepin5", &format!("IncidentFile(format_version: 1, incident: {}", "Some(".repeat(100000)));
    show("deepin6", &format!("IncidentFile(format_version: 1, incident: {}", "{\"a\":".repeat(100000)));
    show("deepin2", &format!("IncidentFile(format_version: 99, incident: {}", "(".repeat(100000)));
    show("deepin3", &EX.replace("affected_services: [", &format!("affected_services: {}", "[".repeat(100000))));
    show("trunc", &EX[..1000]);
    for (s, n) in [(-62135596800i64, 0u32), (253402300799, 999_999_999), (253402300800, 0), (-62135596801, 0), (-62135596800 - 86400*366, 0), (1_000_000_000, 123_000_000), (1_000_000_000, 1_000)] {
        let t = DateTime::<Utc>::from_timestamp(s, n).unwrap();
        let r = ron::to_string(&t).unwrap();
        let back: Result<DateTime<Utc>, _> = ron::from_str(&r);
        println!("{r} -> {:?}", back.map(|b| b == t));
    }
    for d in [NaiveDate::MIN, NaiveDate::MAX, NaiveDate::from_ymd_opt(1,1,1).unwrap(), NaiveDate::from_ymd_opt(10000,1,1).unwrap()] {
        let r = ron::to_string(&d).unwrap();
        let back: Result<NaiveDate, _> = ron::from_str(&r);
        println!("{r} -> {:?}", back.map(|b| b == d));
    }
    println!("{:?} {:?}", DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC);
    let s = "\u{301}a'\"\\#\n\r\t\0\u{7f}\u{feff}😀\u{200d}\u{e000}\u{10ffff}\u{85}\u{2028}";
    let r = ron::ser::to_string_pretty(&s, ron::ser::PrettyConfig::new().escape_strings(true)).unwrap();
    println!("{r}");
    let back: String = ron::from_str(&r).unwrap();
    assert_eq!(back, s);
    let r = ron::ser::to_string_pretty(&s, ron::ser::PrettyConfig::new().escape_strings(false)).unwrap();
    println!("{r}");
}
