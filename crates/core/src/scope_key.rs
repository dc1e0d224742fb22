//! The text key of a scope, as grants and rollup counters store it: `national`,
//! `region:{id}`, `province:{id}`, `school:{id}` or `class:{id}`. Written and parsed here
//! only, so the database, the dashboards and the forms agree on one spelling.

use std::fmt;
use std::str::FromStr;

use uuid::Uuid;

/// A scope, named by its own id alone (grants keep the ids above it in other columns).
/// Provinces have no grants, but rollup counters are kept per province too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ScopeKey {
    National,
    Region(Uuid),
    Province(Uuid),
    School(Uuid),
    Class(Uuid),
}

/// A text that is no scope key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a scope key: {0:?}")]
pub struct BadScopeKey(pub String);

impl ScopeKey {
    /// The id of the region, province, school or class; `None` for the nation.
    pub fn id(self) -> Option<Uuid> {
        match self {
            ScopeKey::National => None,
            ScopeKey::Region(id)
            | ScopeKey::Province(id)
            | ScopeKey::School(id)
            | ScopeKey::Class(id) => Some(id),
        }
    }

    /// The prefix before the id (the whole key for the nation).
    fn kind(self) -> &'static str {
        match self {
            ScopeKey::National => NATIONAL,
            ScopeKey::Region(_) => "region",
            ScopeKey::Province(_) => "province",
            ScopeKey::School(_) => "school",
            ScopeKey::Class(_) => "class",
        }
    }
}

const NATIONAL: &str = "national";

impl fmt::Display for ScopeKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.id() {
            None => f.write_str(self.kind()),
            Some(id) => write!(f, "{}:{id}", self.kind()),
        }
    }
}

impl FromStr for ScopeKey {
    type Err = BadScopeKey;

    fn from_str(text: &str) -> Result<ScopeKey, BadScopeKey> {
        let bad = || BadScopeKey(text.to_string());
        if text == NATIONAL {
            return Ok(ScopeKey::National);
        }
        let (kind, id) = text.split_once(':').ok_or_else(bad)?;
        let id = Uuid::try_parse(id).map_err(|_| bad())?;
        let key = match kind {
            "region" => ScopeKey::Region(id),
            "province" => ScopeKey::Province(id),
            "school" => ScopeKey::School(id),
            "class" => ScopeKey::Class(id),
            _ => return Err(bad()),
        };
        // Only the spelling `Display` writes (lower-case, hyphenated): one key per scope.
        if key.to_string() == text {
            Ok(key)
        } else {
            Err(bad())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_through_their_text() {
        let id = Uuid::now_v7();
        for key in [
            ScopeKey::National,
            ScopeKey::Region(id),
            ScopeKey::Province(id),
            ScopeKey::School(id),
            ScopeKey::Class(id),
        ] {
            assert_eq!(key.to_string().parse::<ScopeKey>(), Ok(key));
        }
        assert_eq!(ScopeKey::Region(id).to_string(), format!("region:{id}"));
        assert_eq!(ScopeKey::National.to_string(), "national");
        assert_eq!(ScopeKey::School(id).id(), Some(id));
        assert_eq!(ScopeKey::National.id(), None);
    }

    #[test]
    fn bad_keys_are_refused() {
        let id = Uuid::now_v7();
        for text in [
            String::new(),
            "National".into(),
            "national:".into(),
            format!("national:{id}"),
            format!("county:{id}"),
            format!("Region:{id}"),
            "region:".into(),
            "region:not-a-uuid".into(),
            format!("region:{}", id.simple()),
            format!("region:{}", id.to_string().to_uppercase()),
            format!("region:{{{id}}}"),
            format!("region {id}"),
            format!("region:{id}:x"),
            format!("school:{id} "),
        ] {
            assert_eq!(
                text.parse::<ScopeKey>(),
                Err(BadScopeKey(text.clone())),
                "{text}"
            );
        }
    }
}
