pub(crate) mod reference;
pub(crate) mod schools;
