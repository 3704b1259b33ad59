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
    /// The innermost section the unit stands in; `nil` before the first section.
    public var sectionID: String?
    public var sectionTitle: String?
    public var sectionKind: SectionKind?
    /// Plain text, white space collapsed to single spaces.
    public var text: String
    public var range: SourceRange
    /// What equality is decided on: `text`, then each ordinary link target.
    var key: String

    /// Words: runs of non-space characters, punctuation attached.
    var words: [Substring] { text.split(separator: " ") }
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
            var key = text
            for target in linkTargets(inlines) { key += "\u{1}" + target }
            units.append(TextUnit(kind: kind, sectionID: section?.id, sectionTitle: section?.title, sectionKind: section?.kind,
                                  text: text, range: range, key: key))
        }
        func addLiteral(_ kind: TextUnit.Kind, _ literal: String, _ range: SourceRange) {
            let text = collapse(literal)
            guard !text.isEmpty else { return }
            units.append(TextUnit(kind: kind, sectionID: section?.id, sectionTitle: section?.title, sectionKind: section?.kind,
                                  text: text, range: range, key: text))
        }
        func visit(_ blocks: [Block], inList: Bool) {
            for block in blocks {
                switch block.kind {
                case .heading(_, let content, _): add(.heading, content, block.range)
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
        if let title = policy.titleBlock, case .heading(_, let content, _) = title.kind { add(.title, content, title.range) }
        visit(policy.preamble, inList: false)
        func visitSection(_ current: Section) {
            section = current
            if case .heading(_, let content, _) = current.heading.kind { add(.heading, content, current.heading.range) }
            visit(current.blocks, inList: false)
            current.subsections.forEach(visitSection)
        }
        policy.sections.forEach(visitSection)
        return units
    }

    static func collapse(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" || $0 == "\u{A0}" }).joined(separator: " ")
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
