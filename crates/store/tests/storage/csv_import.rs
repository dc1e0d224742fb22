//! CSV imports of classes, pupils and teachers: all or nothing, idempotent.

use super::*;

fn parsed(kind: ImportKind, csv: &str) -> import::ParsedImport {
    import::parse(kind, csv.as_bytes()).unwrap_or_else(|e| panic!("fixture parses: {e:?}"))
}

async fn csv_import_is_all_or_nothing_and_idempotent(store: TestStore) {
    let org = org(&store, "20004D").await;
    let admin = admin_of(org.school.scope(), Role::SchoolAdmin);

    let classes = parsed(ImportKind::Classes, "school_code,class_name,level_code,school_year\n20004D,1AC-2,1AC,2025-2026\n20004D,1AC-1,1AC,2025-2026\n");
    let plan = store
        .accounts()
        .plan_import(&classes, &admin)
        .await
        .expect("plan");
    assert!(plan.errors.is_empty(), "{:?}", plan.errors);
    assert_eq!(
        (
            plan.count(RowAction::Create),
            plan.count(RowAction::Unchanged)
        ),
        (1, 1)
    );
    // The dry run wrote nothing.
    assert!(store
        .org()
        .find_class(org.school.id, "2025-2026", "1AC-2")
        .await
        .expect("find")
        .is_none());
    let done = store
        .accounts()
        .apply_import(&classes, &admin)
        .await
        .expect("apply")
        .expect("no row errors");
    assert_eq!((done.created, done.unchanged), (1, 1));

    let pupils_csv =
        "school_code,class_name,school_year,pupil_code,last_name,first_name,parent_email\n\
        20004D,1AC-1,2025-2026,J140000001,Berrada,Omar,\n\
        20004D,1AC-2,2025-2026,J140000002,Chraibi,Nour,famille.chraibi@example.ma\n";
    let pupils = parsed(ImportKind::Pupils, pupils_csv);
    let done = store
        .accounts()
        .apply_import(&pupils, &admin)
        .await
        .expect("apply")
        .expect("no row errors");
    assert_eq!(done.created, 2);
    assert_eq!(
        done.credentials.len(),
        3,
        "two pupils and one parent get initial passwords"
    );
    let nour = done
        .credentials
        .iter()
        .find(|c| c.login == "J140000002")
        .expect("credential");
    let signed_in = store
        .accounts()
        .verify_credentials("J140000002", &nour.password)
        .await
        .expect("verify")
        .expect("signs in");
    assert!(signed_in.must_change_password);
    assert_eq!(signed_in.display_name, "Nour Chraibi");

    // Importing the same file again changes nothing and creates no account.
    let again = store
        .accounts()
        .apply_import(&pupils, &admin)
        .await
        .expect("apply")
        .expect("no row errors");
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 2));
    assert!(again.credentials.is_empty());

    // One bad row (an unknown class) and the whole file is refused: nothing written.
    let bad = parsed(
        ImportKind::Pupils,
        "school_code,class_name,school_year,pupil_code,last_name,first_name\n\
        20004D,1AC-1,2025-2026,J140000003,Fassi,Adam\n\
        20004D,9Z-9,2025-2026,J140000004,Lahlou,Ines\n",
    );
    let refused = store
        .accounts()
        .apply_import(&bad, &admin)
        .await
        .expect("apply");
    let errors = refused.expect_err("row errors");
    assert_eq!(errors.len(), 1);
    let e = errors.first().expect("one error");
    assert_eq!(
        (e.row, e.column.as_deref(), e.code),
        (3, Some("class_name"), "unknown-class")
    );
    assert!(store
        .accounts()
        .verify_credentials("J140000003", "x")
        .await
        .expect("verify")
        .is_none());
    let members = store
        .accounts()
        .class_members(org.class.id)
        .await
        .expect("members");
    assert_eq!(
        members.len(),
        1,
        "the valid row of the refused file was not written"
    );

    // A school admin cannot import into another school.
    let other = org_school(&store, "20005E", org.school.province_id).await;
    let foreign = parsed(
        ImportKind::Classes,
        &format!(
            "school_code,class_name,level_code,school_year\n{},3AC-1,3AC,2025-2026\n",
            other.code
        ),
    );
    let plan = store
        .accounts()
        .plan_import(&foreign, &admin)
        .await
        .expect("plan");
    assert_eq!(
        plan.errors.first().map(|e| e.code),
        Some("school-out-of-scope")
    );

    // Teachers: linked to the classes they teach; re-import is unchanged.
    let teachers = parsed(
        ImportKind::Teachers,
        "school_code,email,last_name,first_name,school_year,classes,subject\n\
        20004D,prof.math@example.ma,Idrissi,Leila,2025-2026,1AC-1;1AC-2,MATH\n",
    );
    let done = store
        .accounts()
        .apply_import(&teachers, &admin)
        .await
        .expect("apply")
        .expect("no row errors");
    assert_eq!(done.created, 1);
    let again = store
        .accounts()
        .apply_import(&teachers, &admin)
        .await
        .expect("apply")
        .expect("no row errors");
    assert_eq!(again.unchanged, 1);
    let prof = done.credentials.first().expect("credential");
    let prof = store
        .accounts()
        .verify_credentials(&prof.login, &prof.password)
        .await
        .expect("verify")
        .expect("signs in");
    assert_eq!(
        store
            .accounts()
            .classes_of(prof.id)
            .await
            .expect("classes")
            .len(),
        2
    );

    // Moving a pupil to another class is an update, not a second membership.
    let moved = parsed(
        ImportKind::Pupils,
        "school_code,class_name,school_year,pupil_code,last_name,first_name\n\
        20004D,1AC-2,2025-2026,J140000001,Berrada,Omar\n",
    );
    let done = store
        .accounts()
        .apply_import(&moved, &admin)
        .await
        .expect("apply")
        .expect("no row errors");
    assert_eq!(done.updated, 1);
    assert!(store
        .accounts()
        .class_members(org.class.id)
        .await
        .expect("members")
        .is_empty());
}
on_both!(csv_import, csv_import_is_all_or_nothing_and_idempotent);
