//! The powers that controlled territory: independent states, Germany, the
//! USSR with the republic a region was assigned to, the Russian Federation.

use super::csv_records;
use crate::error::AtlasError;
use crate::style::Rgba;

/// Index of a controller in [`Controllers`]; cheap to copy and compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ControllerId(pub u16);

/// What kind of power a controller is; the map and legend group by it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ControllerKind {
    /// Estonia, Latvia or Lithuania as independent states.
    BalticState,
    /// A neighbouring state (Poland, the Russian Federation).
    NeighbourState,
    /// An occupying power (Germany, the Red Army before annexation).
    Occupier,
    /// A union republic of the USSR.
    SovietRepublic,
}

/// One power, as listed in `controllers.csv`.
#[derive(Clone, Debug, PartialEq)]
pub struct Controller {
    /// Stable identifier used in the data files, e.g. `SU-LV`.
    pub id: String,
    /// Full name, e.g. "USSR – Latvian SSR".
    pub name: String,
    /// Short label for legends, e.g. "Latvian SSR".
    pub short: String,
    /// What kind of power it is.
    pub kind: ControllerKind,
    /// Its fill on the map, in the legend and on the territory chart. Kept
    /// in the data so that a new power gets a colour with its row, instead
    /// of silently turning grey.
    pub color: Rgba,
}

/// All controllers, in file order (which is also legend order).
#[derive(Clone, Debug, Default)]
pub struct Controllers {
    list: Vec<Controller>,
}

impl Controllers {
    /// Parses `controllers.csv` (`id,name,short,kind,color`).
    pub fn parse(text: &str, file: &str) -> Result<Self, AtlasError> {
        let mut list: Vec<Controller> = Vec::new();
        for (line, rec) in csv_records(text, file, &["id", "name", "short", "kind", "color"])? {
            let id = rec[0].trim().to_string();
            if id.is_empty() {
                return Err(AtlasError::data(file, Some(line), Some("id"), "empty id"));
            }
            if list.iter().any(|c| c.id == id) {
                return Err(AtlasError::data(
                    file,
                    Some(line),
                    Some("id"),
                    format!("duplicate controller \"{id}\""),
                ));
            }
            let kind = match rec[3].trim() {
                "baltic-state" => ControllerKind::BalticState,
                "neighbour-state" => ControllerKind::NeighbourState,
                "occupier" => ControllerKind::Occupier,
                "soviet-republic" => ControllerKind::SovietRepublic,
                other => {
                    return Err(AtlasError::data(
                        file,
                        Some(line),
                        Some("kind"),
                        format!(
                            "unknown kind \"{other}\" (expected baltic-state, neighbour-state, occupier or soviet-republic)"
                        ),
                    ));
                }
            };
            let color = Rgba::parse_hex(rec[4].trim()).ok_or_else(|| {
                AtlasError::data(
                    file,
                    Some(line),
                    Some("color"),
                    format!(
                        "\"{}\" is not a colour (expected #rrggbb, e.g. #56B4E9)",
                        rec[4].trim()
                    ),
                )
            })?;
            list.push(Controller {
                id,
                name: rec[1].trim().to_string(),
                short: rec[2].trim().to_string(),
                kind,
                color,
            });
        }
        if list.len() > u16::MAX as usize {
            return Err(AtlasError::data(file, None, None, "too many controllers"));
        }
        Ok(Controllers { list })
    }

    /// Looks a controller up by its file identifier.
    pub fn find(&self, id: &str) -> Option<ControllerId> {
        self.list
            .iter()
            .position(|c| c.id == id)
            .map(|i| ControllerId(i as u16))
    }

    /// The controller behind an id.
    pub fn get(&self, id: ControllerId) -> &Controller {
        &self.list[id.0 as usize]
    }

    /// All controllers with their ids, in legend order.
    pub fn iter(&self) -> impl Iterator<Item = (ControllerId, &Controller)> {
        self.list
            .iter()
            .enumerate()
            .map(|(i, c)| (ControllerId(i as u16), c))
    }

    /// Number of controllers.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "id,name,short,kind,color\n";

    #[test]
    fn every_shipped_controller_has_its_own_colour() {
        let text = include_str!("../../geodata/controllers.csv");
        let list = Controllers::parse(text, "controllers.csv").unwrap();
        let colors: Vec<Rgba> = list.iter().map(|(_, c)| c.color).collect();
        for (i, a) in colors.iter().enumerate() {
            assert!(!colors[i + 1..].contains(a), "{a:?} is used twice");
        }
    }

    #[test]
    fn a_row_without_a_colour_is_refused_with_its_line() {
        let ok = format!("{HEADER}EE,Republic of Estonia,Estonia,baltic-state,#56B4E9\n");
        let list = Controllers::parse(&ok, "c.csv").unwrap();
        assert_eq!(list.get(ControllerId(0)).color, Rgba::rgb(0x56, 0xB4, 0xE9));
        let bad = format!("{HEADER}EE,Republic of Estonia,Estonia,baltic-state,blue\n");
        let err = Controllers::parse(&bad, "c.csv").unwrap_err().to_string();
        assert!(
            err.contains("line 2") && err.contains("\"blue\" is not a colour"),
            "{err}"
        );
        let old = "id,name,short,kind\nEE,Republic of Estonia,Estonia,baltic-state\n";
        let err = Controllers::parse(old, "c.csv").unwrap_err().to_string();
        assert!(err.contains("wrong header"), "{err}");
    }
}
