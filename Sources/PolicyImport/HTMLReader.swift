import CLibXML2
import Foundation
import PolicyMarkup
import Synchronization

/// Reads a legacy policy published as a web page, through libxml2's HTML parser, which
/// recovers from broken markup the way browsers do (unclosed `<p>` and `<li>`, stray end tags,
/// a missing `</body>`).
///
/// Only what a reader of the page sees is imported: scripts, styles, hidden elements and the
/// page's chrome (navigation, header, footer, side panels, forms) are dropped, and those that
/// hold words are listed in `leftOut` for a person to decide about. Every other word is kept,
/// in page order.
///
/// The parse never reaches the network, never expands custom entities (the HTML parser does not
/// read a document type's declarations) and never prints: libxml2's errors are collected, and
/// those that end the parse early, which would lose the rest of the page, are reported.
public enum HTMLReader {
    /// Saved web pages are kilobytes to a few megabytes; anything over this is refused unread.
    public static let maximumBytes = 32 << 20

    public static func read(path: String) -> LegacyReading {
        var reading = LegacyReading()
        let start = SourceRange.point(path, line: 1, column: 1)
        var status = stat()
        guard stat(path, &status) == 0 else {
            reading.diagnostics.append(Diagnostic(.unreadableFile, "'\(path)' does not exist", at: start))
            return reading
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            reading.diagnostics.append(Diagnostic(.unreadableFile, "'\(path)' is not a file", at: start))
            return reading
        }
        guard Int(status.st_size) <= maximumBytes else {
            reading.diagnostics.append(tooLarge(path: path, bytes: Int(status.st_size)))
            return reading
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            reading.diagnostics.append(Diagnostic(.unreadableFile, "'\(path)' cannot be read (permissions?)", at: start))
            return reading
        }
        return read(bytes: [UInt8](data), path: path)
    }

    public static func read(bytes: [UInt8], path: String) -> LegacyReading {
        var reading = LegacyReading()
        guard bytes.count <= maximumBytes else {
            reading.diagnostics.append(tooLarge(path: path, bytes: bytes.count))
            return reading
        }
        // A UTF-8 byte order mark would come out as a character of the first word.
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes[3...] : bytes[...]
        // NUL bytes are dropped, as browsers drop them from text: libxml2 2.9 takes one inside
        // markup for the end of the input. Not in UTF-16 or UTF-32, where they are half of a letter.
        let input = hasUnicodeMark(body) || !containsNUL(body) ? body : ArraySlice(body.filter { $0 != 0 })
        let parsed = parse(input, path: path)
        guard let document = parsed.document else {
            reading.diagnostics.append(Diagnostic(.unreadableFile, "libxml2 could not read '\(path)' as HTML", at: .point(path, line: 1, column: 1)))
            return reading
        }
        defer { xmlFreeDoc(document) }
        if let problem = problem(with: parsed, bytes: body, path: path) {
            reading.diagnostics.append(problem)
            return reading
        }
        var walker = HTMLBlockWalker(path: path, source: parsed.isUTF8 ? input : nil)
        walker.walk(document.pointee.children)
        var leftOut = walker.page.leftOut
        if parsed.status.unclosed_comment != 0, let comment = unclosedComment(in: body, path: path) {
            leftOut.append(comment)
        }
        let page = HTMLPage(blocks: walker.page.blocks, title: walker.page.title, leftOut: leftOut)
        (reading.documents, reading.leftOut) = page.documents(path: path)
        if reading.documents.isEmpty {
            let notes = reading.leftOut.isEmpty ? [] : ["\(reading.leftOut.count) part(s) of the page were left out as not part of a policy; see the left-out report"]
            reading.diagnostics.append(Diagnostic(.noPolicyFound, "no policy text was found in this page", at: .point(path, line: 1, column: 1), notes: notes))
        }
        return reading
    }

    private static func tooLarge(path: String, bytes: Int) -> Diagnostic {
        Diagnostic(.fileTooLarge, "'\(path)' is \(bytes >> 20) MiB; a web page over \(maximumBytes >> 20) MiB is refused unread",
                   at: .point(path, line: 1, column: 1))
    }

    // MARK: - Parsing

    private struct Parse {
        var document: htmlDocPtr?
        var status = policyc_html_status()
        /// Whether the bytes are UTF-8, and were read as such whatever the page declares.
        var isUTF8: Bool
    }

    /// Parses with libxml2. Bytes that are valid UTF-8 are read as UTF-8 even if the page
    /// declares another character set: text in any other encoding is almost never valid UTF-8,
    /// while pages saved as UTF-8 under a stale `<meta charset>` are common. Other bytes are left
    /// to libxml2, which follows a byte order mark or the page's `<meta charset>`.
    private static func parse(_ bytes: ArraySlice<UInt8>, path: String) -> Parse {
        initialise()
        var parse = Parse(isUTF8: String(validating: bytes, as: UTF8.self) != nil)
        // NOBLANKS is left out: it drops white-space text between inline elements
        // (`<sup>a</sup> <sub>b</sub>` would read "ab"), which joins words.
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue)
        parse.document = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) {
                policyc_html_read($0.baseAddress, Int32(buffer.count), path, parse.isUTF8 ? "UTF-8" : nil, options, &parse.status)
            }
        }
        return parse
    }

    /// A problem that makes the parsed tree unfit to import: text in an unknown encoding, or a
    /// parse that ended before the end of the page.
    private static func problem(with parse: Parse, bytes: ArraySlice<UInt8>, path: String) -> Diagnostic? {
        let declared = parse.document?.pointee.encoding.map { String(cString: $0) }
        if !parse.isUTF8, !hasUnicodeMark(bytes), declared == nil || ["utf-8", "utf8"].contains(declared!.lowercased()) {
            let offset = firstInvalidUTF8(in: bytes) ?? 0
            let (line, column) = position(of: offset, in: bytes)
            return Diagnostic(
                .notUTF8, "this page is not UTF-8 text (byte \(offset + 1)) and declares no other character set",
                at: .point(path, line: line, column: column),
                notes: ["save the page as UTF-8, or declare its encoding, e.g. <meta charset=\"windows-1252\">"])
        }
        if parse.status.encoding_failed != 0 {
            return Diagnostic(
                .notUTF8, "this page is not valid \(declared ?? "text in its declared character set"); libxml2 stops reading at the first bad byte, so nothing was imported",
                at: .point(path, line: max(1, Int(parse.status.line)), column: 1),
                notes: ["convert the page to UTF-8, or correct its <meta charset>"])
        }
        if parse.status.stopped != 0 {
            let message = withUnsafeBytes(of: parse.status.message) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                .trimmingCharacters(in: .whitespacesAndNewlines)
            return Diagnostic(
                .unreadableFile, "libxml2 stopped reading this page before its end\(message.isEmpty ? "" : " (\(message))"); nothing was imported rather than part of it",
                at: .point(path, line: max(1, Int(parse.status.line)), column: 1),
                notes: ["real pages nest elements a few dozen deep; this one is damaged or made to break parsers"])
        }
        return nil
    }

    /// A `<!--` never closed swallows the rest of the page, in libxml2 as in a browser.
    private static func unclosedComment(in bytes: ArraySlice<UInt8>, path: String) -> LeftOutText? {
        let close = Array("-->".utf8), open = Array("<!--".utf8)
        let lastClose = lastOffset(of: close, in: bytes).map { $0 + close.count } ?? 0
        guard let start = firstOffset(of: open, in: bytes, from: lastClose) else { return nil }
        let rest = bytes[(bytes.startIndex + start + open.count)...]
        let text = String(decoding: rest, as: UTF8.self).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard !text.isEmpty else { return nil }
        let first = position(of: start, in: bytes).line
        let last = position(of: bytes.count, in: bytes).line
        return LeftOutText(path: path, lines: first...last, reason: "inside a comment (<!--) that is never closed, so it runs to the end of the page",
                           excerpt: HTMLBlockWalker.excerpt(text))
    }

    // MARK: - Bytes

    private static func containsNUL(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in buffer.baseAddress.map { memchr($0, 0, buffer.count) != nil } ?? false }
    }

    /// A UTF-16 or UTF-32 byte order mark, which libxml2 follows.
    private static func hasUnicodeMark(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0, 0, 0xFE, 0xFF])
    }

    private static func firstInvalidUTF8(in bytes: ArraySlice<UInt8>) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .error: return offset
            case .emptyInput: return nil
            }
        }
    }

    /// The 1-based line and UTF-8 column of a byte offset.
    private static func position(of offset: Int, in bytes: ArraySlice<UInt8>) -> (line: Int, column: Int) {
        let before = bytes.prefix(offset)
        let lineStart = before.lastIndex(of: 0x0A).map { $0 + 1 } ?? bytes.startIndex
        return (before.count { $0 == 0x0A } + 1, before.endIndex - lineStart + 1)
    }

    private static func firstOffset(of pattern: [UInt8], in bytes: ArraySlice<UInt8>, from start: Int) -> Int? {
        guard bytes.count >= pattern.count, start <= bytes.count - pattern.count else { return nil }
        return (start...(bytes.count - pattern.count)).first { bytes[bytes.startIndex + $0..<bytes.startIndex + $0 + pattern.count].elementsEqual(pattern) }
    }

    private static func lastOffset(of pattern: [UInt8], in bytes: ArraySlice<UInt8>) -> Int? {
        guard bytes.count >= pattern.count else { return nil }
        return (0...(bytes.count - pattern.count)).reversed().first { bytes[bytes.startIndex + $0..<bytes.startIndex + $0 + pattern.count].elementsEqual(pattern) }
    }

    /// libxml2's global tables are set up once, before any thread parses.
    private static let initialised = Mutex(false)
    private static func initialise() {
        initialised.withLock { done in
            if !done { xmlInitParser(); done = true }
        }
    }
}
