//! Citations: every interval, status, figure and event names one or more.

use std::collections::BTreeMap;

use super::csv_records;
use crate::error::AtlasError;

/// One citation a user can read and follow.
#[derive(Clone, Debug, PartialEq)]
pub struct Source {
    /// Short key used by the data files, e.g. `riga-1944`.
    pub key: String,
    /// Human-readable citation: title, publisher, what it states.
    pub citation: String,
    /// Where to read it.
    pub url: String,
}

/// All citations by key, so data rows can refer to them briefly and the UI
/// can list them in a Sources panel.
#[derive(Clone, Debug, Default)]
pub struct SourceRegistry {
    by_key: BTreeMap<String, Source>,
}

impl SourceRegistry {
    /// Parses `sources.csv` (`key,citation,url`).
    pub fn parse(text: &str, file: &str) -> Result<Self, AtlasError> {
        let mut by_key = BTreeMap::new();
        for (line, rec) in csv_records(text, file, &["key", "citation", "url"])? {
            let key = rec[0].trim().to_string();
            if key.is_empty() {
                return Err(AtlasError::data(file, Some(line), Some("key"), "empty key"));
            }
            if rec[1].trim().is_empty() {
                return Err(AtlasError::data(
                    file,
                    Some(line),
                    Some("citation"),
                    "empty citation",
                ));
            }
            let source = Source {
                key: key.clone(),
                citation: rec[1].trim().to_string(),
                url: rec[2].trim().to_string(),
            };
            if by_key.insert(key.clone(), source).is_some() {
                return Err(AtlasError::data(
                    file,
                    Some(line),
                    Some("key"),
                    format!("duplicate source key \"{key}\""),
                ));
            }
        }
        Ok(SourceRegistry { by_key })
    }

    /// The citation for `key`, if it exists.
    pub fn get(&self, key: &str) -> Option<&Source> {
        self.by_key.get(key)
    }

    /// All citations, sorted by key.
    pub fn iter(&self) -> impl Iterator<Item = &Source> {
        self.by_key.values()
    }

    /// Number of citations.
    pub fn len(&self) -> usize {
        self.by_key.len()
    }

    /// True when there are no citations.
    pub fn is_empty(&self) -> bool {
        self.by_key.is_empty()
    }

    /// Checks that every key in `keys` exists; `file`, `line` and `field`
    /// locate the reference in the error.
    pub fn check_keys(
        &self,
        keys: &[String],
        file: &str,
        line: usize,
        field: &str,
    ) -> Result<(), AtlasError> {
        if keys.is_empty() {
            return Err(AtlasError::data(
                file,
                Some(line),
                Some(field),
                "no source given: every row must name at least one source",
            ));
        }
        for k in keys {
            if !self.by_key.contains_key(k) {
                return Err(AtlasError::data(
                    file,
                    Some(line),
                    Some(field),
                    format!("unknown source \"{k}\" (not in sources.csv)"),
                ));
            }
        }
        Ok(())
    }
}
