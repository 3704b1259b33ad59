import PolicyMarkup
import PolicyModel

/// The policy's words as plain text, in document order: headings, paragraphs, list items
/// ("- " / "1. "), table rows (cells joined by " | "). Used for fidelity checks and as the
/// base of device notices. Raw HTML and template mark-up are not words and are left out.
public enum PlainTextRenderer {
    public static func render(_ policy: Policy) -> String {
        var output = ""
        if let title = policy.titleBlock { render(title, into: &output) }
        for block in policy.preamble { render(block, into: &output) }
        for section in policy.sections { render(section, into: &output) }
        return output
    }

    private static func render(_ section: Section, into output: inout String) {
        render(section.heading, into: &output)
        for block in section.blocks { render(block, into: &output) }
        for subsection in section.subsections { render(subsection, into: &output) }
    }

    private static func render(_ block: Block, into output: inout String, prefix: String = "") {
        switch block.kind {
        case .heading(_, let content, _), .paragraph(let content):
            output += prefix + content.plainText + "\n\n"
        case .list(let info, let items):
            for (index, item) in items.enumerated() {
                let marker = info.ordered ? "\(info.start + index). " : "- "
                for (position, child) in item.blocks.enumerated() {
                    render(child, into: &output, prefix: position == 0 ? marker : "  ")
                }
            }
        case .blockQuote(let children), .footnoteDefinition(_, let children):
            for child in children { render(child, into: &output, prefix: prefix) }
        case .table(let table):
            for row in table.rows {
                output += row.cells.map { $0.content.plainText }.joined(separator: " | ") + "\n"
            }
            output += "\n"
        case .codeBlock(_, let literal):
            output += literal + "\n"
        case .htmlBlock, .thematicBreak:
            break
        }
    }
}
