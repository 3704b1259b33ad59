/// The words of a run of inlines as one string, with a map back to source positions,
/// so that a sentence found in the text can be reported at its place in the file.
public struct InlineText: Sendable {
    /// A piece of `text` that came from one contiguous stretch of source.
    struct Segment: Sendable {
        var utf8Offset: Int
        var utf8Length: Int
        var start: SourceLocation
        /// False where the text does not map byte for byte onto the source (breaks, entities).
        var isVerbatim: Bool
    }

    public private(set) var text: String = ""
    private var segments: [Segment] = []
    private let file: String
    private let fallback: SourceRange

    /// Flattens inlines: links and emphasis contribute their text, breaks become one space,
    /// raw HTML contributes nothing (it is mark-up, not words).
    public init(_ inlines: [Inline], in range: SourceRange) {
        file = range.file
        fallback = range
        append(inlines)
    }

    private mutating func append(_ inlines: [Inline]) {
        for inline in inlines {
            switch inline.kind {
            case .text(let string), .code(let string):
                let verbatim = inline.range.start.line == inline.range.end.line
                    && inline.range.end.column - inline.range.start.column == string.utf8.count
                add(string, at: inline.range.start, verbatim: verbatim)
            case .softBreak, .lineBreak:
                add(" ", at: inline.range.start, verbatim: false)
            case .html, .footnoteReference:
                break
            default:
                append(inline.children)
            }
        }
    }

    private mutating func add(_ string: String, at start: SourceLocation, verbatim: Bool) {
        segments.append(Segment(utf8Offset: text.utf8.count, utf8Length: string.utf8.count, start: start, isVerbatim: verbatim))
        text += string
    }

    /// The source location of a UTF-8 offset into `text`.
    public func location(ofUTF8Offset offset: Int) -> SourceLocation {
        guard let segment = segments.last(where: { $0.utf8Offset <= offset }) else { return fallback.start }
        let delta = segment.isVerbatim ? min(offset - segment.utf8Offset, segment.utf8Length) : 0
        return SourceLocation(line: segment.start.line, column: segment.start.column + delta)
    }

    /// The source range of a piece of `text`.
    public func range(of textRange: Range<String.Index>) -> SourceRange {
        let startOffset = text.utf8.distance(from: text.startIndex, to: textRange.lowerBound)
        let endOffset = text.utf8.distance(from: text.startIndex, to: textRange.upperBound)
        return SourceRange(file: file, start: location(ofUTF8Offset: startOffset), end: location(ofUTF8Offset: endOffset))
    }
}

extension Array where Element == Inline {
    /// What `pick` finds, in document order, at any depth: the first match on each branch,
    /// whose own children are not searched (a link's text, a code span, a bold phrase).
    public func collect<T>(_ pick: (Inline) -> T?) -> [T] {
        flatMap { inline -> [T] in
            if let found = pick(inline) { return [found] }
            return inline.children.collect(pick)
        }
    }

    /// The plain words of these inlines, as a reader would see them.
    public var plainText: String {
        var result = ""
        forEachPlainTextPiece { result += $0 }
        return result
    }

    /// The pieces `plainText` is made of, in order, for callers that build something else from
    /// them (a collapsed copy) without the joined string in between.
    public func forEachPlainTextPiece(_ body: (String) -> Void) {
        for inline in self {
            switch inline.kind {
            case .text(let string), .code(let string): body(string)
            case .softBreak, .lineBreak: body(" ")
            case .html, .footnoteReference: break
            default: inline.children.forEachPlainTextPiece(body)
            }
        }
    }
}
