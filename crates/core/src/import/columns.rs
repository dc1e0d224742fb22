//! The columns of each kind of import file, and the header names that map to them.
//!
//! Schools export from several tools (Massar, spreadsheets typed by hand, Excel in a French
//! locale), so a header cell is matched after folding case and accents and dropping spaces,
//! underscores, hyphens, dots and apostrophes: `Année scolaire`, `annee_scolaire` and
//! `ANNEE-SCOLAIRE` are the same column.

use super::{codes, ImportKind, RowError};

/// A column this importer understands, under its canonical name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Column {
    SchoolCode,
    ClassName,
    LevelCode,
    SchoolYear,
    PupilCode,
    LastName,
    FirstName,
    Email,
    Locale,
    ParentEmail,
    Classes,
    Subject,
}

/// How many [`Column`] variants there are (the size of a header's index).
const COLUMN_COUNT: usize = 12;

use Column::*;

/// Header names, already [`normalise`]d, and the column each one means. The canonical
/// names are listed first for each column.
const ALIASES: &[(&str, Column)] = &[
    ("schoolcode", SchoolCode),
    ("codeetablissement", SchoolCode),
    ("codeetab", SchoolCode),
    ("codeecole", SchoolCode),
    ("codegresa", SchoolCode),
    ("classname", ClassName),
    ("classe", ClassName),
    ("nomclasse", ClassName),
    ("nomdelaclasse", ClassName),
    ("groupe", ClassName),
    ("levelcode", LevelCode),
    ("level", LevelCode),
    ("niveau", LevelCode),
    ("codeniveau", LevelCode),
    ("filiere", LevelCode),
    ("schoolyear", SchoolYear),
    ("anneescolaire", SchoolYear),
    ("annee", SchoolYear),
    ("pupilcode", PupilCode),
    ("codeeleve", PupilCode),
    ("codemassar", PupilCode),
    ("massar", PupilCode),
    ("lastname", LastName),
    ("nom", LastName),
    ("nomdefamille", LastName),
    ("firstname", FirstName),
    ("prenom", FirstName),
    ("email", Email),
    ("mail", Email),
    ("courriel", Email),
    ("adresseemail", Email),
    ("locale", Locale),
    ("langue", Locale),
    ("language", Locale),
    ("parentemail", ParentEmail),
    ("emailparent", ParentEmail),
    ("emailduparent", ParentEmail),
    ("courrielparent", ParentEmail),
    ("classes", Classes),
    ("subject", Subject),
    ("matiere", Subject),
    ("discipline", Subject),
];

const CLASSES: &[(Column, bool)] = &[
    (SchoolCode, true),
    (ClassName, true),
    (LevelCode, true),
    (SchoolYear, true),
];
const PUPILS: &[(Column, bool)] = &[
    (SchoolCode, true),
    (ClassName, true),
    (SchoolYear, true),
    (PupilCode, true),
    (LastName, true),
    (FirstName, true),
    (Locale, false),
    (ParentEmail, false),
];
const TEACHERS: &[(Column, bool)] = &[
    (SchoolCode, true),
    (Email, true),
    (LastName, true),
    (FirstName, true),
    (SchoolYear, true),
    (Classes, false),
    (Subject, false),
];

impl Column {
    /// The canonical name, used in templates and in [`RowError::column`].
    pub(super) fn name(self) -> &'static str {
        match self {
            SchoolCode => "school_code",
            ClassName => "class_name",
            LevelCode => "level_code",
            SchoolYear => "school_year",
            PupilCode => "pupil_code",
            LastName => "last_name",
            FirstName => "first_name",
            Email => "email",
            Locale => "locale",
            ParentEmail => "parent_email",
            Classes => "classes",
            Subject => "subject",
        }
    }

    /// The column a header cell names, whatever the kind of file.
    pub(super) fn from_header(raw: &str) -> Option<Column> {
        let key = normalise(raw);
        ALIASES
            .iter()
            .find(|(alias, _)| *alias == key)
            .map(|&(_, column)| column)
    }
}

/// The columns of a kind of file, in template order, each with whether it is required.
pub(super) fn layout(kind: ImportKind) -> &'static [(Column, bool)] {
    match kind {
        ImportKind::Classes => CLASSES,
        ImportKind::Pupils => PUPILS,
        ImportKind::Teachers => TEACHERS,
    }
}

/// Where a canonical column name sits in a kind's template (0 for no column), so errors
/// within a row can be listed in the order the columns appear in the template.
pub(super) fn rank(kind: ImportKind, column: Option<&str>) -> usize {
    column.map_or(0, |name| {
        layout(kind)
            .iter()
            .position(|(c, _)| c.name() == name)
            .map_or(usize::MAX, |i| i + 1)
    })
}

/// Folds a header cell to the form [`ALIASES`] is written in: lower case, no accents
/// (precomposed or combining, as macOS writes them), no separators.
pub(super) fn normalise(raw: &str) -> String {
    let mut key = String::with_capacity(raw.len());
    for c in raw.chars().flat_map(char::to_lowercase) {
        match c {
            c if c.is_whitespace() => {}
            '_' | '-' | '.' | '\'' | '\u{2019}' => {}
            '\u{0300}'..='\u{036f}' => {}
            'à' | 'á' | 'â' | 'ã' | 'ä' => key.push('a'),
            'ç' => key.push('c'),
            'è' | 'é' | 'ê' | 'ë' => key.push('e'),
            'ì' | 'í' | 'î' | 'ï' => key.push('i'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' => key.push('o'),
            'ù' | 'ú' | 'û' | 'ü' => key.push('u'),
            'ÿ' => key.push('y'),
            'œ' => key.push_str("oe"),
            'æ' => key.push_str("ae"),
            c => key.push(c),
        }
    }
    key
}

/// The header of a file: which field holds which column.
#[derive(Debug)]
pub(super) struct Header {
    /// For each field position, the column it holds; `None` for a cell left empty.
    by_field: Vec<Option<Column>>,
    /// For each column, the field position holding it.
    index: [Option<usize>; COLUMN_COUNT],
}

impl Header {
    /// Maps a header row's cells to columns, refusing unknown, repeated and missing ones.
    ///
    /// Empty cells are allowed because Excel writes a trailing delimiter on every line;
    /// a value under one is caught row by row instead.
    pub(super) fn read(
        kind: ImportKind,
        row: usize,
        cells: &[String],
    ) -> Result<Header, Vec<RowError>> {
        let allowed = layout(kind);
        let mut header = Header {
            by_field: Vec::with_capacity(cells.len()),
            index: [None; COLUMN_COUNT],
        };
        let mut errors = Vec::new();
        for (position, cell) in cells.iter().enumerate() {
            let column = if cell.is_empty() {
                None
            } else {
                Column::from_header(cell).filter(|c| allowed.iter().any(|(a, _)| a == c))
            };
            match column {
                None if !cell.is_empty() => {
                    errors.push(RowError::new(row, None, codes::UNKNOWN_COLUMN).with_detail(cell));
                }
                Some(c) if header.index[c as usize].is_some() => {
                    errors.push(
                        RowError::new(row, Some(c), codes::DUPLICATE_COLUMN).with_detail(cell),
                    );
                }
                Some(c) => header.index[c as usize] = Some(position),
                None => {}
            }
            header.by_field.push(column);
        }
        for &(column, required) in allowed {
            if required && header.position(column).is_none() {
                errors.push(RowError::new(row, Some(column), codes::MISSING_COLUMN));
            }
        }
        if errors.is_empty() {
            Ok(header)
        } else {
            Err(errors)
        }
    }

    /// The field position holding a column, if the file has it.
    pub(super) fn position(&self, column: Column) -> Option<usize> {
        self.index[column as usize]
    }

    /// Whether a field position falls under a named column.
    pub(super) fn is_named(&self, position: usize) -> bool {
        matches!(self.by_field.get(position), Some(Some(_)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_fold_case_accents_and_separators() {
        assert_eq!(normalise(" Année  scolaire "), "anneescolaire");
        assert_eq!(normalise("CODE_ÉLÈVE"), "codeeleve");
        // "é" written as "e" + combining acute accent.
        assert_eq!(normalise("Pre\u{301}nom"), "prenom");
        assert_eq!(Column::from_header("E-mail"), Some(Email));
        assert_eq!(Column::from_header("Matière"), Some(Subject));
        assert_eq!(Column::from_header("code massar"), Some(PupilCode));
        assert_eq!(Column::from_header("prenon"), None);
    }

    #[test]
    fn every_alias_is_already_normalised_and_every_column_has_its_canonical_name() {
        for (alias, _) in ALIASES {
            assert_eq!(normalise(alias), *alias);
        }
        for kind in ImportKind::ALL {
            for (column, _) in layout(kind) {
                assert_eq!(Column::from_header(column.name()), Some(*column));
            }
        }
    }

    #[test]
    fn column_count_matches_the_enum() {
        assert_eq!(Subject as usize + 1, COLUMN_COUNT);
    }
}
