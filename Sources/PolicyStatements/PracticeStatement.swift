import PolicyMarkup

/// One data-practice statement a sentence makes, in the spirit of PolicyLint's
/// ⟨actor, action, data, entity⟩ tuples and PoliGraph's edges: who does what with which
/// information, for whom, why, under which conditions, where and for how long — and whether the
/// sentence says it is done or promises that it is not.
///
/// A sentence yields zero or more statements (one per group of coordinated verbs: "collect, use
/// and store" is one statement with three actions). Everything is read from the words alone, so
/// the same statement comes out of an annotated and a plain copy of the same sentence.
public struct PracticeStatement: Hashable, Sendable {
    /// Who acts.
    public enum Actor: Hashable, Sendable, CustomStringConvertible {
        /// "we", the controller.
        case firstParty
        /// "you", the user: their rights and choices.
        case user
        /// A category of organisations ("advertising partners", "affiliates"), by lexicon key.
        case category(String)
        /// A named organisation ("Google Analytics", "Acme Ltd.").
        case organisation(String)

        public var description: String {
            switch self {
            case .firstParty: "we"
            case .user: "you"
            case .category(let key): "category:\(key)"
            case .organisation(let name): "organisation:\(name)"
            }
        }
    }

    /// Whether the statement says the practice happens or that it does not.
    public enum Polarity: String, Hashable, Sendable {
        case affirmative
        /// "not", "never", "no", "nor", "without" …; any exception ("unless …") is in `exceptions`.
        case negated
    }

    /// How strongly: a plain statement of fact, a commitment, a permission, a necessity.
    public enum Modality: String, Hashable, Sendable {
        /// "we collect"
        case stated
        /// "we will", "shall", "must"
        case will
        /// "we may", "can", "reserve the right to"
        case may
        /// "we need to", "are required to"
        case need
    }

    /// A noun phrase the statement names (data, a recipient, a purpose, a region), with the class
    /// the lexicon or vocabulary gives it when one does. Phrases compare by `text`, lowercased,
    /// without determiners.
    public struct Phrase: Hashable, Sendable, CustomStringConvertible {
        public var text: String
        /// Lexicon key ("location", "advertising", "affiliate") or vocabulary id, when known.
        public var category: String?

        public init(_ text: String, category: String? = nil) {
            self.text = text
            self.category = category
        }

        public var description: String { category.map { "\(text) [\($0)]" } ?? text }
    }

    /// A condition the practice depends on.
    public struct Condition: Hashable, Sendable {
        /// What the practice waits on: the user's (separate) consent, the law, or another event.
        public enum Kind: String, Hashable, Sendable {
            /// "with your separate consent", "explicit consent"
            case separateConsent = "separate-consent"
            /// "with your consent", "with your authorization"
            case consent
            /// "as required by law"
            case law
            /// "if …", "when …"
            case other
        }

        public var kind: Kind
        /// The words of the condition, as written (lowercased).
        public var text: String
    }

    public var actor: Actor
    /// Lexicon keys of the coordinated verbs ("collect", "use", "share" …), in order.
    public var actions: [String]
    public var polarity: Polarity
    public var modality: Modality
    public var data: [Phrase]
    public var recipients: [Phrase]
    public var purposes: [Phrase]
    public var conditions: [Condition]
    /// What follows "unless" or "except": the cases a negated promise does not cover.
    public var exceptions: [String]
    /// Regions named ("China") and `abroad` when the text speaks of transfers out of the country.
    public var regions: [String]
    /// Retention and response periods, in days ("15 days" → 15); `-1` for "permanently".
    public var periods: [Int]
    /// Where the words of the sentence the statement comes from stand, as UTF-8 offsets into
    /// the text that was read.
    public var span: Range<Int>

    public init(actor: Actor, actions: [String], polarity: Polarity, modality: Modality, data: [Phrase] = [], recipients: [Phrase] = [],
                purposes: [Phrase] = [], conditions: [Condition] = [], exceptions: [String] = [], regions: [String] = [],
                periods: [Int] = [], span: Range<Int>) {
        self.actor = actor
        self.actions = actions
        self.polarity = polarity
        self.modality = modality
        self.data = data
        self.recipients = recipients
        self.purposes = purposes
        self.conditions = conditions
        self.exceptions = exceptions
        self.regions = regions
        self.periods = periods
        self.span = span
    }

    /// The statement as one line: `we will-not share [device logs] → [advertising partners] …`.
    public var summary: String {
        var parts: [String] = ["\(actor)"]
        let verb = (polarity == .negated ? "not " : "") + actions.joined(separator: "/")
        parts.append(modality == .stated ? verb : "\(modality.rawValue) \(verb)")
        if !data.isEmpty { parts.append("data: " + data.map(\.description).joined(separator: ", ")) }
        if !recipients.isEmpty { parts.append("to: " + recipients.map(\.description).joined(separator: ", ")) }
        if !purposes.isEmpty { parts.append("for: " + purposes.map(\.description).joined(separator: ", ")) }
        if !conditions.isEmpty { parts.append("if: " + conditions.map { "\($0.kind.rawValue)" }.joined(separator: ", ")) }
        if !exceptions.isEmpty { parts.append("unless: " + exceptions.joined(separator: "; ")) }
        if !regions.isEmpty { parts.append("where: " + regions.joined(separator: ", ")) }
        if !periods.isEmpty { parts.append("period: " + periods.map { $0 < 0 ? "indefinite" : "\($0) days" }.joined(separator: ", ")) }
        return parts.joined(separator: " · ")
    }

    /// Processing that reaches someone other than the controller: the actions PIPL Art. 23 and
    /// GDPR Art. 13(1)(e) speak of.
    public var disclosesData: Bool { actions.contains { PracticeStatement.disclosingActions.contains($0) } }

    /// Collection and use by whoever acts: what PIPL Art. 14 and 17 ask to be disclosed.
    public var processesData: Bool { actions.contains { PracticeStatement.processingActions.contains($0) } }

    /// Keeping data ("we store …", "we retain …"): what retention periods and regions are about.
    public var keepsData: Bool { actions.contains { $0 == "store" || $0 == "retain" } }

    /// A limit the controller puts on the user's rights ("we charge …", "we restrict …").
    public var limitsRights: Bool { actions.contains { $0 == "charge" || $0 == "restrict" } }

    /// A right or choice of the user ("you can delete …", "you may withdraw your consent").
    public var isUserRight: Bool {
        actor == .user && actions.contains { PracticeStatement.rightActions.contains($0) }
    }

    /// Actions that reach someone other than the controller.
    public static let disclosingActions: Set<String> = ["share", "transfer", "disclose", "sell"]
    /// Actions on personal information that PIPL Art. 4 calls processing.
    public static let processingActions: Set<String> = ["collect", "use", "store", "retain", "combine", "share", "transfer", "disclose", "sell", "contact"]
    static let rightActions: Set<String> = ["collect", "delete", "correct", "withdraw", "cancel", "request", "object", "complain", "contact"]
}
