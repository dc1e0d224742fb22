//! Provinces, schools and classes: creating, editing, deactivating and listing them
//! within the viewer's scope.

use lawha_core::import::ClassLevel;
use lawha_core::{new_id, validate};
use sqlx::{Database, Encode, QueryBuilder, Type};
use uuid::Uuid;

use super::Org;
use crate::model::search_text;
use crate::rows::{found, Listing, ListingWhere};
use crate::scope_sql::{push_scope, push_search};
use crate::{
    Class, ClassInput, ClassSummary, ListFilter, Page, Paged, Province, Result, School,
    SchoolInput, SchoolKind, StoreError,
};

#[derive(sqlx::FromRow)]
struct SchoolRow {
    id: Uuid,
    region_id: Uuid,
    province_id: Uuid,
    code: String,
    kind: String,
    name_ar: String,
    name_fr: String,
    active: bool,
}

impl From<SchoolRow> for School {
    fn from(r: SchoolRow) -> School {
        School {
            id: r.id,
            region_id: r.region_id,
            province_id: r.province_id,
            code: r.code,
            // The column is CHECK-constrained to the three kinds.
            kind: SchoolKind::parse(&r.kind).unwrap_or(SchoolKind::School),
            name_ar: r.name_ar,
            name_fr: r.name_fr,
            active: r.active,
        }
    }
}

const SCHOOL_COLS: &str = "id, region_id, province_id, code, kind, name_ar, name_fr, active";
const CLASS_COLS: &str =
    "id, school_id, region_id, name, school_year, level_code, programme_code, active";

fn checked_school(input: &SchoolInput) -> Result<SchoolInput> {
    Ok(SchoolInput {
        province_id: input.province_id,
        code: validate::org_code(&input.code).map_err(|e| StoreError::invalid("code", e))?,
        kind: input.kind,
        name_ar: validate::name(&input.name_ar).map_err(|e| StoreError::invalid("name_ar", e))?,
        name_fr: validate::name(&input.name_fr).map_err(|e| StoreError::invalid("name_fr", e))?,
    })
}

fn level_columns(level: &ClassLevel) -> (Option<&str>, Option<&str>) {
    match level {
        ClassLevel::Level(code) => (Some(code.as_str()), None),
        ClassLevel::Programme(code) => (None, Some(code.as_str())),
    }
}

impl Org<'_> {
    // ---- provinces ----

    /// Creates a province (provincial directorate) in a region.
    pub async fn create_province(
        &self,
        region_id: Uuid,
        code: &str,
        name_ar: &str,
        name_fr: &str,
    ) -> Result<Province> {
        let code = validate::org_code(code).map_err(|e| StoreError::invalid("code", e))?;
        let name_ar = validate::name(name_ar).map_err(|e| StoreError::invalid("name_ar", e))?;
        let name_fr = validate::name(name_fr).map_err(|e| StoreError::invalid("name_fr", e))?;
        let id = new_id();
        on_db!(self.store, pool => {
            sqlx::query(
                "INSERT INTO provinces (id, region_id, code, name_ar, name_fr, active, created_at)
                 VALUES ($1, $2, $3, $4, $5, TRUE, $6)",
            )
            .bind(id).bind(region_id).bind(&code).bind(&name_ar).bind(&name_fr).bind(self.store.now())
            .execute(pool).await?;
        });
        Ok(Province {
            id,
            region_id,
            code,
            name_ar,
            name_fr,
            active: true,
        })
    }

    /// Provinces, optionally of one region, by code.
    pub async fn provinces(&self, region: Option<Uuid>) -> Result<Vec<Province>> {
        Ok(on_db!(self.store, pool => {
            sqlx::query_as::<_, Province>(
                "SELECT id, region_id, code, name_ar, name_fr, active FROM provinces
                 WHERE ($1 IS NULL OR region_id = $1) ORDER BY code",
            )
            .bind(region).fetch_all(pool).await?
        }))
    }

    pub async fn province(&self, id: Uuid) -> Result<Province> {
        Ok(on_db!(self.store, pool => {
            sqlx::query_as::<_, Province>(
                "SELECT id, region_id, code, name_ar, name_fr, active FROM provinces WHERE id = $1",
            )
            .bind(id).fetch_one(pool).await?
        }))
    }

    pub async fn province_by_code(&self, code: &str) -> Result<Province> {
        Ok(on_db!(self.store, pool => {
            sqlx::query_as::<_, Province>(
                "SELECT id, region_id, code, name_ar, name_fr, active FROM provinces WHERE code = $1",
            )
            .bind(code).fetch_one(pool).await?
        }))
    }

    // ---- schools ----

    /// Creates a school in a province (its region follows from the province).
    pub async fn create_school(&self, input: &SchoolInput) -> Result<School> {
        let input = checked_school(input)?;
        let province = self.province(input.province_id).await?;
        let id = new_id();
        let at = self.store.now();
        on_db!(self.store, pool => {
            sqlx::query(
                "INSERT INTO schools (id, region_id, province_id, code, kind, name_ar, name_fr,
                   search_text, active, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, TRUE, $9, $9)",
            )
            .bind(id).bind(province.region_id).bind(province.id).bind(&input.code)
            .bind(input.kind.as_str()).bind(&input.name_ar).bind(&input.name_fr)
            .bind(search_text(&[&input.code, &input.name_ar, &input.name_fr])).bind(at)
            .execute(pool).await?;
        });
        self.school(id).await
    }

    /// Edits a school's code, kind, names and province.
    pub async fn update_school(&self, id: Uuid, input: &SchoolInput) -> Result<School> {
        let input = checked_school(input)?;
        let province = self.province(input.province_id).await?;
        let changed = on_db!(self.store, pool => {
            sqlx::query(
                "UPDATE schools SET region_id = $2, province_id = $3, code = $4, kind = $5,
                   name_ar = $6, name_fr = $7, search_text = $8, updated_at = $9
                 WHERE id = $1",
            )
            .bind(id).bind(province.region_id).bind(province.id).bind(&input.code)
            .bind(input.kind.as_str()).bind(&input.name_ar).bind(&input.name_fr)
            .bind(search_text(&[&input.code, &input.name_ar, &input.name_fr])).bind(self.store.now())
            .execute(pool).await?.rows_affected()
        });
        found(changed)?;
        self.school(id).await
    }

    /// Deactivates or reactivates a school. Deactivated schools keep their history.
    pub async fn set_school_active(&self, id: Uuid, active: bool) -> Result<()> {
        self.store.set_active("schools", id, active).await
    }

    pub async fn school(&self, id: Uuid) -> Result<School> {
        let sql = format!("SELECT {SCHOOL_COLS} FROM schools WHERE id = $1");
        Ok(self.store.fetch_one::<SchoolRow>(&sql, id).await?.into())
    }

    pub async fn school_by_code(&self, code: &str) -> Result<School> {
        let sql = format!("SELECT {SCHOOL_COLS} FROM schools WHERE code = $1");
        let code = code.trim().to_ascii_uppercase();
        Ok(self.store.fetch_one::<SchoolRow>(&sql, code).await?.into())
    }

    /// Schools by id (unknown ids left out), for naming dashboard rows.
    pub async fn schools_by_ids(&self, ids: &[Uuid]) -> Result<Vec<School>> {
        let rows: Vec<SchoolRow> = self
            .store
            .fetch_by_ids(ids, |marks| {
                format!("SELECT {SCHOOL_COLS} FROM schools WHERE id IN ({marks})")
            })
            .await?;
        Ok(rows.into_iter().map(School::from).collect())
    }

    /// Schools within the filter's scopes, by code, one page at a time.
    pub async fn list_schools(&self, filter: &ListFilter, page: Page) -> Result<Paged<School>> {
        let listing = Listing {
            columns: SCHOOL_COLS,
            from: "FROM schools WHERE ",
            order: "code",
        };
        let rows: Paged<SchoolRow> = self
            .store
            .fetch_page(&listing, &SchoolsWhere(filter), page)
            .await?;
        Ok(rows.map(School::from))
    }

    // ---- classes ----

    /// Creates a class in a school for a school year.
    pub async fn create_class(&self, input: &ClassInput) -> Result<Class> {
        let name = validate::name(&input.name).map_err(|e| StoreError::invalid("name", e))?;
        let year = validate::school_year(&input.school_year)
            .map_err(|e| StoreError::invalid("school_year", e))?;
        let school = self.school(input.school_id).await?;
        let (level, programme) = level_columns(&input.level);
        let id = new_id();
        let at = self.store.now();
        on_db!(self.store, pool => {
            sqlx::query(
                "INSERT INTO classes (id, school_id, region_id, name, school_year, level_code,
                   programme_code, active, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, TRUE, $8, $8)",
            )
            .bind(id).bind(school.id).bind(school.region_id).bind(&name).bind(&year)
            .bind(level).bind(programme).bind(at)
            .execute(pool).await?;
        });
        self.class(id).await
    }

    /// Renames a class or changes its level or year (it stays in its school).
    pub async fn update_class(&self, id: Uuid, input: &ClassInput) -> Result<Class> {
        let name = validate::name(&input.name).map_err(|e| StoreError::invalid("name", e))?;
        let year = validate::school_year(&input.school_year)
            .map_err(|e| StoreError::invalid("school_year", e))?;
        let (level, programme) = level_columns(&input.level);
        let changed = on_db!(self.store, pool => {
            sqlx::query(
                "UPDATE classes SET name = $2, school_year = $3, level_code = $4,
                   programme_code = $5, updated_at = $6 WHERE id = $1",
            )
            .bind(id).bind(&name).bind(&year).bind(level).bind(programme).bind(self.store.now())
            .execute(pool).await?.rows_affected()
        });
        found(changed)?;
        self.class(id).await
    }

    pub async fn set_class_active(&self, id: Uuid, active: bool) -> Result<()> {
        self.store.set_active("classes", id, active).await
    }

    pub async fn class(&self, id: Uuid) -> Result<Class> {
        Ok(on_db!(self.store, pool => {
            sqlx::query_as::<_, Class>(&format!("SELECT {CLASS_COLS} FROM classes WHERE id = $1"))
                .bind(id).fetch_one(pool).await?
        }))
    }

    /// The class of a school with this name in this school year, if any.
    pub async fn find_class(
        &self,
        school_id: Uuid,
        year: &str,
        name: &str,
    ) -> Result<Option<Class>> {
        Ok(on_db!(self.store, pool => {
            sqlx::query_as::<_, Class>(&format!(
                "SELECT {CLASS_COLS} FROM classes WHERE school_id = $1 AND school_year = $2 AND name = $3"
            ))
            .bind(school_id).bind(year).bind(name).fetch_optional(pool).await?
        }))
    }

    /// Classes within the filter's scopes (and school, if given), with pupil counts.
    pub async fn list_classes(
        &self,
        filter: &ListFilter,
        page: Page,
    ) -> Result<Paged<ClassSummary>> {
        let listing = Listing {
            columns: "c.id, c.school_id, c.region_id, c.name, c.school_year, c.level_code,
                c.programme_code, c.active, s.name_ar AS school_name_ar,
                s.name_fr AS school_name_fr,
                (SELECT COUNT(*) FROM role_grants g WHERE g.class_id = c.id
                   AND g.role IN ('pupil', 'trainee')) AS pupils",
            from: "FROM classes c JOIN schools s ON s.id = c.school_id WHERE ",
            order: "c.school_year DESC, s.code, c.name",
        };
        self.store
            .fetch_page(&listing, &ClassesWhere(filter), page)
            .await
    }
}

/// Which schools a listing shows: within the scopes, matching the search.
struct SchoolsWhere<'f>(&'f ListFilter);

impl ListingWhere for SchoolsWhere<'_> {
    fn push<'a, DB: Database>(&'a self, qb: &mut QueryBuilder<'a, DB>)
    where
        Uuid: Encode<'a, DB> + Type<DB>,
        String: Encode<'a, DB> + Type<DB>,
        &'a str: Encode<'a, DB> + Type<DB>,
    {
        push_scope(qb, &self.0.scopes, "region_id", "id");
        push_search(qb, "search_text", self.0.query.as_deref());
        if !self.0.include_inactive {
            qb.push(" AND active = TRUE");
        }
    }
}

/// Which classes a listing shows: within the scopes (and school, if given), matching the
/// search.
struct ClassesWhere<'f>(&'f ListFilter);

impl ListingWhere for ClassesWhere<'_> {
    fn push<'a, DB: Database>(&'a self, qb: &mut QueryBuilder<'a, DB>)
    where
        Uuid: Encode<'a, DB> + Type<DB>,
        String: Encode<'a, DB> + Type<DB>,
        &'a str: Encode<'a, DB> + Type<DB>,
    {
        push_scope(qb, &self.0.scopes, "c.region_id", "c.school_id");
        if let Some(school) = self.0.school {
            qb.push(" AND c.school_id = ").push_bind(school);
        }
        push_search(qb, "LOWER(c.name)", self.0.query.as_deref());
        if !self.0.include_inactive {
            qb.push(" AND c.active = TRUE");
        }
    }
}
