import Foundation

/// Escapes legacy text so that Markdown reads it back as the same characters: the compiled text
/// of an imported source is the legacy text, word for word.
enum MarkdownEscaper {
    /// Characters that start inline Markdown anywhere in a line.
    private static let inlineSpecials: Set<Character> = ["\\", "`", "*", "_", "[", "]", "<", "~"]

    static func escape(_ text: String, atLineStart: Bool) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if inlineSpecials.contains(character) || (character == "&" && startsCharacterReference(text[index...])) {
                output.append("\\")
            }
            output.append(character)
            index = text.index(after: index)
        }
        if atLineStart { output = escapeBlockStart(output) }
        return output
    }

    /// A heading's words: also `{`, which at the end of a heading would start an attribute block.
    static func escapeHeading(_ text: String) -> String {
        escape(text, atLineStart: false).replacingOccurrences(of: "{", with: "\\{")
    }

    /// A link destination that Markdown reads back unchanged: characters that would end or
    /// break it (white space, brackets, parentheses, backslashes, controls) percent-encoded.
    static func destination(_ url: String) -> String {
        var output = ""
        for scalar in url.unicodeScalars {
            if scalar.value <= 0x20 || scalar.value == 0x7F || "<>()\\".unicodeScalars.contains(scalar) {
                output += String(format: "%%%02X", scalar.value)
            } else {
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    /// A code span that holds `text` whatever backticks it contains.
    static func codeSpan(_ text: String) -> String {
        var longest = 0, run = 0
        for character in text {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let padding = text.hasPrefix("`") || text.hasSuffix("`") ? " " : ""
        return fence + padding + text + padding + fence
    }

    /// "&amp;", "&#38;": cmark would decode them; the legacy text meant the characters.
    private static func startsCharacterReference(_ text: Substring) -> Bool {
        let body = text.dropFirst().prefix(33)
        guard let semicolon = body.firstIndex(of: ";") else { return false }
        let name = body[..<semicolon]
        return !name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "#") }
    }

    /// A line that would open a heading, quote, list or thematic break keeps it as text.
    private static func escapeBlockStart(_ line: String) -> String {
        guard let first = line.first else { return line }
        if "#>+-=|".contains(first) { return "\\" + line }
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, digits.count <= 9 {
            let rest = line.dropFirst(digits.count)
            if let marker = rest.first, marker == "." || marker == ")", rest.dropFirst().first.map({ $0 == " " || $0 == "\t" }) ?? true {
                return String(digits) + "\\" + String(rest)
            }
        }
        return line
    }
}
