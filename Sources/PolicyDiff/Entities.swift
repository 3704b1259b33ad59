import PolicyMarkup

/// Things a reader of unannotated text can recognise without a vocabulary: the facts that
/// decide whether a change is major when nobody has marked the policy up.
///
/// Recognition is deliberately plain (word shapes and short lists), so that what it finds can be
/// explained in a report: an e-mail address, a phone number, a web address, a street address,
/// a country or region, an organisation with a legal-form suffix, a known label of personal
/// information, and the items enumerated after "collect".
struct Entities: Equatable, Sendable {
    enum Kind: String, CaseIterable, Sendable {
        case email = "e-mail address", phone = "phone number", url = "web address", address = "postal address"
        case region = "region or country", organisation = "organisation", dataLabel = "category of personal information"
        case collected = "item collected"
    }

    var found: [Kind: Set<String>] = [:]

    subscript(kind: Kind) -> Set<String> { found[kind] ?? [] }

    var isEmpty: Bool { found.values.allSatisfy(\.isEmpty) }

    mutating func insert(_ value: String, as kind: Kind) {
        found[kind, default: []].insert(value)
    }

    mutating func formUnion(_ other: Entities) {
        for (kind, values) in other.found { found[kind, default: []].formUnion(values) }
    }

    /// The entities in `other` that are not in `self`.
    func added(in other: Entities) -> [(Kind, String)] {
        Kind.allCases.flatMap { kind in other[kind].subtracting(self[kind]).sorted().map { (kind, $0) } }
    }

    static func find(in text: String, labels: [String]) -> Entities {
        var entities = Entities()
        let words = text.utf8.split(separator: UInt8(ascii: " ")).map { Substring($0) }
        for (index, raw) in words.enumerated() {
            // Cheap tests on the first and raw bytes first: most words are none of these.
            let bytes = raw.utf8
            guard let lead = bytes.first else { continue }
            let hasAt = bytes.contains(UInt8(ascii: "@")) || (bytes.contains(UInt8(ascii: "[")) && raw.containsText("[at]"))
            let startsLikeNumber = (lead >= 0x30 && lead <= 0x39) || lead == UInt8(ascii: "+") || lead == UInt8(ascii: "(")
            let startsUpper = lead >= 0x41 && lead <= 0x5A
            let mayBeURL = lead == UInt8(ascii: "h") || lead == UInt8(ascii: "w") || lead == UInt8(ascii: "H") || lead == UInt8(ascii: "W") || lead == UInt8(ascii: "<") || lead == UInt8(ascii: "(")
            guard hasAt || startsLikeNumber || startsUpper || mayBeURL || lead == UInt8(ascii: "p") else { continue }
            let word = trimmed(raw)
            if hasAt, let email = emailAddress(word) { entities.insert(email, as: .email) }
            if mayBeURL {
                let lowered = word.lowercased()
                if lowered.hasPrefix("http://") || lowered.hasPrefix("https://") || lowered.hasPrefix("www.") { entities.insert(lowered, as: .url) }
            }
            if startsLikeNumber {
                if let phone = phoneNumber(Array(words[index...].prefix(4))) { entities.insert(phone, as: .phone) }
                if word.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), index + 1 < words.count,
                   let streetOffset = words[(index + 1)...].prefix(4).firstIndex(where: { streetWords.contains(trimmed($0)) }) {
                    entities.insert(words[index...streetOffset].map(trimmed).joined(separator: " "), as: .address)
                }
            }
            if (startsUpper || lead == UInt8(ascii: "p")), legalForms.contains(word), index > 0 {
                let name = words[..<index].reversed().prefix(5).prefix { $0.utf8.first.map { $0 >= 0x41 && $0 <= 0x5A } == true || $0 == "&" || $0 == "of" }
                if !name.isEmpty { entities.insert((name.reversed().map(trimmed) + [word]).joined(separator: " "), as: .organisation) }
            }
        }
        // Regions are looked up by their first word, so the text is walked once.
        let trimmedWords = words.map(trimmed)
        for (index, word) in trimmedWords.enumerated() {
            // Every region's name starts with a capital letter.
            guard let lead = word.utf8.first, lead >= 0x41, lead <= 0x5A, let candidates = regionsByFirstWord[word] else { continue }
            for candidate in candidates where index + candidate.count <= trimmedWords.count
                && zip(candidate, trimmedWords[index...]).allSatisfy({ $0 == $1 }) {
                entities.insert(candidate.joined(separator: " "), as: .region)
            }
        }
        if !labels.isEmpty {
            let folded = FoldedText(text)
            for label in labels where label.count >= 3 && folded.contains(label.lowercased()) {
                entities.insert(label.lowercased(), as: .dataLabel)
            }
        }
        // Only text that says "collect" (any case) enumerates what is collected.
        if text.containsText("ollect") {
            for item in collectedItems(in: text) { entities.insert(item, as: .collected) }
        }
        return entities
    }

    private static let regionsByFirstWord: [Substring: [[Substring]]] = Dictionary(
        grouping: regions.map { $0.split(separator: " ") }, by: { $0[0] })

    // MARK: - Shapes

    /// The word without ASCII punctuation around it ("(privacy@example.com)." → "privacy@example.com").
    private static func trimmed(_ word: Substring) -> Substring {
        let utf8 = word.utf8
        func isPunctuation(_ byte: UInt8) -> Bool {
            byte < 0x80 && !(byte >= 0x30 && byte <= 0x39) && !(byte >= 0x41 && byte <= 0x5A) && !(byte >= 0x61 && byte <= 0x7A)
                && byte != UInt8(ascii: "+")
        }
        guard let start = utf8.firstIndex(where: { !isPunctuation($0) }) else { return word[word.endIndex...] }
        let end = utf8.lastIndex(where: { !isPunctuation($0) })!
        return Substring(utf8[start...end])
    }

    private static func emailAddress(_ word: Substring) -> String? {
        let normalised = word.lowercased().replacingAll("[at]", with: "@").replacingAll("[dot]", with: ".")
        guard let at = normalised.firstIndex(of: "@"), at != normalised.startIndex,
              normalised[normalised.index(after: at)...].contains(".") else { return nil }
        return normalised
    }

    /// Seven or more digits written as one number ("400-6666-509", "+1 (415) 555-0100"), but
    /// not a date ("2020-03-03").
    private static func phoneNumber(_ rawWords: [Substring]) -> String? {
        let words = rawWords.map(trimmed)
        guard let first = words.first?.first, first.isNumber || first == "+" else { return nil }
        var digits = ""
        for (word, raw) in zip(words, rawWords) {
            guard !word.isEmpty, word.allSatisfy({ $0.isNumber || "+-().".contains($0) }) else { break }
            digits += word.filter(\.isNumber)
            // A comma or full stop ends the number ("Vijzelstraat 68-72, 1017 HL" is an address).
            if let last = raw.last, ",;.".contains(last) { break }
        }
        guard digits.count >= 7, digits.count <= 15 else { return nil }
        let firstWord = words[0]
        let isDate = firstWord.split(separator: "-").map(\.count) == [4, 2, 2] || firstWord.split(separator: ".").map(\.count) == [4, 2, 2]
        return isDate ? nil : digits
    }

    /// "We collect your name, e-mail address and device model." → name, e-mail address, device model.
    /// Worked on bytes with ASCII case folding: this runs on every paragraph that says "collect".
    static func collectedItems(in text: String) -> [String] {
        let folded = FoldedText(text).bytes
        guard let offset = folded.withUnsafeBufferPointer({ hay in
            Array("collect".utf8).withUnsafeBufferPointer { ByteSearch.firstOffset(of: $0, in: hay) }
        }) else { return [] }
        // From the end of the word "collect…" to the end of the sentence.
        var start = offset
        while start < folded.count, folded[start] != 0x20 { start += 1 }
        var end = start
        while end < folded.count, !".;:?!".utf8.contains(folded[end]) { end += 1 }
        var rest = Array(folded[start..<end])
        while rest.first == 0x20 { rest.removeFirst() }
        // "data collected by GitHub" names who collects, not what.
        if rest.starts(with: "by ".utf8) { return [] }
        var items: [String] = []
        for part in split(rest) {
            var words = part.split(separator: 0x20).map { String(decoding: $0, as: UTF8.self) }
            while let first = words.first, leadingFillers.contains(first) { words.removeFirst() }
            if !words.isEmpty, words.count <= 5 { items.append(words.joined(separator: " ")) }
        }
        return items
    }

    /// Parts of an enumeration: split at commas and at the words "and" and "or".
    private static func split(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var parts: [ArraySlice<UInt8>] = []
        var partStart = 0
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: ",") {
                parts.append(bytes[partStart..<index])
                index += 1
                partStart = index
                continue
            }
            for conjunction in [" and ", " or "] where bytes[index...].starts(with: conjunction.utf8) {
                parts.append(bytes[partStart..<index])
                index += conjunction.utf8.count - 1
                partStart = index
                break
            }
            index += 1
        }
        parts.append(bytes[partStart..<bytes.count])
        return parts
    }

    private static let leadingFillers: Set<String> = ["your", "the", "a", "an", "such", "as", "including", "like", "e.g.", "information", "data", "of", "about", "and", "or", "you", "we", "may", "also", "following", "some", "certain"]

    private static let streetWords: Set<Substring> = [
        "Street", "St", "Road", "Rd", "Avenue", "Ave", "Boulevard", "Blvd", "Lane", "Drive", "Way", "Suite", "Floor", "Building", "District",
    ]

    private static let legalForms: Set<Substring> = [
        "Inc", "Inc.", "Ltd", "Ltd.", "LLC", "L.L.C.", "GmbH", "Corporation", "Corp", "Corp.", "Limited", "S.A.", "B.V.", "AG", "plc", "PLC",
    ]

    /// Countries and regions that policies name for storage and transfers.
    static let regions: [String] = [
        "European Economic Area", "European Union", "EEA", "United States", "United Kingdom", "Switzerland", "China",
        "People's Republic of China", "PRC", "Hong Kong", "Macau", "Taiwan", "Singapore", "Japan", "South Korea", "Korea", "India",
        "Indonesia", "Vietnam", "Thailand", "Malaysia", "Philippines", "Australia", "New Zealand", "Canada", "Mexico", "Brazil",
        "Argentina", "Chile", "Colombia", "Germany", "France", "Ireland", "Netherlands", "Belgium", "Luxembourg", "Spain", "Portugal",
        "Italy", "Austria", "Sweden", "Norway", "Denmark", "Finland", "Poland", "Czech Republic", "Hungary", "Romania", "Greece",
        "Israel", "Turkey", "Russia", "Ukraine", "South Africa", "Nigeria", "Kenya", "Egypt", "Saudi Arabia", "United Arab Emirates",
        "Qatar",
    ]
}

extension StringProtocol {
    /// Every `target` replaced, compared byte for byte (Foundation's version goes through NSString).
    func replacingAll(_ target: String, with replacement: String) -> String {
        var result = ""
        var rest = Substring(self)
        while let range = rest.firstRange(ofText: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        result += rest
        return result
    }
}
