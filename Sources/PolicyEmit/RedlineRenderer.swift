import PolicyDiff
import PolicyModel

/// The body of a redline page: a summary of every change with its badge, then the new version's
/// wording with deleted words struck through and inserted words underlined, each changed unit
/// badged major or minor with its reason. All text is escaped here; the template only places it.
public enum RedlineRenderer {
    public static func body(_ report: PolicyDiffReport) -> [UInt8] {
        var html = HTMLWriter()
        let major = report.changes.filter { $0.severity == .major }.count
        let review = report.changes.filter { $0.severity == .review }.count
        let minor = report.changes.count - major - review
        html += "<section class=\"redline-summary\" aria-labelledby=\"summary-title\">\n<h2 id=\"summary-title\">Summary</h2>\n"
        html += "<p><span class=\"verdict verdict-\(report.verdict.rawValue)\">"
        switch report.verdict {
        case .unchanged: html += "No change"
        case .minor: html += "Minor change"
        case .review: html += "To be reviewed"
        case .major: html += "Major change"
        }
        html += "</span> \(major) major, \(review) to review, \(minor) minor change\(report.changes.count == 1 ? "" : "s") (profile \(report.profile.rawValue.uppercased())).</p>\n"
        // Facts first, and wording to review: what the legal team decides on.
        let facts = report.changes.filter { $0.subject != .text || $0.severity == .review }
        if !facts.isEmpty {
            html += "<ul class=\"fact-changes\">\n"
            for change in facts {
                html += "<li>"
                describe(change, into: &html)
                html += "</li>\n"
            }
            html += "</ul>\n"
        }
        html += "</section>\n<section class=\"redline\" aria-label=\"The new version with its changes marked\">\n"
        for (index, unit) in report.document.enumerated() {
            let change = report.change(for: unit)
            let anchor = "change-\(index + 1)"
            let isHeading = unit.kind == .heading || unit.kind == .title
            let element = isHeading ? "h\(min(6, max(2, unit.level + 1)))" : (unit.kind == .code ? "pre" : "p")
            html += "<\(element) class=\"unit unit-\(unit.status.rawValue)\"\(unit.status == .same ? "" : " id=\"\(anchor)\"")>"
            switch unit.status {
            case .same: html.appendEscaped(unit.text)
            case .added: mark("ins", unit.text, into: &html)
            case .removed: mark("del", unit.text, into: &html)
            case .changed, .moved:
                if unit.words.isEmpty { html.appendEscaped(unit.text) } else { words(unit.words, into: &html) }
            }
            html += "</\(element)>\n"
            if let change, unit.status != .same {
                html += "<p class=\"change-note\">"
                describe(change, into: &html)
                html += "</p>\n"
            }
        }
        html += "</section>\n"
        return html.bytes
    }

    private static func words(_ runs: [WordRun], into html: inout HTMLWriter) {
        for (index, run) in runs.enumerated() {
            if index > 0 { html += " " }
            switch run.operation {
            case .equal: html.appendEscaped(run.text)
            case .delete: mark("del", run.text, into: &html)
            case .insert: mark("ins", run.text, into: &html)
            }
        }
    }

    /// `text`, escaped, inside `<ins>` or `<del>`.
    private static func mark(_ element: String, _ text: String, into html: inout HTMLWriter) {
        html += "<\(element)>"
        html.appendEscaped(text)
        html += "</\(element)>"
    }

    /// The badge, the summary and the reason with its clause.
    private static func describe(_ change: Change, into html: inout HTMLWriter) {
        let label = change.isEditorial ? "editorial" : change.severity.rawValue
        html += "<span class=\"badge badge-\(change.severity.rawValue)\">\(label)</span> "
        html.appendEscaped(change.summary)
        html += " <span class=\"reason\">— "
        html.appendEscaped(change.reason)
        if let clause = change.clause {
            html += clause.source == .policy ? "; the policy's clause: “" : "; "
            html.appendEscaped(clause.text)
            if clause.source == .policy { html += "”" }
        }
        if change.severity == .review {
            html += " <span class=\"change-id\">(change id <code>"
            html.appendEscaped(change.stableID)
            html += "</code>)</span>"
        }
        html += "</span>"
    }
}
