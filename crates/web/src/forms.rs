//! Reading submitted forms leniently: fields arrive as text and are validated by the
//! handler *after* authorisation, so that a person without access learns nothing from
//! validation errors, and a person with access gets errors per field, in their language.
//! A form is read into a struct of its fields ([`Form`]); store refusals land on the
//! field they belong to ([`FieldErrors::record`]).

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use lawha_store::{StoreError, Unique};
use serde::de::value::{Error as ValueError, MapDeserializer};
use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::error::{AppError, AppResult};

/// A submitted form read into `T`, a struct of `String` fields marked
/// `#[serde(default)]`: each value trimmed, a field sent twice keeps its last value,
/// fields `T` does not name are ignored, and a body that is no form reads as empty. Not
/// for passwords, which are kept exactly as typed ([`RawForm`]).
#[derive(Debug, Clone, Default)]
pub struct Form<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Default> FromRequest<S> for Form<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let FormFields(fields) = FormFields::from_request(req, state).await?;
        let trimmed = fields
            .into_iter()
            .map(|(name, value)| (name, value.trim().to_string()));
        Ok(Form(read_fields(trimmed)))
    }
}

/// A submitted form read into `T` as [`Form`] does, but with every value exactly as typed:
/// for forms with passwords (or text checked as sent); the handler trims the other fields.
#[derive(Debug, Clone, Default)]
pub struct RawForm<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Default> FromRequest<S> for RawForm<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let FormFields(fields) = FormFields::from_request(req, state).await?;
        Ok(RawForm(read_fields(fields.into_iter())))
    }
}

/// The fields read into `T`; a form `T` cannot read is an empty one.
fn read_fields<T: DeserializeOwned + Default>(fields: impl Iterator<Item = (String, String)>) -> T {
    T::deserialize(MapDeserializer::<_, ValueError>::new(fields)).unwrap_or_default()
}

/// The `active` field of the forms that deactivate (`0`) or reactivate (`1`) something.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ActiveField {
    pub active: String,
}

/// The fields of an urlencoded form. Malformed bodies read as empty.
#[derive(Debug, Clone, Default)]
pub struct FormFields(pub HashMap<String, String>);

impl FormFields {
    /// A field's value, trimmed; empty when absent.
    pub fn get(&self, name: &str) -> &str {
        self.0.get(name).map(|v| v.trim()).unwrap_or_default()
    }

    /// A field's value exactly as typed (passwords).
    pub fn raw(&self, name: &str) -> &str {
        self.0.get(name).map(String::as_str).unwrap_or_default()
    }
}

impl<S: Send + Sync> FromRequest<S> for FormFields {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            match rejection.status() {
                StatusCode::PAYLOAD_TOO_LARGE => AppError::TooLarge,
                _ => AppError::BadRequest("body"),
            }
        })?;
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
        Ok(FormFields(pairs.into_iter().collect()))
    }
}

/// Per-field error codes of a form, shown next to each field and in a summary.
#[derive(Debug, Clone, Default)]
pub struct FieldErrors(pub Vec<(&'static str, &'static str)>);

impl FieldErrors {
    pub fn add(&mut self, field: &'static str, code: &'static str) {
        self.0.push((field, code));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The error code for a field, if any.
    pub fn code(&self, field: &str) -> Option<&'static str> {
        self.0.iter().find(|(f, _)| *f == field).map(|(_, c)| *c)
    }

    /// The error code for a field, "" when none (for templates).
    pub fn code_or_empty(&self, field: &str) -> &'static str {
        self.code(field).unwrap_or_default()
    }

    pub fn has(&self, field: &str) -> bool {
        self.code(field).is_some()
    }

    /// Records a store refusal the person can fix against its field: a refused value, a
    /// taken e-mail, code or name. `fallback` takes a refusal that names no field of the
    /// form; any other error is passed on.
    pub fn record(&mut self, err: StoreError, fallback: &'static str) -> AppResult<()> {
        match err {
            StoreError::Invalid { field, error } => self.add(field, error.code),
            StoreError::Taken(unique) => {
                self.add(taken_field(unique).unwrap_or(fallback), unique.code())
            }
            StoreError::Conflict(refusal) => self.add(fallback, refusal.code()),
            other => return Err(other.into()),
        }
        Ok(())
    }

    /// The saved value, or `None` once a refusal the person can fix is recorded as
    /// [`Self::record`] does.
    pub fn saved<T>(
        &mut self,
        result: Result<T, StoreError>,
        fallback: &'static str,
    ) -> AppResult<Option<T>> {
        match result {
            Ok(value) => Ok(Some(value)),
            Err(e) => self.record(e, fallback).map(|()| None),
        }
    }
}

/// The form field whose value a uniqueness rule found taken.
fn taken_field(unique: Unique) -> Option<&'static str> {
    match unique {
        Unique::Email => Some("email"),
        Unique::PupilCode => Some("pupil_code"),
        Unique::OrgCode => Some("code"),
        Unique::ClassName => Some("name"),
        Unique::CapsuleRef | Unique::Other => None,
    }
}

/// Percent-encodes a value for a query string.
pub fn url_encode(value: &str) -> String {
    serde_urlencoded::to_string([("v", value)])
        .map(|s| s.trim_start_matches("v=").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_encoding() {
        assert_eq!(url_encode("/a b?c=d&e"), "%2Fa+b%3Fc%3Dd%26e");
    }

    #[derive(Debug, Default, Deserialize)]
    #[serde(default)]
    struct Fields {
        code: String,
        name: String,
    }

    async fn read(body: &'static str) -> Fields {
        let req = Request::post("/")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(axum::body::Body::from(body))
            .unwrap();
        let Form(fields) = Form::<Fields>::from_request(req, &()).await.unwrap();
        fields
    }

    #[tokio::test]
    async fn forms_read_into_their_fields() {
        let f = read("code=+A1+&name=Amina&other=x").await;
        assert_eq!((f.code.as_str(), f.name.as_str()), ("A1", "Amina"));
        let f = read("code=A&code=B").await;
        assert_eq!((f.code.as_str(), f.name.as_str()), ("B", ""));
        let f = read("%%%").await;
        assert_eq!((f.code.as_str(), f.name.as_str()), ("", ""));
    }

    #[test]
    fn store_refusals_land_on_their_field() {
        let mut errors = FieldErrors::default();
        assert!(errors
            .record(StoreError::Taken(Unique::OrgCode), "x")
            .is_ok());
        assert!(errors.record(StoreError::Taken(Unique::Email), "x").is_ok());
        assert!(errors.record(StoreError::Taken(Unique::Other), "x").is_ok());
        assert!(errors
            .record(StoreError::Conflict(lawha_store::Refusal::NoPupils), "y")
            .is_ok());
        assert_eq!(errors.code("code"), Some("code-taken"));
        assert_eq!(errors.code("email"), Some("email-taken"));
        assert_eq!(errors.code("x"), Some("duplicate"));
        assert_eq!(errors.code("y"), Some("no-pupils"));
        assert!(errors.record(StoreError::NotFound, "x").is_err());
    }
}
