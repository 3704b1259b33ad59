import PolicyMarkup

/// Text written as an annotation that Markdown does not read as a link, so it would be published
/// as written: `[login password] (item:account.password)` (white space between `]` and `(`) or
/// `[mobile phone](item: contact.phone)` (white space after the scheme's colon).
///
/// Found in the plain text of a run of words, where such a slip is all literal characters; the
/// white space is the mistake, and the fix-it removes only that.
struct BrokenAnnotation {
    /// From `[` to `)`.
    var text: Substring
    var range: SourceRange
    /// Removes the white space that keeps it from being a link (between `]` and `(`, after the
    /// colon), when the text stands in the source exactly as read.
    var fixIt: FixIt?

    /// Every broken annotation in `run`.
    static func find(in run: InlineText) -> [BrokenAnnotation] {
        let text = run.text, utf8 = text.utf8
        var found: [BrokenAnnotation] = []
        var searchStart = utf8.startIndex
        while let open = utf8[searchStart...].firstIndex(of: UInt8(ascii: "(")) {
            searchStart = utf8.index(after: open)
            if let broken = brokenAnnotation(at: open, in: run) { found.append(broken) }
        }
        return found
    }

    /// The broken annotation whose `(` is at `open`, if it is one.
    private static func brokenAnnotation(at open: String.Index, in run: InlineText) -> BrokenAnnotation? {
        let text = run.text, utf8 = text.utf8
        func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        // `[words]`, then white space or none, then `(`.
        var close = open
        while close > utf8.startIndex, isBlank(utf8[utf8.index(before: close)]) { close = utf8.index(before: close) }
        guard close > utf8.startIndex else { return nil }
        let spaceBefore = close..<open
        close = utf8.index(before: close)
        guard utf8[close] == UInt8(ascii: "]"),
              let bracket = utf8[..<close].lastIndex(where: { $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "]") }),
              utf8[bracket] == UInt8(ascii: "["), text[utf8.index(after: bracket)..<close].contains(where: { !$0.isWhitespace })
        else { return nil }
        // `scheme:`, then white space or none, then a value without white space, then `)`.
        let nameStart = utf8.index(after: open)
        let colon = utf8[nameStart...].firstIndex { !(($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "z")) } ?? utf8.endIndex
        guard colon < utf8.endIndex, utf8[colon] == UInt8(ascii: ":") else { return nil }
        guard Annotation.Scheme(parsing: String(text[nameStart...colon])).isAnnotation else { return nil }
        var valueStart = utf8.index(after: colon)
        while valueStart < utf8.endIndex, isBlank(utf8[valueStart]) { valueStart = utf8.index(after: valueStart) }
        let spaceAfter = utf8.index(after: colon)..<valueStart
        guard let end = utf8[valueStart...].firstIndex(where: { $0 == UInt8(ascii: ")") || isBlank($0) }),
              end > valueStart, utf8[end] == UInt8(ascii: ")"), !(spaceBefore.isEmpty && spaceAfter.isEmpty)
        else { return nil }
        let whole = bracket..<utf8.index(after: end)
        let spaces = [spaceBefore, spaceAfter].filter { !$0.isEmpty }
        return BrokenAnnotation(text: text[whole], range: run.range(of: whole), fixIt: fixIt(removing: spaces, in: run))
    }

    /// One fix-it over the stretch from the first space to the end of the last, which keeps what
    /// lies between them (`(item:`) and drops the white space: the words in brackets are never in it.
    private static func fixIt(removing spaces: [Range<String.Index>], in run: InlineText) -> FixIt? {
        guard let first = spaces.first, let last = spaces.last else { return nil }
        let text = run.text, stretch = first.lowerBound..<last.upperBound
        // Only where the stretch stands in the source byte for byte (one line, no escapes).
        let range = run.range(of: stretch)
        guard range.start.line == range.end.line,
              range.end.column - range.start.column == text.utf8.distance(from: stretch.lowerBound, to: stretch.upperBound)
        else { return nil }
        return FixIt(range: range, replacement: String(text[stretch].filter { $0 != " " && $0 != "\t" }))
    }
}
