use super::*;
use crate::Locale;

const PUPILS_HEADER: &str =
    "school_code,class_name,school_year,pupil_code,last_name,first_name,locale,parent_email";

fn errors(kind: ImportKind, bytes: &[u8]) -> Vec<RowError> {
    match parse(kind, bytes) {
        Err(errors) => errors,
        Ok(parsed) => panic!("expected errors, got {parsed:?}"),
    }
}

/// (row, column, code) of each error, the part every test checks.
fn summary(errors: &[RowError]) -> Vec<(usize, Option<&str>, &str)> {
    errors
        .iter()
        .map(|e| (e.row, e.column.as_deref(), e.code))
        .collect()
}

fn pupils(bytes: &[u8]) -> Vec<PupilRow> {
    match parse(ImportKind::Pupils, bytes) {
        Ok(ParsedImport::Pupils(rows)) => rows,
        other => panic!("expected pupils, got {other:?}"),
    }
}

fn classes(bytes: &[u8]) -> Vec<ClassRow> {
    match parse(ImportKind::Classes, bytes) {
        Ok(ParsedImport::Classes(rows)) => rows,
        other => panic!("expected classes, got {other:?}"),
    }
}

fn teachers(bytes: &[u8]) -> Vec<TeacherRow> {
    match parse(ImportKind::Teachers, bytes) {
        Ok(ParsedImport::Teachers(rows)) => rows,
        other => panic!("expected teachers, got {other:?}"),
    }
}

#[test]
fn pupils_with_bom_semicolons_and_arabic_names() {
    let file = "\u{feff}school_code;class_name;school_year;pupil_code;last_name;first_name;locale;parent_email\r\n\
                20012k;1AC-1;2025-2026;j130012345;بنعلي;سلمى;ar;Parent.Benali@Example.MA\r\n\
                20012K;1AC-1;2025-2026;J130012346;العلوي;يوسف;;\r\n";
    let rows = pupils(file.as_bytes());
    assert_eq!(rows.len(), 2);
    assert_eq!(
        rows[0],
        PupilRow {
            row: 2,
            school_code: "20012K".into(),
            class_name: "1AC-1".into(),
            school_year: "2025-2026".into(),
            pupil_code: "J130012345".into(),
            display_name: "سلمى بنعلي".into(),
            locale: Some(Locale::Ar),
            parent_email: Some("parent.benali@example.ma".into()),
        }
    );
    assert_eq!(rows[1].row, 3);
    assert_eq!(rows[1].display_name, "يوسف العلوي");
    assert_eq!(rows[1].locale, None);
    assert_eq!(rows[1].parent_email, None);
}

#[test]
fn french_headers_with_accents_in_any_order() {
    let file =
        "Prénom;NOM;Code élève;Classe;Année scolaire;Code_Etablissement;Langue;E-mail parent\n\
                Salma;Benali;J130012345;2AC-3;2025-2026;20012K;français;\n";
    let rows = pupils(file.as_bytes());
    assert_eq!(rows[0].row, 2);
    assert_eq!(rows[0].display_name, "Salma Benali");
    assert_eq!(rows[0].pupil_code, "J130012345");
    assert_eq!(rows[0].class_name, "2AC-3");
    assert_eq!(rows[0].school_code, "20012K");
    assert_eq!(rows[0].locale, Some(Locale::Fr));

    let file = "code_etablissement,classe,niveau,annee_scolaire\n20012K,TC-S-2,tc-s,2025-2026\n";
    assert_eq!(
        classes(file.as_bytes())[0].level,
        ClassLevel::Level("TC-S".into())
    );

    let file = "Code établissement;Courriel;Nom;Prénom;Année scolaire;Matière\n\
                20012K;prof@ecole.ma;Alaoui;Karim;2025-2026;svt\n";
    assert_eq!(teachers(file.as_bytes())[0].subject.as_deref(), Some("SVT"));
}

#[test]
fn missing_required_columns_are_each_named_on_row_1() {
    let file = "school_code,class_name,school_year,last_name\n20012K,1AC-1,2025-2026,Benali\n";
    let errors = errors(ImportKind::Pupils, file.as_bytes());
    assert_eq!(
        summary(&errors),
        vec![
            (1, Some("pupil_code"), "missing-column"),
            (1, Some("first_name"), "missing-column"),
        ]
    );
    assert_eq!(
        errors[0].to_string(),
        "row 1, column pupil_code: missing-column"
    );
}

#[test]
fn unknown_and_repeated_columns_are_named() {
    let file = "school_code,class_name,school_year,pupil_code,nom,prenon,telephone,last_name\n";
    let errors = errors(ImportKind::Pupils, file.as_bytes());
    assert_eq!(
        summary(&errors),
        vec![
            (1, None, "unknown-column"),
            (1, None, "unknown-column"),
            (1, Some("last_name"), "duplicate-column"),
            (1, Some("first_name"), "missing-column"),
        ]
    );
    assert_eq!(errors[0].detail.as_deref(), Some("prenon"));
    assert_eq!(errors[1].detail.as_deref(), Some("telephone"));
    assert_eq!(errors[2].detail.as_deref(), Some("last_name"));
    assert_eq!(
        errors[0].to_string(),
        "row 1: unknown-column (value: prenon)"
    );
}

#[test]
fn a_column_of_another_kind_is_unknown() {
    let file = "school_code,class_name,school_year,pupil_code,last_name,first_name,email\n";
    let errors = errors(ImportKind::Pupils, file.as_bytes());
    assert_eq!(summary(&errors), vec![(1, None, "unknown-column")]);
    assert_eq!(errors[0].detail.as_deref(), Some("email"));
}

#[test]
fn errors_on_several_rows_are_reported_together() {
    let file = format!(
        "{PUPILS_HEADER}\n\
         20012K,1AC-1,2025-2026,J130012345,Benali,Salma,ar,\n\
         20012K,1AC-1,2025-2026,12AB,Alaoui,Youssef,,\n\
         20012K,1AC-1,2025-2026,J130012347,Idrissi,Amine,fr,\n\
         20012K,1AC-1,2025-2026,J130012348,Tazi,Nora,,nora@@mail\n"
    );
    let errors = errors(ImportKind::Pupils, file.as_bytes());
    assert_eq!(
        summary(&errors),
        vec![
            (3, Some("pupil_code"), "invalid-pupil-code"),
            (5, Some("parent_email"), "invalid-email"),
        ]
    );
    assert_eq!(errors[0].detail.as_deref(), Some("12AB"));
    assert_eq!(
        errors[0].to_string(),
        "row 3, column pupil_code: invalid-pupil-code (value: 12AB)"
    );
    assert_eq!(errors[1].detail.as_deref(), Some("nora@@mail"));
}

#[test]
fn errors_within_a_row_follow_the_template_order() {
    let file = "prenom,nom,code_eleve,classe,annee_scolaire,code_etablissement,langue\n\
                ,Benali,J1,1AC-1,2025,20012K,en\n";
    let errors = errors(ImportKind::Pupils, file.as_bytes());
    assert_eq!(
        summary(&errors),
        vec![
            (2, Some("school_year"), "invalid-school-year"),
            (2, Some("pupil_code"), "invalid-pupil-code"),
            (2, Some("first_name"), "required"),
            (2, Some("locale"), "invalid-locale"),
        ]
    );
    assert_eq!(errors[2].detail, None);
}

#[test]
fn duplicate_pupil_code_cites_both_rows() {
    let file = format!(
        "{PUPILS_HEADER}\n\
         20012K,1AC-1,2025-2026,J130012345,Benali,Salma,,\n\
         20012K,1AC-1,2025-2026,J130012346,Alaoui,Youssef,,\n\
         20012K,1AC-2,2025-2026,j130012345,Benali,Salma,,\n"
    );
    let errors = errors(ImportKind::Pupils, file.as_bytes());
    assert_eq!(
        summary(&errors),
        vec![(4, Some("pupil_code"), "duplicate-in-file")]
    );
    assert_eq!(errors[0].earlier_row, Some(2));
    assert_eq!(errors[0].detail.as_deref(), Some("J130012345"));
    assert_eq!(
        errors[0].to_string(),
        "row 4, column pupil_code: duplicate-in-file (value: J130012345; first on row 2)"
    );
}

#[test]
fn unknown_level_is_reported_with_its_value() {
    let file = "school_code,class_name,level_code,school_year\n\
                20012K,1AC-1,1AC,2025-2026\n\
                20012K,7AC-1,7AC,2025-2026\n";
    let errors = errors(ImportKind::Classes, file.as_bytes());
    assert_eq!(
        summary(&errors),
        vec![(3, Some("level_code"), "unknown-level")]
    );
    assert_eq!(errors[0].detail.as_deref(), Some("7AC"));
}

#[test]
fn programme_codes_are_accepted_for_classes_and_kept_apart_from_levels() {
    let file = "school_code,class_name,level_code,school_year\n\
                CPGE01,MPSI 1,cpge-mpsi,2025-2026\n\
                ISTA02,DD101,OFPPT-DD,2025-2026\n\
                20012K,1AC-1,1ac,2025-2026\n";
    let rows = classes(file.as_bytes());
    let levels: Vec<&ClassLevel> = rows.iter().map(|r| &r.level).collect();
    assert_eq!(
        levels,
        vec![
            &ClassLevel::Programme("CPGE-MPSI".into()),
            &ClassLevel::Programme("OFPPT-DD".into()),
            &ClassLevel::Level("1AC".into()),
        ]
    );
    assert_eq!((rows[0].row, rows[0].class_name.as_str()), (2, "MPSI 1"));
    assert_eq!(rows[2].school_code, "20012K");
}

#[test]
fn duplicate_class_in_same_school_and_year() {
    let file = "school_code,class_name,level_code,school_year\n\
                20012K,1AC-1,1AC,2025-2026\n\
                20012K,1AC-1,1AC,2024-2025\n\
                20013B,1AC-1,1AC,2025-2026\n\
                20012k,1ac-1,2AC,2025-2026\n";
    let errors = errors(ImportKind::Classes, file.as_bytes());
    assert_eq!(
        summary(&errors),
        vec![(5, Some("class_name"), "duplicate-in-file")]
    );
    assert_eq!(errors[0].earlier_row, Some(2));
}

#[test]
fn not_utf8_is_refused_at_the_line_where_it_happens() {
    let mut file =
        format!("{PUPILS_HEADER}\n20012K,1AC-1,2025-2026,J130012345,Benali,Salma,,\n").into_bytes();
    // "Hélène" in Latin-1, as Excel's plain "CSV" format writes it.
    file.extend_from_slice(b"20012K,1AC-1,2025-2026,J130012346,Tazi,H\xe9l\xe8ne,,\n");
    let errors = errors(ImportKind::Pupils, &file);
    assert_eq!(summary(&errors), vec![(3, None, "not-utf8")]);
    assert!(errors[0]
        .to_string()
        .starts_with("row 3: not-utf8 (the file is not UTF-8"));

    let errors = errors_utf16();
    assert_eq!(summary(&errors), vec![(1, None, "not-utf8")]);
    assert_eq!(
        errors[0].detail.as_deref(),
        Some("the file is UTF-16; save it as \"CSV UTF-8\"")
    );
}

fn errors_utf16() -> Vec<RowError> {
    let mut file = vec![0xff, 0xfe];
    for unit in "school_code,class_name".encode_utf16() {
        file.extend_from_slice(&unit.to_le_bytes());
    }
    errors(ImportKind::Classes, &file)
}

#[test]
fn empty_file_and_blank_file() {
    for file in [&b""[..], b"\xef\xbb\xbf", b"\r\n\r\n  \n"] {
        let errors = errors(ImportKind::Pupils, file);
        assert_eq!(summary(&errors), vec![(1, None, "empty-file")], "{file:?}");
        assert_eq!(errors[0].detail.as_deref(), Some("the file is empty"));
    }
}

#[test]
fn header_only_is_an_empty_file() {
    let file = "school_code,class_name,level_code,school_year\r\n\r\n,,,\r\n";
    let errors = errors(ImportKind::Classes, file.as_bytes());
    assert_eq!(summary(&errors), vec![(1, None, "empty-file")]);
    assert_eq!(
        errors[0].to_string(),
        "row 1: empty-file (the file has a header but no data rows)"
    );
}

#[test]
fn quoted_fields_may_hold_the_delimiter_and_quotes() {
    let file = format!(
        "{PUPILS_HEADER}\n\
         20012K,\"1AC-1\",2025-2026,J130012345,\"Ben Ali, dit \"\"Benali\"\"\",\"  Salma \",,\n"
    );
    let rows = pupils(file.as_bytes());
    assert_eq!(rows[0].display_name, "Salma Ben Ali, dit \"Benali\"");
    assert_eq!(rows[0].row, 2);
}

#[test]
fn an_unquoted_delimiter_shifts_the_fields_and_is_malformed() {
    let file = "school_code,class_name,level_code,school_year\n\
                20012K,1AC-1,1AC,2025-2026\n\
                20012K,1AC,2,1AC,2025-2026\n";
    let errors = errors(ImportKind::Classes, file.as_bytes());
    assert_eq!(summary(&errors), vec![(3, None, "malformed-csv")]);
    assert!(errors[0]
        .detail
        .as_deref()
        .is_some_and(|d| d.contains("\"2025-2026\" in field 5")));
}

#[test]
fn an_unclosed_quote_is_malformed() {
    let file = "school_code,class_name,level_code,school_year\n\
                20012K,\"1AC-1,1AC,2025-2026\n\
                20012K,1AC-2,1AC,2025-2026\n";
    let errors = errors(ImportKind::Classes, file.as_bytes());
    assert_eq!(summary(&errors), vec![(2, None, "malformed-csv")]);
}

#[test]
fn trailing_and_inner_empty_lines_are_skipped_but_counted() {
    let file = "school_code;class_name;level_code;school_year;\r\n\
                20012K;1AC-1;1AC;2025-2026;\r\n\
                \r\n\
                ;;;;\r\n\
                20012K;1AC-2;1AC;2025-2026\r\n\
                \r\n\
                \r\n   \r\n;;;;\r\n";
    let rows = classes(file.as_bytes());
    let got: Vec<(usize, &str)> = rows
        .iter()
        .map(|r| (r.row, r.class_name.as_str()))
        .collect();
    assert_eq!(got, vec![(2, "1AC-1"), (5, "1AC-2")]);
}

#[test]
fn teachers_with_class_list_and_subject() {
    let file = "school_code;email;last_name;first_name;school_year;classes;subject\n\
                20012K;K.Alaoui@Ecole.ma;Alaoui;Karim;2025-2026;\"1AC-1;1AC-2\";math\n\
                20012K;n.tazi@ecole.ma;Tazi;Nadia;2025-2026;;\n\
                20012K;s.idrissi@ecole.ma;Idrissi;Sara;2025-2026;\" 2AC-1 ; ;2ac-1\";FR\n";
    let rows = teachers(file.as_bytes());
    assert_eq!(
        rows[0],
        TeacherRow {
            row: 2,
            school_code: "20012K".into(),
            email: "k.alaoui@ecole.ma".into(),
            display_name: "Karim Alaoui".into(),
            school_year: "2025-2026".into(),
            classes: vec!["1AC-1".into(), "1AC-2".into()],
            subject: Some("MATH".into()),
        }
    );
    assert_eq!(
        (rows[1].classes.len(), rows[1].subject.as_deref()),
        (0, None)
    );
    assert_eq!(rows[2].classes, vec!["2AC-1".to_string()]);
    assert_eq!(rows[2].subject.as_deref(), Some("FR"));
}

#[test]
fn teachers_optional_columns_may_be_absent() {
    let file = "school_code,email,last_name,first_name,school_year\n\
                20012K,prof@ecole.ma,Alaoui,Karim,2025-2026\n";
    let rows = teachers(file.as_bytes());
    assert_eq!(
        (rows[0].classes.len(), rows[0].subject.as_deref()),
        (0, None)
    );
}

#[test]
fn teacher_errors_unknown_subject_and_duplicate_email() {
    let file = "school_code,email,last_name,first_name,school_year,subject\n\
                20012K,prof@ecole.ma,Alaoui,Karim,2025-2026,MATH\n\
                20012K,PROF@ecole.ma,Alaoui,Karim,2025-2026,\n\
                20012K,autre@ecole.ma,Tazi,Nadia,2025-2026,chimie\n";
    let errors = errors(ImportKind::Teachers, file.as_bytes());
    assert_eq!(
        summary(&errors),
        vec![
            (3, Some("email"), "duplicate-in-file"),
            (4, Some("subject"), "unknown-subject"),
        ]
    );
    assert_eq!(errors[0].earlier_row, Some(2));
    assert_eq!(errors[1].detail.as_deref(), Some("chimie"));
}

#[test]
fn too_many_rows_is_refused() {
    let mut file = String::from("school_code,class_name,level_code,school_year\n");
    for i in 0..=MAX_ROWS {
        file.push_str(&format!("20012K,C{i},1AC,2025-2026\n"));
    }
    let errors = errors(ImportKind::Classes, file.as_bytes());
    assert_eq!(
        summary(&errors),
        vec![(MAX_ROWS + 2, None, "too-many-rows")]
    );
}

#[test]
fn errors_stop_at_the_cap_with_a_final_entry() {
    let mut file = String::from("school_code,class_name,level_code,school_year\n");
    for _ in 0..MAX_ERRORS + 10 {
        file.push_str("20012K,1AC-1,9ZZ,2025-2026\n");
    }
    let errors = errors(ImportKind::Classes, file.as_bytes());
    assert_eq!(errors.len(), MAX_ERRORS + 1);
    assert_eq!(
        summary(&errors[..1]),
        vec![(2, Some("level_code"), "unknown-level")]
    );
    let last = &errors[MAX_ERRORS];
    assert_eq!(
        (last.row, last.column.as_deref(), last.code),
        (MAX_ERRORS + 2, None, "too-many-errors")
    );
}

#[test]
fn templates_are_accepted_headers() {
    for kind in ImportKind::ALL {
        let errors = errors(kind, template_header(kind).as_bytes());
        assert_eq!(summary(&errors), vec![(1, None, "empty-file")], "{kind:?}");
    }
}

#[test]
fn kinds_round_trip_through_their_names() {
    for kind in ImportKind::ALL {
        assert_eq!(ImportKind::parse(kind.as_str()), Some(kind));
    }
    assert_eq!(ImportKind::parse(" Pupils "), Some(ImportKind::Pupils));
    assert_eq!(ImportKind::parse("parents"), None);
}
