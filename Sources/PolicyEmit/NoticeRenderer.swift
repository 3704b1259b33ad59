import PolicyMarkup
import PolicyModel

/// The full policy as plain text for a device: wrapped to the profile's width and, for screens,
/// cut into pages of exactly `rows` lines whose last line is a right-aligned "3/17" footer.
///
/// Every word of the policy is kept in order; headings are underlined and list markers kept.
/// Raw HTML is not text and is left out.
public enum NoticeRenderer {
    /// A notice as written to its file.
    public struct Notice {
        /// UTF-8 text, each line ending in a newline.
        public var text: [UInt8]
        /// For a screen, how many pages the text is.
        public var pageCount: Int?
    }

    public static func render(_ policy: Policy, profile: DeviceProfile) -> String {
        String(decoding: render(policy, profiles: [profile])[0].text, as: UTF8.self)
    }

    /// The notice for several profiles at once, as UTF-8: each paragraph is flattened and split
    /// into breakable pieces once, then wrapped for every width.
    public static func render(_ policy: Policy, profiles: [DeviceProfile]) -> [Notice] {
        var layout = Layout(wrappers: profiles.map { TextWrapper(width: $0.columns) })
        if let title = policy.titleBlock { layout.add(title) }
        for block in policy.preamble { layout.add(block) }
        for section in policy.allSections {
            layout.add(section.heading)
            for block in section.blocks { layout.add(block) }
        }
        // Trimmed in place: a copy of each buffer would copy the whole notice.
        for index in layout.buffers.indices { layout.buffers[index].trimTrailingBlankLines() }
        return zip(profiles, layout.buffers).map { profile, buffer in
            switch profile.kind {
            case .printer: Notice(text: buffer.bytes, pageCount: nil)
            case .screen: paginate(buffer, profile: profile)
            }
        }
    }

    // MARK: - Blocks

    /// The lines of the notice for each width, built block by block.
    struct Layout {
        /// Indentation under list markers ("- ", "12. "); `String(repeating:count:)` was a
        /// surprising share of the layout's time.
        static func spaces(_ count: Int) -> String {
            count < indents.count ? indents[count] : String(repeating: " ", count: count)
        }

        private static let indents = (0..<8).map { String(repeating: " ", count: $0) }

        let wrappers: [TextWrapper]
        var buffers: [LineBuffer]

        init(wrappers: [TextWrapper]) {
            self.wrappers = wrappers
            buffers = Array(repeating: LineBuffer(), count: wrappers.count)
        }

        private mutating func appendBlankLine() {
            for index in buffers.indices { buffers[index].append("") }
        }

        private mutating func appendWrapped(_ text: String, firstPrefix: String, prefix: String) {
            let prepared = TextWrapper.Prepared(text)
            for (index, wrapper) in wrappers.enumerated() {
                wrapper.wrap(prepared, firstPrefix: firstPrefix, prefix: prefix, into: &buffers[index])
            }
        }

        mutating func add(_ block: Block, firstPrefix: String = "", prefix: String = "") {
            switch block.kind {
            case .heading(let level, let content, _):
                let prepared = TextWrapper.Prepared(content.plainText)
                for (index, wrapper) in wrappers.enumerated() {
                    if !buffers[index].lines.isEmpty, !buffers[index].lastIsBlank { buffers[index].append("") }
                    let widest = wrapper.wrap(prepared, firstPrefix: firstPrefix, prefix: prefix, keepWithNext: true, into: &buffers[index])
                    buffers[index].appendRule(UInt8(ascii: level == 1 ? "=" : "-"), count: min(wrapper.width, widest), keepWithNext: true)
                }
                appendBlankLine()
            case .paragraph(let content):
                appendWrapped(content.plainText, firstPrefix: firstPrefix, prefix: prefix)
                if firstPrefix.isEmpty && prefix.isEmpty { appendBlankLine() }
            case .list(let info, let items):
                for (index, item) in items.enumerated() {
                    let marker = info.ordered ? "\(info.start + index). " : "- "
                    let indent = prefix + Self.spaces(marker.utf8.count)
                    for (position, child) in item.blocks.enumerated() {
                        add(child, firstPrefix: position == 0 ? prefix + marker : indent, prefix: indent)
                    }
                }
                if prefix.isEmpty { appendBlankLine() }
            case .blockQuote(let children), .footnoteDefinition(_, let children):
                for child in children { add(child, firstPrefix: prefix + "> ", prefix: prefix + "> ") }
            case .table(let table):
                for row in table.rows {
                    appendWrapped(row.cells.map { $0.content.plainText }.joined(separator: " | "), firstPrefix: prefix, prefix: prefix + "  ")
                }
                appendBlankLine()
            case .codeBlock(_, let literal):
                for codeLine in literal.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
                    appendWrapped(String(codeLine), firstPrefix: prefix, prefix: prefix)
                }
                appendBlankLine()
            case .htmlBlock, .thematicBreak:
                break
            }
        }
    }

    // MARK: - Pages

    /// Pages of `rows - 1` lines plus the footer. A page never starts with a blank line, and a
    /// heading at the bottom of a page moves to the next one.
    static func paginate(_ buffer: LineBuffer, profile: DeviceProfile) -> Notice {
        let rows = profile.rows ?? 16
        let capacity = rows - 1
        let lines = buffer.lines
        // A page is a run of consecutive lines, so pages are kept as ranges of line indices; the
        // current page is lines[start..<end], and `end` is always the line being looked at.
        var pages: [Range<Int>] = []
        var start = 0
        var end = 0
        for index in lines.indices {
            let blank = buffer.isBlank(lines[index])
            if start == end && blank { start = index + 1; end = start; continue }
            if end - start == capacity {
                // Headings at the bottom (keepWithNext) are carried over to the next page, at
                // most a page less one line of them.
                var split = end
                while split > start, lines[split - 1].keepWithNext, end - split < capacity - 1 { split -= 1 }
                pages.append(start..<split)
                start = split
                if blank && start == end { start = index + 1; end = start; continue }
            }
            end = index + 1
        }
        if start < end || pages.isEmpty { pages.append(start..<end) }
        var output: [UInt8] = []
        output.reserveCapacity(pages.count * rows * (profile.columns + 1))
        buffer.bytes.withUnsafeBufferPointer { bytes in
            for (number, page) in pages.enumerated() {
                // Each line is followed by its newline in the buffer, so a page is one run of bytes.
                if let first = page.first, let last = page.last {
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[lines[first].range.lowerBound...lines[last].range.upperBound]))
                }
                output.append(contentsOf: repeatElement(UInt8(ascii: "\n"), count: capacity - page.count))
                let footer = "\(number + 1)/\(pages.count)"
                output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: max(0, profile.columns - footer.utf8.count)))
                output.append(contentsOf: footer.utf8)
                output.append(UInt8(ascii: "\n"))
            }
        }
        return Notice(text: output, pageCount: pages.count)
    }
}
