//! The bulk CSV format: one person per row, named by `email` or `extension`, followed by any
//! number of setting columns (`feature.field`, e.g. `forwarding.always_enabled`). An empty
//! setting cell means "leave unchanged" (only the fields given change).
//!
//! Parsing follows RFC 4180: fields may be quoted with `"`, a quote inside a quoted field is
//! doubled, quoted fields may hold commas and line breaks; lines end with LF or CRLF; a UTF-8
//! byte-order mark (Excel writes one) is ignored. A bad row never stops the file: it is
//! returned as a [`BadRow`] with its line number and a reason code, so the preview can list it.
//! Reasons are codes, not text: the message catalogue words them.

/// Most rows one file may hold (the issue asks for at least 10,000 per job).
pub const MAX_ROWS: usize = 20_000;

/// How a row names its person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowKey {
    Email(String),
    Extension(String),
}

/// A well-formed row: who, and the setting cells that were given (column name, value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvRow {
    /// 1-based line on which the row starts (quoted line breaks count).
    pub line: usize,
    pub key: RowKey,
    pub settings: Vec<(String, String)>,
}

/// Why a row (or the whole file) was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BadReason {
    /// A quoted field is not closed before the end of the file.
    UnterminatedQuote,
    /// Text follows a closing quote inside the same field (`"a"b`).
    TextAfterQuote,
    /// More cells than the header has columns.
    TooManyFields,
    /// Neither an email nor an extension is given.
    NoKey,
    /// Both an email and an extension are given (ambiguous).
    BothKeys,
    /// The email cell is not an address.
    BadEmail,
    /// The extension cell is not 2 to 10 digits.
    BadExtension,
    /// The row sets nothing.
    NoSettings,
    /// More than [`MAX_ROWS`] rows; this one and those after it are not read.
    TooManyRows,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRow {
    pub line: usize,
    pub reason: BadReason,
}

/// Why the file as a whole cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileError {
    Empty,
    /// The header has neither an `email` nor an `extension` column.
    NoKeyColumn,
    /// The header has no setting column.
    NoSettingColumns,
    /// A header cell is empty or repeated (column index, 0-based).
    BadHeader(usize),
    /// The header line itself is malformed.
    HeaderSyntax(BadReason),
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Parsed {
    /// The setting columns, in file order.
    pub columns: Vec<String>,
    pub rows: Vec<CsvRow>,
    pub bad: Vec<BadRow>,
}

/// The downloadable template's text: the header and one example row of each key kind.
pub fn template(columns: &[&str]) -> String {
    let mut out = String::from("email,extension");
    for c in columns {
        out.push(',');
        out.push_str(c);
    }
    out.push_str("\r\n");
    out.push_str("alice@example.com,");
    out.push_str(&",".repeat(columns.len()));
    out.push_str("\r\n,1234");
    out.push_str(&",".repeat(columns.len()));
    out.push_str("\r\n");
    out
}

/// One physical record: its starting line and its cells, or a syntax error.
type Record = (usize, Result<Vec<String>, BadReason>);

/// Splits text into records. After a syntax error the rest of that line is skipped and reading
/// resumes at the next line, so one bad row never hides the rows after it.
fn records(text: &str) -> Vec<Record> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    let mut line = 1usize;
    while chars.peek().is_some() {
        let start = line;
        let mut cells = Vec::new();
        let mut cell = String::new();
        let mut error = None;
        loop {
            // Start of a cell.
            if chars.peek() == Some(&'"') {
                chars.next();
                let mut closed = false;
                while let Some(c) = chars.next() {
                    if c == '"' {
                        if chars.peek() == Some(&'"') {
                            chars.next();
                            cell.push('"');
                        } else {
                            closed = true;
                            break;
                        }
                    } else {
                        if c == '\n' {
                            line += 1;
                        }
                        cell.push(c);
                    }
                }
                if !closed {
                    error = Some(BadReason::UnterminatedQuote);
                    break;
                }
                match chars.peek() {
                    None | Some(',') | Some('\n') | Some('\r') => {}
                    Some(_) => {
                        error = Some(BadReason::TextAfterQuote);
                        break;
                    }
                }
            } else {
                while let Some(&c) = chars.peek() {
                    if c == ',' || c == '\n' || c == '\r' {
                        break;
                    }
                    cell.push(c);
                    chars.next();
                }
            }
            cells.push(std::mem::take(&mut cell));
            match chars.next() {
                Some(',') => continue,
                Some('\r') => {
                    if chars.peek() == Some(&'\n') {
                        chars.next();
                    }
                    line += 1;
                    break;
                }
                Some('\n') => {
                    line += 1;
                    break;
                }
                None => break,
                Some(_) => unreachable!("a cell ends only at a separator or line end"),
            }
        }
        if let Some(reason) = error {
            // Skip to the end of the current line.
            for c in chars.by_ref() {
                if c == '\n' {
                    line += 1;
                    break;
                }
            }
            out.push((start, Err(reason)));
        } else if !(cells.len() == 1 && cells[0].trim().is_empty()) {
            // Blank lines are ignored.
            out.push((start, Ok(cells)));
        }
    }
    out
}

fn valid_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(|c| c.is_whitespace() || c == ',')
        && !domain.contains('@')
}

fn valid_extension(s: &str) -> bool {
    (2..=10).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

/// Parses a bulk CSV file. A file-level problem (no header, no key column) is an `Err`; every
/// row-level problem is a [`BadRow`] in the result.
pub fn parse(text: &str) -> Result<Parsed, FileError> {
    let mut recs = records(text).into_iter();
    let (_, header) = recs.next().ok_or(FileError::Empty)?;
    let header = header.map_err(FileError::HeaderSyntax)?;
    let header: Vec<String> = header
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    for (i, h) in header.iter().enumerate() {
        if h.is_empty() || header[..i].contains(h) {
            return Err(FileError::BadHeader(i));
        }
    }
    let email_col = header.iter().position(|h| h == "email");
    let ext_col = header.iter().position(|h| h == "extension");
    if email_col.is_none() && ext_col.is_none() {
        return Err(FileError::NoKeyColumn);
    }
    let setting_cols: Vec<usize> = (0..header.len())
        .filter(|i| Some(*i) != email_col && Some(*i) != ext_col)
        .collect();
    if setting_cols.is_empty() {
        return Err(FileError::NoSettingColumns);
    }
    let mut parsed = Parsed {
        columns: setting_cols.iter().map(|i| header[*i].clone()).collect(),
        ..Parsed::default()
    };
    for (line, rec) in recs {
        if parsed.rows.len() + parsed.bad.len() >= MAX_ROWS {
            parsed.bad.push(BadRow {
                line,
                reason: BadReason::TooManyRows,
            });
            break;
        }
        let bad = |reason| BadRow { line, reason };
        let cells = match rec {
            Ok(c) => c,
            Err(reason) => {
                parsed.bad.push(bad(reason));
                continue;
            }
        };
        if cells.len() > header.len() {
            parsed.bad.push(bad(BadReason::TooManyFields));
            continue;
        }
        let cell = |i: Option<usize>| {
            i.and_then(|i| cells.get(i))
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
        };
        let key = match (cell(email_col), cell(ext_col)) {
            (None, None) => Err(BadReason::NoKey),
            (Some(_), Some(_)) => Err(BadReason::BothKeys),
            (Some(e), None) if valid_email(e) => Ok(RowKey::Email(e.to_ascii_lowercase())),
            (Some(_), None) => Err(BadReason::BadEmail),
            (None, Some(x)) if valid_extension(x) => Ok(RowKey::Extension(x.to_string())),
            (None, Some(_)) => Err(BadReason::BadExtension),
        };
        let key = match key {
            Ok(k) => k,
            Err(reason) => {
                parsed.bad.push(bad(reason));
                continue;
            }
        };
        let settings: Vec<(String, String)> = setting_cols
            .iter()
            .filter_map(|i| cell(Some(*i)).map(|v| (header[*i].clone(), v.to_string())))
            .collect();
        if settings.is_empty() {
            parsed.bad.push(bad(BadReason::NoSettings));
            continue;
        }
        parsed.rows.push(CsvRow {
            line,
            key,
            settings,
        });
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(a: &str, b: &str) -> (String, String) {
        (a.to_string(), b.to_string())
    }

    #[test]
    fn plain_rows_with_email_or_extension() {
        let p =
            parse("email,extension,forwarding.always_enabled\nA@Example.com,,true\n,1234,false\n")
                .unwrap();
        assert_eq!(p.columns, vec!["forwarding.always_enabled"]);
        assert_eq!(p.bad, vec![]);
        assert_eq!(
            p.rows,
            vec![
                CsvRow {
                    line: 2,
                    key: RowKey::Email("a@example.com".into()),
                    settings: vec![s("forwarding.always_enabled", "true")]
                },
                CsvRow {
                    line: 3,
                    key: RowKey::Extension("1234".into()),
                    settings: vec![s("forwarding.always_enabled", "false")]
                },
            ]
        );
    }

    #[test]
    fn quotes_commas_newlines_and_doubled_quotes() {
        let text =
            "email,voicemail.note\r\n\"a@x.io\",\"one, \"\"two\"\"\nthree\"\r\nb@x.io,plain\r\n";
        let p = parse(text).unwrap();
        assert_eq!(p.bad, vec![]);
        assert_eq!(p.rows.len(), 2);
        assert_eq!(
            p.rows[0].settings,
            vec![s("voicemail.note", "one, \"two\"\nthree")]
        );
        // The quoted line break counts: the second row starts on line 4.
        assert_eq!(p.rows[1].line, 4);
    }

    #[test]
    fn byte_order_mark_is_ignored() {
        let p = parse("\u{feff}email,dnd.enabled\na@x.io,true").unwrap();
        assert_eq!(p.rows.len(), 1);
        assert_eq!(p.rows[0].key, RowKey::Email("a@x.io".into()));
    }

    #[test]
    fn bad_rows_are_listed_and_the_rest_still_read() {
        let text = "email,extension,dnd.enabled\n\
                    ,,true\n\
                    a@x.io,1234,true\n\
                    not-an-email,,true\n\
                    ,12a4,true\n\
                    b@x.io,,\n\
                    c@x.io,,true,extra\n\
                    \"d@x.io\"junk,,true\n\
                    e@x.io,,true\n\
                    \n\
                    \"f@x.io,,true\n";
        let p = parse(text).unwrap();
        let reasons: Vec<(usize, BadReason)> = p.bad.iter().map(|b| (b.line, b.reason)).collect();
        assert_eq!(
            reasons,
            vec![
                (2, BadReason::NoKey),
                (3, BadReason::BothKeys),
                (4, BadReason::BadEmail),
                (5, BadReason::BadExtension),
                (6, BadReason::NoSettings),
                (7, BadReason::TooManyFields),
                (8, BadReason::TextAfterQuote),
                (11, BadReason::UnterminatedQuote),
            ]
        );
        assert_eq!(p.rows.len(), 1);
        assert_eq!(p.rows[0].line, 9);
    }

    #[test]
    fn file_level_errors() {
        assert_eq!(parse(""), Err(FileError::Empty));
        assert_eq!(parse("\u{feff}"), Err(FileError::Empty));
        assert_eq!(
            parse("name,dnd.enabled\nx,true"),
            Err(FileError::NoKeyColumn)
        );
        assert_eq!(parse("email\na@x.io"), Err(FileError::NoSettingColumns));
        assert_eq!(
            parse("email,dnd.enabled,dnd.enabled\n"),
            Err(FileError::BadHeader(2))
        );
        assert_eq!(parse("email,,x\n"), Err(FileError::BadHeader(1)));
        assert_eq!(
            parse("\"email,x\n"),
            Err(FileError::HeaderSyntax(BadReason::UnterminatedQuote))
        );
    }

    #[test]
    fn template_parses_back() {
        let t = template(&["forwarding.always_enabled", "voicemail.enabled"]);
        assert!(t.starts_with("email,extension,forwarding.always_enabled,voicemail.enabled\r\n"));
        let p = parse(&t).unwrap();
        assert_eq!(p.columns.len(), 2);
        // The example rows set nothing, so they are listed, not silently dropped.
        assert_eq!(p.rows.len(), 0);
        assert_eq!(p.bad.len(), 2);
        assert!(p.bad.iter().all(|b| b.reason == BadReason::NoSettings));
    }

    #[test]
    fn ten_thousand_rows_parse_and_more_than_the_limit_is_refused() {
        let mut text = String::from("email,forwarding.always_enabled\n");
        for i in 0..10_000 {
            text.push_str(&format!("user{i}@example.com,true\n"));
        }
        let p = parse(&text).unwrap();
        assert_eq!(p.rows.len(), 10_000);
        assert!(p.bad.is_empty());

        let mut big = String::from("extension,dnd.enabled\n");
        for i in 0..(MAX_ROWS + 5) {
            big.push_str(&format!("{},true\n", 10_000 + i));
        }
        let p = parse(&big).unwrap();
        assert_eq!(p.rows.len(), MAX_ROWS);
        assert_eq!(p.bad.len(), 1);
        assert_eq!(p.bad[0].reason, BadReason::TooManyRows);
    }
}
