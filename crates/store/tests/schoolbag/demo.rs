//! The demo seed: every school's pack on a node of its own.

use lawha_store::on_both;
use lawha_store::schoolbag::PackSelection;
use lawha_store::testing::TestStore;

use super::{carried, comparable, node_like};

/// The demo's schools, each of every kind.
const DEMO_SCHOOLS: &[&str] = &[
    "EP-ANFA-IBNKHALDOUN",
    "CL-ANFA-ZERKTOUNI",
    "LQ-RABAT-MYOUSSEF",
    "ISTA-MOHAMMEDIA",
    "CPGE-MARRAKECH",
];

async fn every_demo_school_gets_its_own_people_and_the_whole_catalog(store: TestStore) {
    lawha_seed::demo::seed(&store).await.unwrap();
    let every_subject: Vec<String> = lawha_core::reference::subjects()
        .iter()
        .map(|s| s.code.clone())
        .collect();
    for code in DEMO_SCHOOLS {
        let school = store.org().school_by_code(code).await.unwrap();
        let chosen = PackSelection {
            subjects: every_subject.clone(),
            school: Some(school.id),
            ..PackSelection::default()
        };
        let content = carried(&store.schoolbag().select(&chosen).await.unwrap());
        assert!(!content.users.is_empty(), "{code} has people");
        assert!(
            !content.exercise_items.is_empty(),
            "the demo's exercises travel"
        );
        let node = node_like(&store).await;
        node.schoolbag().apply_pack_content(&content).await.unwrap();
        let again = node.schoolbag().select(&chosen).await.unwrap();
        assert_eq!(comparable(again), comparable(content.clone()), "{code}");
        for user in &content.users {
            // Everyone carried belongs to this school and to no scope above it.
            let grants = store.accounts().grants(user.id).await.unwrap();
            assert!(grants.iter().any(|g| g.scope.school() == Some(school.id)));
            assert!(grants.iter().all(|g| g.scope.school().is_some()), "{code}");
        }
        // Each kind of account signs in on the node with its usual password.
        let mut roles_seen = Vec::new();
        for grant in &content.grants {
            if roles_seen.contains(&grant.role) {
                continue;
            }
            roles_seen.push(grant.role.clone());
            let user = content
                .users
                .iter()
                .find(|u| u.id == grant.user_id)
                .unwrap();
            let login = user.email.clone().or(user.pupil_code.clone()).unwrap();
            let signed = node
                .accounts()
                .verify_credentials(&login, lawha_seed::demo::DEMO_PASSWORD)
                .await
                .unwrap();
            assert_eq!(signed.map(|u| u.id), Some(user.id), "{code}: {login}");
        }
    }
}
on_both!(every_demo_school_gets_its_own_people_and_the_whole_catalog);
