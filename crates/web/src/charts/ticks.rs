//! Round numbers for axes: value ticks that include zero, and which of many x labels to
//! print so that they do not overlap.

/// Steps tried, times a power of ten. 2.5 is only used from 25 up, so that whole-number
/// data never gets a tick at 2.5.
const MULTIPLIERS: [f64; 4] = [1.0, 2.0, 2.5, 5.0];

/// The candidate steps from the power of ten at or below `raw`, in increasing order.
pub fn nice_steps(raw: f64) -> impl Iterator<Item = f64> {
    let start = if raw > 0.0 && raw.is_finite() {
        raw.log10().floor() as i32 - 1
    } else {
        0
    };
    (start..start + 40).flat_map(|exp| {
        let magnitude = 10f64.powi(exp);
        MULTIPLIERS
            .iter()
            .filter(move |&&m| m != 2.5 || exp >= 1)
            .map(move |m| m * magnitude)
    })
}

/// Round ticks covering `lo..=hi` and zero (bars and lines start from a zero baseline so
/// that heights compare honestly): 4 intervals when a round step allows, else 3, else 5
/// (so 4 to 6 ticks). No step is finer than `min_step` or other than a multiple of it (1
/// for counts, so that no tick reads 2.5 pupils). Equal bounds, e.g. all values zero, get
/// a range of four `min_step`s so that the axis still reads.
pub fn value_ticks(lo: f64, hi: f64, min_step: f64) -> Vec<f64> {
    let min_step = if min_step > 0.0 && min_step.is_finite() {
        min_step
    } else {
        1.0
    };
    let lo = if lo.is_finite() { lo.min(0.0) } else { 0.0 };
    let mut hi = if hi.is_finite() { hi.max(0.0) } else { 0.0 };
    if hi - lo <= f64::EPSILON {
        hi = lo + 4.0 * min_step;
    }
    let preference = |n: i64| match n {
        4 => 0,
        3 => 1,
        5 => 2,
        2 => 3,
        _ => 4,
    };
    let step = nice_steps((hi - lo) / 4.0)
        .filter(|&s| s >= min_step * (1.0 - 1e-9) && is_multiple(s, min_step))
        .take_while(|&s| intervals(lo, hi, s) >= 2)
        .min_by_key(|&s| preference(intervals(lo, hi, s)))
        .unwrap_or(min_step);
    let first = (lo / step + 1e-9).floor() as i64;
    let last = (hi / step - 1e-9).ceil() as i64;
    (first..=last)
        .map(|i| round_to_step(i as f64 * step, step))
        .collect()
}

fn intervals(lo: f64, hi: f64, step: f64) -> i64 {
    (hi / step - 1e-9).ceil() as i64 - (lo / step + 1e-9).floor() as i64
}

fn is_multiple(step: f64, unit: f64) -> bool {
    let ratio = step / unit;
    (ratio - ratio.round()).abs() < 1e-6
}

/// `i × step` without the float noise of `0.30000000000000004`.
pub fn round_to_step(value: f64, step: f64) -> f64 {
    let decimals = (-step.log10().floor()).clamp(0.0, 12.0) as i32 + 1;
    let scale = 10f64.powi(decimals);
    (value * scale).round() / scale
}

/// Every how many x labels to print one, when `count` labels of up to `label_width` share
/// `span` of width: consecutive printed labels are at least `label_width` apart.
pub fn label_every(count: usize, label_width: f64, span: f64) -> usize {
    if count < 2 || span <= 0.0 {
        return 1;
    }
    let spacing = span / (count - 1) as f64;
    ((label_width / spacing).ceil() as usize).clamp(1, count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_ticks_are_round_and_start_at_zero() {
        assert_eq!(
            value_ticks(3.0, 87.0, 1.0),
            vec![0.0, 25.0, 50.0, 75.0, 100.0]
        );
        assert_eq!(
            value_ticks(0.0, 1234.0, 1.0),
            vec![0.0, 500.0, 1000.0, 1500.0]
        );
        assert_eq!(value_ticks(0.0, 7.0, 1.0), vec![0.0, 2.0, 4.0, 6.0, 8.0]);
        assert_eq!(value_ticks(0.0, 3.0, 1.0), vec![0.0, 1.0, 2.0, 3.0]);
        assert_eq!(value_ticks(0.0, 0.0, 1.0), vec![0.0, 1.0, 2.0, 3.0, 4.0]);
        assert_eq!(value_ticks(0.0, 0.34, 0.01), vec![0.0, 0.1, 0.2, 0.3, 0.4]);
        assert_eq!(value_ticks(-12.0, 30.0, 1.0), vec![-20.0, 0.0, 20.0, 40.0]);
    }

    #[test]
    fn charts_tick_counts_stay_between_four_and_six() {
        for hi in 3..5000 {
            let n = value_ticks(0.0, f64::from(hi), 1.0).len();
            assert!((4..=6).contains(&n), "{hi}: {n}");
        }
    }

    #[test]
    fn charts_labels_are_thinned() {
        assert_eq!(label_every(12, 30.0, 600.0), 1);
        assert_eq!(label_every(52, 30.0, 500.0), 4);
        assert_eq!(label_every(1, 30.0, 500.0), 1);
    }
}
