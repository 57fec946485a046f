//! Territories at a date: regions dissolved by controller. This is what the
//! map shades, what `territories` exports and what the area chart sums.

use geo::MultiPolygon;

use crate::atlas::Atlas;
use crate::date::Date;
use crate::geodata::controllers::ControllerId;
use crate::geodata::regions::RegionId;

/// The land one power held on a date, and how long exactly this land held.
#[derive(Clone, Debug)]
pub struct Territory {
    /// Who held it.
    pub controller: ControllerId,
    /// The member regions.
    pub regions: Vec<RegionId>,
    /// Dissolved land outline (internal region edges removed, lakes as
    /// holes).
    pub geometry: MultiPolygon<f64>,
    /// Land: the sum of the member regions' geodesic areas, km² (the area
    /// of `geometry`).
    pub land_km2: f64,
    /// Inland water inside the member regions' borders, km².
    pub water_km2: f64,
    /// Land and water, km² (as published areas of states count).
    pub area_km2: f64,
    /// First day on which this controller held exactly this set of regions.
    pub start: Date,
    /// Last day on which it did.
    pub end: Date,
}

/// For one controller, the regions it holds on `date` and the span of days
/// around `date` during which that set does not change.
fn holding(atlas: &Atlas, controller: ControllerId, date: Date) -> (Vec<RegionId>, Date, Date) {
    let mut members = Vec::new();
    let (mut start, mut end) = (Date::FIRST, Date::LAST);
    for (id, _) in atlas.regions() {
        let ivs = atlas.timeline(id).intervals();
        let k = ivs.partition_point(|iv| iv.end < date);
        let held_now = ivs[k].controller == controller;
        if held_now {
            members.push(id);
        }
        // Walk back to the last day this region's membership changed.
        let mut a = k;
        while a > 0 && (ivs[a - 1].controller == controller) == held_now {
            a -= 1;
        }
        if a > 0 {
            start = start.max(ivs[a].start);
        }
        let mut b = k;
        while b + 1 < ivs.len() && (ivs[b + 1].controller == controller) == held_now {
            b += 1;
        }
        if b + 1 < ivs.len() {
            end = end.min(ivs[b].end);
        }
    }
    (members, start, end)
}

impl Atlas {
    /// The territories on `date`, one per controller holding any region, in
    /// legend order.
    pub fn territories_at(&self, date: Date) -> Vec<Territory> {
        // While a front passes through a region, each side holds its part.
        let split = self.fronts.split_regions(date, self);
        let in_play = |id: RegionId| split.iter().any(|s| s.region == id.0 as usize);
        let areas = self.areas_at(date);
        areas
            .into_iter()
            .map(|(controller, area_km2)| {
                let (regions, start, end) = holding(self, controller, date);
                let whole: Vec<RegionId> = regions.into_iter().filter(|r| !in_play(*r)).collect();
                // Geodesic areas depend on ring orientation: the union's
                // rings are put back in RFC 7946 order (holes clockwise).
                let mut geometry =
                    crate::dissolve::dissolve(whole.iter().map(|r| &self.region(*r).geometry));
                let mut parts = Vec::new();
                for s in &split {
                    for (holder, part) in [(s.play.before, &s.before), (s.play.after, &s.after)] {
                        if holder == controller && !part.0.is_empty() {
                            parts.push(part.clone());
                            geometry = geo::BooleanOps::union(&geometry, part);
                        }
                    }
                }
                if !parts.is_empty() {
                    use geo::orient::{Direction, Orient};
                    geometry = geometry.orient(Direction::Default);
                }
                let mut regions = whole;
                regions.extend(
                    split
                        .iter()
                        .filter(|s| s.play.before == controller || s.play.after == controller)
                        .map(|s| RegionId(s.region as u16)),
                );
                regions.sort();
                regions.dedup();
                let water_km2: f64 = regions
                    .iter()
                    .filter(|r| !in_play(**r))
                    .map(|r| self.region(*r).water_km2)
                    .sum::<f64>()
                    + self.front_water(&split, controller);
                let (start, end) = if parts.is_empty() {
                    (start, end)
                } else {
                    (date, date)
                };
                Territory {
                    controller,
                    regions,
                    geometry,
                    land_km2: area_km2 - water_km2,
                    water_km2,
                    area_km2,
                    start,
                    end,
                }
            })
            .collect()
    }

    /// The inland water of the regions a front splits that `controller`
    /// holds, shared by the parts' land.
    fn front_water(
        &self,
        split: &[crate::fronts::areas::SplitRegion],
        controller: ControllerId,
    ) -> f64 {
        use geo::GeodesicArea;
        split
            .iter()
            .map(|s| {
                let r = self.region(RegionId(s.region as u16));
                let (b, a) = (
                    s.before.geodesic_area_unsigned(),
                    s.after.geodesic_area_unsigned(),
                );
                let share = if a + b > 0.0 { a / (a + b) } else { 0.0 };
                let mut w = 0.0;
                if s.play.before == controller {
                    w += r.water_km2 * (1.0 - share);
                }
                if s.play.after == controller {
                    w += r.water_km2 * share;
                }
                w
            })
            .sum()
    }

    /// Area in km² held by each controller on `date` by the regions'
    /// timelines alone (a region counts whole for its holder of the day,
    /// fronts or not): the territory chart's steps, quick enough to take
    /// at every change date on start-up.
    pub fn region_areas_at(&self, date: Date) -> Vec<(ControllerId, f64)> {
        let mut out: Vec<(ControllerId, f64)> = Vec::new();
        for (id, r) in self.regions() {
            let c = self.controller_of(id, date);
            match out.iter_mut().find(|(k, _)| *k == c) {
                Some((_, a)) => *a += r.area_km2,
                None => out.push((c, r.area_km2)),
            }
        }
        out.sort_by_key(|(c, _)| *c);
        out
    }

    /// Area in km² (land and inland water) held by each controller on
    /// `date` (no geometry work): the numbers behind the territory chart.
    pub fn areas_at(&self, date: Date) -> Vec<(ControllerId, f64)> {
        let mut out: Vec<(ControllerId, f64)> = Vec::new();
        let mut add = |c: ControllerId, area: f64| match out.iter_mut().find(|(k, _)| *k == c) {
            Some((_, a)) => *a += area,
            None => out.push((c, area)),
        };
        // While a front passes through a region, its area is split
        // between the holders on either side of the front.
        let shares = self.fronts.shares(date, self);
        for (id, r) in self.regions() {
            match shares.iter().find(|s| s.region == id.0 as usize) {
                Some(s) => {
                    add(s.before, r.area_km2 * (1.0 - s.taken));
                    add(s.after, r.area_km2 * s.taken);
                }
                None => add(self.controller_of(id, date), r.area_km2),
            }
        }
        out.retain(|(_, a)| *a >= 0.5);
        out.sort_by_key(|(c, _)| *c);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn territory_interval_brackets_the_date_and_is_stable() {
        let atlas = Atlas::builtin().unwrap();
        // While a front moves, every day is its own span.
        for t in atlas.territories_at(Date::parse("1941-07-15").unwrap()) {
            assert!(t.start <= t.end);
        }
        let date = Date::parse("1942-06-01").unwrap();
        for t in atlas.territories_at(date) {
            assert!(t.start <= date && date <= t.end);
            // On the first and last day the same controller holds the same set.
            for d in [t.start, t.end] {
                let (members, _, _) = holding(&atlas, t.controller, d);
                assert_eq!(members, t.regions);
            }
            // A day outside the span changes the set (unless at the period edge).
            if t.start > Date::FIRST {
                let (members, _, _) = holding(&atlas, t.controller, t.start.add_days(-1));
                assert_ne!(members, t.regions);
            }
            if t.end < Date::LAST {
                let (members, _, _) = holding(&atlas, t.controller, t.end.add_days(1));
                assert_ne!(members, t.regions);
            }
        }
    }

    #[test]
    fn summed_areas_match_the_dissolved_outlines() {
        use geo::GeodesicArea;
        let atlas = Atlas::builtin().unwrap();
        for d in ["1939-06-01", "1941-07-15", "1944-10-13", "1991-09-10"] {
            let date = Date::parse(d).unwrap();
            let areas = atlas.areas_at(date);
            let terr = atlas.territories_at(date);
            assert_eq!(areas.len(), terr.len());
            for (t, (c, total)) in terr.iter().zip(areas) {
                assert_eq!(t.controller, c);
                assert!((t.area_km2 - total).abs() < 1e-6);
                assert!((t.land_km2 + t.water_km2 - total).abs() < 1e-6);
                let a = t.land_km2;
                // The quick sum of region areas (the chart and the legend)
                // against the area of the outline actually drawn: equal
                // when regions neither overlap nor get lost in the union.
                let drawn = t.geometry.geodesic_area_unsigned() / 1e6;
                // On a front's day the split is measured on the regions
                // simplified to 300 m: a few km² along the front.
                let front = if t.start == t.end { 3.0 } else { 0.0 };
                assert!(
                    (drawn - a).abs() <= a * 0.002 + 0.5 + front,
                    "{d}: {} drawn {drawn:.1} km², summed {a:.1} km²",
                    atlas.controllers.get(c).id
                );
            }
        }
    }

    #[test]
    fn every_state_of_control_dissolves_into_simple_rings() {
        use crate::user_layer::repair::ring_self_intersects;
        let atlas = Atlas::builtin().unwrap();
        // Every month over the sixty years, and the day a general overlay
        // ran for minutes on (1941-09-01); each set of regions held by one
        // power is dissolved once.
        let mut d = Date::FIRST;
        let mut days = vec![Date::parse("1941-09-01").unwrap()];
        while d < Date::LAST {
            days.push(d);
            // Stepping clamps at the end of the period.
            d = d.add_months(1);
        }
        let mut seen = std::collections::HashSet::new();
        for date in days {
            for (id, _) in atlas.regions() {
                let (regions, _, _) = holding(&atlas, atlas.controller_of(id, date), date);
                if !seen.insert(regions.clone()) {
                    continue;
                }
                let union =
                    crate::dissolve::dissolve(regions.iter().map(|r| &atlas.region(*r).geometry));
                let rings = union
                    .iter()
                    .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()));
                for r in rings {
                    assert!(
                        !ring_self_intersects(r),
                        "{}: {regions:?} has a self-intersecting ring",
                        date.iso()
                    );
                }
            }
        }
        assert!(seen.len() > 40, "only {} sets of regions", seen.len());
    }
}
