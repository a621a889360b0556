//! One self-contained HTML page: a sortable table and a summary per level and access.
//! No external assets: styles and the sort script are inline.

use super::{Row, summarize};

/// What the page says about itself.
#[derive(Debug, Clone, Default)]
pub struct HtmlMeta {
    /// `2026-12-06 20:35 UTC`.
    pub generated: String,
    /// The commit the project is at, when it is in git.
    pub commit: Option<String>,
    /// Shown instead of an empty table: why the matrix is empty and how to fill it.
    pub empty_reason: Option<String>,
    /// With `--base`: the base's name; rows show their change.
    pub base: Option<String>,
}

impl HtmlMeta {
    /// Generated now, at the commit the project's repository is at (if any).
    pub fn now(project_root: &std::path::Path) -> HtmlMeta {
        let commit = crate::git::toplevel(project_root)
            .and_then(|top| crate::git::resolve(&top, "HEAD"))
            .ok();
        HtmlMeta {
            generated: utc_now(),
            commit,
            ..HtmlMeta::default()
        }
    }
}

/// `YYYY-MM-DD HH:MM UTC` for the current time (civil date from days since 1970,
/// Howard Hinnant's algorithm).
fn utc_now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs()) as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC",
        rem / 3_600,
        rem % 3_600 / 60
    )
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem;color:#1b1f24}\
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}\
table{border-collapse:collapse;width:100%;font-size:.9rem}\
th,td{border:1px solid #d0d7de;padding:.35rem .6rem;text-align:left;vertical-align:top}\
th{background:#f6f8fa;cursor:pointer;user-select:none;white-space:nowrap}\
th[aria-sort=ascending]::after{content:' \\25B2'}th[aria-sort=descending]::after{content:' \\25BC'}\
tr:nth-child(even) td{background:#fbfcfd}\
.access-read{color:#0a6b2f;font-weight:600}.access-edit{color:#9a3412;font-weight:600}.access-none{color:#57606a}\
.summary{width:auto}.muted{color:#57606a}\
td.where{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.75rem;word-break:break-all;max-width:28rem}\
#matrix thead th{position:sticky;top:0;z-index:1}\
tr.changed td{background:#fff8c5}.empty{border:1px solid #d4a72c;background:#fff8c5;padding:.8rem;max-width:60rem}\
#filter{font-size:1rem;padding:.3rem .5rem;width:24rem;max-width:100%;margin:.5rem 0}";

const SCRIPT: &str = "document.querySelectorAll('table.sortable').forEach(function(t){\
var hs=t.querySelectorAll('th');hs.forEach(function(h,i){h.addEventListener('click',function(){\
var asc=h.getAttribute('aria-sort')!=='ascending';hs.forEach(function(o){o.removeAttribute('aria-sort')});\
h.setAttribute('aria-sort',asc?'ascending':'descending');var b=t.tBodies[0];\
var rows=Array.prototype.slice.call(b.rows);rows.sort(function(x,y){\
var a=x.cells[i].textContent,c=y.cells[i].textContent;return asc?a.localeCompare(c):c.localeCompare(a)});\
rows.forEach(function(r){b.appendChild(r)})})})});\
(function(){var f=document.getElementById('filter'),t=document.getElementById('matrix'),n=document.getElementById('shown');\
if(!f||!t)return;function apply(){var q=f.value.toLowerCase(),k=0;\
Array.prototype.forEach.call(t.tBodies[0].rows,function(r){var v=!q||r.textContent.toLowerCase().indexOf(q)>=0;\
r.hidden=!v;if(v)k++});if(n)n.textContent=k}\
f.addEventListener('input',apply);var h=decodeURIComponent(location.hash.slice(1));if(h){f.value=h}apply()})();";

pub fn render_html(rows: &[Row], meta: &HtmlMeta) -> String {
    let s = summarize(rows);
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<title>Data access matrix</title>\n");
    out.push_str(&format!("<style>{STYLE}</style>\n</head>\n<body>\n"));
    out.push_str("<h1>Data access matrix</h1>\n");
    out.push_str(&format!(
        "<p class=\"muted\" id=\"about\">{} rows, all shown: classified or sensitive-looking fields × integration principals. Generated by sflint {} on {}{}{}. Click a column heading to sort.</p>\n",
        s.rows,
        env!("CARGO_PKG_VERSION"),
        esc(&meta.generated),
        meta.commit
            .as_ref()
            .map(|c| format!(" at commit <code id=\"commit\">{}</code>", esc(c)))
            .unwrap_or_default(),
        meta.base
            .as_ref()
            .map(|b| format!(", compared with <code>{}</code> (changed rows highlighted)", esc(b)))
            .unwrap_or_default(),
    ));
    if rows.is_empty() {
        let why = meta
            .empty_reason
            .as_deref()
            .unwrap_or("The matrix is empty: no classified or sensitive-looking field meets an integration principal.");
        out.push_str(&format!(
            "<p class=\"empty\" id=\"empty\">{}</p>\n",
            esc(why)
        ));
    }
    out.push_str("<h2>Summary</h2>\n<table class=\"summary\" id=\"summary\">\n<thead><tr><th>classification</th><th>read</th><th>edit</th><th>none</th></tr></thead>\n<tbody>\n");
    for (level, counts) in &s.by_level {
        let n = |k: &str| counts.get(k).copied().unwrap_or(0);
        out.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            esc(level),
            n("read"),
            n("edit"),
            n("none")
        ));
    }
    out.push_str("</tbody>\n</table>\n<h2>Fields</h2>\n");
    out.push_str(&format!(
        "<label for=\"filter\">Filter rows: </label><input type=\"search\" id=\"filter\" placeholder=\"field, principal, level…\" autocomplete=\"off\"> <span class=\"muted\"><span id=\"shown\">{}</span> of {} rows shown</span>\n",
        s.rows, s.rows
    ));
    out.push_str("<table class=\"sortable\" id=\"matrix\">\n<thead><tr>");
    let mut heads = vec![
        "Field",
        "Classification",
        "Compliance groups",
        "Principal",
        "Access",
        "Granted by",
        "Justification",
        "Compliance notes",
    ];
    if meta.base.is_some() {
        heads.push("Base access");
    }
    for h in heads {
        out.push_str(&format!("<th scope=\"col\">{h}</th>"));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for r in rows {
        let base = match (&meta.base, r.base_access) {
            (Some(_), Some(b)) => format!("<td class=\"access-{b}\">{b}</td>"),
            (Some(_), None) => "<td></td>".to_string(),
            _ => String::new(),
        };
        out.push_str(&format!(
            "<tr{}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"access-{}\">{}</td><td class=\"where\">{}</td><td>{}</td><td>{}</td>{base}</tr>\n",
            if r.changed() { " class=\"changed\"" } else { "" },
            esc(&r.field),
            esc(&r.classification),
            esc(&r.compliance_groups),
            esc(&r.principal),
            r.access,
            r.access,
            esc(&r.granted_by),
            esc(&r.justification),
            esc(&r.compliance_notes)
        ));
    }
    out.push_str("</tbody>\n</table>\n");
    out.push_str(&format!("<script>{SCRIPT}</script>\n</body>\n</html>\n"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_is_self_contained() {
        let rows = vec![Row {
            field: "Contact.SSN__c".into(),
            classification: "Restricted".into(),
            compliance_groups: "PII".into(),
            principal: "<script>x</script>".into(),
            access: "read",
            granted_by: "a.xml:3".into(),
            justification: "a & b".into(),
            compliance_notes: String::new(),
            base_access: None,
        }];
        let html = render_html(&rows, &HtmlMeta::default());
        assert!(html.contains("&lt;script&gt;x&lt;/script&gt;"));
        assert!(html.contains("a &amp; b"));
        assert!(!html.contains("src=\"http") && !html.contains("href=\"http"));
        assert_eq!(html.matches("<tr>").count(), 1 + 1 + 1 + 1); // 2 heads, 1 summary row, 1 row
        assert!(!html.contains("id=\"empty\""));
    }

    #[test]
    fn an_empty_matrix_says_why_and_changed_rows_are_marked() {
        let meta = HtmlMeta {
            generated: "2026-12-06 20:35 UTC".into(),
            commit: Some("abc123".into()),
            empty_reason: Some("The matrix is empty: <why>".into()),
            base: None,
        };
        let html = render_html(&[], &meta);
        assert!(
            html.contains("<p class=\"empty\" id=\"empty\">The matrix is empty: &lt;why&gt;</p>")
        );
        assert!(
            html.contains("on 2026-12-06 20:35 UTC at commit <code id=\"commit\">abc123</code>")
        );
        assert!(html.contains("<input type=\"search\" id=\"filter\""));
        assert!(html.contains("position:sticky"));
        let row = Row {
            field: "Contact.SSN__c".into(),
            classification: "Restricted".into(),
            compliance_groups: String::new(),
            principal: "etl".into(),
            access: "read",
            granted_by: String::new(),
            justification: String::new(),
            compliance_notes: String::new(),
            base_access: Some("none"),
        };
        let meta = HtmlMeta {
            base: Some("origin/main".into()),
            ..HtmlMeta::default()
        };
        let html = render_html(&[row], &meta);
        assert!(
            html.contains("<tr class=\"changed\"><td>Contact.SSN__c</td>"),
            "{html}"
        );
        assert!(html.contains("<th scope=\"col\">Base access</th>"));
        assert!(html.contains("<td class=\"access-none\">none</td></tr>"));
    }
}
