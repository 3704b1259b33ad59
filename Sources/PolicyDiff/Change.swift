import PolicyMarkup
import PolicyModel

/// One difference between two versions of a policy, classified.
public struct Change: Hashable, Sendable {
    /// What changed, in the law's terms: the category decides whether it is major.
    public enum Subject: String, Hashable, Sendable, CaseIterable {
        case purpose, dataItem = "data-item", recipient, storageRegion = "storage-region", crossBorder = "cross-border"
        case right, exception, contact, controller, retention, responseTime = "response-time", definition
        case choice = "switch", metadata, dates, text, updateClause = "update-clause"
    }

    public enum Kind: String, Hashable, Sendable { case added, removed, changed, moved }

    public enum Severity: String, Hashable, Sendable, Comparable {
        case minor, major
        public static func < (a: Severity, b: Severity) -> Bool { a == .minor && b == .major }
    }

    /// One side of a change: the wording and where it stands in that version's source.
    public struct Side: Hashable, Sendable {
        public var text: String
        public var range: SourceRange?
    }

    /// The rule a change was judged by: a category of the policy's own update clause, or an
    /// article of the law profile.
    public struct Clause: Hashable, Sendable {
        public enum Source: String, Hashable, Sendable { case policy, law }
        public var source: Source
        public var id: String
        public var text: String
        public var range: SourceRange?
    }

    public var subject: Subject
    public var kind: Kind
    /// The fact's id (data item, purpose, section…), when it has one.
    public var id: String?
    /// One line for a reader: what changed.
    public var summary: String
    public var old: Side?
    public var new: Side?
    /// Word-level detail of a text change.
    public var words: [WordRun]
    public var severity: Severity = .minor
    /// Why the change has its severity.
    public var reason: String = ""
    public var clause: Clause?
    /// Spelling, punctuation, case, white space, a duplicated sentence removed.
    public var isEditorial: Bool = false
    /// Whether the change takes something from the user (a right, a choice, a channel).
    var narrows: Bool = false
    /// Ties a text change to its place in the redline (`RedlineUnit.change`).
    public internal(set) var serial: Int?

    init(_ subject: Subject, _ kind: Kind, id: String? = nil, summary: String, old: Side? = nil, new: Side? = nil,
         words: [WordRun] = [], narrows: Bool = false) {
        self.subject = subject
        self.kind = kind
        self.id = id
        self.summary = summary
        self.old = old
        self.new = new
        self.words = words
        self.narrows = narrows
    }
}

/// The result of comparing two versions.
public struct PolicyDiffReport: Sendable {
    public enum Verdict: String, Sendable { case major, minor, unchanged }

    public struct Version: Sendable {
        public var path: String
        public var id: String
        public var title: String
        public var locale: String
        public var version: String?
        public var updated: String?
        public var effective: String?
        public var sha256: String
    }

    public var old: Version
    public var new: Version
    public var profile: LawProfile
    public var changes: [Change]
    /// The new version's wording unit by unit, with what was removed where it stood: a redline.
    public var document: [RedlineUnit] = []

    /// The change a redline unit shows.
    public func change(for unit: RedlineUnit) -> Change? {
        unit.change.flatMap { serial in changes.first { $0.serial == serial } }
    }

    public var verdict: Verdict {
        if changes.contains(where: { $0.severity == .major }) { return .major }
        return changes.isEmpty ? .unchanged : .minor
    }
}

/// One unit of a redline: the wording as it stands in the new version, or as it stood in the old.
public struct RedlineUnit: Hashable, Sendable {
    public enum Status: String, Hashable, Sendable { case same, changed, added, removed, moved }
    public var status: Status
    public var kind: TextUnit.Kind
    public var level: Int
    public var text: String
    /// Word runs of a changed (or moved and reworded) unit.
    public var words: [WordRun]
    /// The serial of the text change this unit shows.
    public var change: Int?
}
