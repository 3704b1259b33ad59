/// A position in a source file: 1-based line, 1-based column counted in UTF-8 bytes
/// (the convention of cmark-gfm and swift-markdown, so positions survive round trips).
public struct SourceLocation: Hashable, Comparable, Sendable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}

/// The span of source a node or diagnostic came from. `end` is exclusive.
public struct SourceRange: Hashable, Sendable {
    public var file: String
    public var start: SourceLocation
    public var end: SourceLocation

    public init(file: String, start: SourceLocation, end: SourceLocation) {
        self.file = file
        self.start = start
        self.end = max(start, end)
    }

    /// A range covering one point; used where only a start is known.
    public static func point(_ file: String, line: Int, column: Int) -> SourceRange {
        let location = SourceLocation(line: line, column: column)
        return SourceRange(file: file, start: location, end: location)
    }

    /// Whether the two ranges of one file share a position (a point range inside the other counts).
    public func overlaps(_ other: SourceRange) -> Bool {
        file == other.file && start <= other.end && other.start <= end
    }

    /// The smallest range that covers both.
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(file: file, start: min(start, other.start), end: max(end, other.end))
    }
}

extension SourceRange: CustomStringConvertible {
    /// `line:col-line:col`, the form used by `policyc dump` and golden files.
    public var description: String {
        "\(start.line):\(start.column)-\(end.line):\(end.column)"
    }
}
