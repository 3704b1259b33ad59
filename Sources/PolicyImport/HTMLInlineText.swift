import CLibXML2

/// The inline text of one block being gathered from HTML text nodes, with white space
/// collapsed as a browser collapses it: every run of spaces, tabs and line breaks is one space,
/// and none is kept at the block's edges.
///
/// A no-break space (U+00A0, `&nbsp;`) counts as white space here and becomes a plain space:
/// what an import must keep is the policy's words, and a no-break space in a Markdown source is
/// invisible, glues words for the spelling and diff tools, and is only ever layout on a web page.
struct HTMLInlineText {
    /// How a run of text is shown; the innermost link wins, then code, strong and emphasis.
    enum Style: Hashable {
        case text, strong, emphasis, code
        case link(String)
    }

    private var runs: [(style: Style, text: String)] = []
    /// A space seen since the last word; written only if another word follows (trailing spaces
    /// are trimmed).
    private var pendingSpace = false

    var isEmpty: Bool { runs.isEmpty }

    /// Adds the text of a node: UTF-8, NUL-terminated, as libxml2 holds it.
    mutating func append(_ text: UnsafePointer<UInt8>, style: Style) {
        var cursor = text
        while true {
            let plain = policyc_html_plain_length(cursor)
            if plain > 0 {
                appendWords(UnsafeBufferPointer(start: cursor, count: plain), style: style)
                cursor += plain
            }
            guard cursor.pointee != 0 else { return }
            while case let width = Self.spaceWidth(cursor), width > 0 { cursor += width }
            pendingSpace = true
        }
    }

    /// A boundary that separates words without starting a new block (a `<br>` in a heading, a
    /// paragraph inside a table cell).
    mutating func separateWords() {
        pendingSpace = true
    }

    /// The runs gathered so far, which are then forgotten.
    mutating func take() -> [LegacyInline] {
        defer {
            runs = []
            pendingSpace = false
        }
        return runs.map { run in
            switch run.style {
            case .text: .text(run.text)
            case .strong: .strong(run.text)
            case .emphasis: .emphasis(run.text)
            case .code: .code(run.text)
            case .link(let destination): .link(text: run.text, destination: destination)
            }
        }
    }

    /// Appends words (no white space at either end) after the pending space, if any. A space
    /// between two runs of the same style stays inside the run (a link's words); at a change of
    /// style it goes to plain text, because Markdown cannot open or close `**` next to a space.
    private mutating func appendWords(_ bytes: UnsafeBufferPointer<UInt8>, style: Style) {
        // String(decoding:) repairs any invalid UTF-8, so the result is always a valid String.
        let words = String(decoding: bytes, as: UTF8.self)
        if pendingSpace, !runs.isEmpty {
            if runs[runs.count - 1].style == style || runs[runs.count - 1].style == .text {
                runs[runs.count - 1].text += " "
            } else {
                runs.append((.text, " "))
            }
        }
        pendingSpace = false
        // Compared in place: a copy of the last run would share its text and make `+=` copy it,
        // which over a long paragraph is quadratic.
        if !runs.isEmpty, runs[runs.count - 1].style == style {
            runs[runs.count - 1].text += words
        } else {
            runs.append((style, words))
        }
    }

    /// The length of the white space at `byte`: HTML's ASCII white space, or U+00A0 (C2 A0).
    private static func spaceWidth(_ byte: UnsafePointer<UInt8>) -> Int {
        switch byte.pointee {
        case 0x20, 0x09, 0x0A, 0x0C, 0x0D: 1
        case 0xC2 where byte[1] == 0xA0: 2  // byte[1] exists: at worst it is the closing NUL
        default: 0
        }
    }
}
