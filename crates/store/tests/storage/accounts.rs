//! Accounts, grants, sessions, and an account created with its first role.

use super::*;

async fn accounts_sign_in_by_email_or_code(store: TestStore) {
    let teacher = new_user(&store, "Amina Alaoui", Some("Amina@Ecole.ma"), None).await;
    let pupil = new_user(&store, "يوسف الإدريسي", None, Some("j130000001")).await;
    assert_eq!(teacher.email.as_deref(), Some("amina@ecole.ma"));
    assert_eq!(pupil.pupil_code.as_deref(), Some("J130000001"));

    let ok = store
        .accounts()
        .verify_credentials(" AMINA@ecole.ma", "cahier-bleu-42")
        .await
        .expect("verify");
    assert_eq!(ok.map(|u| u.id), Some(teacher.id));
    let ok = store
        .accounts()
        .verify_credentials("J130000001", "cahier-bleu-42")
        .await
        .expect("verify");
    assert_eq!(ok.map(|u| u.id), Some(pupil.id));
    assert!(store
        .accounts()
        .verify_credentials("j130000001", "wrong-password")
        .await
        .expect("verify")
        .is_none());
    assert!(store
        .accounts()
        .verify_credentials("nobody@ecole.ma", "cahier-bleu-42")
        .await
        .expect("verify")
        .is_none());

    let dup = store
        .accounts()
        .create_user(&user("Autre", Some("amina@ecole.ma"), None))
        .await;
    assert!(
        matches!(dup, Err(StoreError::Taken(Unique::Email))),
        "{dup:?}"
    );
    let weak = store
        .accounts()
        .create_user(&NewUser {
            password: "short".into(),
            ..user("X Y", Some("x@y.ma"), None)
        })
        .await;
    assert!(
        matches!(
            weak,
            Err(StoreError::Invalid {
                field: "password",
                ..
            })
        ),
        "{weak:?}"
    );

    // A password change ends sessions and forces nothing unless asked.
    let token = store
        .accounts()
        .create_session(teacher.id, Duration::hours(1))
        .await
        .expect("session");
    store
        .accounts()
        .set_password(teacher.id, "nouveau-secret-7", true)
        .await
        .expect("reset");
    assert!(store
        .accounts()
        .session(&token)
        .await
        .expect("lookup")
        .is_none());
    assert!(store
        .accounts()
        .check_password(teacher.id, "nouveau-secret-7")
        .await
        .expect("check"));
    assert!(
        store
            .accounts()
            .user(teacher.id)
            .await
            .expect("user")
            .must_change_password
    );

    // Deactivated accounts cannot sign in.
    store
        .accounts()
        .set_user_active(pupil.id, false)
        .await
        .expect("deactivate");
    assert!(store
        .accounts()
        .verify_credentials("J130000001", "cahier-bleu-42")
        .await
        .expect("verify")
        .is_none());

    let edited = store
        .accounts()
        .update_user(
            teacher.id,
            &UserEdit {
                display_name: "Amina  El Alaoui".into(),
                email: Some("amina@ecole.ma".into()),
                pupil_code: None,
                locale: Some(lawha_core::Locale::Fr),
            },
        )
        .await
        .expect("edit");
    assert_eq!(edited.display_name, "Amina El Alaoui");
    assert_eq!(edited.locale, Some(lawha_core::Locale::Fr));
}
on_both!(accounts, accounts_sign_in_by_email_or_code);

async fn grants_scope_people_listings(store: TestStore) {
    let org = org(&store, "20003C").await;
    let teacher = new_user(&store, "Karim Tazi", Some("karim@ecole.ma"), None).await;
    let pupil = new_user(&store, "Salma Bennani", None, Some("J130000002")).await;
    let lone = new_user(&store, "Sans Rôle", Some("lone@ecole.ma"), None).await;
    let teaches = Grant {
        role: Role::Teacher,
        scope: org.school.scope(),
    };
    let learns = Grant {
        role: Role::Pupil,
        scope: org.class.scope(),
    };
    store
        .accounts()
        .add_grant(teacher.id, &teaches)
        .await
        .expect("grant");
    store
        .accounts()
        .add_grant(pupil.id, &learns)
        .await
        .expect("grant");
    // Idempotent.
    store
        .accounts()
        .add_grant(pupil.id, &learns)
        .await
        .expect("grant");
    store
        .accounts()
        .assign_teacher(org.class.id, teacher.id, Some("MATH"))
        .await
        .expect("assign");

    let grants = store.accounts().grants(pupil.id).await.expect("grants");
    assert_eq!(grants.len(), 1);
    assert_eq!(grants.first().map(|g| g.scope), Some(org.class.scope()));

    let page = Page::new(1, 50);
    let school_view = ListFilter {
        scopes: vec![org.school.scope()],
        ..Default::default()
    };
    let listed = store
        .accounts()
        .list_users(&school_view, page)
        .await
        .expect("users");
    let ids: Vec<_> = listed.items.iter().map(|u| u.id).collect();
    assert!(ids.contains(&teacher.id) && ids.contains(&pupil.id) && !ids.contains(&lone.id));
    let pupils_only = ListFilter {
        role: Some(Role::Pupil),
        ..school_view.clone()
    };
    assert_eq!(
        store
            .accounts()
            .list_users(&pupils_only, page)
            .await
            .expect("users")
            .total,
        1
    );
    let national = ListFilter {
        scopes: vec![Scope::National],
        ..Default::default()
    };
    assert_eq!(
        store
            .accounts()
            .list_users(&national, page)
            .await
            .expect("users")
            .total,
        3
    );
    let other = store.org().region_by_code("02").await.expect("region");
    let elsewhere = ListFilter {
        scopes: vec![Scope::Region { region: other.id }],
        ..Default::default()
    };
    assert_eq!(
        store
            .accounts()
            .list_users(&elsewhere, page)
            .await
            .expect("users")
            .total,
        0
    );

    let taught = store
        .accounts()
        .classes_of(teacher.id)
        .await
        .expect("classes");
    assert_eq!(taught.first().map(|c| c.pupils), Some(1));
    assert_eq!(
        store
            .accounts()
            .class_members(org.class.id)
            .await
            .expect("members")
            .len(),
        1
    );
    let counts = store
        .accounts()
        .scope_counts(&[org.school.scope()])
        .await
        .expect("counts");
    assert_eq!(
        (
            counts.schools,
            counts.classes,
            counts.pupils,
            counts.teachers
        ),
        (1, 1, 1, 1)
    );

    let parent = new_user(&store, "Parent", Some("parent@ecole.ma"), None).await;
    store
        .accounts()
        .link_parent(parent.id, pupil.id)
        .await
        .expect("link");
    store
        .accounts()
        .link_parent(parent.id, pupil.id)
        .await
        .expect("link twice");
    assert_eq!(
        store
            .accounts()
            .children_of(parent.id)
            .await
            .expect("children")
            .len(),
        1
    );

    let grant_id = grants.first().map(|g| g.id).expect("grant id");
    store
        .accounts()
        .remove_grant(pupil.id, grant_id)
        .await
        .expect("remove");
    assert!(store
        .accounts()
        .grants(pupil.id)
        .await
        .expect("grants")
        .is_empty());
}
on_both!(grants, grants_scope_people_listings);

async fn sessions_expire_and_end(store: TestStore) {
    let u = new_user(&store, "Hind Amrani", Some("hind@ecole.ma"), None).await;
    let token = store
        .accounts()
        .create_session(u.id, Duration::hours(2))
        .await
        .expect("session");
    let session = store
        .accounts()
        .session(&token)
        .await
        .expect("lookup")
        .expect("live session");
    assert_eq!(session.user.id, u.id);
    assert_eq!(session.csrf_token.len(), 64);
    assert!(store
        .accounts()
        .session("not-a-token")
        .await
        .expect("lookup")
        .is_none());
    store
        .accounts()
        .delete_session(&token)
        .await
        .expect("sign out");
    assert!(store
        .accounts()
        .session(&token)
        .await
        .expect("lookup")
        .is_none());

    let expired = store
        .accounts()
        .create_session(u.id, Duration::seconds(-1))
        .await
        .expect("session");
    assert!(store
        .accounts()
        .session(&expired)
        .await
        .expect("lookup")
        .is_none());
    assert_eq!(
        store
            .accounts()
            .purge_expired(store.clock().now())
            .await
            .expect("purge"),
        1
    );

    let key = lawha_store::account_throttle_key("Hind@ecole.ma");
    assert!(
        !key.contains("hind"),
        "throttle keys must not hold the identifier"
    );
}
on_both!(sessions, sessions_expire_and_end);

async fn account_and_first_role_are_created_together_or_not_at_all(store: TestStore) {
    let new = NewUser {
        display_name: "Salma Bennani".into(),
        email: None,
        pupil_code: Some("D900".into()),
        password: "a long password".into(),
        locale: None,
        must_change_password: true,
    };
    // A class that does not exist: the grant fails its foreign key, so the account must not
    // stay behind without a role.
    let ghost = Scope::Class {
        region: uuid::Uuid::now_v7(),
        school: uuid::Uuid::now_v7(),
        class: uuid::Uuid::now_v7(),
    };
    let grant = Grant::new(Role::Pupil, ghost).expect("grant");
    assert!(store
        .accounts()
        .create_user_with_grant(&new, Some(&grant))
        .await
        .is_err());
    assert!(store
        .accounts()
        .verify_credentials("D900", "a long password")
        .await
        .expect("verify")
        .is_none());

    let o = org(&store, "SCH-TX").await;
    let grant = Grant::new(Role::Pupil, o.class.scope()).expect("grant");
    let user = store
        .accounts()
        .create_user_with_grant(&new, Some(&grant))
        .await
        .expect("create");
    let grants = store.accounts().grants(user.id).await.expect("grants");
    assert_eq!(grants.len(), 1);
    assert_eq!(grants[0].role, Role::Pupil);
}
on_both!(
    create_with_grant,
    account_and_first_role_are_created_together_or_not_at_all
);
