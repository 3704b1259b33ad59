/// Separates YAML front matter from the Markdown body.
///
/// The body handed to cmark-gfm keeps the front matter's lines as blank lines, so every
/// position cmark reports is already a position in the original file.
enum FrontMatterSplitter {
    struct Split {
        var frontMatter: Document.FrontMatter?
        /// UTF-8, already validated with the file.
        var body: [UInt8]
        var problem: Diagnostic?
    }

    /// Without `body`, only the front matter is worked out: the body stays empty, not copied.
    static func split(_ source: SourceFile, body wantsBody: Bool = true) -> Split {
        let bytes = source.bytes
        guard bytes.starts(with: "---\n".utf8) || bytes.starts(with: "---\r\n".utf8) else {
            return Split(frontMatter: nil, body: bytes, problem: nil)
        }
        // Walk the lines as bytes: only the front matter is looked at, not the whole file.
        var lineStart = bytes.firstIndex(of: UInt8(ascii: "\n"))! + 1
        var lineNumber = 2
        while lineStart < bytes.count {
            let lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            var content = bytes[lineStart..<lineEnd]
            if content.last == UInt8(ascii: "\r") { content = content.dropLast() }
            if content.elementsEqual("---".utf8) || content.elementsEqual("...".utf8) {
                let firstYAMLByte = bytes.firstIndex(of: UInt8(ascii: "\n"))! + 1
                let yaml = String(decoding: bytes[firstYAMLByte..<max(firstYAMLByte, lineStart - 1)], as: UTF8.self)
                let range = SourceRange(
                    file: source.path, start: SourceLocation(line: 1, column: 1),
                    end: SourceLocation(line: lineNumber, column: content.count + 1))
                var body: [UInt8] = []
                if wantsBody {
                    body = [UInt8](repeating: UInt8(ascii: "\n"), count: lineNumber)
                    if lineEnd < bytes.count { body += bytes[(lineEnd + 1)...] }
                }
                return Split(frontMatter: Document.FrontMatter(yaml: yaml, firstLine: 2, range: range), body: body, problem: nil)
            }
            lineStart = lineEnd + 1
            lineNumber += 1
        }
        let problem = Diagnostic(
            .malformedFrontMatter,
            "the front matter that starts here is never closed; end it with a line containing only '---'",
            at: .point(source.path, line: 1, column: 1))
        return Split(frontMatter: nil, body: bytes, problem: problem)
    }
}
