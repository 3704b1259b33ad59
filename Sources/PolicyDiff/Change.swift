import PolicyMarkup
import PolicyModel

/// One difference between two versions of a policy, classified.
public struct Change: Hashable, Sendable {
    /// What changed, in the law's terms: the category decides whether it is major.
    public enum Subject: String, Hashable, Sendable, CaseIterable {
        case purpose, dataItem = "data-item", recipient, storageRegion = "storage-region", crossBorder = "cross-border"
        case right, exception, contact, controller, retention, responseTime = "response-time", definition
        case choice = "switch", metadata, dates, text, updateClause = "update-clause"
        /// A promise about a practice: "we will not share …" flipped, weakened or withdrawn.
        case promise
    }

    /// How the fact or wording changed between the versions.
    public enum Kind: String, Hashable, Sendable { case added, removed, changed, moved }

    /// How much a change matters. `review` is a change policyc cannot explain: substantive
    /// wording it cannot read, or a statement it cannot classify. It is never called minor: a
    /// person decides, and `policyc release` records the decision.
    public enum Severity: String, Hashable, Sendable, Comparable, CaseIterable {
        case minor, review, major
        private var rank: Int { Self.allCases.firstIndex(of: self)! }
        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    }

    /// One side of a change: the wording and where it stands in that version's source.
    public struct Side: Hashable, Sendable {
        public var text: String
        public var range: SourceRange?
    }

    /// The rule a change was judged by: a category of the policy's own update clause, or an
    /// article of the law profile.
    public struct Clause: Hashable, Sendable {
        /// Whether the rule is the policy's own update clause or the law profile's.
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
    /// Set where the change is one policyc cannot explain: unless the update clause or the law
    /// makes it major, it is `review`, never minor.
    var failsClosed: Bool = false
    /// A statement change that names something policyc cannot classify (a recipient or data it
    /// does not know, a company that may or may not be the controller): always `review`, since
    /// policyc cannot tell whether the thing is what the update clause or the law speaks of.
    var isUncertain: Bool = false
    /// For a promise: what the promised practice is about (a recipient for "we will not share"),
    /// which the policy's own update clause is searched for.
    var practiceSubject: Subject?
    /// The statements the change is about, before and after, as `PracticeStatement.summary` gives them.
    public var oldStatement: String?
    public var newStatement: String?
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

    /// An id that stays the same for the same change on every run and machine: the first 12 hex
    /// digits of the SHA-256 of its subject, kind, fact id and both wordings. `policyc release`
    /// takes a person's decision on a `review` change by this id.
    public var stableID: String {
        var bytes: [UInt8] = []
        for part in [subject.rawValue, kind.rawValue, id ?? "", old?.text ?? "", new?.text ?? "", oldStatement ?? "", newStatement ?? ""] {
            bytes += Array(part.utf8)
            bytes.append(0)
        }
        return "c-" + PolicyBuilder.sha256(bytes).prefix(12)
    }
}

/// The result of comparing two versions.
public struct PolicyDiffReport: Sendable {
    /// The most serious severity of any change: major > review > minor > unchanged.
    public enum Verdict: String, Sendable, CaseIterable { case major, review, minor, unchanged }

    /// Which version a side of the report is: its file, id, title and dates, and its digest.
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
        Verdict(worst: changes.map(\.severity))
    }
}

extension PolicyDiffReport.Verdict {
    /// The verdict of changes of these severities.
    public init(worst severities: [Change.Severity]) {
        switch severities.max() {
        case .major: self = .major
        case .review: self = .review
        case .minor: self = .minor
        case nil: self = .unchanged
        }
    }

    /// Whether this verdict is at least `severity` (for `--fail-on`).
    public func reaches(_ severity: Change.Severity) -> Bool {
        switch self {
        case .unchanged: false
        case .minor: severity == .minor
        case .review: severity != .major
        case .major: true
        }
    }
}

/// One unit of a redline: the wording as it stands in the new version, or as it stood in the old.
public struct RedlineUnit: Hashable, Sendable {
    /// What happened to the unit: the same in both versions, changed, added, removed or moved.
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
