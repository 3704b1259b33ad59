import PolicyMarkup
import PolicyModel

/// A policy as lint rules read it: every run of words (title, headings, paragraphs, list items,
/// table cells) in document order, with the section it stands in and its map to the source.
public struct LintDocument: Sendable {
    /// Where a run of words stands in the document.
    public enum UnitKind: Sendable, Equatable {
        case title, heading, paragraph, listItem, tableCell
    }

    /// One run of words and its place: what rules iterate over.
    public struct Unit: Sendable {
        public var kind: UnitKind
        public var text: InlineText
        /// The innermost section the unit stands in; `nil` in the preamble.
        public var section: Section?
        /// The top-level section it stands in, whose kind says what the unit is about.
        public var topSection: Section?
        public var inlines: [Inline]
    }

    public var policy: Policy
    public var units: [Unit] = []

    public init(_ policy: Policy) {
        self.policy = policy
        if let title = policy.titleBlock, case .heading(_, let inlines, _) = title.kind {
            units.append(Unit(kind: .title, text: InlineText(inlines, in: title.range), section: nil, topSection: nil, inlines: inlines))
        }
        add(policy.preamble, section: nil, top: nil)
        for section in policy.sections { add(section, top: section) }
    }

    /// All the text, one unit per line: for rules that search the whole policy for a phrase.
    public var fullText: String { units.map(\.text.text).joined(separator: "\n") }

    private mutating func add(_ section: Section, top: Section) {
        if case .heading(_, let inlines, _) = section.heading.kind {
            units.append(Unit(kind: .heading, text: InlineText(inlines, in: section.heading.range), section: section, topSection: top, inlines: inlines))
        }
        add(section.blocks, section: section, top: top)
        for subsection in section.subsections { add(subsection, top: top) }
    }

    private mutating func add(_ blocks: [Block], section: Section?, top: Section?, inList: Bool = false) {
        for block in blocks {
            switch block.kind {
            case .paragraph(let inlines):
                units.append(Unit(kind: inList ? .listItem : .paragraph, text: InlineText(inlines, in: block.range),
                                  section: section, topSection: top, inlines: inlines))
            case .list(_, let items):
                for item in items { add(item.blocks, section: section, top: top, inList: true) }
            case .blockQuote(let children), .footnoteDefinition(_, let children):
                add(children, section: section, top: top, inList: inList)
            case .table(let table):
                for row in table.rows {
                    for cell in row.cells {
                        units.append(Unit(kind: .tableCell, text: InlineText(cell.content, in: cell.range), section: section, topSection: top, inlines: cell.content))
                    }
                }
            case .heading(_, let inlines, _):
                // A heading inside a section's blocks (deeper than the section tree reads).
                units.append(Unit(kind: .heading, text: InlineText(inlines, in: block.range), section: section, topSection: top, inlines: inlines))
            case .codeBlock, .htmlBlock, .thematicBreak:
                break
            }
        }
    }
}

/// Sentences of a unit's text, with their ranges in it: split after ".", "!", "?", ";" or "。"
/// followed by a space or the end, unless the next word starts in lowercase or with a digit
/// ("No. 388", "Co., Ltd. having", "e.g. Device Agents" stay one sentence).
public enum SentenceSplitter {
    public static func sentences(_ text: String) -> [Range<String.Index>] {
        var result: [Range<String.Index>] = []
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if ".!?;。".contains(character), next == text.endIndex || text[next] == " " && !continues(text, after: next)
                && !(character == "." && endsWithAbbreviation(text[start..<next])) {
                result.append(start..<next)
                start = next
                while start < text.endIndex, text[start] == " " { start = text.index(after: start) }
                index = start
                continue
            }
            index = next
        }
        if start < text.endIndex { result.append(start..<text.endIndex) }
        return result
    }

    /// "Inc.", "B.V.", "No.", "Jr.": a full stop that ends an abbreviation, not a sentence.
    private static func endsWithAbbreviation(_ sentence: Substring) -> Bool {
        // Only the last word: splitting the whole sentence at every full stop was quadratic.
        let lastWord = sentence[(sentence.lastIndex(of: " ").map { sentence.index(after: $0) } ?? sentence.startIndex)...].lowercased()
        let abbreviations: Set<String> = ["inc.", "ltd.", "co.", "corp.", "jr.", "sr.", "st.", "no.", "dr.", "mr.", "mrs.", "ms.", "vs.", "e.g.", "i.e.", "etc.", "art."]
        if abbreviations.contains(lastWord) { return true }
        // Initials with dots: "B.V.", "U.S.", "P."
        let letters = lastWord.filter(\.isLetter)
        return letters.count <= 3 && lastWord.filter { $0 == "." }.count >= letters.count && !letters.isEmpty
    }

    private static func continues(_ text: String, after space: String.Index) -> Bool {
        let following = text[space...].drop { $0 == " " }
        guard let first = following.first else { return false }
        return first.isLowercase || first.isNumber
    }
}
