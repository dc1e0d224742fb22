//! Class breaks of a choropleth: **nice equal intervals**. The lowest class starts at a
//! round number at or below the smallest value, every class has the same round width
//! (1, 2, 2.5 or 5 times a power of ten; 2.5 only from 25 up), and there are as many
//! classes as needed to reach the largest value, five at most.
//!
//! Why not quantiles: with twelve regions, quantile ranges are odd numbers that change
//! every week and are hard to explain ("61.3–64.8"); "60–70 %" reads at a glance and two
//! maps of the same scale compare. The price is that classes can be uneven in size; the
//! smallest value always falls in the lowest class and the largest in the highest, so the
//! whole palette's extent is used.

use super::ticks::{nice_steps, round_to_step};

/// Five sequential colours, light to dark (ColorBrewer YlGnBu, marked colour-blind safe
/// and print friendly).
pub const PALETTE: [&str; 5] = ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"];

/// The most classes a map uses.
pub const MAX_CLASSES: usize = PALETTE.len();

/// Equal-width classes `[lower + i·step, lower + (i+1)·step)`, the last one closed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Classes {
    /// Where the lowest class starts.
    pub lower: f64,
    /// Every class's width.
    pub step: f64,
    /// How many classes (1 to [`MAX_CLASSES`]).
    pub count: usize,
}

impl Classes {
    /// Classes for `values` (non-finite ones ignored); `None` when there is none.
    pub fn from_values(values: &[f64]) -> Option<Classes> {
        let finite = || values.iter().copied().filter(|v| v.is_finite());
        let lo = finite().fold(f64::INFINITY, f64::min);
        let hi = finite().fold(f64::NEG_INFINITY, f64::max);
        if !lo.is_finite() {
            return None;
        }
        if hi - lo <= f64::EPSILON * lo.abs().max(1.0) {
            // One value (or all equal): one class around it.
            let step = nice_steps(lo.abs().max(1.0) / 10.0)
                .find(|&s| s >= lo.abs().max(1.0) / 10.0)
                .unwrap_or(1.0);
            let lower = round_to_step((lo / step).floor() * step, step);
            return Some(Classes {
                lower,
                step,
                count: 1,
            });
        }
        let raw = (hi - lo) / MAX_CLASSES as f64;
        nice_steps(raw).filter(|&s| s >= raw).find_map(|step| {
            let lower = round_to_step((lo / step + 1e-9).floor() * step, step);
            let count = ((hi - lower) / step - 1e-9).ceil().max(1.0) as usize;
            (count <= MAX_CLASSES).then_some(Classes { lower, step, count })
        })
    }

    /// The class of `value` (values outside the range go to the nearest end class).
    pub fn class_of(&self, value: f64) -> usize {
        let i = ((value - self.lower) / self.step + 1e-9).floor();
        if i <= 0.0 {
            0
        } else {
            (i as usize).min(self.count - 1)
        }
    }

    /// The bounds of class `i`.
    pub fn bounds(&self, i: usize) -> (f64, f64) {
        let lo = self.lower + i as f64 * self.step;
        (
            round_to_step(lo, self.step),
            round_to_step(lo + self.step, self.step),
        )
    }

    /// The colour of class `i`: the palette spread over the classes used, so that two
    /// classes are light and dark rather than the two lightest.
    pub fn colour(&self, i: usize) -> &'static str {
        let index = match (self.count, i) {
            (1, _) => 2,
            (2, i) => [1, 3][i.min(1)],
            (3, i) => [0, 2, 4][i.min(2)],
            (4, i) => [0, 1, 3, 4][i.min(3)],
            (_, i) => i.min(MAX_CLASSES - 1),
        };
        PALETTE[index]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_classes_are_round_and_hold_the_extremes() {
        let c = Classes::from_values(&[61.0, 64.5, 70.0, 88.9]).unwrap();
        assert_eq!((c.lower, c.step, c.count), (60.0, 10.0, 3));
        assert_eq!(c.class_of(61.0), 0);
        assert_eq!(c.class_of(88.9), 2);

        let c = Classes::from_values(&[0.0, 10.0]).unwrap();
        assert_eq!((c.lower, c.step, c.count), (0.0, 2.0, 5));
        assert_eq!(c.class_of(10.0), 4);
        assert_eq!(c.bounds(4), (8.0, 10.0));

        let c = Classes::from_values(&[1.0, 11.0]).unwrap();
        assert!(c.count <= MAX_CLASSES);
        assert_eq!(c.class_of(1.0), 0);
        assert_eq!(c.class_of(11.0), c.count - 1);
    }

    #[test]
    fn charts_classes_hold_extremes_for_many_ranges() {
        for lo in [0.0, 0.3, 3.0, 17.0, 250.0, 1234.0] {
            for span in [0.07, 1.0, 4.4, 9.0, 12.0, 37.0, 99.0, 5000.0] {
                let values = [lo, lo + span / 3.0, lo + span];
                let c = Classes::from_values(&values).unwrap();
                assert!((1..=MAX_CLASSES).contains(&c.count), "{lo} {span}: {c:?}");
                assert_eq!(c.class_of(lo), 0, "{lo} {span}: {c:?}");
                assert_eq!(c.class_of(lo + span), c.count - 1, "{lo} {span}: {c:?}");
                assert!(c.count >= 2, "{lo} {span}: {c:?}");
            }
        }
    }

    #[test]
    fn charts_one_value_is_one_class() {
        let c = Classes::from_values(&[42.0, 42.0]).unwrap();
        assert_eq!(c.count, 1);
        assert_eq!(c.class_of(42.0), 0);
        let (lo, hi) = c.bounds(0);
        assert!(lo <= 42.0 && 42.0 < hi, "{c:?}");
        assert!(Classes::from_values(&[]).is_none());
        assert!(Classes::from_values(&[f64::NAN]).is_none());
    }
}
