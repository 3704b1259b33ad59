import PolicyDiff
import PolicyMarkup
import PolicyModel

/// A diff report as JSON (for CI and services) and as text (for the legal team's terminal).
public enum DiffReportRenderer {
    public static let schemaVersion = 2

    public static func json(_ report: PolicyDiffReport) -> JSON {
        let counts = Dictionary(grouping: report.changes, by: \.severity).mapValues(\.count)
        return .object([
            "schemaVersion": .int(schemaVersion),
            "verdict": .string(report.verdict.rawValue),
            "profile": .string(report.profile.rawValue),
            "old": version(report.old),
            "new": version(report.new),
            "counts": .object([
                "major": .int(counts[.major] ?? 0), "review": .int(counts[.review] ?? 0), "minor": .int(counts[.minor] ?? 0),
            ]),
            "changes": .array(report.changes.map(change)),
        ])
    }

    private static func version(_ version: PolicyDiffReport.Version) -> JSON {
        .object([
            "path": .string(version.path), "id": .string(version.id), "version": .optional(version.version),
            "updated": .optional(version.updated), "effective": .optional(version.effective), "sha256": .string(version.sha256),
        ])
    }

    private static func change(_ change: Change) -> JSON {
        var object: JSONObject = [
            "changeId": .string(change.stableID),
            "subject": .string(change.subject.rawValue), "kind": .string(change.kind.rawValue),
            "id": .optional(change.id), "summary": .string(change.summary),
            "severity": .string(change.severity.rawValue), "reason": .string(change.reason),
            "editorial": .bool(change.isEditorial),
            "old": side(change.old), "new": side(change.new),
        ]
        if change.oldStatement != nil || change.newStatement != nil {
            object["statements"] = .object(["old": .optional(change.oldStatement), "new": .optional(change.newStatement)])
        }
        if let clause = change.clause {
            object["clause"] = .object([
                "source": .string(clause.source.rawValue), "id": .string(clause.id), "text": .string(clause.text),
                "range": clause.range.map(ManifestEmitter.range) ?? .null,
            ])
        }
        if !change.words.isEmpty {
            object["words"] = .array(change.words.map { .object(["op": .string($0.operation.rawValue), "text": .string($0.text)]) })
        }
        return .object(object)
    }

    private static func side(_ side: Change.Side?) -> JSON {
        guard let side else { return .null }
        return .object(["text": .string(side.text), "range": side.range.map(ManifestEmitter.range) ?? .null])
    }

    // MARK: - Text

    /// Major changes first, each with its reason and clause; then those to review, each with the
    /// id a person acknowledges it by; then minor ones. Word changes are shown as
    /// [-deleted-]{+inserted+}, as `git diff --word-diff` does.
    public static func text(_ report: PolicyDiffReport) -> String {
        let label = { (version: PolicyDiffReport.Version) in version.version ?? version.updated ?? version.path }
        let name = report.old.id == report.new.id ? report.new.id : "\(report.old.id) → \(report.new.id)"
        var out = "\(name): \(label(report.old)) → \(label(report.new)): \(report.verdict.rawValue.uppercased())"
        let major = report.changes.filter { $0.severity == .major }, minor = report.changes.filter { $0.severity == .minor }
        let review = report.changes.filter { $0.severity == .review }
        out += report.changes.isEmpty ? " (no changes)\n" : " (\(major.count) major, \(review.count) to review, \(minor.count) minor)\n"
        for change in major + review + minor {
            out += "\n\(change.severity.rawValue.padding(6)) \(change.summary)\n"
            out += "       \(change.reason)\n"
            if change.severity == .review { out += "       change id: \(change.stableID)\n" }
            if let old = change.oldStatement { out += "       before: \(old)\n" }
            if let new = change.newStatement { out += "       now:    \(new)\n" }
            if let clause = change.clause {
                let place = clause.range.map { " (\(($0.file as String).lastPathComponent):\($0.start.line):\($0.start.column))" } ?? ""
                out += "       clause: \(clause.text)\(place)\n"
            }
            // The report's paths, not the ranges' files: one text may stand for several files.
            if let range = change.new?.range {
                out += "       at \(report.new.path):\(range.start.line):\(range.start.column)\n"
            } else if let range = change.old?.range {
                out += "       at \(report.old.path):\(range.start.line):\(range.start.column)\n"
            }
            if !change.words.isEmpty, change.words.contains(where: { $0.operation != .equal }) {
                out += "       " + wordDiff(change.words) + "\n"
            }
        }
        return out
    }

    /// The changed words with a few words of context either side.
    static func wordDiff(_ runs: [WordRun]) -> String {
        var parts: [String] = []
        for (index, run) in runs.enumerated() {
            switch run.operation {
            case .delete: parts.append("[-\(run.text)-]")
            case .insert: parts.append("{+\(run.text)+}")
            case .equal:
                let words = run.text.split(separator: " ")
                let isFirst = index == 0, isLast = index == runs.count - 1
                if words.count <= 8 { parts.append(run.text); continue }
                let head = isFirst ? [] : words.prefix(4)
                let tail = isLast ? [] : words.suffix(4)
                parts.append((head.isEmpty ? [] : head + ["…"]).joined(separator: " ") + (tail.isEmpty ? "" : ((head.isEmpty ? "… " : " ") + tail.joined(separator: " "))))
            }
        }
        return parts.joined(separator: " ")
    }
}

private extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
    var lastPathComponent: String { split(separator: "/").last.map(String.init) ?? self }
}
