//! Comparing two dates: which land changed hands between them, from whom
//! to whom, and how much of it (the changes map and its list).

use crate::atlas::Atlas;
use crate::date::Date;
use crate::geodata::controllers::ControllerId;
use crate::geodata::regions::RegionId;
use crate::legal_view::{self, StatusView};

/// Land that one power held on the first date and another on the second.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// Who held it on the first date (the sovereign, in the de jure view).
    pub from: ControllerId,
    /// Who held it on the second date.
    pub to: ControllerId,
    /// The regions that changed this way.
    pub regions: Vec<RegionId>,
    /// Their area, land and inland water, km².
    pub area_km2: f64,
}

/// The holder of `region` on `date` in `view`, with its occupier: a change
/// of occupier is a change too.
fn side(
    atlas: &Atlas,
    region: RegionId,
    date: Date,
    view: StatusView,
) -> (ControllerId, Option<ControllerId>) {
    let s = legal_view::status(atlas, region, date, view);
    (s.sovereign, s.occupier)
}

/// Every region whose holder differs between `first` and `second`.
pub fn changed_regions(
    atlas: &Atlas,
    first: Date,
    second: Date,
    view: StatusView,
) -> Vec<RegionId> {
    atlas
        .regions()
        .map(|(id, _)| id)
        .filter(|id| side(atlas, *id, first, view) != side(atlas, *id, second, view))
        .collect()
}

/// The changes between `first` and `second`, grouped by who held the land
/// before and after, largest first.
pub fn changes(atlas: &Atlas, first: Date, second: Date, view: StatusView) -> Vec<Change> {
    let mut out: Vec<Change> = Vec::new();
    for id in changed_regions(atlas, first, second, view) {
        let from = legal_view::status(atlas, id, first, view).sovereign;
        let to = legal_view::status(atlas, id, second, view).sovereign;
        let area = atlas.region(id).area_km2;
        match out.iter_mut().find(|c| c.from == from && c.to == to) {
            Some(c) => {
                c.regions.push(id);
                c.area_km2 += area;
            }
            None => out.push(Change {
                from,
                to,
                regions: vec![id],
                area_km2: area,
            }),
        }
    }
    out.sort_by(|a, b| b.area_km2.total_cmp(&a.area_km2));
    out
}

/// A change as a line of the list: "Germany (German Reich) → USSR –
/// Latvian SSR: 12,340 km²". When only the occupier changed (de jure
/// view), the line says so.
pub fn describe(atlas: &Atlas, change: &Change) -> String {
    let name = |c: ControllerId| atlas.controllers.get(c).name.clone();
    let area = crate::charts::thousands(change.area_km2.round() as i64);
    if change.from == change.to {
        format!("{}: occupier changed, {area} km²", name(change.to))
    } else {
        format!("{} → {}: {area} km²", name(change.from), name(change.to))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn nothing_changes_between_a_date_and_itself() {
        let atlas = Atlas::builtin().unwrap();
        assert!(
            changes(
                &atlas,
                d("1950-01-01"),
                d("1950-01-01"),
                StatusView::DeFacto
            )
            .is_empty()
        );
    }

    #[test]
    fn the_1939_and_1945_maps_differ_by_the_annexations() {
        let atlas = Atlas::builtin().unwrap();
        let all = changes(
            &atlas,
            d("1939-06-01"),
            d("1945-06-01"),
            StatusView::DeFacto,
        );
        let lines: Vec<String> = all.iter().map(|c| describe(&atlas, c)).collect();
        let estonia = lines
            .iter()
            .find(|l| l.starts_with("Republic of Estonia → USSR – Estonian SSR"))
            .unwrap_or_else(|| panic!("{lines:?}"));
        assert!(estonia.ends_with(" km²"), "{estonia}");
        // Every region changed in some way; the areas add up to the whole.
        let total: f64 = all.iter().map(|c| c.area_km2).sum();
        let whole: f64 = atlas.regions().map(|(_, r)| r.area_km2).sum();
        assert!((total - whole).abs() < 1.0, "{total} vs {whole}");
        // Largest first.
        assert!(all.windows(2).all(|w| w[0].area_km2 >= w[1].area_km2));
    }

    #[test]
    fn in_the_de_jure_view_only_the_occupiers_change() {
        let atlas = Atlas::builtin().unwrap();
        let all = changes(&atlas, d("1943-01-01"), d("1950-01-01"), StatusView::DeJure);
        let estonia = all
            .iter()
            .find(|c| atlas.controllers.get(c.to).id == "EE")
            .unwrap();
        assert_eq!(estonia.from, estonia.to);
        assert!(describe(&atlas, estonia).contains("occupier changed"));
    }
}
