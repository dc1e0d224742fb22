use super::*;

const HEADER: &str = "ref;level;subject;unit_fr;lesson_fr;title_ar;title_fr;language;teacher;tags;video;subtitles_ar;publish";

fn csv(rows: &[&str]) -> Vec<u8> {
    let mut text = String::from(HEADER);
    for row in rows {
        text.push('\n');
        text.push_str(row);
    }
    text.into_bytes()
}

fn errors(bytes: &[u8]) -> Vec<(usize, Option<String>, &'static str)> {
    match parse(bytes) {
        Ok(entries) => panic!("accepted: {entries:?}"),
        Err(errors) => errors
            .into_iter()
            .map(|e| (e.row, e.column, e.code))
            .collect(),
    }
}

#[test]
fn a_good_csv_manifest() {
    let entries = parse(&csv(&[
        "1ac-math-01;1ac;math;Fractions;Simplifier;تبسيط الكسور;Simplifier une fraction;ar;Mme Alaoui;كسور|maths;videos/01.mp4;subs/01-ar.vtt;oui",
        "",
        "1ac-math-02;1AC;MATH;Fractions;Additionner;;Additionner des fractions;fr;;;videos/02.mp4;;",
    ]))
    .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(entries.len(), 2);
    let first = &entries[0];
    assert_eq!(first.row, 2);
    assert_eq!(first.level, ClassLevel::Level("1AC".into()));
    assert_eq!(first.subject, "MATH");
    assert_eq!(first.capsule.tags, ["كسور", "maths"]);
    assert_eq!(
        first.subtitles,
        [(Locale::Ar, "subs/01-ar.vtt".to_string())]
    );
    assert!(first.publish);
    assert_eq!(entries[1].row, 4);
    assert!(!entries[1].publish);
    assert_eq!(entries[1].capsule.language, Locale::Fr);
}

#[test]
fn every_problem_is_listed_with_its_row_and_column() {
    let found = errors(&csv(&[
        "ok-1;1AC;MATH;U;L;;T;fr;;;v.mp4;;",
        "bad ref;9XX;CHEM;U;L;;T;en;;;../v.mp4;;peut-être",
        "ok-1;1AC;MATH;;;;;fr;;;v.mp4;/etc/passwd;",
    ]));
    let expect = |row: usize, column: &str, code: &str| {
        assert!(
            found
                .iter()
                .any(|(r, c, k)| *r == row && c.as_deref() == Some(column) && *k == code),
            "{row} {column} {code} not in {found:?}"
        );
    };
    expect(3, "ref", "invalid-ref");
    expect(3, "level", "unknown-level");
    expect(3, "subject", "unknown-subject");
    expect(3, "language", "invalid-locale");
    expect(3, "video", "invalid-path");
    expect(3, "publish", "invalid-boolean");
    expect(4, "unit_ar", "required");
    expect(4, "lesson_ar", "required");
    expect(4, "title_ar", "title-required");
    expect(4, "subtitles_ar", "invalid-path");
}

#[test]
fn duplicate_refs_point_to_the_first() {
    let result = parse(&csv(&[
        "a;1AC;MATH;U;L;;T;fr;;;v.mp4;;",
        "A;1AC;MATH;U;L;;T;fr;;;w.mp4;;",
    ]));
    let errors = result.err().unwrap_or_default();
    assert_eq!(errors.len(), 1);
    assert_eq!(
        (errors[0].row, errors[0].code, errors[0].earlier_row),
        (3, "duplicate-in-file", Some(2))
    );
}

#[test]
fn header_problems_come_first() {
    let found = errors(b"ref,level,subjet,video\nx,1AC,MATH,v.mp4");
    assert!(
        found.contains(&(1, Some("subjet".into()), "unknown-column")),
        "{found:?}"
    );
    assert!(
        found.contains(&(1, Some("subject".into()), "missing-column")),
        "{found:?}"
    );
    assert!(
        found.contains(&(1, Some("language".into()), "missing-column")),
        "{found:?}"
    );
}

#[test]
fn json_manifests_take_the_same_keys() {
    let json = r#"[
      {"ref": "2bac-pc-01", "level": "2BAC-PC", "subject": "PC", "unit_fr": "Ondes",
       "lesson_fr": "Célérité", "title_fr": "La célérité", "language": "fr",
       "tags": ["ondes", "physique"], "video": "v/01.mp4", "publish": true},
      {"ref": "x", "level": "2BAC-PC", "subject": "PC", "unit_fr": "U", "lesson_fr": "L",
       "title_fr": "T", "language": "fr", "video": 3, "colour": "red"}
    ]"#;
    let found = errors(json.as_bytes());
    assert_eq!(
        found,
        [(2, Some("colour".into()), "unknown-column")],
        "a number is read as text; an unknown key is named"
    );
    let ok = &json[..json.rfind(", \"colour\": \"red\"").unwrap_or(0)];
    let entries = parse(format!("{ok}}}]").as_bytes()).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(entries[0].capsule.tags, ["ondes", "physique"]);
    assert!(entries[0].publish);
    assert_eq!(entries[1].row, 2);
    assert_eq!(errors(b"{\"ref\": 1}")[0].2, "malformed-json");
    assert_eq!(errors(b"[1, 2")[0].2, "malformed-json");
}

#[test]
fn empty_and_non_utf8_files() {
    assert_eq!(errors(HEADER.as_bytes())[0].2, "empty-file");
    assert_eq!(errors(b"ref\xFF")[0].2, "not-utf8");
    assert_eq!(errors(b"[]")[0].2, "empty-file");
}
