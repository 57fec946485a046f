//! The loaded atlas: regions, their control timelines and everything they
//! cite, checked for consistency. Answers "who controlled this place on this
//! day?".

use std::path::Path;

use geo::{Intersects, Point};

use crate::date::Date;
use crate::error::AtlasError;
use crate::fronts::{FrontEstimate, Fronts};
use crate::geodata::controllers::{Controller, ControllerId, Controllers};
use crate::geodata::neighbours::{self, Neighbour};
use crate::geodata::regions::{self, Region, RegionId};
use crate::geodata::sites::{self, MilitarySite};
use crate::geodata::sources::SourceRegistry;
use crate::geodata::statuses::{Status, Statuses};
use crate::geodata::timeline::{self, ControlInterval, RegionTimeline};
use crate::geodata::water::{self, WaterBody};
use crate::geodata::{GeodataFile as File, GeodataFiles, GeodataOrigin};

/// Everything the map, the charts and the CLI need about territory.
#[derive(Clone, Debug)]
pub struct Atlas {
    /// Where the data came from (built in, or a folder).
    pub origin: GeodataOrigin,
    /// Citations by key.
    pub sources: SourceRegistry,
    /// Powers, in legend order.
    pub controllers: Controllers,
    /// De jure statuses.
    pub statuses: Statuses,
    regions: Vec<Region>,
    timelines: Vec<RegionTimeline>,
    /// Post-1991 military sites.
    pub military_sites: Vec<MilitarySite>,
    /// Context countries.
    pub neighbours: Vec<Neighbour>,
    /// Inland water, each piece assigned to the region containing it.
    pub water: Vec<WaterBody>,
    /// The daily fronts of the campaigns, interpolated from sourced town
    /// captures.
    pub fronts: std::sync::Arc<Fronts>,
    change_dates: Vec<Date>,
    generation: u64,
}

/// Counts the atlases built in this process, so every loaded atlas gets its
/// own [`Atlas::generation`].
static GENERATIONS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// The control of one region on one day, with everything needed to explain
/// it to a reader.
#[derive(Clone, Debug)]
pub struct RegionControl<'a> {
    /// The region.
    pub region: &'a Region,
    /// Its id.
    pub region_id: RegionId,
    /// The interval in force (controller, status, sources).
    pub interval: &'a ControlInterval,
    /// The controller behind `interval.controller`.
    pub controller: &'a Controller,
    /// The status behind `interval.status`.
    pub status: &'a Status,
    /// Since when and until when this controller held the region without a
    /// break (may span several intervals that differ only in status).
    pub held: (Date, Date),
    /// The lake the queried point lies in, if it is water.
    pub water: Option<&'a WaterBody>,
    /// When a front was passing through the region: who held the point by
    /// the interpolated front, and between which sourced places (the
    /// controller and interval above then follow the front).
    pub front: Option<FrontEstimate>,
}

impl Atlas {
    /// The atlas built from the geodata shipped in the binary.
    pub fn builtin() -> Result<Self, AtlasError> {
        Atlas::from_files(&GeodataFiles::builtin())
    }

    /// The atlas built from a user's folder laid out like `geodata/`.
    pub fn from_dir(dir: &Path) -> Result<Self, AtlasError> {
        Atlas::from_files(&GeodataFiles::from_dir(dir)?)
    }

    /// Parses and cross-checks a set of geodata files.
    pub fn from_files(files: &GeodataFiles) -> Result<Self, AtlasError> {
        let label = |file: File| files.label(file);
        let sources = SourceRegistry::parse(&files.sources, &label(File::Sources))?;
        let controllers = Controllers::parse(&files.controllers, &label(File::Controllers))?;
        let statuses = Statuses::parse(&files.statuses, &label(File::Statuses))?;
        for (line, s) in statuses.iter().enumerate() {
            sources.check_keys(&s.sources, &label(File::Statuses), line + 2, "sources")?;
        }
        // The three geometry files are the bulk of a start: the
        // neighbours parse on a second thread while the regions and then
        // the water parse on this one.
        std::thread::scope(|scope| {
            let neighbours =
                scope.spawn(|| neighbours::parse(&files.neighbours, &label(File::Neighbours)));
            let regions = regions::parse(&files.regions, &label(File::Regions));
            let neighbours = neighbours.join().unwrap_or_else(|_| {
                Err(AtlasError::data(
                    label(File::Neighbours),
                    None,
                    None,
                    "the parser stopped unexpectedly",
                ))
            });
            Self::assemble(files, sources, controllers, statuses, regions?, neighbours?)
        })
    }

    /// The rest of [`Self::from_files`], once the geometry is parsed.
    fn assemble(
        files: &GeodataFiles,
        sources: SourceRegistry,
        controllers: Controllers,
        statuses: Statuses,
        mut regions: Vec<Region>,
        neighbours: Vec<Neighbour>,
    ) -> Result<Self, AtlasError> {
        let label = |file: File| files.label(file);
        if regions.is_empty() {
            return Err(AtlasError::data(
                label(File::Regions),
                None,
                None,
                "no regions",
            ));
        }
        let ids: Vec<&str> = regions.iter().map(|r| r.id.as_str()).collect();
        let water = water::parse(&files.water, &label(File::Water), &ids)?;
        let parsed = timeline::parse(
            &files.control,
            &label(File::Control),
            &ids,
            &controllers,
            &statuses,
        )?;
        let mut timelines = Vec::with_capacity(parsed.len());
        for (lines, tl) in parsed {
            for (iv, line) in tl.intervals().iter().zip(lines) {
                sources.check_keys(&iv.sources, &label(File::Control), line, "sources")?;
            }
            timelines.push(tl);
        }
        let military_sites = sites::parse(&files.military_sites, &label(File::MilitarySites))?;
        for (i, s) in military_sites.iter().enumerate() {
            sources.check_keys(&s.sources, &label(File::MilitarySites), i + 1, "sources")?;
            if controllers.find(&s.controller).is_none() {
                return Err(AtlasError::data(
                    label(File::MilitarySites),
                    Some(i + 1),
                    Some("controller"),
                    format!("unknown controller \"{}\"", s.controller),
                ));
            }
        }
        for w in &water {
            if let Some(r) = w.region.and_then(|k| regions.get_mut(k)) {
                r.water_km2 += w.area_km2;
                r.area_km2 = r.land_km2 + r.water_km2;
            }
        }
        let mut change_dates: Vec<Date> = timelines
            .iter()
            .flat_map(|t| t.intervals().iter().map(|iv| iv.start))
            .filter(|d| *d != Date::FIRST)
            .collect();
        let (captures, lines) = Fronts::parse(
            &files.captures,
            &label(File::Captures),
            &files.held_lines,
            &label(File::HeldLines),
        )?;
        let fronts = Fronts::build(captures, lines, &regions, &timelines, &controllers);
        change_dates.sort();
        change_dates.dedup();
        Ok(Atlas {
            fronts: std::sync::Arc::new(fronts),
            origin: files.origin.clone(),
            sources,
            controllers,
            statuses,
            regions,
            timelines,
            military_sites,
            neighbours,
            water,
            change_dates,
            generation: GENERATIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        })
    }

    /// A number no other atlas loaded in this process has (a clone keeps
    /// it: it holds the same data). Caches of drawn or projected geometry
    /// keep the generation they were built from and are rebuilt when it
    /// differs, so nothing survives a replaced atlas.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// All regions with their ids.
    pub fn regions(&self) -> impl Iterator<Item = (RegionId, &Region)> {
        self.regions
            .iter()
            .enumerate()
            .map(|(i, r)| (RegionId(i as u16), r))
    }

    /// Number of regions.
    pub fn region_count(&self) -> usize {
        self.regions.len()
    }

    /// The region behind an id.
    pub fn region(&self, id: RegionId) -> &Region {
        &self.regions[id.0 as usize]
    }

    /// Finds a region by its file identifier.
    pub fn find_region(&self, id: &str) -> Option<RegionId> {
        self.regions
            .iter()
            .position(|r| r.id == id)
            .map(|i| RegionId(i as u16))
    }

    /// A region's whole history.
    pub fn timeline(&self, id: RegionId) -> &RegionTimeline {
        &self.timelines[id.0 as usize]
    }

    /// Every day on which some region changed controller or status, sorted:
    /// the key dates of the slider and the boundaries of cached map states.
    pub fn change_dates(&self) -> &[Date] {
        &self.change_dates
    }

    /// Every region's timeline, indexed like the regions.
    pub fn timelines(&self) -> &[RegionTimeline] {
        &self.timelines
    }

    /// The controller of a region on a day.
    pub fn controller_of(&self, id: RegionId, date: Date) -> ControllerId {
        self.timeline(id).at(date).controller
    }

    /// The full explanation of a region's control on a day.
    pub fn control(&self, id: RegionId, date: Date) -> RegionControl<'_> {
        let tl = self.timeline(id);
        let interval = tl.at(date);
        RegionControl {
            region: self.region(id),
            region_id: id,
            interval,
            controller: self.controllers.get(interval.controller),
            status: self.statuses.get(interval.status),
            held: tl.controller_run(date),
            water: None,
            front: None,
        }
    }

    /// The control of a point of region `id` on `date`: the region's, or,
    /// while a front passes through the region, the front's (the interval
    /// shown is the region's nearest one with the front's holder).
    pub fn point_control(&self, id: RegionId, date: Date, lon: f64, lat: f64) -> RegionControl<'_> {
        let Some((field, play)) = self.fronts.front_for(id.0 as usize, date) else {
            return self.control(id, date);
        };
        let play = play.on(
            &self.fronts.fields[field],
            self.timeline(id),
            &self.controllers,
            date,
        );
        let (x, y) = crate::map::Projection::baltic().forward(lon, lat);
        let Some(estimate) = self.fronts.estimate(field, [x, y], date) else {
            return self.control(id, date);
        };
        let holder = if estimate.taken {
            play.after
        } else {
            play.before
        };
        let tl = self.timeline(id);
        // The interval in force, or the region's nearest one held by the
        // front's holder (its status and sources).
        let interval = if tl.at(date).controller == holder {
            tl.at(date)
        } else if estimate.taken {
            tl.intervals()
                .iter()
                .find(|iv| iv.start > date && iv.controller == holder)
                .unwrap_or(tl.at(date))
        } else {
            tl.intervals()
                .iter()
                .rev()
                .find(|iv| iv.end < date && iv.controller == holder)
                .unwrap_or(tl.at(date))
        };
        RegionControl {
            interval,
            controller: self.controllers.get(interval.controller),
            status: self.statuses.get(interval.status),
            front: Some(estimate),
            ..self.control(id, date)
        }
    }

    /// The region containing a point (lon/lat degrees), if any. Points on a
    /// shared border go to the first region in file order.
    pub fn region_at(&self, lon: f64, lat: f64) -> Option<RegionId> {
        let p = Point::new(lon, lat);
        self.regions
            .iter()
            .position(|r| {
                let (min, max) = (r.bbox.min(), r.bbox.max());
                lon >= min.x
                    && lon <= max.x
                    && lat >= min.y
                    && lat <= max.y
                    && r.geometry.intersects(&p)
            })
            .map(|i| RegionId(i as u16))
    }

    /// The piece of inland water at a point (lon/lat degrees), if any:
    /// named lakes before a region's other water.
    pub fn water_at(&self, lon: f64, lat: f64) -> Option<&WaterBody> {
        let p = Point::new(lon, lat);
        let mut hits = self.water.iter().filter(|w| {
            let (min, max) = (w.bbox.min(), w.bbox.max());
            lon >= min.x
                && lon <= max.x
                && lat >= min.y
                && lat <= max.y
                && w.geometry.intersects(&p)
        });
        let first = hits.next()?;
        if first.is_named() {
            return Some(first);
        }
        hits.find(|w| w.is_named()).or(Some(first))
    }

    /// Who controlled the place at (lon, lat) on `date`: the core query of
    /// the atlas, with errors a user can act on. A point in a lake names
    /// the region (and so the state) the lake's part belongs to, and the
    /// lake.
    pub fn control_at(
        &self,
        date: Date,
        lon: f64,
        lat: f64,
    ) -> Result<RegionControl<'_>, AtlasError> {
        if !lon.is_finite() || !lat.is_finite() || lon.abs() > 180.0 || lat.abs() > 90.0 {
            return Err(AtlasError::InvalidCoordinate(format!(
                "longitude must be within ±180 and latitude within ±90 degrees (got {lon}, {lat})"
            )));
        }
        if let Some(id) = self.region_at(lon, lat) {
            return Ok(self.point_control(id, date, lon, lat));
        }
        let (water, region) = self
            .water_at(lon, lat)
            .and_then(|w| Some((w, w.region?)))
            .ok_or(AtlasError::OutsideCoverage { lon, lat })?;
        Ok(RegionControl {
            water: Some(water),
            ..self.point_control(RegionId(region as u16), date, lon, lat)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn atlas() -> Atlas {
        Atlas::builtin().expect("built-in geodata loads")
    }

    #[test]
    fn builtin_loads_with_every_region_timed() {
        let a = atlas();
        assert!(a.region_count() >= 30);
        for (id, _) in a.regions() {
            let tl = a.timeline(id);
            assert_eq!(tl.intervals()[0].start, Date::FIRST);
            assert_eq!(tl.intervals().last().map(|i| i.end), Some(Date::LAST));
        }
    }

    #[test]
    fn change_dates_are_sorted_and_inside_the_period() {
        let a = atlas();
        let d = a.change_dates();
        assert!(d.windows(2).all(|w| w[0] < w[1]));
        assert!(d.iter().all(|x| *x > Date::FIRST && *x <= Date::LAST));
    }

    #[test]
    fn rejects_coordinates_that_are_not_coordinates() {
        let a = atlas();
        let d = Date::parse("1944-10-13").unwrap();
        assert!(matches!(
            a.control_at(d, 200.0, 56.0),
            Err(AtlasError::InvalidCoordinate(_))
        ));
        assert!(matches!(
            a.control_at(d, f64::NAN, 56.0),
            Err(AtlasError::InvalidCoordinate(_))
        ));
        assert!(matches!(
            a.control_at(d, 13.4, 52.5),
            Err(AtlasError::OutsideCoverage { .. })
        ));
    }
}
