//! De jure statuses: what a region's situation was in law and in the eyes of
//! other states, as opposed to who held it.

use super::{csv_records, source_keys};
use crate::error::AtlasError;

/// Index of a status in [`Statuses`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StatusId(pub u16);

/// A de jure status with its explanation and sources.
#[derive(Clone, Debug, PartialEq)]
pub struct Status {
    /// Key used by `control.csv`, e.g. `annexed-1940`.
    pub key: String,
    /// True for periods where control was openly contested (declared
    /// independence while Soviet forces remained); the map hatches these.
    pub contested: bool,
    /// The status in words.
    pub text: String,
    /// Source keys for the statement.
    pub sources: Vec<String>,
}

/// All statuses, by index.
#[derive(Clone, Debug, Default)]
pub struct Statuses {
    list: Vec<Status>,
}

impl Statuses {
    /// Parses `statuses.csv` (`key,contested,text,sources`).
    pub fn parse(text: &str, file: &str) -> Result<Self, AtlasError> {
        let mut list: Vec<Status> = Vec::new();
        for (line, rec) in csv_records(text, file, &["key", "contested", "text", "sources"])? {
            let key = rec[0].trim().to_string();
            if list.iter().any(|s| s.key == key) {
                return Err(AtlasError::data(
                    file,
                    Some(line),
                    Some("key"),
                    format!("duplicate status \"{key}\""),
                ));
            }
            let contested = match rec[1].trim() {
                "true" => true,
                "false" => false,
                other => {
                    return Err(AtlasError::data(
                        file,
                        Some(line),
                        Some("contested"),
                        format!("expected true or false, found \"{other}\""),
                    ));
                }
            };
            list.push(Status {
                key,
                contested,
                text: rec[2].trim().to_string(),
                sources: source_keys(&rec[3]),
            });
        }
        Ok(Statuses { list })
    }

    /// Looks a status up by key.
    pub fn find(&self, key: &str) -> Option<StatusId> {
        self.list
            .iter()
            .position(|s| s.key == key)
            .map(|i| StatusId(i as u16))
    }

    /// The status behind an id.
    pub fn get(&self, id: StatusId) -> &Status {
        &self.list[id.0 as usize]
    }

    /// All statuses in file order.
    pub fn iter(&self) -> impl Iterator<Item = &Status> {
        self.list.iter()
    }
}
