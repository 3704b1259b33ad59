import PolicyMarkup

/// A compiled policy: every fact the text states, each with the source range it came from.
///
/// Built once by `PolicyBuilder` from a Markdown `Document`; passes and emitters read it.
/// Ids are stable strings (section anchors, vocabulary ids), never positions in arrays,
/// so diffs, archives and manifests can key on them.
public struct Policy: Hashable, Sendable {
    public var metadata: Metadata
    public var source: SourceInfo
    /// The `# Title` heading, when the document starts with one.
    public var titleBlock: Block?
    /// Blocks before the first section heading (introduction, table of contents).
    public var preamble: [Block]
    public var sections: [Section]
    public var definitions: [Definition]
    public var purposes: [Purpose]
    public var dataItems: [DataItem]
    public var recipients: [Recipient]
    public var storage: Storage
    public var rights: [Right]
    public var exceptions: [Exception]
    public var contacts: [Contact]
    public var responseTime: ResponseTime?
    public var switches: [Switch]
    public var updateClause: UpdateClause?
    /// Every link of the preamble and the sections in document order, each read once and
    /// resolved to the fact it names: what later stages read instead of parsing links again.
    public var annotations: [Annotation]
    /// The companies the introduction and the contact and definitions sections name, with their
    /// addresses: who the personal information handler is.
    public var controllers: [Controller] = []

    /// Whether the source states its facts with policyc annotations (`item:`, `recipient:`,
    /// `region:`, `term:` links), with or without a vocabulary to resolve them: its facts are
    /// keyed by the annotations' ids, and nothing needs to be recognised in its wording.
    public var isAnnotated: Bool { annotations.contains { $0.scheme.isAnnotation } }

    /// Every section, depth first, in document order.
    public var allSections: [Section] { Section.depthFirst(sections) }
}

/// Where the policy came from, so consumers can tell which text a manifest describes.
public struct SourceInfo: Hashable, Sendable {
    public var path: String
    /// SHA-256 of the source bytes, lowercase hex.
    public var sha256: String
    public var byteCount: Int
    /// Whether the source could spell a template tag: it has a `{`, or a character reference
    /// that could stand for one. Checks for `{{`/`{%` in the text skip sources where this is false.
    public var mayContainBraces: Bool = true
}

/// A piece of the policy's own wording and where it stands.
public struct Statement: Hashable, Sendable {
    public var text: String
    public var range: SourceRange

    public init(text: String, range: SourceRange) {
        self.text = text
        self.range = range
    }
}

/// One place where the text names a fact (a data item, recipient, region…).
public struct Mention: Hashable, Sendable {
    /// The legal wording of the link, unchanged.
    public var text: String
    public var range: SourceRange
    /// The section the mention stands in, if any.
    public var sectionID: String?
}

/// A heading and what stands under it, down to the next heading of its level or above.
public struct Section: Hashable, Sendable {
    public var id: String
    /// The heading's words, without its attribute block.
    public var title: String
    /// The numbering the heading starts with ("I", "1", "(II)" → "II"), if any.
    public var number: String?
    public var kind: SectionKind
    /// True when the kind was written in the source (`kind=…`), false when inferred from words.
    public var kindIsDeclared: Bool
    public var level: Int
    public var heading: Block
    /// The blocks under the heading up to the first subsection.
    public var blocks: [Block]
    public var subsections: [Section]
    /// The heading and everything under it.
    public var range: SourceRange

    /// `sections` and all their subsections, depth first, in document order.
    public static func depthFirst(_ sections: [Section]) -> [Section] {
        var result: [Section] = []
        var stack: [Section] = sections.reversed()
        while let section = stack.popLast() {
            result.append(section)
            stack += section.subsections.reversed()
        }
        return result
    }
}

/// A term the policy defines ("hereinafter referred to as …", or a `term:` annotation).
public struct Definition: Hashable, Sendable {
    /// The term's vocabulary id (annotated) or its slug (inferred).
    public var id: String
    public var term: String
    /// The sentences or enumerated items that define the term, in order.
    public var statements: [Statement]
}

/// Whether the user may refuse the collection for a purpose and still use the product.
public enum Necessity: String, Hashable, Sendable {
    case required, optional, unspecified
}

/// What the policy says happens if the user refuses the collection for a purpose.
public struct Refusal: Hashable, Sendable {
    /// What refusing costs the user, as far as policyc can classify the words.
    public enum Effect: String, Hashable, Sendable {
        /// "this will not affect your normal use"
        case noEffectOnNormalUse = "no-effect-on-normal-use"
        /// a feature is lost, "but this will not affect your normal use of other functions"
        case featureUnavailable = "feature-unavailable"
        /// "you may not be able to use" the product
        case serviceUnavailable = "service-unavailable"
        /// "your device may face higher safety risks"
        case higherRisk = "higher-risk"
        /// a consequence policyc cannot classify; the text is kept
        case other
    }

    public var effect: Effect
    public var statement: Statement
}

/// A purpose of processing: a section marked `purpose`, with the data items and recipients it names.
public struct Purpose: Hashable, Sendable {
    public var id: String
    public var title: String
    public var necessity: Necessity
    /// True when `optional`/`required` was written in the source.
    public var necessityIsDeclared: Bool
    public var refusal: Refusal?
    public var items: [Reference]
    public var recipients: [Reference]
    public var range: SourceRange
    public var headingRange: SourceRange
}

/// An annotation that points at a vocabulary entry.
public struct Reference: Hashable, Sendable {
    public var id: String
    public var text: String
    public var range: SourceRange
}

/// A kind of personal information the policy says is collected, with every place it is named.
public struct DataItem: Hashable, Sendable {
    public var id: String
    public var label: String
    public var category: String?
    /// PIPL Art. 28 sensitive personal information.
    public var sensitive: Bool
    /// Purposes whose text names the item, in document order.
    public var purposes: [String]
    public var mentions: [Mention]
}

/// Someone the policy says personal information is shared with or disclosed to.
public struct Recipient: Hashable, Sendable {
    public var id: String
    public var label: String
    public var kind: String?
    public var mentions: [Mention]
}

/// A country or region where the policy says personal information is stored.
public struct Region: Hashable, Sendable {
    public var code: String
    public var label: String
    public var mentions: [Mention]
}

/// A statement of how long personal information is kept.
public struct Retention: Hashable, Sendable {
    public var statement: Statement
    /// A concrete period ("15 days", "3 years") when the text gives one.
    public var period: String?
    /// "the minimum retention period necessary …"
    public var minimumNecessary: Bool
}

/// A statement about transferring personal information out of the country it was collected in.
public struct CrossBorderRule: Hashable, Sendable {
    public var statement: Statement
    public var requiresSeparateConsent: Bool
}

/// Where and for how long personal information is kept, and the rules for sending it abroad.
public struct Storage: Hashable, Sendable {
    public var regions: [Region]
    public var crossBorder: [CrossBorderRule]
    public var retention: [Retention]
}

/// A right of the user the policy grants (access, erasure…), how to exercise it and when it does not apply.
public struct Right: Hashable, Sendable {
    /// The rights policyc recognises in a section's wording.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        case access, rectification, erasure
        case withdrawConsent = "withdraw-consent"
        case accountDeletion = "account-deletion"
        case objectToMarketing = "object-to-marketing"
        case portability, complaint
    }

    /// Whether the user exercises the right alone or through the controller.
    public enum Method: String, Hashable, Sendable {
        /// The user does it in the product ("click Settings-User Center").
        case selfService = "self-service"
        /// The user asks the controller through its contact channels.
        case contact
    }

    /// One way the policy says the right is exercised, in its words.
    public struct Exercise: Hashable, Sendable {
        public var method: Method
        public var statement: Statement
    }

    public var id: String
    public var title: String
    public var kinds: [Kind]
    public var exercise: [Exercise]
    /// Enumerated circumstances ("(1)If we collect … in breach of laws …").
    public var conditions: [Enumerated]
    public var range: SourceRange
}

/// One item of an "(1)…; (2)…" enumeration.
public struct Enumerated: Hashable, Sendable {
    public var number: String
    public var statement: Statement
}

/// A circumstance in which the controller will not respond to a rights request.
public struct Exception: Hashable, Sendable {
    public var id: String
    public var number: String
    public var sectionID: String
    public var statement: Statement
}

/// A channel through which the user can reach the controller: a phone number, e-mail or web address.
public struct Contact: Hashable, Sendable {
    /// The medium of the channel.
    public enum Kind: String, Hashable, Sendable {
        case phone, email, url
    }

    public var id: String
    public var kind: Kind
    public var value: String
    public var label: String?
    public var mentions: [Mention]
}

/// How soon the policy promises to answer a request ("within 15 working days").
public struct ResponseTime: Hashable, Sendable {
    public var amount: Int
    public var unit: String
    public var statement: Statement
}

/// A setting the user can turn on or off, as the rights section lists them.
public struct Switch: Hashable, Sendable {
    /// The setting before the user changes it, when the policy states one.
    public enum Default: String, Hashable, Sendable { case allow, deny, unstated }

    public var id: String
    public var label: String
    /// The data item the switch controls, when the label is annotated.
    public var item: String?
    public var defaultSetting: Default
    public var range: SourceRange
    /// The sentence that states the default, if any.
    public var defaultStatement: Statement?
}

/// What the policy itself says about changing: what counts as a major change and how users are told.
public struct UpdateClause: Hashable, Sendable {
    /// A kind of change or a channel of notice the clause names, in its words.
    public struct Entry: Hashable, Sendable {
        public var id: String
        public var statement: Statement
    }

    public var sectionID: String
    /// The word the policy uses: "major" or "significant".
    public var majorChangeTerm: String
    public var majorChangeCategories: [Entry]
    public var notificationChannels: [Entry]
    public var publication: Statement?
    public var archivesPreviousVersions: Statement?
    public var noReductionOfRightsWithoutConsent: Statement?
    public var range: SourceRange
}

extension Policy {
    /// Calls `body` with every run of inlines in document order — headings, paragraphs, list
    /// items, block quotes, footnotes and table cells — and the range of the block it stands in.
    /// Raw HTML and code blocks hold no inlines and are passed over.
    public func forEachInlineRun(_ body: ([Inline], SourceRange) -> Void) {
        func visit(_ blocks: [Block]) {
            Block.forEachLeaf(in: blocks) { block, _ in
                switch block.kind {
                case .heading(_, let content, _), .paragraph(let content): body(content, block.range)
                case .table(let table): table.rows.forEach { row in row.cells.forEach { body($0.content, $0.range) } }
                case .list, .blockQuote, .footnoteDefinition, .codeBlock, .htmlBlock, .thematicBreak: break
                }
            }
        }
        visit(preamble)
        allSections.forEach { visit([$0.heading] + $0.blocks) }
    }
}
