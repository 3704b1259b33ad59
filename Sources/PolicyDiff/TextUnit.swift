import PolicyMarkup
import PolicyModel

/// One piece of a policy's wording that two versions are compared by: a heading, a paragraph,
/// a list item's paragraph, a table row, a code or HTML block.
///
/// What a unit is compared by is its plain text with white space collapsed, plus the targets
/// of its ordinary links: re-wrapped lines, emphasis added or removed and annotation links
/// (`item:`, `recipient:` …, which the fact comparison covers) change nothing; a link that
/// points somewhere else does.
public struct TextUnit: Hashable, Sendable {
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
    /// Plain text, white space collapsed to single spaces.
    public var text: String
    public var range: SourceRange
    /// What equality is decided on: `text` without white space, then each ordinary link target.
    var key: String

    /// Words: runs of non-space characters, punctuation attached.
    var words: [Substring] = []
    /// A 64-bit hash of each word's bytes, and the same sorted: words are compared and counted by
    /// these (hashing Substrings through Unicode normalisation was most of a diff's time).
    var wordHashes: [UInt64] = []
    var sortedWordHashes: [UInt64] = []

    init(kind: Kind, sectionID: String?, sectionTitle: String?, sectionKind: SectionKind?, text: String, range: SourceRange, key: String) {
        self.kind = kind
        self.sectionID = sectionID
        self.sectionTitle = sectionTitle
        self.sectionKind = sectionKind
        self.text = text
        self.range = range
        self.key = key
        words = WordHash.split(text)
        wordHashes = words.map(WordHash.of)
        sortedWordHashes = wordHashes.sorted()
    }
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

enum TextUnits {
    static let annotationSchemes: Set<String> = ["item", "recipient", "region", "term", "purpose"]

    /// The units of a policy in document order.
    static func of(_ policy: Policy) -> [TextUnit] {
        var units: [TextUnit] = []
        var section: Section?
        func add(_ kind: TextUnit.Kind, _ inlines: [Inline], _ range: SourceRange) {
            let text = collapse(inlines.plainText)
            guard !text.isEmpty else { return }
            var key = withoutSpaces(text)
            for target in linkTargets(inlines) { key += "\u{1}" + target }
            units.append(TextUnit(kind: kind, sectionID: section?.id, sectionTitle: section?.title, sectionKind: section?.kind,
                                  text: text, range: range, key: key))
        }
        func addLiteral(_ kind: TextUnit.Kind, _ literal: String, _ range: SourceRange) {
            let text = collapse(literal)
            guard !text.isEmpty else { return }
            units.append(TextUnit(kind: kind, sectionID: section?.id, sectionTitle: section?.title, sectionKind: section?.kind,
                                  text: text, range: range, key: withoutSpaces(text)))
        }
        func visit(_ blocks: [Block], inList: Bool) {
            for block in blocks {
                switch block.kind {
                case .heading(let level, let content, _):
                    add(.heading, content, block.range)
                    if units.last?.range == block.range { units[units.count - 1].level = level }
                case .paragraph(let content): add(inList ? .listItem : .paragraph, content, block.range)
                case .list(_, let items): items.forEach { visit($0.blocks, inList: true) }
                case .blockQuote(let children), .footnoteDefinition(_, let children): visit(children, inList: inList)
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
                case .thematicBreak: break
                }
            }
        }
        if let title = policy.titleBlock, case .heading(_, let content, _) = title.kind {
            add(.title, content, title.range)
            if units.last?.range == title.range { units[units.count - 1].level = 1 }
        }
        visit(policy.preamble, inList: false)
        func visitSection(_ current: Section) {
            section = current
            if case .heading(let level, let content, _) = current.heading.kind {
                add(.heading, content, current.heading.range)
                if units.last?.range == current.heading.range { units[units.count - 1].level = level }
            }
            visit(current.blocks, inList: false)
            current.subsections.forEach(visitSection)
        }
        policy.sections.forEach(visitSection)
        return units
    }

    /// White space never changes a policy, not even between two words ("change,the" → "change, the").
    static func withoutSpaces(_ text: String) -> String {
        // `text` is collapsed: its only white space is single ASCII spaces.
        String(decoding: text.utf8.filter { $0 != 0x20 }, as: UTF8.self)
    }

    /// Runs of white space become one space (on bytes: the text is long and mostly ASCII).
    static func collapse(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        let utf8 = Array(text.utf8)
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            let nonBreakingSpace = byte == 0xC2 && index + 1 < utf8.count && utf8[index + 1] == 0xA0
            if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || nonBreakingSpace {
                pendingSpace = !bytes.isEmpty
                index += nonBreakingSpace ? 2 : 1
                continue
            }
            if pendingSpace { bytes.append(0x20) }
            pendingSpace = false
            bytes.append(byte)
            index += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func linkTargets(_ inlines: [Inline]) -> [String] {
        var targets: [String] = []
        func visit(_ inlines: [Inline]) {
            for inline in inlines {
                if case .link(let destination, _, _) = inline.kind {
                    let scheme = destination.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
                    if !(destination.contains(":") && annotationSchemes.contains(scheme.lowercased())) { targets.append(destination) }
                }
                visit(inline.children)
            }
        }
        visit(inlines)
        return targets
    }
}
