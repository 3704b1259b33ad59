/// Separates YAML front matter from the Markdown body.
///
/// The body handed to cmark-gfm keeps the front matter's lines as blank lines, so every
/// position cmark reports is already a position in the original file.
enum FrontMatterSplitter {
    struct Split {
        var frontMatter: Document.FrontMatter?
        var body: String
        var problem: Diagnostic?
    }

    static func split(_ source: SourceFile) -> Split {
        let text = source.text
        guard text.hasPrefix("---\n") || text.hasPrefix("---\r\n") else {
            return Split(frontMatter: nil, body: text, problem: nil)
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let closing = lines.indices.dropFirst().first(where: { isDelimiter(lines[$0]) }) else {
            let problem = Diagnostic(
                .malformedFrontMatter,
                "the front matter that starts here is never closed; end it with a line containing only '---'",
                at: .point(source.path, line: 1, column: 1))
            return Split(frontMatter: nil, body: text, problem: problem)
        }
        let yaml = lines[1..<closing].joined(separator: "\n")
        let range = SourceRange(
            file: source.path, start: SourceLocation(line: 1, column: 1),
            end: SourceLocation(line: closing + 1, column: lines[closing].utf8.count + 1))
        for index in 0...closing { lines[index] = "" }
        return Split(
            frontMatter: Document.FrontMatter(yaml: yaml, firstLine: 2, range: range),
            body: lines.joined(separator: "\n"), problem: nil)
    }

    private static func isDelimiter(_ line: Substring) -> Bool {
        let trimmed = line.hasSuffix("\r") ? line.dropLast() : line
        return trimmed == "---" || trimmed == "..."
    }
}
