import Foundation
import PolicyMarkup
import PolicyModel

/// A link the importer proposes around words already in the text: `[words](item:id)`.
struct Annotation: Hashable {
    var range: Range<String.Index>
    var destination: String
}

/// A vocabulary entry an import proposes: found in the project vocabulary, or new.
public struct ProposedEntry: Hashable, Sendable, Comparable {
    /// The vocabulary section the entry belongs to.
    public enum Kind: String, Hashable, Sendable, Comparable {
        case item, recipient, region, term, contact
        public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public var kind: Kind
    public var id: String
    public var label: String
    /// True when the project vocabulary does not declare the id yet.
    public var isNew: Bool
    /// Items only: the policy's words suggest PIPL Art. 28 sensitive information.
    public var looksSensitive = false
    /// Items only: the data category, as the project vocabulary gives it (new items: none yet).
    public var category: String?
    /// Contacts only: phone or email, and the value.
    public var contactKind: Contact.Kind?
    public var value: String?

    public static func < (lhs: ProposedEntry, rhs: ProposedEntry) -> Bool { (lhs.kind, lhs.id) < (rhs.kind, rhs.id) }
}

/// Finds what a paragraph names — data items, recipients, regions, defined terms, contact
/// channels — and proposes annotations for them. It never changes a word: an annotation is a
/// range of the existing text and the id it should link to.
struct AnnotationProposer {
    var vocabulary: Vocabulary
    /// New entries proposed so far, by kind and id, so one phrase gets one id across a file.
    private(set) var proposed: [ProposedEntry] = []
    /// `proposed` indexed: "kind id", "kind label (lowercased)" and contact values, so a
    /// paragraph of 20,000 e-mail addresses is not 20,000 scans of everything proposed before.
    private var proposedIDs: Set<String> = []
    private var idsByLabel: [String: String] = [:]
    private var contactValues: Set<String> = []

    init(vocabulary: Vocabulary?) {
        self.vocabulary = vocabulary ?? Vocabulary()
    }

    /// The annotations for one block of text in a section of `kind`.
    mutating func annotations(in text: String, sectionKind: SectionKind) -> [Annotation] {
        var found: [Annotation] = []
        var occupied = OccupiedRanges()
        func add(_ range: Range<String.Index>, _ destination: String) {
            guard !range.isEmpty, !occupied.overlaps(range) else { return }
            occupied.insert(range)
            found.append(Annotation(range: range, destination: destination))
        }
        for (range, destination) in contacts(in: text) { add(range, destination) }
        for (range, destination) in terms(in: text, sectionKind: sectionKind) { add(range, destination) }
        if sectionKind == .storage || text.range(of: "outside", options: .caseInsensitive) != nil {
            for (range, destination) in regions(in: text) { add(range, destination) }
        }
        if sectionKind == .sharing || sectionKind == .thirdParties {
            for (range, destination) in vocabularyLabels(vocabulary.recipients.mapValues(\.label), in: text) { add(range, "recipient:" + destination) }
        }
        if sectionKind == .collection {
            // The project's own labels wherever a collection section names them ("extract
            // facial features"), then new items from "collect … A, B and C" lists.
            for (range, destination) in vocabularyLabels(vocabulary.items.mapValues(\.label), in: text) {
                add(range, "item:" + destination)
            }
            for sentence in sentences(of: text) where sentence.collects {
                // "collect your A, B and C", and "collect … data, including A, B and C".
                var starts = [sentence.collectEnd]
                if let including = text.range(of: "including ", range: sentence.range) { starts.append(including.upperBound) }
                for start in starts {
                    for element in enumeration(after: start, in: text, sentenceEnd: sentence.range.upperBound)
                    where !occupied.overlaps(element) {
                        add(element, "item:" + newItemID(for: String(text[element])))
                    }
                }
            }
        }
        if sectionKind == .rights {
            // The switches a rights section lists ("you can choose to change authorization
            // includes: A, B, …") are the items they control.
            for sentence in sentences(of: text) where text[sentence.range].range(of: "authoriz", options: .caseInsensitive) != nil {
                for (range, destination) in vocabularyLabels(vocabulary.items.mapValues(\.label), in: text, within: sentence.range) {
                    add(range, "item:" + destination)
                }
            }
        }
        return found.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    // MARK: - Contact channels

    private mutating func contacts(in text: String) -> [(Range<String.Index>, String)] {
        ContactText.channels(in: text).map { kind, range in
            let value = String(text[range])
            note(contact: kind, value: value)
            return (range, kind == .email ? "mailto:" + value : "tel:" + value.replacingOccurrences(of: " ", with: ""))
        }
    }

    private mutating func note(contact kind: Contact.Kind, value: String) {
        let normalised = kind == .phone ? value.replacingOccurrences(of: " ", with: "") : value
        if let known = vocabulary.contacts.first(where: { $0.value.kind == kind && $0.value.value == normalised }) {
            remember(ProposedEntry(kind: .contact, id: known.key, label: known.value.label ?? normalised, isNew: false, contactKind: kind, value: normalised))
            return
        }
        guard !contactValues.contains(normalised) else { return }
        let base = kind == .phone ? "phone" : ImportSlug.make(String(value.prefix { $0 != "@" }))
        remember(ProposedEntry(kind: .contact, id: uniqueID(base, kind: .contact), label: kind == .phone ? "Telephone" : "E-mail",
                               isNew: true, contactKind: kind, value: normalised))
    }

    // MARK: - Defined terms

    /// `(hereinafter referred to as “SUNMI” or “we”)` and, in a definitions section,
    /// `1.Device Agent: means …`.
    private mutating func terms(in text: String, sectionKind: SectionKind) -> [(Range<String.Index>, String)] {
        var result: [(Range<String.Index>, String)] = []
        var searchStart = text.startIndex
        while let cue = text.range(of: "referred to as", options: .caseInsensitive, range: searchStart..<text.endIndex) {
            // The quoted names up to the closing parenthesis (or the sentence's end).
            let end = text[cue.upperBound...].firstIndex { $0 == ")" || $0 == "." } ?? text.endIndex
            var cursor = cue.upperBound
            while let open = text[cursor..<end].firstIndex(where: { $0 == "“" || $0 == "\"" }) {
                let afterOpen = text.index(after: open)
                guard let close = text[afterOpen..<end].firstIndex(where: { $0 == "”" || $0 == "“" || $0 == "\"" }) else { break }
                let name = afterOpen..<close
                if !text[name].isEmpty, text[name].count <= 60 { result.append((name, "term:" + termID(String(text[name])))) }
                cursor = text.index(after: close)
            }
            searchStart = cue.upperBound
        }
        if sectionKind == .definitions {
            for range in Self.matches(Self.definedTerm, in: text, group: 1) {
                result.append((range, "term:" + termID(String(text[range]))))
            }
        }
        return result
    }

    private static let definedTerm = try! NSRegularExpression(pattern: #"(?:^|\s)\d{1,2}\.([^:.;\d][^:.;]{0,58}):\s*means"#)

    private mutating func termID(_ term: String) -> String {
        if let known = vocabulary.terms.first(where: { $0.value.caseInsensitiveCompare(term) == .orderedSame }) {
            remember(ProposedEntry(kind: .term, id: known.key, label: known.value, isNew: false))
            return known.key
        }
        if let earlier = idsByLabel["term " + term.lowercased()] { return earlier }
        let id = uniqueID(ImportSlug.make(term), kind: .term)
        remember(ProposedEntry(kind: .term, id: id, label: term, isNew: true))
        return id
    }

    // MARK: - Regions

    /// Countries and regions a storage or transfer clause names, by ISO code.
    private static let knownRegions: [(String, String)] = [
        ("China", "CN"), ("mainland China", "CN"), ("the United States", "US"), ("United States", "US"), ("the European Union", "EU"),
        ("European Union", "EU"), ("European Economic Area", "EEA"), ("the United Kingdom", "GB"), ("United Kingdom", "GB"),
        ("Singapore", "SG"), ("Japan", "JP"), ("Germany", "DE"), ("Ireland", "IE"), ("Hong Kong", "HK"), ("India", "IN"),
        ("Canada", "CA"), ("Australia", "AU"), ("Brazil", "BR"), ("Russia", "RU"), ("South Korea", "KR"), ("Switzerland", "CH"),
    ]

    private mutating func regions(in text: String) -> [(Range<String.Index>, String)] {
        var labels = Dictionary(Self.knownRegions.map { ($0.1, $0.0) }, uniquingKeysWith: { first, _ in first })
        for (code, label) in vocabulary.regions { labels[code] = label }
        var names: [(String, String)] = Self.knownRegions.map { ($0.0, $0.1) }
        names += vocabulary.regions.map { ($0.value, $0.key) }
        var result: [(Range<String.Index>, String)] = []
        var occupied = OccupiedRanges()
        for (name, code) in names.sorted(by: { $0.0.count > $1.0.count }) {
            for range in Self.wordRanges(of: name, in: text, caseInsensitive: false) where !occupied.overlaps(range) {
                occupied.insert(range)
                result.append((range, "region:" + code))
                remember(ProposedEntry(kind: .region, id: code, label: vocabulary.regions[code] ?? labels[code] ?? name,
                                       isNew: vocabulary.regions[code] == nil))
            }
        }
        return result
    }

    // MARK: - Data items and recipients

    /// Every place a vocabulary label stands in `text` as whole words, longest labels first.
    private mutating func vocabularyLabels(_ labels: [String: String], in text: String, within: Range<String.Index>? = nil)
        -> [(Range<String.Index>, String)] {
        var result: [(Range<String.Index>, String)] = []
        var occupied = OccupiedRanges()
        for (id, label) in labels.sorted(by: { ($0.value.count, $1.key) > ($1.value.count, $0.key) }) {
            for range in Self.wordRanges(of: label, in: text, caseInsensitive: true, within: within)
            where !occupied.overlaps(range) {
                occupied.insert(range)
                result.append((range, id))
                let isItem = vocabulary.items[id] != nil
                remember(ProposedEntry(kind: isItem ? .item : .recipient, id: id, label: label, isNew: false,
                                       looksSensitive: isItem && vocabulary.items[id]!.sensitive, category: vocabulary.items[id]?.category))
            }
        }
        return result
    }

    struct Sentence {
        var range: Range<String.Index>
        /// Where the enumeration after "collect" starts, when the sentence collects.
        var collectEnd: String.Index?
        var collects: Bool { collectEnd != nil }
    }

    private func sentences(of text: String) -> [Sentence] {
        var result: [Sentence] = []
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(after: index)
            if ".;".contains(text[index]), next == text.endIndex || text[next] == " " || text[next].isUppercase {
                result.append(sentence(text, start..<next))
                start = next
            }
            index = next
        }
        if start < text.endIndex { result.append(sentence(text, start..<text.endIndex)) }
        return result
    }

    private func sentence(_ text: String, _ range: Range<String.Index>) -> Sentence {
        let verb = text.range(of: #"\bcollect\b"#, options: [.regularExpression, .caseInsensitive], range: range)
        return Sentence(range: range, collectEnd: verb?.upperBound)
    }

    /// Words that end the list of what is collected: the purpose, time or manner follows.
    private static let enumerationStops = [
        " to ", " in order", " so that", " so as", " for ", " during ", " when ", " which ", " that ", " if ",
        " from ", " between ", " via ", " through ", " with ", " as ", " in such", " in the ", " by ", " at ", " on ",
        " under ", " only ", " after ", " before ", " while ", " where ", " because ",
    ]

    /// The elements of "collect your A, B and C to …", each without its article.
    private func enumeration(after start: String.Index?, in text: String, sentenceEnd: String.Index) -> [Range<String.Index>] {
        guard let start else { return [] }
        var end = sentenceEnd
        if let last = text[start..<end].last, ".;:".contains(last) { end = text.index(before: end) }
        for stop in Self.enumerationStops {
            if let found = text.range(of: stop, options: .caseInsensitive, range: start..<end) { end = found.lowerBound }
        }
        // One forward scan for the separators (a search per separator from every element to the
        // end made a list of 20,000 elements take minutes).
        enum Join { case punctuation, word }
        let separators: [(text: String, join: Join)] = [
            (", and ", .punctuation), (", or ", .punctuation), (", ", .punctuation), (" and ", .word), (" or ", .word),
            ("/", .punctuation), ("、", .punctuation),
        ]
        var found: [(range: Range<String.Index>, join: Join)] = []
        var index = start
        while index < end {
            let rest = text[index..<end]
            if let separator = separators.first(where: { rest.hasPrefix($0.text) }) {
                let after = text.index(index, offsetBy: separator.text.count)
                found.append((index..<after, separator.join))
                index = after
            } else {
                index = text.index(after: index)
            }
        }
        var elements: [Range<String.Index>] = []
        var elementStart = start
        for (position, separator) in found.enumerated() {
            // "and"/"or" usually joins two elements ("device identifier and network operation
            // log"), but after "of" and before a single word it joins the objects of one:
            // "statistic information of collection and upload". Only a short element is looked
            // into: a long one is a clause, dropped below, and rereading it at every "and"
            // would make a long list quadratic.
            if separator.join == .word {
                let preceding = text[elementStart..<separator.range.lowerBound]
                let nextStart = position + 1 < found.count ? found[position + 1].range.lowerBound : end
                let following = text[separator.range.upperBound..<nextStart]
                if preceding.utf8.count <= 80, preceding.containsText(" of "),
                   !following.isEmpty, !following.contains(where: { $0 == " " }) { continue }
            }
            if let element = Self.trimmedElement(text, elementStart..<separator.range.lowerBound) { elements.append(element) }
            elementStart = separator.range.upperBound
        }
        if let element = Self.trimmedElement(text, elementStart..<end) { elements.append(element) }
        // A single "element" of many words is a clause, not a list ("collect and use your …").
        return elements.filter { text[$0].split(separator: " ").count <= 6 }
    }

    private static let articles = ["your ", "the ", "our ", "such ", "any ", "some ", "all "]

    private static func trimmedElement(_ text: String, _ range: Range<String.Index>) -> Range<String.Index>? {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, text[lower] == " " { lower = text.index(after: lower) }
        while upper > lower, text[text.index(before: upper)] == " " { upper = text.index(before: upper) }
        var changed = true
        while changed {
            changed = false
            for article in articles where text[lower..<upper].lowercased().hasPrefix(article) {
                lower = text.index(lower, offsetBy: article.count)
                changed = true
            }
        }
        let words = text[lower..<upper]
        guard let first = words.first, first.isLetter, words.contains(where: \.isLetter) else { return nil }
        // Pronouns and verbs are not data: "collect it", "collect and use".
        let lowered = words.lowercased()
        if ["it", "them", "this", "these", "those", "use", "and use", "store", "process", "information"].contains(lowered) { return nil }
        if lowered.hasPrefix("use ") || lowered.hasPrefix("and ") || lowered.hasPrefix("personal information") { return nil }
        // References back ("the above data") and verbs ("associate …") are not categories.
        let leadingWord = lowered.prefix { $0 != " " }
        if ["above", "foregoing", "aforementioned", "following", "associate", "combine", "use", "store", "share", "obtain", "relevant"].contains(String(leadingWord))
            || ["above", "mainly", "foregoing"].contains(where: { lowered.split(separator: " ").contains(Substring($0)) }) { return nil }
        // Capitalised phrases are the policy's defined terms ("Device Operation Data"), not items.
        let wordsOfElement = words.split(separator: " ")
        if wordsOfElement.count >= 2, wordsOfElement.allSatisfy({ $0.first?.isUppercase == true }) { return nil }
        return lower..<upper
    }

    private mutating func newItemID(for phrase: String) -> String {
        let label = phrase.lowercased() == phrase || phrase.contains(where: \.isLowercase) ? phrase : phrase.lowercased()
        if let earlier = idsByLabel["item " + label.lowercased()] { return earlier }
        let id = uniqueID(Self.category(of: label) + "." + ImportSlug.make(label), kind: .item)
        remember(ProposedEntry(kind: .item, id: id, label: label, isNew: true, looksSensitive: Self.looksSensitive(label)))
        return id
    }

    /// The id prefix an item's words suggest, in the style of the project's vocabulary.
    private static func category(of label: String) -> String {
        let lowered = label.lowercased()
        let cues: [(String, [String])] = [
            ("contact", ["phone", "email", "e-mail", "address", "contact"]),
            ("location", ["location", "geographic", "gps", "position"]),
            ("account", ["account", "password", "login", "user name", "username"]),
            ("network", ["ip ", "ip address", "network", "wi-fi", "wlan", "mac address"]),
            ("device", ["device", "serial", "imei", "model", "hardware", "sim", "camera", "printer"]),
            ("store", ["store", "transaction", "order", "sales", "customer"]),
            ("biometric", ["face", "facial", "fingerprint", "voice", "biometric"]),
        ]
        // Whole words only: "interfaces" holds "face" but is no biometric.
        let padded = " " + String(lowered.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : " " }) + " "
        return cues.first { $0.1.contains { padded.contains(" " + $0.trimmingCharacters(in: .whitespaces) + " ") } }?.0 ?? "data"
    }

    static func looksSensitive(_ label: String) -> Bool {
        SensitiveCategories.firstMention(in: label) != nil
    }

    // MARK: - Helpers

    private mutating func remember(_ entry: ProposedEntry) {
        guard proposedIDs.insert("\(entry.kind) \(entry.id)").inserted else { return }
        proposed.append(entry)
        idsByLabel["\(entry.kind) \(entry.label.lowercased())"] = idsByLabel["\(entry.kind) \(entry.label.lowercased())"] ?? entry.id
        if let value = entry.value { contactValues.insert(value) }
    }

    private func uniqueID(_ base: String, kind: ProposedEntry.Kind) -> String {
        let taken: (String) -> Bool = { candidate in
            proposedIDs.contains("\(kind) \(candidate)")
                || (kind == .item && vocabulary.items[candidate] != nil)
                || (kind == .term && vocabulary.terms[candidate] != nil)
                || (kind == .contact && vocabulary.contacts[candidate] != nil)
        }
        var candidate = base
        var counter = 2
        while taken(candidate) {
            candidate = "\(base)-\(counter)"
            counter += 1
        }
        return candidate
    }

    static func matches(_ expression: NSRegularExpression, in text: String, group: Int = 0) -> [Range<String.Index>] {
        expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { Range($0.range(at: group), in: text) }
    }

    /// Ranges where `phrase` stands as whole words.
    static func wordRanges(of phrase: String, in text: String, caseInsensitive: Bool, within: Range<String.Index>? = nil) -> [Range<String.Index>] {
        guard !phrase.isEmpty else { return [] }
        var result: [Range<String.Index>] = []
        let bounds = within ?? text.startIndex..<text.endIndex
        var searchStart = bounds.lowerBound
        while let found = text.range(of: phrase, options: caseInsensitive ? [.caseInsensitive] : [], range: searchStart..<bounds.upperBound) {
            let before = found.lowerBound == text.startIndex ? nil : text[text.index(before: found.lowerBound)]
            let after = found.upperBound == text.endIndex ? nil : text[found.upperBound]
            if !(before.map { $0.isLetter || $0.isNumber } ?? false), !(after.map { $0.isLetter || $0.isNumber } ?? false) {
                result.append(found)
            }
            searchStart = found.upperBound
        }
        return result
    }
}

/// Ids for imported sources: PolicyModel's slugs, never empty (a heading of punctuation only).
enum ImportSlug {
    static func make(_ text: String) -> String {
        let slug = Slug.make(text)
        return slug.isEmpty ? "untitled" : slug
    }
}

/// Ranges of one string that are already annotated, kept sorted so that checking a new range
/// is a binary search, not a scan of every annotation so far.
struct OccupiedRanges {
    private var ranges: [Range<String.Index>] = []

    /// The position of the first range that ends after `index`.
    private func firstEnding(after index: String.Index) -> Int {
        var low = 0, high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].upperBound <= index { low = middle + 1 } else { high = middle }
        }
        return low
    }

    func overlaps(_ range: Range<String.Index>) -> Bool {
        let position = firstEnding(after: range.lowerBound)
        return position < ranges.count && ranges[position].lowerBound < range.upperBound
    }

    /// Adds a range that overlaps none already here.
    mutating func insert(_ range: Range<String.Index>) {
        ranges.insert(range, at: firstEnding(after: range.lowerBound))
    }
}
