//! Short histories of polled values (since the page opened) and the geometry of the small SVG
//! charts that draw them. Plain Rust, tested natively.

use std::collections::VecDeque;

use chrono::{DateTime, Utc};

/// How many points a page keeps per metric by default (30 min at the 15 s poll interval).
pub const DEFAULT_CAPACITY: usize = 120;

/// One value seen at one fetch.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub at: DateTime<Utc>,
    pub value: f64,
}

/// A bounded ring of points, oldest first; one point per fetch time.
#[derive(Clone, Debug, PartialEq)]
pub struct History {
    capacity: usize,
    points: VecDeque<Point>,
}

impl Default for History {
    fn default() -> Self {
        Self::new(DEFAULT_CAPACITY)
    }
}

impl History {
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity: capacity.max(1),
            points: VecDeque::new(),
        }
    }

    /// Adds a point unless one at the same time (or later) is already there; drops the oldest
    /// beyond the capacity. Non-finite values are ignored. Returns whether it was added.
    pub fn push(&mut self, at: DateTime<Utc>, value: f64) -> bool {
        if !value.is_finite() {
            return false;
        }
        if self.points.back().is_some_and(|p| p.at >= at) {
            return false;
        }
        self.points.push_back(Point { at, value });
        while self.points.len() > self.capacity {
            self.points.pop_front();
        }
        true
    }

    pub fn len(&self) -> usize {
        self.points.len()
    }

    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    pub fn capacity(&self) -> usize {
        self.capacity
    }

    pub fn values(&self) -> Vec<f64> {
        self.points.iter().map(|p| p.value).collect()
    }

    pub fn points(&self) -> impl Iterator<Item = &Point> {
        self.points.iter()
    }

    pub fn last(&self) -> Option<Point> {
        self.points.back().copied()
    }

    /// `(min, max)` of the values.
    pub fn range(&self) -> Option<(f64, f64)> {
        range(&self.values())
    }
}

fn range(values: &[f64]) -> Option<(f64, f64)> {
    let mut it = values.iter().copied().filter(|v| v.is_finite());
    let first = it.next()?;
    Some(it.fold((first, first), |(lo, hi), v| (lo.min(v), hi.max(v))))
}

/// The scale of a chart: the value range drawn, including reference lines so they stay visible.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    pub lo: f64,
    pub hi: f64,
}

impl Scale {
    /// A range covering the values and the references, padded when flat.
    pub fn fit(values: &[f64], references: &[f64]) -> Option<Scale> {
        let all: Vec<f64> = values.iter().chain(references).copied().collect();
        let (lo, hi) = range(&all)?;
        if (hi - lo).abs() < f64::EPSILON {
            let pad = if lo == 0.0 { 1.0 } else { lo.abs() * 0.05 };
            Some(Scale {
                lo: lo - pad,
                hi: hi + pad,
            })
        } else {
            let pad = (hi - lo) * 0.05;
            Some(Scale {
                lo: lo - pad,
                hi: hi + pad,
            })
        }
    }

    /// The y coordinate of `v` in a box of height `h` (0 at the top).
    pub fn y(&self, v: f64, h: f64) -> f64 {
        let t = (v - self.lo) / (self.hi - self.lo);
        (h - t * h).clamp(0.0, h)
    }
}

/// The `points` attribute of an SVG polyline through `values`, evenly spaced across width `w`.
/// One value gives a flat line across the box.
pub fn polyline(values: &[f64], scale: Scale, w: f64, h: f64) -> String {
    let round = |v: f64| (v * 10.0).round() / 10.0;
    match values.len() {
        0 => String::new(),
        1 => {
            let y = round(scale.y(values[0], h));
            format!("0,{y} {w},{y}")
        }
        n => values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let x = round(i as f64 * w / (n - 1) as f64);
                format!("{x},{}", round(scale.y(*v, h)))
            })
            .collect::<Vec<_>>()
            .join(" "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::parse_rfc3339;

    fn at(secs: i64) -> DateTime<Utc> {
        parse_rfc3339("2026-11-29T19:00:00Z").unwrap() + chrono::Duration::seconds(secs)
    }

    #[test]
    fn ring_is_bounded_and_keeps_the_newest() {
        let mut h = History::new(120);
        for i in 0..500 {
            assert!(h.push(at(i * 15), i as f64));
        }
        assert_eq!(h.len(), 120);
        assert_eq!(h.values().first(), Some(&380.0));
        assert_eq!(h.last().unwrap().value, 499.0);
        assert_eq!(History::default().capacity(), DEFAULT_CAPACITY);
        assert_eq!(History::new(0).capacity(), 1);
    }

    #[test]
    fn one_point_per_fetch() {
        let mut h = History::new(5);
        assert!(h.push(at(0), 1.0));
        assert!(!h.push(at(0), 2.0), "same fetch time");
        assert!(!h.push(at(-5), 2.0), "older fetch");
        assert!(!h.push(at(5), f64::NAN));
        assert!(h.push(at(5), 3.0));
        assert_eq!(h.values(), vec![1.0, 3.0]);
        assert_eq!(h.range(), Some((1.0, 3.0)));
    }

    #[test]
    fn chart_geometry() {
        let s = Scale::fit(&[0.0, 10.0], &[]).unwrap();
        assert!(s.lo < 0.0 && s.hi > 10.0);
        assert_eq!(polyline(&[], s, 100.0, 20.0), "");
        let line = polyline(&[0.0, 5.0, 10.0], Scale { lo: 0.0, hi: 10.0 }, 100.0, 20.0);
        assert_eq!(line, "0,20 50,10 100,0");
        let flat = Scale::fit(&[3.0], &[]).unwrap();
        assert_eq!(polyline(&[3.0], flat, 100.0, 20.0), "0,10 100,10");
        let zero = Scale::fit(&[0.0, 0.0], &[]).unwrap();
        assert_eq!(zero, Scale { lo: -1.0, hi: 1.0 });
        let with_ref = Scale::fit(&[1.0, 2.0], &[10.0]).unwrap();
        assert!(with_ref.hi > 10.0, "reference lines stay in view");
        assert_eq!(Scale { lo: 0.0, hi: 1.0 }.y(5.0, 20.0), 0.0, "clamped");
        assert_eq!(Scale::fit(&[], &[]), None);
    }
}
