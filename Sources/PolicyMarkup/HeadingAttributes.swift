/// The attribute block that may end a heading, as pandoc and kramdown write it:
/// `## II. How Do We Store … {#storage kind=storage}`.
///
/// `#id` names the section, `key=value` pairs state facts (`kind=collection`), and bare words
/// are flags (`purpose`, `optional`). The block is not part of the legal text.
public struct HeadingAttributes: Hashable, Sendable {
    public struct Pair: Hashable, Sendable {
        public var key: String
        public var value: String
        /// Where the value is written, so a fix-it can replace just the value.
        public var valueRange: SourceRange
    }

    public var id: String?
    public var classes: [String] = []
    public var flags: [String] = []
    public var pairs: [Pair] = []
    public var range: SourceRange

    public init(range: SourceRange) {
        self.range = range
    }

    public func value(for key: String) -> String? {
        pairs.first { $0.key == key }?.value
    }

    public func hasFlag(_ flag: String) -> Bool {
        flags.contains(flag) || classes.contains(flag)
    }

    /// Why an attribute block could not be read.
    struct Problem: Error {
        var reason: String
    }

    /// Parses the inside of `{…}`. Returns a reason when a token cannot be read.
    static func parse(_ body: Substring, range: SourceRange) -> Result<HeadingAttributes, Problem> {
        var attributes = HeadingAttributes(range: range)
        // The body starts one column after the `{` at `range.start`.
        func columnRange(_ part: Substring) -> SourceRange {
            let column = range.start.column + 1 + body.utf8.distance(from: body.startIndex, to: part.startIndex)
            return SourceRange(
                file: range.file, start: SourceLocation(line: range.start.line, column: column),
                end: SourceLocation(line: range.start.line, column: column + part.utf8.count))
        }
        for token in body.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            if token.hasPrefix("#") {
                let id = token.dropFirst()
                guard isIdentifier(id) else { return .failure(Problem(reason: "'\(token)' is not a valid id; use letters, digits, '-', '_' or '.'")) }
                guard attributes.id == nil else { return .failure(Problem(reason: "the heading has two ids")) }
                attributes.id = String(id)
            } else if token.hasPrefix(".") {
                let name = token.dropFirst()
                guard isIdentifier(name) else { return .failure(Problem(reason: "'\(token)' is not a valid class name")) }
                attributes.classes.append(String(name))
            } else if let equals = token.firstIndex(of: "=") {
                let key = token[..<equals]
                var value = token[token.index(after: equals)...]
                if value.count >= 2, value.first == "\"", value.last == "\"" { value = value.dropFirst().dropLast() }
                guard isIdentifier(key), !value.isEmpty else { return .failure(Problem(reason: "'\(token)' must be written key=value")) }
                attributes.pairs.append(Pair(key: String(key), value: String(value), valueRange: columnRange(value)))
            } else if isIdentifier(token) {
                attributes.flags.append(String(token))
            } else {
                return .failure(Problem(reason: "'\(token)' is not an id (#name), a flag or key=value"))
            }
        }
        return .success(attributes)
    }

    private static func isIdentifier(_ text: Substring) -> Bool {
        guard !text.isEmpty else { return false }
        // ASCII, as nearly every id is, byte by byte; other text by Character properties.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            return text.utf8.allSatisfy { byte in
                (byte | 0x20) &- UInt8(ascii: "a") < 26 || byte &- UInt8(ascii: "0") < 10
                    || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
            }
        }
        return text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }
    }
}
