//! Export formatting: CSV and Markdown escaping of operator text. Plain Rust, tested natively.
//!
//! Operator text can hold anything (Unicode, quotes, commas, `|`, newlines, HTML). Exports keep
//! it readable and inert:
//! - CSV (RFC 4180): a field with a comma, quote, CR or LF is quoted, quotes doubled; a field
//!   starting with `=`, `+`, `-`, `@`, tab or CR gets a leading `'` so spreadsheets do not run
//!   it as a formula. Lines end with CRLF.
//! - Markdown: `&`, `<`, `>` become entities (HTML stays text), Markdown punctuation is
//!   backslash-escaped, `|` is escaped in tables and newlines become `<br>` in table cells.

/// One CSV field.
pub fn csv_field(s: &str) -> String {
    let guarded;
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        guarded = format!("'{s}");
        guarded.as_str()
    } else {
        s
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// A CSV document: a header row, then the rows (CRLF line ends).
pub fn csv(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    let line = |cells: Vec<String>| cells.join(",") + "\r\n";
    out.push_str(&line(headers.iter().map(|h| csv_field(h)).collect()));
    for r in rows {
        out.push_str(&line(r.iter().map(|c| csv_field(c)).collect()));
    }
    out
}

fn escape_md_char(c: char, out: &mut String) {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' => {
            out.push('\\');
            out.push(c);
        }
        _ => out.push(c),
    }
}

/// Text on one line (a heading, a list item): newlines become spaces.
pub fn md_inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.trim().chars() {
        match c {
            '\r' => {}
            '\n' => out.push(' '),
            c => escape_md_char(c, &mut out),
        }
    }
    out
}

/// A Markdown table cell: single line, `|` escaped, newlines as `<br>`.
pub fn md_cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.trim().chars() {
        match c {
            '\r' => {}
            '\n' => out.push_str("<br>"),
            c => escape_md_char(c, &mut out),
        }
    }
    out
}

/// A block of text (a paragraph): line breaks kept as hard breaks, blank lines as paragraphs,
/// list and quote markers at line start escaped.
pub fn md_block(s: &str) -> String {
    let text = s.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<String> = text
        .trim()
        .split('\n')
        .map(|line| {
            let mut out = String::new();
            let trimmed = line.trim_start();
            let indent = &line[..line.len() - trimmed.len()];
            out.push_str(&indent.replace('\t', "    "));
            let mut chars = trimmed.chars().peekable();
            // A leading list, quote or numbered-list marker would change the structure.
            if let Some(&c) = chars.peek() {
                if matches!(c, '-' | '+' | '=') {
                    out.push('\\');
                }
            }
            let mut rest = String::new();
            for c in chars {
                escape_md_char(c, &mut rest);
            }
            // `1. ` at line start would start a numbered list.
            if let Some(dot) = rest.find(". ") {
                if dot > 0 && rest[..dot].chars().all(|c| c.is_ascii_digit()) {
                    rest.replace_range(dot..dot + 1, "\\.");
                }
            }
            out.push_str(&rest);
            out
        })
        .collect();
    let mut out = String::new();
    for (i, l) in lines.iter().enumerate() {
        out.push_str(l);
        if i + 1 < lines.len() {
            let next_blank = lines[i + 1].trim().is_empty();
            if l.trim().is_empty() || next_blank {
                out.push('\n');
            } else {
                out.push_str("  \n");
            }
        }
    }
    if out.is_empty() {
        "_(none)_".to_string()
    } else {
        out
    }
}

/// A Markdown table.
pub fn md_table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    out.push_str("| ");
    out.push_str(
        &headers
            .iter()
            .map(|h| md_cell(h))
            .collect::<Vec<_>>()
            .join(" | "),
    );
    out.push_str(" |\n|");
    for _ in headers {
        out.push_str(" --- |");
    }
    out.push('\n');
    for r in rows {
        out.push_str("| ");
        out.push_str(&r.iter().map(|c| md_cell(c)).collect::<Vec<_>>().join(" | "));
        out.push_str(" |\n");
    }
    out
}

/// A safe file-name part from any text: letters, digits, `-`, `_`, `.`; at most 60 chars.
pub fn file_slug(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' {
                c
            } else {
                '-'
            }
        })
        .take(60)
        .collect();
    while out.contains("--") {
        out = out.replace("--", "-");
    }
    let out = out.trim_matches(['-', '.']).to_string();
    if out.is_empty() {
        "export".into()
    } else {
        out
    }
}

/// Free text people type, for the table-driven export tests of every module: any Unicode,
/// quotes, `|`, newlines, HTML, Markdown structure.
#[cfg(test)]
pub(crate) const HOSTILE: &[&str] = &[
    "plain words",
    "quotes \" ' ` and a backslash \\",
    "pipes | in | cells ||",
    "line 1\nline 2\r\nline 3",
    "<script>window.__x=1</script>",
    "<img src=x onerror=\"window.__x=1\">",
    "# heading\n- list\n> quote\n```fence```",
    "[link](javascript:alert(1)) *em* _u_",
    "ünï 🐤 👩‍👩‍👧 עברית \u{202e}rtl \u{200b}zw",
    "a,b;c\ttab",
];

/// Asserts a Markdown export is inert: no raw HTML tag from the text, no line that the text
/// turned into a heading, list, quote or fence.
#[cfg(test)]
pub(crate) fn assert_inert_markdown(md: &str) {
    for bad in ["<script", "<img"] {
        assert!(!md.contains(bad), "{bad:?} in\n{md}");
    }
    // A link needs an unescaped `](`.
    assert!(
        !md.replace("\\]", "").contains("](javascript:"),
        "a live link in\n{md}"
    );
    for line in md.lines() {
        let l = line.trim_start();
        assert!(!l.starts_with("```"), "fence line {line:?}");
        assert!(!l.starts_with("> quote"), "quote line {line:?}");
        assert!(!l.starts_with("# heading"), "heading line {line:?}");
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    const NASTY: &str = "a, \"b\" | <script>alert(1)</script> & *x*\nline 2 — ünï 🐤";

    #[test]
    fn csv_quotes_what_needs_it() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_field("a|b <i>"), "a|b <i>");
        assert_eq!(csv_field("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(csv_field("-1,2"), "\"'-1,2\"");
        assert_eq!(csv_field("ünï 🐤"), "ünï 🐤");
        let doc = csv(&["v", "text"], &[vec!["42".into(), NASTY.into()]]);
        assert!(doc.starts_with("v,text\r\n42,\"a, \"\"b\"\" | <script>"));
        assert!(doc.ends_with("🐤\"\r\n"));
    }

    /// A tiny RFC 4180 reader, to prove the round trip.
    pub(crate) fn parse_csv(s: &str) -> Vec<Vec<String>> {
        let mut rows = vec![];
        let mut row = vec![];
        let mut cell = String::new();
        let mut quoted = false;
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            match (quoted, c) {
                (true, '"') if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                (true, '"') => quoted = false,
                (true, c) => cell.push(c),
                (false, '"') => quoted = true,
                (false, ',') => row.push(std::mem::take(&mut cell)),
                (false, '\r') => {}
                (false, '\n') => {
                    row.push(std::mem::take(&mut cell));
                    rows.push(std::mem::take(&mut row));
                }
                (false, c) => cell.push(c),
            }
        }
        rows
    }

    #[test]
    fn csv_round_trips() {
        let doc = csv(&["a", "b"], &[vec![NASTY.into(), "x".into()]]);
        let rows = parse_csv(&doc);
        assert_eq!(rows, vec![vec!["a", "b"], vec![NASTY, "x"]]);
    }

    #[test]
    fn markdown_cells_stay_in_their_cell_and_html_is_inert() {
        let c = md_cell(NASTY);
        assert!(!c.contains('\n'));
        assert!(!c.contains("<script>"));
        assert!(c.contains("&lt;script&gt;"));
        assert!(c.contains("\\|"));
        assert!(c.contains("<br>line 2"));
        assert!(c.contains("&amp;"));
        assert!(c.contains("\\*x\\*"));
        assert!(c.contains("ünï 🐤"));
        let t = md_table(&["v", "text"], &[vec!["42".into(), "a|b".into()]]);
        assert_eq!(t, "| v | text |\n| --- | --- |\n| 42 | a\\|b |\n");
        // Every row has as many unescaped pipes as the header.
        let t = md_table(&["a", "b"], &[vec![NASTY.into(), "|||".into()]]);
        let pipes = |l: &str| l.replace("\\|", "").matches('|').count();
        let lines: Vec<_> = t.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines.iter().all(|l| pipes(l) == 3));
    }

    #[test]
    fn markdown_blocks_keep_lines_and_escape_structure() {
        assert_eq!(md_inline("# a\nb"), "\\# a b");
        let b = md_block("- not a list\n1. not numbered\n<b>x</b>\n\n# not a heading");
        assert_eq!(
            b,
            "\\- not a list  \n1\\. not numbered  \n&lt;b&gt;x&lt;/b&gt;\n\n\\# not a heading"
        );
        assert_eq!(md_block("  "), "_(none)_");
    }

    #[test]
    fn file_slugs_are_safe() {
        assert_eq!(
            file_slug("INC-20261129 / db <down>"),
            "INC-20261129-db-down"
        );
        assert_eq!(file_slug("../.."), "export");
        assert_eq!(file_slug(""), "export");
    }
}
