//! The demo country slice `lawha demo` serves: the 12 regions (from the reference data),
//! a few provincial directorates, schools of each kind, classes with pupils bearing Arabic
//! and French-script names, teachers, a parent, and one account per role; then its
//! curriculum and exercises, its capsules ([`capsules`]) and weeks of activity
//! ([`activity`]), and the help centre's articles (`help.rs`). The demo's content is in
//! `data/demo/`.
//!
//! Seeding is idempotent: a second run finds the demo in place and only returns the
//! accounts to sign in with.

pub mod activity;
pub mod capsules;
mod curriculum;
mod data;
mod help;
mod people;
mod places;

use lawha_core::role::Grant;
use lawha_core::{Locale, Role, Scope};
use lawha_store::{NewUser, Store, StoreError, User};
use serde::Serialize;

use crate::{Result, SeedError};

/// The password of every demo account (printed by `lawha demo`; never use it in production).
pub const DEMO_PASSWORD: &str = "Lawha-demo-2026";

/// An account to sign in with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DemoAccount {
    pub role: String,
    pub login: String,
    pub password: String,
    pub name: String,
}

/// The accounts of the demo: staff, the parent, then each class's pupils; the same list
/// whether or not this run seeded them.
pub fn accounts() -> Result<Vec<DemoAccount>> {
    let account = |role: Role, login: &str, name: &str| DemoAccount {
        role: role.as_str().to_string(),
        login: login.to_string(),
        password: DEMO_PASSWORD.to_string(),
        name: name.to_string(),
    };
    let people = data::people()?;
    let mut list: Vec<DemoAccount> = people
        .staff
        .iter()
        .map(|s| account(s.role, &s.email, &s.name))
        .collect();
    list.push(account(
        Role::Parent,
        &people.parent.email,
        &people.parent.name,
    ));
    for class in data::organisation()?.classes {
        for member in &class.members {
            list.push(account(class.member_role(), &member.code, &member.name));
        }
    }
    Ok(list)
}

/// Seeds the demo unless it is already there; returns the accounts either way.
pub async fn seed(store: &Store) -> Result<Vec<DemoAccount>> {
    let organisation = data::organisation()?;
    let first_school = organisation.schools.first().map(|s| s.code.as_str());
    match store
        .org()
        .school_by_code(first_school.unwrap_or_default())
        .await
    {
        Ok(_) => {
            // Demos seeded before the help centre get its articles too.
            help::seed(store).await?;
            return accounts();
        }
        Err(StoreError::NotFound) => {}
        Err(e) => return Err(e.into()),
    }
    let people = data::people()?;
    let places = places::seed(store, &organisation).await?;
    people::seed_staff(store, &people.staff, &places).await?;
    curriculum::seed(store, &data::curriculum()?).await?;
    people::seed_parent(store, &people.parent, &places).await?;
    help::seed(store).await?;
    accounts()
}

fn grant(role: Role, scope: Scope) -> Result<Grant> {
    Grant::new(role, scope)
        .map_err(|e| SeedError::data("demo", format!("{} here: {e}", role.as_str())))
}

/// A demo account that signs in with [`DEMO_PASSWORD`], by e-mail or pupil code.
async fn new_user(
    store: &Store,
    name: &str,
    email: Option<&str>,
    pupil_code: Option<&str>,
    locale: Locale,
) -> Result<User> {
    let user = store
        .accounts()
        .create_user(&NewUser {
            display_name: name.into(),
            email: email.map(str::to_string),
            pupil_code: pupil_code.map(str::to_string),
            password: DEMO_PASSWORD.into(),
            locale: Some(locale),
            must_change_password: false,
        })
        .await?;
    Ok(user)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_has_a_demo_account() {
        let accounts = accounts().unwrap_or_else(|e| panic!("{e}"));
        for role in Role::ALL {
            assert!(
                accounts.iter().any(|a| a.role == role.as_str()),
                "no demo account for {}",
                role.as_str()
            );
        }
    }

    #[test]
    fn demo_password_meets_the_policy() {
        assert!(lawha_core::password::check_policy(DEMO_PASSWORD).is_ok());
    }
}
