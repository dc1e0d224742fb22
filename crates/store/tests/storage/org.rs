//! Reference lists, the organisation's schools and classes, and paging.

use super::*;

async fn reference_lists_load_idempotently(store: TestStore) {
    store.migrate().await.expect("second migrate is a no-op");
    assert_eq!(store.org().regions().await.expect("regions").len(), 12);
    let levels = store.org().levels_and_programmes().await.expect("levels");
    assert_eq!(
        levels
            .iter()
            .filter(|l| l.cycle != "vocational" && l.cycle != "preparatory")
            .count(),
        26
    );
    assert_eq!(levels.first().map(|l| l.code.as_str()), Some("1AP"));
    store.ping().await.expect("ping");
}
on_both!(reference_lists, reference_lists_load_idempotently);

async fn organisation_is_scoped_and_searchable(store: TestStore) {
    let org = org(&store, "20001A").await;
    let other_region = store.org().region_by_code("01").await.expect("region 01");
    let national = ListFilter {
        scopes: vec![Scope::National],
        ..Default::default()
    };
    let page = Page::new(1, 20);
    assert_eq!(
        store
            .org()
            .list_schools(&national, page)
            .await
            .expect("list")
            .total,
        1
    );
    let regional = ListFilter {
        scopes: vec![Scope::Region {
            region: org.region.id,
        }],
        ..Default::default()
    };
    assert_eq!(
        store
            .org()
            .list_schools(&regional, page)
            .await
            .expect("list")
            .total,
        1
    );
    let elsewhere = ListFilter {
        scopes: vec![Scope::Region {
            region: other_region.id,
        }],
        ..Default::default()
    };
    assert_eq!(
        store
            .org()
            .list_schools(&elsewhere, page)
            .await
            .expect("list")
            .total,
        0
    );
    let nobody = ListFilter::default();
    assert_eq!(
        store
            .org()
            .list_schools(&nobody, page)
            .await
            .expect("list")
            .total,
        0
    );

    let search = |q: &str| ListFilter {
        scopes: vec![Scope::National],
        query: Some(q.into()),
        ..Default::default()
    };
    assert_eq!(
        store
            .org()
            .list_schools(&search("ibn"), page)
            .await
            .expect("search")
            .total,
        1
    );
    assert_eq!(
        store
            .org()
            .list_schools(&search("سينا"), page)
            .await
            .expect("search")
            .total,
        1
    );
    assert_eq!(
        store
            .org()
            .list_schools(&search("100%"), page)
            .await
            .expect("search")
            .total,
        0
    );

    // Deactivated schools leave default listings but stay reachable.
    store
        .org()
        .set_school_active(org.school.id, false)
        .await
        .expect("deactivate");
    assert_eq!(
        store
            .org()
            .list_schools(&national, page)
            .await
            .expect("list")
            .total,
        0
    );
    let all = ListFilter {
        include_inactive: true,
        ..national.clone()
    };
    assert_eq!(
        store
            .org()
            .list_schools(&all, page)
            .await
            .expect("list")
            .total,
        1
    );

    // Duplicate codes and bad names are refused with stable codes.
    let school = |code: &str, name_ar: &str| SchoolInput {
        province_id: org.school.province_id,
        code: code.into(),
        kind: SchoolKind::School,
        name_ar: name_ar.into(),
        name_fr: "École".into(),
    };
    let dup = store.org().create_school(&school("20001a", "مدرسة")).await;
    assert!(
        matches!(dup, Err(StoreError::Taken(Unique::OrgCode))),
        "{dup:?}"
    );
    let empty = store.org().create_school(&school("X1", " ")).await;
    assert!(
        matches!(
            empty,
            Err(StoreError::Invalid {
                field: "name_ar",
                ..
            })
        ),
        "{empty:?}"
    );

    let classes = store.org().list_classes(&all, page).await.expect("classes");
    assert_eq!(
        classes.items.first().map(|c| c.class.id),
        Some(org.class.id)
    );
}
on_both!(organisation, organisation_is_scoped_and_searchable);

async fn paging_counts_and_orders(store: TestStore) {
    let org = org(&store, "20002B").await;
    for i in 0..25 {
        store
            .org()
            .create_class(&ClassInput {
                school_id: org.school.id,
                name: format!("2AC-{i:02}"),
                school_year: "2025-2026".into(),
                level: import::ClassLevel::Level("2AC".into()),
            })
            .await
            .expect("class");
    }
    let filter = ListFilter {
        scopes: vec![org.school.scope()],
        ..Default::default()
    };
    let first = store
        .org()
        .list_classes(&filter, Page::new(1, 10))
        .await
        .expect("page 1");
    let third = store
        .org()
        .list_classes(&filter, Page::new(3, 10))
        .await
        .expect("page 3");
    assert_eq!(first.total, 26);
    assert_eq!(first.pages(), 3);
    assert_eq!(first.items.len(), 10);
    assert_eq!(third.items.len(), 6);
    assert!(first.has_next() && !third.has_next());
}
on_both!(paging, paging_counts_and_orders);
