/// Prints an AST as an indented tree with positions: the format of `policyc dump`
/// and of the golden files that pin the reader's behaviour.
public enum TreeDumper {
    public static func dump(_ document: Document) -> String {
        var output = "Document \(document.path)\n"
        if let frontMatter = document.frontMatter {
            output += "├─ FrontMatter \(frontMatter.range) \(frontMatter.yaml.split(separator: "\n").count) lines\n"
        }
        dump(document.blocks, depth: 1, into: &output)
        return output
    }

    private static func line(_ depth: Int, _ text: String, _ range: SourceRange, into output: inout String) {
        output += String(repeating: "  ", count: depth - 1) + "├─ " + text + " @" + range.description + "\n"
    }

    private static func quoted(_ text: String) -> String {
        var escaped = "\""
        for character in text {
            switch character {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped + "\""
    }

    /// A node of the printed tree: blocks and inlines, and the items, rows and cells between them.
    private enum Node {
        case block(Block), item(ListItem), row(Table.Row), cell(Table.Cell), inline(Inline)
    }

    /// Prints `blocks` and everything in them, the first level at `depth`, with `walkDepthFirst`:
    /// a source nested 100,000 deep dumps as any other does.
    static func dump(_ blocks: [Block], depth: Int, into output: inout String) {
        walkDepthFirst(blocks.map(Node.block)) { node, level in
            dump(node, depth: depth + level, into: &output)
        }
    }

    /// Prints one node's line; returns its children.
    private static func dump(_ node: Node, depth: Int, into output: inout String) -> [Node] {
        switch node {
        case .block(let block):
            return dump(block, depth: depth, into: &output)
        case .item(let item):
            line(depth, "Item", item.range, into: &output)
            return item.blocks.map(Node.block)
        case .row(let row):
            line(depth, row.isHeader ? "HeaderRow" : "Row", row.range, into: &output)
            return row.cells.map(Node.cell)
        case .cell(let cell):
            line(depth, "Cell", cell.range, into: &output)
            return cell.content.map(Node.inline)
        case .inline(let inline):
            dump(inline, depth: depth, into: &output)
            return inline.children.map(Node.inline)
        }
    }

    private static func dump(_ block: Block, depth: Int, into output: inout String) -> [Node] {
        switch block.kind {
        case .heading(let level, let content, let attributes):
            var label = "Heading level=\(level)"
            if let attributes {
                label += " attributes={"
                var parts: [String] = []
                if let id = attributes.id { parts.append("#" + id) }
                parts += attributes.classes.map { "." + $0 }
                parts += attributes.pairs.map { "\($0.key)=\($0.value)" }
                parts += attributes.flags
                label += parts.joined(separator: " ") + "}@" + attributes.range.description
            }
            line(depth, label, block.range, into: &output)
            return content.map(Node.inline)
        case .paragraph(let content):
            line(depth, "Paragraph", block.range, into: &output)
            return content.map(Node.inline)
        case .list(let info, let items):
            line(depth, "List ordered=\(info.ordered) start=\(info.start) tight=\(info.tight)", block.range, into: &output)
            return items.map(Node.item)
        case .blockQuote(let blocks):
            line(depth, "BlockQuote", block.range, into: &output)
            return blocks.map(Node.block)
        case .codeBlock(let info, let literal):
            line(depth, "CodeBlock info=\(quoted(info)) \(quoted(literal))", block.range, into: &output)
        case .htmlBlock(let html):
            line(depth, "HTMLBlock \(quoted(html))", block.range, into: &output)
        case .thematicBreak:
            line(depth, "ThematicBreak", block.range, into: &output)
        case .table(let table):
            line(depth, "Table columns=\(table.alignments.map(\.rawValue).joined(separator: ","))", block.range, into: &output)
            return table.rows.map(Node.row)
        case .footnoteDefinition(let label, let blocks):
            line(depth, "FootnoteDefinition \(quoted(label))", block.range, into: &output)
            return blocks.map(Node.block)
        }
        return []
    }

    private static func dump(_ inline: Inline, depth: Int, into output: inout String) {
        switch inline.kind {
        case .text(let text): line(depth, "Text \(quoted(text))", inline.range, into: &output)
        case .softBreak: line(depth, "SoftBreak", inline.range, into: &output)
        case .lineBreak: line(depth, "LineBreak", inline.range, into: &output)
        case .code(let code): line(depth, "Code \(quoted(code))", inline.range, into: &output)
        case .html(let html): line(depth, "HTML \(quoted(html))", inline.range, into: &output)
        case .emphasis: line(depth, "Emphasis", inline.range, into: &output)
        case .strong: line(depth, "Strong", inline.range, into: &output)
        case .strikethrough: line(depth, "Strikethrough", inline.range, into: &output)
        case .link(let destination, let title, _):
            line(depth, "Link destination=\(quoted(destination))" + (title.isEmpty ? "" : " title=\(quoted(title))"), inline.range, into: &output)
        case .image(let source, _, _): line(depth, "Image source=\(quoted(source))", inline.range, into: &output)
        case .footnoteReference(let label): line(depth, "FootnoteReference \(quoted(label))", inline.range, into: &output)
        }
    }
}
