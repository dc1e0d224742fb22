//! Reading the embedded data files, and the shapes several of them share.

use lawha_core::import::ClassLevel;
use lawha_store::catalog::curriculum::Titles;
use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::{Result, SeedError};

/// Parses an embedded TOML file; `file` names it in the error.
pub(crate) fn parse<T: DeserializeOwned>(file: &'static str, text: &str) -> Result<T> {
    toml::from_str(text).map_err(|e| SeedError::data(file, e.to_string()))
}

/// A title in Arabic and/or French; a language left out is empty.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Title {
    #[serde(default)]
    pub ar: String,
    #[serde(default)]
    pub fr: String,
}

impl Title {
    pub fn titles(&self) -> Titles {
        Titles {
            ar: self.ar.clone(),
            fr: self.fr.clone(),
        }
    }
}

/// What a class or unit is taught at: `level = "1AC"` or `programme = "OFPPT-DD"`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Taught {
    Level(String),
    Programme(String),
}

impl Taught {
    pub fn class_level(&self) -> ClassLevel {
        match self {
            Taught::Level(code) => ClassLevel::Level(code.clone()),
            Taught::Programme(code) => ClassLevel::Programme(code.clone()),
        }
    }
}
