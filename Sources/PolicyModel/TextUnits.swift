import PolicyMarkup

/// The runs of words of a section that clauses are read from: paragraphs, list items'
/// paragraphs and table cells, each with its map back to the source.
enum TextUnits {
    static func collect(_ blocks: [Block]) -> [InlineText] {
        var units: [InlineText] = []
        collect(blocks, into: &units)
        return units
    }

    private static func collect(_ blocks: [Block], into units: inout [InlineText]) {
        for block in blocks {
            switch block.kind {
            case .paragraph(let content):
                units.append(InlineText(content, in: block.range))
            case .list(_, let items):
                for item in items { collect(item.blocks, into: &units) }
            case .blockQuote(let children), .footnoteDefinition(_, let children):
                collect(children, into: &units)
            case .table(let table):
                for row in table.rows { for cell in row.cells { units.append(InlineText(cell.content, in: cell.range)) } }
            case .heading, .codeBlock, .htmlBlock, .thematicBreak:
                break
            }
        }
    }
}
