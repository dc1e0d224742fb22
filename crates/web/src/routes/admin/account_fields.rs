//! The fields of the account forms: who a person is (name, sign-in identifiers, language)
//! and a role to grant with its scope. The new-account form has both; the account page has
//! a form for each, shown again together when one of them is refused.

use serde::Deserialize;

use super::shared::current_school_year;

/// Name, sign-in identifiers and language.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct IdentityFields {
    pub display_name: String,
    pub email: String,
    pub pupil_code: String,
    /// `ar`, `fr`, or empty for the platform's default.
    pub locale: String,
}

/// A role and the scope it applies to: a region's code, a school's code, or a class by its
/// school, name and year.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct GrantFields {
    pub role: String,
    pub region: String,
    pub school: String,
    pub class_name: String,
    pub school_year: String,
}

impl GrantFields {
    /// An empty role form, the year set to the school year of `today`.
    pub fn fresh(today: chrono::DateTime<chrono::Utc>) -> GrantFields {
        GrantFields {
            school_year: current_school_year(today),
            ..GrantFields::default()
        }
    }
}

/// Both, as the new-account form sends them and the account page shows them.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AccountFields {
    #[serde(flatten)]
    pub identity: IdentityFields,
    #[serde(flatten)]
    pub grant: GrantFields,
}
