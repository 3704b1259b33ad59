import PolicyMarkup
import PolicyModel

/// The full policy as plain text for a device: wrapped to the profile's width and, for screens,
/// cut into pages of exactly `rows` lines whose last line is a right-aligned "3/17" footer.
///
/// Every word of the policy is kept in order; headings are underlined and list markers kept.
/// Raw HTML is not text and is left out.
public enum NoticeRenderer {
    /// A line of the notice before pagination.
    struct Line {
        var text: String
        /// Headings and their underlines stay on the page of the text that follows them.
        var keepWithNext = false
    }

    public static func render(_ policy: Policy, profile: DeviceProfile) -> String {
        var lines: [Line] = []
        let wrapper = TextWrapper(width: profile.columns)
        if let title = policy.titleBlock { add(title, wrapper: wrapper, to: &lines) }
        for block in policy.preamble { add(block, wrapper: wrapper, to: &lines) }
        for section in policy.allSections {
            add(section.heading, wrapper: wrapper, to: &lines)
            for block in section.blocks { add(block, wrapper: wrapper, to: &lines) }
        }
        while lines.last?.text.isEmpty == true { lines.removeLast() }
        switch profile.kind {
        case .printer:
            return lines.map { $0.text + "\n" }.joined()
        case .screen:
            return paginate(lines, profile: profile).joined(separator: "")
        }
    }

    // MARK: - Blocks

    static func add(_ block: Block, wrapper: TextWrapper, to lines: inout [Line], firstPrefix: String = "", prefix: String = "") {
        switch block.kind {
        case .heading(let level, let content, _):
            if !lines.isEmpty, lines.last?.text.isEmpty == false { lines.append(Line(text: "")) }
            let wrapped = wrapper.wrap(content.plainText, firstPrefix: firstPrefix, prefix: prefix)
            lines += wrapped.map { Line(text: $0, keepWithNext: true) }
            let underlineWidth = min(wrapper.width, wrapped.map(ColumnWidth.of).max() ?? 0)
            lines.append(Line(text: String(repeating: level == 1 ? "=" : "-", count: underlineWidth), keepWithNext: true))
            lines.append(Line(text: ""))
        case .paragraph(let content):
            lines += wrapper.wrap(content.plainText, firstPrefix: firstPrefix, prefix: prefix).map { Line(text: $0) }
            if firstPrefix.isEmpty && prefix.isEmpty { lines.append(Line(text: "")) }
        case .list(let info, let items):
            for (index, item) in items.enumerated() {
                let marker = info.ordered ? "\(info.start + index). " : "- "
                let indent = prefix + String(repeating: " ", count: marker.count)
                for (position, child) in item.blocks.enumerated() {
                    add(child, wrapper: wrapper, to: &lines, firstPrefix: position == 0 ? prefix + marker : indent, prefix: indent)
                }
            }
            if prefix.isEmpty { lines.append(Line(text: "")) }
        case .blockQuote(let children), .footnoteDefinition(_, let children):
            for child in children { add(child, wrapper: wrapper, to: &lines, firstPrefix: prefix + "> ", prefix: prefix + "> ") }
        case .table(let table):
            for row in table.rows {
                let text = row.cells.map { $0.content.plainText }.joined(separator: " | ")
                lines += wrapper.wrap(text, firstPrefix: prefix, prefix: prefix + "  ").map { Line(text: $0) }
            }
            lines.append(Line(text: ""))
        case .codeBlock(_, let literal):
            for codeLine in literal.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
                lines += wrapper.wrap(String(codeLine), firstPrefix: prefix, prefix: prefix).map { Line(text: $0) }
            }
            lines.append(Line(text: ""))
        case .htmlBlock, .thematicBreak:
            break
        }
    }

    // MARK: - Pages

    /// Pages of `rows - 1` lines plus the footer. A page never starts with a blank line, and a
    /// heading at the bottom of a page moves to the next one.
    static func paginate(_ lines: [Line], profile: DeviceProfile) -> [String] {
        let rows = profile.rows ?? 16
        let capacity = rows - 1
        var pages: [[Line]] = []
        var page: [Line] = []
        for line in lines {
            if page.isEmpty && line.text.isEmpty { continue }
            if page.count == capacity {
                var carried: [Line] = []
                while let last = page.last, last.keepWithNext, carried.count < capacity - 1 {
                    carried.insert(page.removeLast(), at: 0)
                }
                if page.isEmpty { page = carried; carried = [] }
                pages.append(page)
                page = carried
                if line.text.isEmpty && page.isEmpty { continue }
            }
            page.append(line)
        }
        if !page.isEmpty || pages.isEmpty { pages.append(page) }
        return pages.enumerated().map { index, page in
            var text = page.map { $0.text + "\n" }.joined()
            text += String(repeating: "\n", count: capacity - page.count)
            let footer = "\(index + 1)/\(pages.count)"
            text += String(repeating: " ", count: max(0, profile.columns - footer.count)) + footer + "\n"
            return text
        }
    }
}
