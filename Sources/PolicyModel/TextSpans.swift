import PolicyMarkup

/// A stretch of the policy's words with its place in the source.
struct TextSpan {
    var text: Substring
    var range: SourceRange

    var statement: Statement { Statement(text: String(text), range: range) }
}

extension InlineText {
    func span(_ range: Range<String.Index>) -> TextSpan {
        TextSpan(text: text[range], range: self.range(of: range))
    }

    /// Sentences, split after `.`, `!` or `?` followed by a space and a capital, digit, `(` or quote.
    /// Abbreviations common in policies ("e.g.", "Co.", "No.") do not end a sentence.
    /// Scans UTF-8 bytes: every boundary character is ASCII.
    var sentences: [TextSpan] {
        var result: [TextSpan] = []
        let utf8 = text.utf8
        var sentenceStart = utf8.startIndex
        var index = utf8.startIndex
        while index < utf8.endIndex {
            let byte = utf8[index]
            let next = utf8.index(after: index)
            if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?"),
               next < utf8.endIndex, utf8[next] == UInt8(ascii: " ") {
                var following = next
                while following < utf8.endIndex, utf8[following] == UInt8(ascii: " ") { following = utf8.index(after: following) }
                if following < utf8.endIndex, let first = text[following...].unicodeScalars.first, Self.startsSentence(first),
                   !Self.endsWithAbbreviation(text[sentenceStart..<next]) {
                    result.append(trimmedSpan(sentenceStart..<next))
                    sentenceStart = following
                    index = following
                    continue
                }
            }
            index = next
        }
        if sentenceStart < utf8.endIndex {
            result.append(trimmedSpan(sentenceStart..<utf8.endIndex))
        }
        return result.filter { !$0.text.isEmpty }
    }

    private static func startsSentence(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "0"..."9", "(", "\"", "“": true
        case _ where scalar.isASCII: false
        default: scalar.properties.isUppercase
        }
    }

    private static let abbreviations = ["e.g.", "i.e.", "No.", "Co.", "Inc.", "Ltd.", "Mr.", "Ms.", "Dr.", "St.", "vs.", "Art.", "cf."]

    private static func endsWithAbbreviation(_ text: Substring) -> Bool {
        abbreviations.contains { abbreviation in
            // The bytes first: a Character-by-Character suffix test at every full stop was a
            // visible share of a compile, and ASCII words end a text only if their bytes do.
            guard text.utf8.count >= abbreviation.utf8.count,
                  text.utf8.suffix(abbreviation.utf8.count).elementsEqual(abbreviation.utf8),
                  text.hasSuffix(abbreviation) else { return false }
            let before = text.dropLast(abbreviation.count).last
            return before == nil || before == " " || before == "(" || before == ","
        }
    }

    func trimmedSpan(_ range: Range<String.Index>) -> TextSpan {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, text[lower].isWhitespace { lower = text.index(after: lower) }
        while upper > lower, text[text.index(before: upper)].isWhitespace { upper = text.index(before: upper) }
        return span(lower..<upper)
    }

    /// The items of an inline enumeration "(1)…; (2)…", numbered consecutively from 1.
    /// Each item runs to the next marker or the end of the text.
    var parenthesisedEnumeration: [(number: String, span: TextSpan)] {
        var markers: [(number: Int, range: Range<String.Index>)] = []
        var expected = 1
        var searchStart = text.startIndex
        // Byte search, as for every cue: unlike Foundation's it would also find "(1)" followed by
        // a combining mark, which no policy writes.
        while let marker = text.firstRange(ofText: "(\(expected))", in: searchStart..<text.endIndex) {
            markers.append((expected, marker))
            searchStart = marker.upperBound
            expected += 1
        }
        if markers.isEmpty, let single = leadingMarker() {
            // A list item of its own: "(2)If we share …".
            return [(single.number, trimmedSpan(text.startIndex..<text.endIndex))]
        }
        guard markers.count >= 2 || (markers.count == 1 && markers[0].range.lowerBound == text.startIndex) else { return [] }
        return markers.indices.map { index in
            let end = index + 1 < markers.count ? markers[index + 1].range.lowerBound : text.endIndex
            return (String(markers[index].number), trimmedSpan(markers[index].range.lowerBound..<end))
        }
    }

    /// "(7)" at the very start of the text, as a list item of an enumeration begins.
    private func leadingMarker() -> (number: String, range: Range<String.Index>)? {
        guard text.hasPrefix("(") else { return nil }
        let digits = text.dropFirst().prefix { $0.isNumber }
        guard !digits.isEmpty, text.dropFirst(1 + digits.count).first == ")" else { return nil }
        return (String(digits), text.startIndex..<text.index(text.startIndex, offsetBy: digits.count + 2))
    }

    /// The items of an inline enumeration "1.…; 2.…" (a number and a dot glued to the word),
    /// as the seed writes definitions. Numbered consecutively from 1.
    var numberedEnumeration: [(number: String, span: TextSpan)] {
        var markers: [(number: Int, range: Range<String.Index>)] = []
        var expected = 1
        var searchStart = text.startIndex
        while let marker = text.firstRange(ofText: "\(expected).", in: searchStart..<text.endIndex) {
            let isWordStart = marker.lowerBound == text.startIndex || text[text.index(before: marker.lowerBound)] == " "
            let nextIsLetter = marker.upperBound < text.endIndex && text[marker.upperBound].isLetter
            if isWordStart && nextIsLetter {
                markers.append((expected, marker))
                expected += 1
            }
            searchStart = marker.upperBound
        }
        guard markers.count >= 2 else { return [] }
        return markers.indices.map { index in
            let end = index + 1 < markers.count ? markers[index + 1].range.lowerBound : text.endIndex
            return (String(markers[index].number), trimmedSpan(markers[index].range.lowerBound..<end))
        }
    }
}

extension Substring {
    /// Whether any of the lowercase `needles` occurs, ignoring ASCII case.
    func containsAny(_ needles: [String]) -> Bool {
        FoldedText(self).containsAny(needles)
    }
}

/// Ids made from words: lowercase ASCII letters and digits joined by '-', as GitHub makes anchors.
public enum Slug {
    public static func make(_ text: String, maxWords: Int = 8) -> String {
        // Built as UTF-8 bytes: appending scalars to a String one by one made slugs a visible
        // part of compiling a policy with many headings.
        var slug: [UInt8] = []
        var words = 0
        var inWord = false
        func startWord() {
            guard !inWord else { return }
            if words > 0 { slug.append(UInt8(ascii: "-")) }
            inWord = true
        }
        func endWord() {
            if inWord { words += 1 }
            inWord = false
        }
        for scalar in text.unicodeScalars where words < maxWords {
            switch scalar {
            case "a"..."z", "0"..."9":
                startWord()
                slug.append(UInt8(scalar.value))
            case "A"..."Z":
                startWord()
                slug.append(UInt8(scalar.value + 32))
            case _ where scalar.isASCII: endWord()
            case _ where scalar.properties.isAlphabetic:
                startWord()
                slug.append(contentsOf: String(scalar).lowercased().utf8)
            default: endWord()
            }
        }
        return String(decoding: slug, as: UTF8.self)
    }
}

/// The closest candidate by edit distance, for "did you mean …" fix-its.
public enum NearestMatch {
    public static func find(_ word: String, in candidates: some Sequence<String>) -> String? {
        var best: (String, Int)?
        for candidate in candidates {
            let distance = editDistance(Array(word.utf8), Array(candidate.utf8))
            if best == nil || distance < best!.1 || (distance == best!.1 && candidate < best!.0) {
                best = (candidate, distance)
            }
        }
        guard let (candidate, distance) = best, distance <= max(3, word.count / 2) else { return nil }
        return candidate
    }

    public static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
