//! Helpers shared by this crate's unit tests.

use std::fmt::Debug;

/// Asserts that `f` maps each input of `cases` to the output beside it, naming the input
/// that does not.
#[track_caller]
pub(crate) fn assert_maps<T, U>(f: impl Fn(&str) -> T, cases: &[(&str, U)])
where
    T: PartialEq<U> + Debug,
    U: Debug,
{
    for (input, expected) in cases {
        assert_eq!(f(input), *expected, "for input {input:?}");
    }
}
