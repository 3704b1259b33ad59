import PolicyMarkup

/// A link in the policy's wording as policyc reads it: an annotation naming a fact
/// (`[mobile phone number](item:contact.phone)`), a contact link (`tel:`, `mailto:`) or an
/// ordinary link.
///
/// The one place a link's scheme is read. The builder reads and resolves every link of a policy
/// once (`Policy.annotations`); the HTML, the diff and lint read those, or this parser for links
/// the model does not hold.
public struct Annotation: Hashable, Sendable {
    /// What a link's scheme says the link is. A closed set: a scheme policyc does not know is `other`.
    public enum Scheme: Hashable, Sendable {
        /// policyc's annotations: a data item, a recipient, a storage region, a defined term.
        case item, recipient, region, term
        /// `tel:`
        case phone
        /// `mailto:`
        case email
        /// `http:` and `https:`
        case web
        /// No scheme: a relative path or a `#fragment`.
        case relative
        /// Any other scheme, lowercased ("ftp", "javascript", a misspelt "iten").
        case other(String)

        /// The annotation schemes, in the order the documentation lists them.
        public static let annotations: [Scheme] = [.item, .recipient, .region, .term]

        /// Every scheme name policyc reads without complaint: the annotations and the ordinary
        /// links (`ftp:` and `sms:` are links policyc does not publish, not mistakes).
        public static let knownNames: Set<String> = ["item", "recipient", "region", "term", "tel", "mailto", "http", "https", "ftp", "sms"]

        /// The scheme of a link target (`item:contact.phone` → `.item`).
        public init(parsing destination: String) {
            self = Annotation.split(destination).scheme
        }

        init(name: String) {
            switch name {
            case "item": self = .item
            case "recipient": self = .recipient
            case "region": self = .region
            case "term": self = .term
            case "tel": self = .phone
            case "mailto": self = .email
            case "http", "https": self = .web
            default: self = .other(name)
            }
        }

        /// Whether the link is one of policyc's annotations rather than a link to somewhere.
        public var isAnnotation: Bool {
            switch self {
            case .item, .recipient, .region, .term: true
            default: false
            }
        }

        /// Whether policyc knows the scheme (every one but an `other` outside `knownNames`).
        public var isKnown: Bool {
            if case .other(let name) = self { return Self.knownNames.contains(name) }
            return true
        }

        /// The name as a link writes it, without the colon: "item", "tel", "http" for both web
        /// schemes, "" for a relative link.
        public var name: String {
            switch self {
            case .item: "item"
            case .recipient: "recipient"
            case .region: "region"
            case .term: "term"
            case .phone: "tel"
            case .email: "mailto"
            case .web: "http"
            case .relative: ""
            case .other(let name): name
            }
        }
    }

    /// The fact an annotation names as the compiled policy holds it: from the vocabulary, or
    /// without one from the words of the fact's first mention.
    public enum Entry: Hashable, Sendable {
        case dataItem(label: String, category: String?, sensitive: Bool)
        case recipient(label: String, kind: String?)
        case region(label: String)
        /// The term as the policy first defines it.
        case term(String)
        case contact(id: String, label: String?)
    }

    public var scheme: Scheme
    /// The link target as written.
    public var destination: String
    /// What follows the scheme's colon: the id of an annotation, the number or address of a
    /// contact link; the whole target of a relative link.
    public var value: String
    /// The legal wording inside the brackets, unchanged.
    public var words: String
    /// The whole link, brackets and target.
    public var range: SourceRange
    /// Where `value` is written, when that is known (a link on one line without a title): the
    /// part a fix-it may replace, so the words are never touched.
    public var valueRange: SourceRange?
    /// The fact the annotation resolved to; `nil` for links that name none, and for annotations
    /// that name an id the vocabulary does not declare or have no words.
    public var entry: Entry?

    public init(destination: String, title: String = "", words: String, range: SourceRange) {
        let (scheme, value) = Self.split(destination)
        self.scheme = scheme
        self.destination = destination
        self.value = String(value)
        self.words = words
        self.range = range
        valueRange = Self.valueRange(of: value, inLink: range, hasTitle: !title.isEmpty)
    }

    /// The link `inline` is, unresolved; `nil` for any other inline.
    public init?(_ inline: Inline) {
        guard case .link(let destination, let title, let content) = inline.kind else { return nil }
        self.init(destination: destination, title: title, words: content.plainText, range: inline.range)
    }

    /// Every link in `inlines` at any depth, in document order, unresolved.
    public static func links(in inlines: [Inline]) -> [Annotation] {
        var links: [Annotation] = []
        func visit(_ inlines: [Inline]) {
            for inline in inlines {
                if let link = Annotation(inline) { links.append(link) }
                visit(inline.children)
            }
        }
        visit(inlines)
        return links
    }

    /// The scheme of a target and what follows its colon. A scheme is an ASCII letter followed by
    /// letters, digits, `+`, `-` or `.` before the first `:` (RFC 3986), read case-insensitively;
    /// a target without one is relative and its value is all of it.
    static func split(_ destination: String) -> (scheme: Scheme, value: Substring) {
        let utf8 = destination.utf8
        var index = utf8.startIndex
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: ":") { break }
            let isLetter = (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
            let allowed = isLetter || (index != utf8.startIndex && ((byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")))
            guard allowed else { return (.relative, destination[...]) }
            index = utf8.index(after: index)
        }
        guard index < utf8.endIndex, index != utf8.startIndex else { return (.relative, destination[...]) }
        return (Scheme(name: destination[..<index].lowercased()), destination[utf8.index(after: index)...])
    }

    /// Where the part after the scheme is written. A link is `[words](scheme:value)`: on one line
    /// and without a title, the value ends one column before the link's closing `)`.
    private static func valueRange(of value: Substring, inLink range: SourceRange, hasTitle: Bool) -> SourceRange? {
        guard !hasTitle, range.start.line == range.end.line else { return nil }
        let end = SourceLocation(line: range.end.line, column: range.end.column - 1)
        let start = SourceLocation(line: end.line, column: end.column - value.utf8.count)
        guard start > range.start else { return nil }
        return SourceRange(file: range.file, start: start, end: end)
    }
}
