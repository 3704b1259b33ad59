import PolicyMarkup
import PolicyModel
import PolicyStatements

/// One piece of a policy's wording that two versions are compared by: a heading, a paragraph,
/// a list item's paragraph, a table row, a code or HTML block.
///
/// What a unit is compared by is its plain text with white space collapsed, plus the targets
/// of its ordinary links: re-wrapped lines, emphasis added or removed and annotation links
/// (`item:`, `recipient:` …, which the fact comparison covers) change nothing; a link that
/// points somewhere else does.
public struct TextUnit: Sendable {
    public enum Kind: String, Hashable, Sendable {
        case title, heading, paragraph, listItem = "list-item", tableRow = "table-row", code, html
    }

    public var kind: Kind
    /// For headings, 1–6; 0 otherwise.
    public var level: Int = 0
    /// The innermost section the unit stands in; `nil` before the first section.
    public var sectionID: String?
    public var sectionTitle: String?
    public var sectionKind: SectionKind?
    /// Plain text, white space collapsed to single spaces. Constant: the key, words and hashes
    /// in `wording` are worked out from it.
    public let text: String
    public var range: SourceRange
    /// What follows from the wording alone, shared with every unit worded the same.
    let wording: UnitWording

    /// What equality is decided on: `text` without white space, then each ordinary link target.
    var key: String { wording.key }
    /// `key` as a number, unique among the policies prepared together.
    var keyID: Int { wording.keyID }
    /// Words: runs of non-space characters, punctuation attached.
    var words: [Substring] { wording.words }
    var wordHashes: [UInt64] { wording.wordHashes }
    var sortedWordHashes: [UInt64] { wording.sortedWordHashes }
    /// The data-practice statements of the unit's wording.
    var statements: [PracticeStatement] { wording.statements }
}

/// What follows from a unit's wording alone: its comparison key, its words and their hashes and,
/// for policies without annotations, what a reader recognises in it. In a history most units
/// read the same from one version to the next, so this is worked out once per distinct wording
/// (`WordingTable`), not once per unit of every version.
final class UnitWording: Sendable {
    /// Everything but the key's number, which the table hands out in order afterwards.
    struct Parts: Sendable {
        let key: String
        let words: [Substring]
        /// A 64-bit hash of each word's bytes, and the same sorted: words are compared and
        /// counted by these (hashing Substrings through Unicode normalisation was most of a
        /// diff's time).
        let wordHashes: [UInt64]
        let sortedWordHashes: [UInt64]
        /// Empty unless a policy without annotations uses this wording.
        let entities: Entities
        /// The data-practice statements the wording makes, read once per distinct wording.
        let statements: [PracticeStatement]
        /// For a table row, what it says when it stands in a table of recipients: that the
        /// organisation in its first cell receives data (`TextDiff.statements(of:documentTitle:)`).
        let recipientRow: PracticeStatement?

        init(text: String, key: String, entities: Entities, statements: [PracticeStatement], recipientRow: PracticeStatement?) {
            self.key = key
            self.statements = statements
            self.recipientRow = recipientRow
            words = WordHash.split(text)
            wordHashes = words.map(WordHash.of)
            sortedWordHashes = wordHashes.sorted()
            self.entities = entities
        }
    }

    let parts: Parts
    let keyID: Int

    init(_ parts: Parts, keyID: Int) {
        self.parts = parts
        self.keyID = keyID
    }

    var key: String { parts.key }
    var words: [Substring] { parts.words }
    var wordHashes: [UInt64] { parts.wordHashes }
    var sortedWordHashes: [UInt64] { parts.sortedWordHashes }
    var entities: Entities { parts.entities }
    var statements: [PracticeStatement] { parts.statements }
    var recipientRow: PracticeStatement? { parts.recipientRow }
}

/// Words of collapsed text and their FNV-1a hashes.
enum WordHash {
    static func split(_ text: String) -> [Substring] {
        text.utf8.split(separator: UInt8(ascii: " ")).map { Substring($0) }
    }

    static func of(_ word: Substring) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in word.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return hash
    }
}

/// A unit as read from a policy, before its wording is looked up in the `WordingTable`.
struct UnitDraft: Sendable {
    var kind: TextUnit.Kind
    var level = 0
    var sectionID: String?
    var sectionTitle: String?
    var sectionKind: SectionKind?
    var text: String
    var range: SourceRange
    var linkTargets: [String]
    /// A hash of the text and link targets, worked out where the unit is read (on every core)
    /// so that the table, filled on one, compares hashes rather than hashing strings.
    var wordingHash: Int

    init(kind: TextUnit.Kind, level: Int = 0, section: Section?, text: String, range: SourceRange, linkTargets: [String]) {
        self.kind = kind
        self.level = level
        sectionID = section?.id
        sectionTitle = section?.title
        sectionKind = section?.kind
        self.text = text
        self.range = range
        self.linkTargets = linkTargets
        // Bytes, not the strings: hashing a String normalises it first.
        var hasher = Hasher()
        for var part in [text] + linkTargets {
            part.withUTF8 { bytes in
                hasher.combine(bytes.count)
                hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
            }
        }
        wordingHash = hasher.finalize()
    }
}

enum TextUnits {
    /// The units of a policy in document order, before their wordings are looked up.
    static func drafts(of policy: Policy) -> [UnitDraft] {
        var units: [UnitDraft] = []
        var section: Section?
        func add(_ kind: TextUnit.Kind, _ inlines: [Inline], _ range: SourceRange, level: Int = 0) {
            let text = collapsedPlainText(inlines)
            guard !text.isEmpty else { return }
            units.append(UnitDraft(kind: kind, level: level, section: section, text: text, range: range, linkTargets: linkTargets(inlines)))
        }
        func addLiteral(_ kind: TextUnit.Kind, _ literal: String, _ range: SourceRange) {
            let text = collapse(literal)
            guard !text.isEmpty else { return }
            units.append(UnitDraft(kind: kind, section: section, text: text, range: range, linkTargets: []))
        }
        func visit(_ blocks: [Block]) {
            Block.forEachLeaf(in: blocks) { block, inList in
                switch block.kind {
                case .heading(let level, let content, _): add(.heading, content, block.range, level: level)
                case .paragraph(let content): add(inList ? .listItem : .paragraph, content, block.range)
                case .table(let table):
                    for row in table.rows {
                        let cells = row.cells.map(\.content)
                        let joined = cells.enumerated().flatMap { index, cell in
                            index == 0 ? cell : [Inline(.text(" | "), range: row.range)] + cell
                        }
                        add(.tableRow, joined, row.range)
                    }
                case .codeBlock(_, let literal): addLiteral(.code, literal, block.range)
                case .htmlBlock(let html): addLiteral(.html, html, block.range)
                case .list, .blockQuote, .footnoteDefinition, .thematicBreak: break
                }
            }
        }
        if let title = policy.titleBlock, case .heading(_, let content, _) = title.kind {
            add(.title, content, title.range, level: 1)
        }
        visit(policy.preamble)
        func visitSection(_ current: Section) {
            section = current
            if case .heading(let level, let content, _) = current.heading.kind {
                add(.heading, content, current.heading.range, level: level)
            }
            visit(current.blocks)
            current.subsections.forEach(visitSection)
        }
        policy.sections.forEach(visitSection)
        return units
    }

    /// What equality is decided on: white space dropped, then each ordinary link target.
    static func key(text: String, linkTargets: [String]) -> String {
        var key = withoutSpaces(text)
        for target in linkTargets { key += "\u{1}" + target }
        return key
    }

    /// White space never changes a policy, not even between two words ("change,the" → "change, the").
    static func withoutSpaces(_ text: String) -> String {
        // `text` is collapsed: its only white space is single ASCII spaces.
        String(decoding: text.utf8.filter { $0 != 0x20 }, as: UTF8.self)
    }

    /// Runs of white space become one space (on bytes: the text is long and mostly ASCII).
    static func collapse(_ text: String) -> String {
        var collapsed = CollapsedText()
        collapsed.append(text)
        return collapsed.string
    }

    /// The plain text of `inlines` as `collapse(inlines.plainText)` gives it, built in one pass.
    static func collapsedPlainText(_ inlines: [Inline]) -> String {
        var collapsed = CollapsedText()
        inlines.forEachPlainTextPiece { collapsed.append($0) }
        return collapsed.string
    }

    /// The targets of the ordinary links in `inlines`; annotations are compared as facts.
    private static func linkTargets(_ inlines: [Inline]) -> [String] {
        var targets: [String] = []
        func visit(_ inlines: [Inline]) {
            for inline in inlines {
                if case .link(let destination, _, _) = inline.kind, !Annotation.Scheme(parsing: destination).isAnnotation {
                    targets.append(destination)
                }
                visit(inline.children)
            }
        }
        visit(inlines)
        return targets
    }
}

/// Text with every run of white space (space, tab, line breaks, no-break space) made one space,
/// none at either end, appended piece by piece.
struct CollapsedText {
    private var bytes: [UInt8] = []
    private var pendingSpace = false

    mutating func append(_ piece: String) {
        var piece = piece
        piece.withUTF8 { utf8 in
            var index = 0
            while index < utf8.count {
                let byte = utf8[index]
                let noBreakSpace = byte == 0xC2 && index + 1 < utf8.count && utf8[index + 1] == 0xA0
                if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || noBreakSpace {
                    pendingSpace = !bytes.isEmpty
                    index += noBreakSpace ? 2 : 1
                    continue
                }
                if pendingSpace { bytes.append(0x20) }
                pendingSpace = false
                bytes.append(byte)
                index += 1
            }
        }
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }
}
