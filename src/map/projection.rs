//! Lambert conformal conic projection for the Baltic states.
//!
//! Conformal, with standard parallels at 55° and 59° N, so shapes between
//! 53° and 60° N keep their proportions: no stretched Estonia.

/// A spherical Lambert conformal conic projection giving kilometres east
/// and north of the central point.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Projection {
    lon0: f64,
    n: f64,
    f: f64,
    rho0: f64,
}

const EARTH_RADIUS_KM: f64 = 6371.0088;

impl Projection {
    /// Builds a projection with the given standard parallels and origin.
    pub fn lambert(lat1: f64, lat2: f64, lat0: f64, lon0: f64) -> Self {
        let (p1, p2, p0) = (lat1.to_radians(), lat2.to_radians(), lat0.to_radians());
        let t = |p: f64| (std::f64::consts::FRAC_PI_4 + p / 2.0).tan();
        let n = if (lat1 - lat2).abs() < 1e-9 {
            p1.sin()
        } else {
            (p1.cos() / p2.cos()).ln() / (t(p2) / t(p1)).ln()
        };
        let f = p1.cos() * t(p1).powf(n) / n;
        let rho0 = EARTH_RADIUS_KM * f / t(p0).powf(n);
        Projection {
            lon0: lon0.to_radians(),
            n,
            f,
            rho0,
        }
    }

    /// The projection the atlas uses: parallels 55°/59° N, origin 57° N 24° E.
    pub fn baltic() -> Self {
        Projection::lambert(55.0, 59.0, 57.0, 24.0)
    }

    /// Longitude/latitude in degrees → kilometres (x east, y north).
    pub fn forward(&self, lon: f64, lat: f64) -> (f64, f64) {
        let t = (std::f64::consts::FRAC_PI_4 + lat.to_radians() / 2.0).tan();
        // t^-n as exp(-n ln t): the same value, and the general `powf`
        // was a fifth of building the map's levels.
        let rho = EARTH_RADIUS_KM * self.f * (-self.n * t.ln()).exp();
        let theta = self.n * (lon.to_radians() - self.lon0);
        (rho * theta.sin(), self.rho0 - rho * theta.cos())
    }

    /// Kilometres → longitude/latitude in degrees.
    pub fn inverse(&self, x: f64, y: f64) -> (f64, f64) {
        let dy = self.rho0 - y;
        let rho = self.n.signum() * (x * x + dy * dy).sqrt();
        let theta = (x * self.n.signum()).atan2(dy * self.n.signum());
        let lat = 2.0 * (EARTH_RADIUS_KM * self.f / rho).powf(1.0 / self.n).atan()
            - std::f64::consts::FRAC_PI_2;
        let lon = self.lon0 + theta / self.n;
        (lon.to_degrees(), lat.to_degrees())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_maps_to_zero_and_round_trips() {
        let p = Projection::baltic();
        let (x, y) = p.forward(24.0, 57.0);
        assert!(x.abs() < 1e-9 && y.abs() < 1e-9);
        for (lon, lat) in [(21.0, 54.0), (28.2, 59.4), (24.11, 56.95)] {
            let (x, y) = p.forward(lon, lat);
            let (lo, la) = p.inverse(x, y);
            assert!((lo - lon).abs() < 1e-9 && (la - lat).abs() < 1e-9);
        }
    }

    #[test]
    fn distances_are_true_near_the_standard_parallels() {
        // One degree of latitude is about 111.2 km; conformal: so is the
        // east-west scale at 55° N, cos(55°) * 111.2 km per degree.
        let p = Projection::baltic();
        let (x1, y1) = p.forward(24.0, 55.0);
        let (x2, y2) = p.forward(25.0, 55.0);
        let east = ((x2 - x1).powi(2) + (y2 - y1).powi(2)).sqrt();
        assert!(
            (east - 111.195 * 55f64.to_radians().cos()).abs() < 0.5,
            "{east}"
        );
        let (_, y3) = p.forward(24.0, 56.0);
        assert!((y3 - y1 - 111.2).abs() < 1.5, "{}", y3 - y1);
    }
}
