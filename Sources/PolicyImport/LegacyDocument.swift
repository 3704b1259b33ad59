import PolicyMarkup

/// A legacy policy as a reader found it (plain text or HTML): its title and its blocks in
/// order, with every word of the text and the line each block started on. Nothing here is
/// interpreted yet; `SourceWriter` turns it into an annotated Markdown source.
public struct LegacyDocument: Hashable, Sendable {
    /// The file the policy was read from.
    public var path: String
    public var title: String
    /// The line of the title in `path` (1-based).
    public var line: Int
    public var blocks: [LegacyBlock]

    public init(path: String, title: String, line: Int, blocks: [LegacyBlock]) {
        self.path = path
        self.title = title
        self.line = line
        self.blocks = blocks
    }
}

/// One block of a legacy policy.
public struct LegacyBlock: Hashable, Sendable {
    /// What the block is, as Markdown will write it.
    public enum Kind: Hashable, Sendable {
        /// A section heading; level 2 is a top-level section (the title is level 1).
        case heading(level: Int)
        case paragraph
        /// A list item; `ordered` lists number their items; `depth` 0 is the outermost list.
        case listItem(ordered: Bool, depth: Int)
        /// A table: every row, the first one a header row when `hasHeader`.
        case table(rows: [[[LegacyInline]]], hasHeader: Bool)
        /// The term of a definition list (`<dt>`); its description follows as a paragraph.
        case definitionTerm
    }

    public var kind: Kind
    /// The block's text (empty for a table, whose cells hold it).
    public var inlines: [LegacyInline]
    /// The line the block starts on in the legacy file (1-based).
    public var line: Int

    public init(_ kind: Kind, _ inlines: [LegacyInline], line: Int) {
        self.kind = kind
        self.inlines = inlines
        self.line = line
    }

    /// The block's words as plain text.
    public var plainText: String { inlines.map(\.plainText).joined() }
}

/// A run of text inside a block. Formatting that Markdown can carry is kept; everything else
/// is flattened to its text.
public enum LegacyInline: Hashable, Sendable {
    case text(String)
    case link(text: String, destination: String)
    case strong(String)
    case emphasis(String)
    case code(String)

    public var plainText: String {
        switch self {
        case .text(let text), .strong(let text), .emphasis(let text), .code(let text), .link(let text, _): text
        }
    }
}

/// What a reader found in a legacy file besides the policies.
public struct LegacyReading: Sendable {
    public var documents: [LegacyDocument] = []
    /// Parts of the file that belong to no policy (a scraped page's footer, a notice in another
    /// language), reported for a human to decide, never imported silently.
    public var leftOut: [LeftOutText] = []
    /// Problems with the file itself (unreadable, not text, no policy found).
    public var diagnostics: [Diagnostic] = []

    public init() {}
}

/// Text a reader did not import, and why.
public struct LeftOutText: Hashable, Sendable {
    public var path: String
    public var lines: ClosedRange<Int>
    public var reason: String
    /// The first words, so the report shows what was left out.
    public var excerpt: String
}
