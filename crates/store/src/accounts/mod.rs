pub(crate) mod guard;
pub mod import;
pub(crate) mod sessions;
pub mod signin;
pub(crate) mod users;
