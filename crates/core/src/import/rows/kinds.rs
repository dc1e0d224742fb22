//! How a row of each kind of file reads: classes, pupils and teachers.

use std::collections::HashMap;

use super::{class_level, display_name, locale, subject, Cells, RowReader};
use crate::import::columns::Column;
use crate::import::{ClassRow, PupilRow, TeacherRow};
use crate::validate;

/// Reads a classes file; a class is identified by school, name (any case) and year.
#[derive(Default)]
pub(in crate::import) struct ClassReader {
    seen: HashMap<(String, String, String), usize>,
}

impl RowReader for ClassReader {
    type Row = ClassRow;

    fn read(&mut self, cells: &mut Cells<'_>) -> Option<ClassRow> {
        let school_code = cells.required(Column::SchoolCode, validate::org_code);
        let class_name = cells.required(Column::ClassName, validate::name);
        let level = cells.required(Column::LevelCode, class_level);
        let school_year = cells.required(Column::SchoolYear, validate::school_year);
        let (school_code, class_name, level, school_year) =
            (school_code?, class_name?, level?, school_year?);
        let key = (
            school_code.clone(),
            class_name.to_lowercase(),
            school_year.clone(),
        );
        if !cells.first_time(&mut self.seen, key, Column::ClassName, &class_name) {
            return None;
        }
        Some(ClassRow {
            row: cells.row,
            school_code,
            class_name,
            level,
            school_year,
        })
    }
}

/// Reads a pupils file; pupil codes (national Massar codes) must be unique.
#[derive(Default)]
pub(in crate::import) struct PupilReader {
    seen: HashMap<String, usize>,
}

impl RowReader for PupilReader {
    type Row = PupilRow;

    fn read(&mut self, cells: &mut Cells<'_>) -> Option<PupilRow> {
        let school_code = cells.required(Column::SchoolCode, validate::org_code);
        let class_name = cells.required(Column::ClassName, validate::name);
        let school_year = cells.required(Column::SchoolYear, validate::school_year);
        let pupil_code = cells.required(Column::PupilCode, validate::pupil_code);
        let last_name = cells.required(Column::LastName, validate::name);
        let first_name = cells.required(Column::FirstName, validate::name);
        let locale = cells.optional(Column::Locale, locale);
        let parent_email = cells.optional(Column::ParentEmail, validate::email);
        let (school_code, class_name, school_year, pupil_code) =
            (school_code?, class_name?, school_year?, pupil_code?);
        let (last_name, first_name, locale, parent_email) =
            (last_name?, first_name?, locale?, parent_email?);
        if !cells.first_time(
            &mut self.seen,
            pupil_code.clone(),
            Column::PupilCode,
            &pupil_code,
        ) {
            return None;
        }
        Some(PupilRow {
            row: cells.row,
            school_code,
            class_name,
            school_year,
            pupil_code,
            display_name: display_name(&first_name, &last_name),
            locale,
            parent_email,
        })
    }
}

/// Reads a teachers file; e-mail addresses must be unique.
#[derive(Default)]
pub(in crate::import) struct TeacherReader {
    seen: HashMap<String, usize>,
}

impl TeacherReader {
    /// The `;`-separated class names, each checked like a class name; repeats are dropped.
    fn classes(cells: &mut Cells<'_>) -> Option<Vec<String>> {
        let mut classes: Vec<String> = Vec::new();
        let mut valid = true;
        for piece in cells.raw(Column::Classes).split(';').map(str::trim) {
            if piece.is_empty() {
                continue;
            }
            match validate::name(piece) {
                Ok(name) => {
                    if !classes
                        .iter()
                        .any(|c| c.to_lowercase() == name.to_lowercase())
                    {
                        classes.push(name);
                    }
                }
                Err(e) => {
                    cells.fail(Column::Classes, e.code, piece);
                    valid = false;
                }
            }
        }
        valid.then_some(classes)
    }
}

impl RowReader for TeacherReader {
    type Row = TeacherRow;

    fn read(&mut self, cells: &mut Cells<'_>) -> Option<TeacherRow> {
        let school_code = cells.required(Column::SchoolCode, validate::org_code);
        let email = cells.required(Column::Email, validate::email);
        let last_name = cells.required(Column::LastName, validate::name);
        let first_name = cells.required(Column::FirstName, validate::name);
        let school_year = cells.required(Column::SchoolYear, validate::school_year);
        let classes = Self::classes(cells);
        let subject = cells.optional(Column::Subject, subject);
        let (school_code, email, last_name, first_name) =
            (school_code?, email?, last_name?, first_name?);
        let (school_year, classes, subject) = (school_year?, classes?, subject?);
        if !cells.first_time(&mut self.seen, email.clone(), Column::Email, &email) {
            return None;
        }
        Some(TeacherRow {
            row: cells.row,
            school_code,
            email,
            display_name: display_name(&first_name, &last_name),
            school_year,
            classes,
            subject,
        })
    }
}
