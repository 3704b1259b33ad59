import Foundation
import PolicyMarkup
import PolicyModel

/// Legacy files in, a policies project out: one annotated source per policy found, the
/// vocabulary those sources use (known entries and proposed new ones), and a report of what was
/// proposed and what a person must decide. Returns values; the command writes the files.
public struct Importer {
    /// Everything one import produced, before anything is written.
    public struct Result: Sendable {
        public var policies: [ImportedPolicy] = []
        public var leftOut: [LeftOutText] = []
        public var entries: [ProposedEntry] = []
        public var diagnostics: [Diagnostic] = []

        public init() {}

        /// `vocabulary.yaml` for the imported project.
        public var vocabularyYAML: String { VocabularyWriter.yaml(entries) }
        /// `import-report.md`: what was proposed, what needs a decision, what was left out.
        public var report: String { ImportReport.markdown(self) }
    }

    public var vocabulary: Vocabulary?

    public init(vocabulary: Vocabulary?) {
        self.vocabulary = vocabulary
    }

    /// The reader for a legacy file: HTML by its name (.html, .htm, .xhtml) or, for a page saved
    /// under another name, by its first bytes (`<!DOCTYPE html`, `<html`); plain text otherwise.
    public static func reading(path: String) -> LegacyReading {
        let lowered = path.lowercased()
        if lowered.hasSuffix(".html") || lowered.hasSuffix(".htm") || lowered.hasSuffix(".xhtml") || startsLikeHTML(path) {
            return HTMLReader.read(path: path)
        }
        return PlainTextReader.read(path: path)
    }

    private static func startsLikeHTML(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = String(decoding: (try? handle.read(upToCount: 512)) ?? Data(), as: UTF8.self)
            .drop { $0 == "\u{FEFF}" || $0.isWhitespace }.prefix(15).lowercased()
        return head.hasPrefix("<!doctype html") || head.hasPrefix("<html")
    }

    public func run(_ paths: [String]) -> Result {
        var result = Result()
        var writer = SourceWriter(vocabulary: vocabulary)
        var ids: Set<String> = []
        /// The next number to try for each id already taken (ten thousand copies of one title
        /// must not count up from 2 each time).
        var nextNumber: [String: Int] = [:]
        for path in paths {
            let reading = Self.reading(path: path)
            result.diagnostics += reading.diagnostics
            result.leftOut += reading.leftOut
            for document in reading.documents {
                var policy = writer.write(document)
                // Two legacy files with the same title (two versions) still get separate folders.
                var id = policy.id
                var counter = nextNumber[policy.id, default: 2]
                while ids.contains(id) {
                    id = "\(policy.id)-\(counter)"
                    counter += 1
                }
                nextNumber[policy.id] = counter
                if id != policy.id {
                    policy.markdown = policy.markdown.replacingOccurrences(of: "\nid: \(policy.id)\n", with: "\nid: \(id)\n")
                    policy.id = id
                }
                ids.insert(id)
                result.policies.append(policy)
            }
        }
        result.entries = writer.proposedEntries
        return result
    }
}

/// `vocabulary.yaml` for imported sources: every entry they link to, new ones marked for review.
enum VocabularyWriter {
    static func yaml(_ entries: [ProposedEntry]) -> String {
        var text = """
            # Vocabulary of sources written by `policyc import`. Entries marked "proposed" were not in
            # the project vocabulary: check each label, category and sensitivity, or map the
            # annotation to an existing id, before the sources are released.

            """
        func section(_ kind: ProposedEntry.Kind, _ title: String, _ body: (ProposedEntry) -> String) {
            let group = entries.filter { $0.kind == kind }
            guard !group.isEmpty else { return }
            text += "\(title):\n"
            for entry in group { text += body(entry) }
        }
        let mark: (ProposedEntry) -> String = { $0.isNew ? "  # proposed" : "" }
        section(.item, "items") { entry in
            let category = entry.category ?? entry.id.split(separator: ".").first.map(String.init) ?? "data"
            return "  \(entry.id):\(mark(entry))\n    label: \(YAMLScalar.quoted(entry.label))\n    category: \(category)\n    sensitive: \(entry.looksSensitive)\n"
        }
        section(.recipient, "recipients") { "  \($0.id):\(mark($0))\n    label: \(YAMLScalar.quoted($0.label))\n" }
        section(.region, "regions") { "  \($0.id):\(mark($0))\n    label: \(YAMLScalar.quoted($0.label))\n" }
        section(.term, "terms") { "  \($0.id):\(mark($0))\n    label: \(YAMLScalar.quoted($0.label))\n" }
        section(.contact, "contacts") { entry in
            "  \(entry.id):\(mark(entry))\n    kind: \(entry.contactKind?.rawValue ?? "phone")\n    value: \(YAMLScalar.quoted(entry.value ?? ""))\n    label: \(YAMLScalar.quoted(entry.label))\n"
        }
        return text
    }
}

/// The import report, for the legal team: a table per policy, then every decision left to a person.
enum ImportReport {
    static func markdown(_ result: Importer.Result) -> String {
        var text = "# Import report\n\n"
        if result.policies.isEmpty { text += "No policy was found.\n" }
        for policy in result.policies {
            text += "## \(policy.title)\n\n- source: `\(policy.id)/policy.md`, from `\(policy.origin)`\n"
            let counts = policy.annotationCounts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
            text += "- annotations proposed: " + (counts.isEmpty ? "none" : counts.joined(separator: ", ")) + "\n"
            if !policy.decisions.isEmpty {
                text += "- decisions for a person:\n"
                for decision in policy.decisions { text += "  - \(decision)\n" }
            }
            text += "\n"
        }
        let new = result.entries.filter(\.isNew)
        if !new.isEmpty {
            text += "## Proposed vocabulary entries\n\nNot in the project vocabulary; each needs a person to confirm its id, label and sensitivity:\n\n"
            for entry in new {
                text += "- \(entry.kind.rawValue) `\(entry.id)`: \(entry.label)\(entry.looksSensitive ? " (looks sensitive: PIPL Art. 28)" : "")\n"
            }
            text += "\n"
        }
        if !result.leftOut.isEmpty {
            text += "## Left out\n\nText that belongs to no policy and was not imported:\n\n"
            for part in result.leftOut {
                text += "- `\(part.path)` lines \(part.lines.lowerBound)–\(part.lines.upperBound): \(part.reason) (\"\(part.excerpt)\")\n"
            }
        }
        return text
    }
}
