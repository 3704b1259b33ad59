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
    /// Twice the largest source policyc compiles (mark-up goes, words stay), and a bound on
    /// libxml2's tree: a hostile page of nested elements costs it about 50 bytes a byte.
    public static let maximumBytes = 16 << 20

    /// Reads the page at `path`; a file over `maximumBytes` is refused before it is read.
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

    /// Reads a page's bytes; `path` names it in documents and diagnostics.
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
        guard !input.isEmpty else {
            reading.diagnostics.append(noPolicy(path: path, leftOut: []))
            return reading
        }
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
        var page = walker.page
        if parsed.status.unclosed_comment != 0, let comment = unclosedComment(in: body, path: path) {
            page.leftOut.append(comment)
        }
        (reading.documents, reading.leftOut) = page.documents(path: path)
        if reading.documents.isEmpty {
            reading.diagnostics.append(noPolicy(path: path, leftOut: reading.leftOut))
        }
        return reading
    }

    private static func noPolicy(path: String, leftOut: [LeftOutText]) -> Diagnostic {
        Diagnostic(.noPolicyFound, "no policy text was found in this page", at: .point(path, line: 1, column: 1),
                   notes: leftOut.isEmpty ? [] : ["\(leftOut.count) part(s) of the page were left out as no part of a policy (navigation, hidden text, …)"])
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
        // Without a byte order mark, a declared UTF-16 or UTF-32 is as wrong as UTF-8 (browsers
        // read such pages as UTF-8), so only a legacy character set can explain the bytes.
        let declaresLegacy = declared.map { !$0.lowercased().hasPrefix("utf") } ?? false
        if !parse.isUTF8, !hasUnicodeMark(bytes), !declaresLegacy {
            let offset = firstInvalidUTF8(in: bytes) ?? 0
            let (line, column) = position(of: offset, in: bytes)
            return Diagnostic(
                .notUTF8, "this page is not UTF-8 text (byte \(offset + 1)) and declares no other character set it could be in",
                at: .point(path, line: line, column: column),
                notes: ["save the page as UTF-8, or declare its encoding, e.g. <meta charset=\"windows-1252\">"])
        }
        if !parse.isUTF8, parse.status.unknown_encoding != 0 {
            return Diagnostic(
                .notUTF8, "this page declares the character set '\(declared ?? "?")', which libxml2 does not know",
                at: .point(path, line: 1, column: 1), notes: ["convert the page to UTF-8, or correct its <meta charset>"])
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
                notes: ["the page is damaged, or made to break parsers"])
        }
        return nil
    }

    /// A `<!--` never closed swallows the rest of the page, in libxml2 as in a browser.
    private static func unclosedComment(in bytes: ArraySlice<UInt8>, path: String) -> LeftOutText? {
        var searchFrom = 0
        while let open = firstOffset(of: Array("<!--".utf8), in: bytes, from: searchFrom) {
            if let close = firstOffset(of: Array("-->".utf8), in: bytes, from: open + 4) {
                searchFrom = close + 3
                continue
            }
            let rest = bytes[(bytes.startIndex + open + 4)...]
            let text = String(decoding: rest, as: UTF8.self).split(whereSeparator: \.isWhitespace).joined(separator: " ")
            guard !text.isEmpty else { return nil }
            let lastByte = bytes.lastIndex { $0 > 0x20 }.map { $0 - bytes.startIndex } ?? open
            return LeftOutText(
                path: path, lines: position(of: open, in: bytes).line...position(of: lastByte, in: bytes).line,
                reason: "inside a comment (<!--) that is never closed, so it runs to the end of the page", excerpt: LeftOutText.excerpt(text))
        }
        return nil
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
        bytes.withUnsafeBufferPointer { buffer in
            guard let start = buffer.baseAddress, offset > 0 else { return (1, 1) }
            var (line, lineStart) = (1, 0)
            while lineStart < offset, let newline = memchr(start + lineStart, 0x0A, offset - lineStart) {
                line += 1
                lineStart = UnsafeRawPointer(newline) - UnsafeRawPointer(start) + 1
            }
            return (line, offset - lineStart + 1)
        }
    }

    /// The offset of the first `pattern` at or after `start`.
    private static func firstOffset(of pattern: [UInt8], in bytes: ArraySlice<UInt8>, from start: Int) -> Int? {
        guard start < bytes.count else { return nil }
        return bytes.withUnsafeBufferPointer { buffer in
            pattern.withUnsafeBufferPointer { ByteSearch.firstOffset(of: $0, in: UnsafeBufferPointer(rebasing: buffer[start...])) }
        }.map { $0 + start }
    }

    /// libxml2's global tables are set up once, before any thread parses.
    private static let initialised = Mutex(false)
    private static func initialise() {
        initialised.withLock { done in
            if !done { xmlInitParser(); done = true }
        }
    }
}
