/// An inline element of a paragraph, heading or table cell, with its range.
public struct Inline: Hashable, Sendable {
    public var kind: Kind
    public var range: SourceRange

    public init(_ kind: Kind, range: SourceRange) {
        self.kind = kind
        self.range = range
    }

    public indirect enum Kind: Hashable, Sendable {
        case text(String)
        case softBreak
        case lineBreak
        case code(String)
        case html(String)
        case emphasis([Inline])
        case strong([Inline])
        case strikethrough([Inline])
        case link(destination: String, title: String, content: [Inline])
        case image(source: String, title: String, alt: [Inline])
        case footnoteReference(String)
    }

    /// The children of container inlines, empty for leaves.
    public var children: [Inline] {
        switch kind {
        case .emphasis(let content), .strong(let content), .strikethrough(let content):
            content
        case .link(_, _, let content):
            content
        case .image(_, _, let alt):
            alt
        default:
            []
        }
    }
}
