import PolicyMarkup
import PolicyModel

/// Reads the data-practice statements of English sentences, word by word, with the lists of
/// `Lexicon`. No parser model: each step is a rule a reader of the report can follow (a verb of
/// the lexicon, the negation and modal words before it, the subject before them, the object
/// after it up to "with", "to", "for", "if", "unless" …, and what each of those introduces).
///
/// Every step is linear in the sentence's words (phrase look-ups are by first word), and a
/// sentence is read once however often it occurs: callers cache by wording.
public struct StatementReader: Sendable {
    public let lexicon: Lexicon

    /// The lexicon's sections, looked up once: the reader consults them at every word.
    struct Tables: Sendable {
        let actions, conditions, data, firstParty, foreign, modals, negators, numbers: Lexicon.PhraseTable
        let organisations, periods, purposes, recipients, regions, user: Lexicon.PhraseTable

        init(_ lexicon: Lexicon) {
            (actions, conditions, data, firstParty) = (lexicon["actions"], lexicon["conditions"], lexicon["data"], lexicon["first-party"])
            (foreign, modals, negators, numbers) = (lexicon["foreign"], lexicon["modals"], lexicon["negators"], lexicon["numbers"])
            (organisations, periods, purposes) = (lexicon["organisations"], lexicon["periods"], lexicon["purposes"])
            (recipients, regions, user) = (lexicon["recipients"], lexicon["regions"], lexicon["user"])
        }
    }

    let tables: Tables

    public init(lexicon: Lexicon = .standard) {
        self.lexicon = lexicon
        tables = Tables(lexicon)
    }

    /// A reader that also knows the vocabulary's labels: `items` as data (keyed by item id) and
    /// `recipients` as recipients.
    public init(lexicon: Lexicon = .standard, itemLabels: [(label: String, id: String)], recipientLabels: [(label: String, id: String)]) {
        self.lexicon = lexicon.adding(itemLabels.map { ($0.label, $0.id) }, to: "data")
            .adding(recipientLabels.map { ($0.label, $0.id) }, to: "recipients")
        tables = Tables(self.lexicon)
    }

    /// One word or punctuation mark of a sentence.
    public struct Token: Sendable {
        /// Lowercase, curly apostrophes made straight.
        public var text: String
        /// As written.
        public var original: Substring
        public var isWord: Bool
    }

    /// The statements of `text` (a paragraph, list item or table row), sentence by sentence.
    /// Spans are UTF-8 offsets into `text`.
    public func statements(in text: String) -> [PracticeStatement] {
        var result: [PracticeStatement] = []
        for sentence in SentenceSplitter.sentences(text) {
            let offset = text.utf8.distance(from: text.startIndex, to: sentence.lowerBound)
            let length = text.utf8.distance(from: sentence.lowerBound, to: sentence.upperBound)
            for var statement in read(sentence: text[sentence]) {
                statement.span = offset..<(offset + length)
                result.append(statement)
            }
        }
        return result
    }

    /// Words and punctuation marks; a word is a run of letters, digits, apostrophes, hyphens,
    /// `@`, `.` between letters ("e.g.", "u.s.") and `&`.
    public static func tokens(of text: Substring) -> [Token] {
        // On UTF-8 bytes with ASCII tested by range, decoding a scalar only where a byte is not
        // ASCII: Character's isLetter looks up Unicode properties for every character, and this
        // runs on every distinct paragraph of a history.
        var tokens: [Token] = []
        tokens.reserveCapacity(text.utf8.count / 5)
        let utf8 = text.utf8, scalars = text.unicodeScalars
        func isASCIIWordByte(_ byte: UInt8) -> Bool {
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
                || byte == 0x27 || byte == 0x2D || byte == 0x26 || byte == 0x40 || byte == 0x5F
        }
        func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
            if scalar.value < 0x80 { return isASCIIWordByte(UInt8(scalar.value)) }
            return scalar == "’" || scalar.properties.isAlphabetic || scalar.properties.numericType != nil
                || [.nonspacingMark, .spacingMark, .enclosingMark].contains(scalar.properties.generalCategory)
        }
        func isLetterOrDigit(_ index: String.Index) -> Bool {
            let byte = utf8[index]
            if byte < 0x80 { return (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39) }
            let scalar = scalars[index]
            return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
        }
        func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        var index = utf8.startIndex
        while index < utf8.endIndex {
            let byte = utf8[index]
            let startsWord: Bool
            let next: String.Index
            if byte < 0x80 {
                if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D { index = utf8.index(after: index); continue }
                startsWord = isASCIIWordByte(byte)
                next = utf8.index(after: index)
            } else {
                let scalar = scalars[index]
                next = scalars.index(after: index)
                if scalar.properties.isWhitespace { index = next; continue }
                startsWord = isWordScalar(scalar)
            }
            guard startsWord else {
                tokens.append(Token(text: String(text[index..<next]), original: text[index..<next], isWord: false))
                index = next
                continue
            }
            var end = next
            var isASCII = byte < 0x80
            while end < utf8.endIndex {
                let byte = utf8[end]
                if byte < 0x80 {
                    if isASCIIWordByte(byte) { end = utf8.index(after: end); continue }
                    // A full stop inside a word ("e.g", "u.s", "www.example.com", "3.5") stays in it;
                    // after a number and before a word it ends the number ("2.We will …").
                    let after = utf8.index(after: end)
                    if byte == UInt8(ascii: "."), after < utf8.endIndex, isLetterOrDigit(after),
                       isDigit(utf8[utf8.index(before: end)]) == isDigit(utf8[after]) { end = after; continue }
                    break
                }
                guard isWordScalar(scalars[end]) else { break }
                isASCII = false
                end = scalars.index(after: end)
            }
            var word = text[index..<end]
            while let last = word.unicodeScalars.last, last == "'" || last == "’" || last == "-" {
                word = word[..<word.unicodeScalars.index(before: word.endIndex)]
            }
            if !word.isEmpty {
                let lowered: String
                if isASCII {
                    lowered = String(decoding: word.utf8.map { $0 &- 65 < 26 ? $0 | 0x20 : $0 }, as: UTF8.self)
                } else {
                    let folded = word.lowercased()
                    lowered = folded.contains("’") ? String(folded.map { $0 == "’" ? "'" : $0 }) : folded
                }
                tokens.append(Token(text: lowered, original: word, isWord: true))
            }
            index = end
        }
        return tokens
    }

    public static func tokens(of text: String) -> [Token] { tokens(of: text[...]) }

    // MARK: - One sentence

    /// The words that begin something other than the object of a verb.
    private static let markers: Set<String> = [
        "with", "to", "for", "in", "within", "outside", "inside", "if", "when", "whenever", "where", "unless", "except", "without",
        "by", "from", "through", "via", "during", "until", "after", "before", "because", "so", "upon", "only", "once",
        "which", "that", "who", "whom", "whose", "while", "as", "at", "on", "under", "subject", "provided", "other",
    ]

    private static let determiners: Set<String> = [
        "the", "a", "an", "your", "our", "their", "its", "his", "her", "this", "that", "these", "those", "such", "any", "all", "some",
        "certain", "relevant", "related", "necessary", "following", "above", "aforementioned", "said", "each", "every", "various",
        "also", "further", "other", "more", "additional", "specific", "particular", "personal", "own", "same", "and", "or", "of",
        "e.g", "i.e", "etc", "including", "like", "namely", "especially", "us", "we", "you", "it", "them", "they", "which", "both",
    ]

    /// Objects that name no particular data: "it", "them", "your personal information".
    private static let genericData: Set<String> = [
        "information", "data", "personal information", "personal data", "it", "them", "this", "these", "user information", "user data",
        "such information", "the information", "the data", "information about you", "your information", "content",
    ]

    private static let beForms: Set<String> = ["be", "is", "are", "was", "were", "been", "being", "get", "gets", "got"]

    private static let subordinators: Set<String> = ["if", "when", "whenever", "where", "although", "though", "while", "because", "since", "unless", "once", "after", "before"]

    /// Words after which a verb form is a noun: "contact information", "access records".
    private static let nounFollowers: Set<String> = [
        "information", "details", "method", "methods", "number", "person", "channel", "channels", "records", "record", "data", "history",
        "log", "logs", "rights", "right", "permission", "permissions", "request", "requests", "form", "address",
    ]

    /// Words a verb follows: subjects ("we", "it", "the app"), modals, negations, be-forms,
    /// conjunctions and adverbs.
    private static let verbContext: Set<String> = [
        "we", "you", "they", "i", "he", "she", "it", "that", "which", "who", "company", "app", "application", "service", "services",
        "device", "devices", "website", "site", "sdk", "sdks", "system", "product", "products", "platform", "party", "parties", "partner",
        "partners", "provider", "providers", "controller", "processor", "processors", "affiliate", "affiliates", "vendor", "vendors",
        "will", "shall", "must", "would", "may", "might", "can", "could", "need", "needs", "have", "has", "had", "to", "do", "does", "did",
        "not", "never", "no", "nor", "cannot", "don't", "doesn't", "won't", "be", "is", "are", "was", "were", "been", "being",
        "and", "or", "also", "only", "further", "then", "first", "still", "even", "either", "neither", "both", "longer", "directly",
    ]

    /// A verb of the lexicon at a token, as the sentence uses it.
    private struct Verb {
        var action: String
        var range: Range<Int>
    }

    private func read(sentence: Substring) -> [PracticeStatement] {
        let tokens = Self.tokens(of: sentence)
        let words = tokens.map(\.text)
        let actions = tables.actions, modals = tables.modals, negators = tables.negators
        // Verbs, skipping nouns ("the use of") and infinitives of purpose ("to improve").
        var verbs: [Verb] = []
        var index = 0
        while index < words.count {
            guard tokens[index].isWord, let hit = actions.match(words, at: index) else { index += 1; continue }
            let previous = index > 0 ? words[index - 1] : ""
            let modalBefore = (1...4).contains { length in
                index - length >= 0 && modals.match(words, at: index - length)?.length == length
            }
            let next = hit.length + index < words.count ? words[index + hit.length] : ""
            // A verb follows its subject, a modal, a negation, an adverb or a conjunction; after
            // any other word it is a noun ("crash report", "call records", "the use of").
            let followsVerbContext = index == 0 || !tokens[index - 1].isWord || Self.verbContext.contains(previous)
                || previous.hasSuffix("ly") || Self.subordinators.contains(previous)
                || (tokens[index - 1].original.first?.isUppercase == true && !Self.determiners.contains(previous))
                || tables.recipients.match(words, at: index - 1) != nil
            // "the device you use", "information you provide": a relative clause about the
            // user's own doing, not a statement of its own.
            let isUserRelativeClause = index >= 2 && previous == "you" && tokens[index - 2].isWord
                && !Self.verbContext.contains(words[index - 2]) && !Self.subordinators.contains(words[index - 2])
            let isNoun = !followsVerbContext || Self.nounFollowers.contains(next) || isUserRelativeClause
            let isInfinitiveOfPurpose = previous == "to" && !modalBefore
            if !isNoun && !isInfinitiveOfPurpose {
                verbs.append(Verb(action: hit.key, range: index..<(index + hit.length)))
            }
            index += hit.length
        }
        // Coordinated verbs ("collect, use and store") share one subject and object.
        var groups: [[Verb]] = []
        let joiners: Set<String> = [",", "and", "or", "and/or", "publicly", "otherwise", "further", "also", "then", "/", "not", "nor"]
        for verb in verbs {
            if var last = groups.last, let end = last.last?.range.upperBound,
               (end..<verb.range.lowerBound).allSatisfy({ joiners.contains(words[$0]) }) {
                last.append(verb)
                groups[groups.count - 1] = last
            } else {
                groups.append([verb])
            }
        }
        var statements: [PracticeStatement] = commitments(tokens, words, verbs: verbs)
        for (groupIndex, group) in groups.enumerated() {
            let start = group[0].range.lowerBound, end = group.last!.range.upperBound
            let previousEnd = groupIndex > 0 ? groups[groupIndex - 1].last!.range.upperBound : 0
            let nextStart = groupIndex + 1 < groups.count ? groups[groupIndex + 1][0].range.lowerBound : words.count
            // The clause reaches back to the previous verb or a semicolon.
            var clauseStart = previousEnd
            for position in stride(from: start - 1, through: previousEnd, by: -1) where words[position] == ";" {
                clauseStart = position + 1
                break
            }
            // Negation and modality stand right before the verb: after the last comma or subordinator.
            var nearStart = clauseStart
            for position in stride(from: start - 1, through: clauseStart, by: -1)
            where [",", "(", ")", ":"].contains(words[position]) || Self.subordinators.contains(words[position]) {
                nearStart = position + 1
                break
            }
            let near = nearStart..<start
            let negated = Self.anyMatch(negators, in: words, near)
                || group.dropFirst().contains { verb in verb.range.lowerBound > 0 && words[verb.range.lowerBound - 1] == "nor" }
            let modality = Self.modality(modals, words: words, near)
            let passive = near.last.map { Self.beForms.contains(words[$0]) } == true
                || (near.count >= 2 && Self.beForms.contains(words[near.upperBound - 2]) && ["not", "also", "only", "be"].contains(words[near.upperBound - 1]))
            // Where the clause ends: a semicolon, a comma before a new subject ("…, you can
            // insert …"), or where the next verb's subject begins (the last comma or subordinator
            // before it: "…, we may collect").
            var clauseEnd = nextStart
            if let comma = (end..<nextStart).first(where: { position in
                words[position] == "," && position + 1 < words.count
                    && (tables.firstParty.match(words, at: position + 1) != nil || tables.user.match(words, at: position + 1) != nil
                        || ["they", "it", "he", "she"].contains(words[position + 1]))
            }) {
                clauseEnd = comma
            }
            if let semicolon = (end..<clauseEnd).first(where: { words[$0] == ";" }) {
                clauseEnd = semicolon
            } else if nextStart < words.count, clauseEnd == nextStart,
                      let cut = (end..<nextStart).last(where: { words[$0] == "," || Self.subordinators.contains(words[$0]) }),
                      tables.firstParty.match(words, at: cut + 1) != nil || tables.user.match(words, at: cut + 1) != nil
                          || tables.recipients.match(words, at: cut + 1) != nil || Self.subordinators.contains(words[cut + 1])
                          || Self.subordinators.contains(words[cut]) {
                clauseEnd = cut
            }
            var statement = PracticeStatement(
                actor: .firstParty, actions: group.map(\.action), polarity: negated ? .negated : .affirmative, modality: modality,
                data: [], recipients: [], purposes: [], conditions: [], exceptions: [], regions: [], periods: [], span: 0..<0)
            // The subject nearest the verb: after the last comma or subordinator if one stands
            // there ("unless you and SUNMI agree otherwise, SUNMI will not …"), else the clause's.
            // A name right before the verb: "SUNMI will not collect", "Acme collects".
            // The word right before the verb, its modals and negations: "SUNMI will not collect".
            var subjectEnd = start
            while subjectEnd > near.lowerBound, modals.match(words, at: subjectEnd - 1) != nil || negators.match(words, at: subjectEnd - 1) != nil
                || ["will", "shall", "may", "can", "must", "also", "only", "not", "never", "be"].contains(words[subjectEnd - 1]) {
                subjectEnd -= 1
            }
            let name: Int? = passive || subjectEnd == near.lowerBound ? nil : [subjectEnd - 1].first { position in
                tokens[position].isWord && tokens[position].original.first?.isUppercase == true && !Self.determiners.contains(words[position])
            }
            if let actor = actor(in: tokens, words, near, passive: passive) {
                statement.actor = actor
            } else if let name {
                statement.actor = .organisation(words[name])
            } else if let actor = actor(in: tokens, words, clauseStart..<start, passive: passive) {
                statement.actor = actor
            }
            if passive {
                statement.data = dataPhrases(tokens, words, clauseStart..<start)
            }
            readRightSide(tokens, words, from: end, to: clauseEnd, into: &statement)
            // Conditions written before the verb ("With your separate consent, we will share …"),
            // and a consent the object names ("… shall obtain your authorization separately").
            statement.conditions += conditions(in: words, clauseStart..<start)
            for condition in conditions(in: words, end..<clauseEnd) where condition.kind != .other && !statement.conditions.contains(condition) {
                statement.conditions.append(condition)
            }
            // A purpose written first ("In order to ensure …, we will collect …").
            if let fronted = frontedPurpose(words, clauseStart..<start) {
                statement.purposes = purposePhrases(words, fronted) + statement.purposes
            }
            statement.regions = regions(in: words, clauseStart..<clauseEnd)
            statement.periods = periods(in: words, clauseStart..<clauseEnd)
            statements.append(statement)
        }
        return statements
    }

    /// Words that never begin a verb phrase: what a commitment's verb cannot be.
    private static let notVerbs: Set<String> = [
        "be", "not", "also", "only", "always", "never", "to", "the", "a", "an", "your", "our", "their", "it", "this", "that", "in", "on",
        "at", "by", "for", "with", "from", "of", "and", "or", "as", "so", "if", "when", "then", "further", "still", "no", "longer",
    ]

    /// "We will conclude non-disclosure agreements", "we have adopted encryption": the first
    /// party binds itself with a verb the lexicon does not know. Read as a commitment (action
    /// `commit`, the verb phrase as its object), so that removing or negating it is never silent.
    private func commitments(_ tokens: [Token], _ words: [String], verbs: [Verb]) -> [PracticeStatement] {
        let verbStarts = Set(verbs.map(\.range.lowerBound))
        var found: [PracticeStatement] = []
        var index = 0
        while index < words.count {
            guard let subject = tables.firstParty.match(words, at: index) else { index += 1; continue }
            // "… so that we can understand …" is the purpose of what the sentence does, not a
            // second thing the party binds itself to.
            if index >= 2, words[index - 1] == "that", ["so", "order"].contains(words[index - 2]) {
                index += subject.length
                continue
            }
            var position = index + subject.length
            var negated = false
            var modality = PracticeStatement.Modality.stated
            // Modals, negations and adverbs between the subject and the verb.
            while position < words.count {
                if let modal = tables.modals.match(words, at: position) {
                    modality = PracticeStatement.Modality(rawValue: modal.key) ?? modality
                    position += modal.length
                } else if let negator = tables.negators.match(words, at: position) {
                    negated = true
                    position += negator.length
                } else if ["have", "has", "also", "always", "further", "strictly", "actively"].contains(words[position]) || words[position].hasSuffix("ly") {
                    position += 1
                } else {
                    break
                }
            }
            defer { index = max(index + 1, position) }
            guard position < words.count, tokens[position].isWord, !verbStarts.contains(position), !Self.notVerbs.contains(words[position]),
                  modality != .stated || negated || words[position].hasSuffix("ed") || words[position - 1] == "have" else { continue }
            // The commitment's words to the end of its clause, twelve at most: enough to quote it.
            let limit = min(words.count, position + 12)
            let end = (position..<limit).first { !tokens[$0].isWord } ?? limit
            found.append(PracticeStatement(
                actor: .firstParty, actions: ["commit"], polarity: negated ? .negated : .affirmative, modality: modality == .stated ? .will : modality,
                data: [PracticeStatement.Phrase(words[position..<end].joined(separator: " "))], span: 0..<0))
        }
        return found
    }

    private static func anyMatch(_ table: Lexicon.PhraseTable, in words: [String], _ range: Range<Int>) -> Bool {
        range.contains { position in table.match(words, at: position).map { position + $0.length <= range.upperBound } ?? false }
    }

    private static func modality(_ table: Lexicon.PhraseTable, words: [String], _ range: Range<Int>) -> PracticeStatement.Modality {
        for position in range {
            if let hit = table.match(words, at: position) { return PracticeStatement.Modality(rawValue: hit.key) ?? .stated }
        }
        return .stated
    }

    /// The subject: the last first-party word, user word, recipient category or organisation before the verb.
    private func actor(in tokens: [Token], _ words: [String], _ range: Range<Int>, passive: Bool) -> PracticeStatement.Actor? {
        var found: PracticeStatement.Actor?
        var position = range.lowerBound
        while position < range.upperBound {
            if let hit = tables.firstParty.match(words, at: position) {
                found = .firstParty; position += hit.length
            } else if let hit = tables.user.match(words, at: position) {
                found = passive ? found : .user; position += hit.length
            } else if let hit = tables.organisations.match(words, at: position) {
                found = .organisation(words[position..<(position + hit.length)].joined(separator: " ")); position += hit.length
            } else if let hit = tables.recipients.match(words, at: position) {
                found = .category(hit.key); position += hit.length
            } else {
                position += 1
            }
        }
        return found
    }

    /// What follows the verb: its object (the data), then what each marker word introduces.
    private func readRightSide(_ tokens: [Token], _ words: [String], from start: Int, to end: Int, into statement: inout PracticeStatement) {
        // Segments, each starting at a marker word (the first one at the object).
        var segments: [(marker: String, range: Range<Int>)] = []
        var segmentStart = start, marker = ""
        var position = start
        while position < end {
            let word = words[position]
            // What follows "unless" or "except" runs to the end of the clause: it is one case.
            let markerLength = ["unless", "except", "except for", "except where"].contains(marker) ? 0 : Self.markerLength(words, at: position, end: end)
            if markerLength > 0 {
                segments.append((marker, segmentStart..<position))
                marker = words[position..<(position + markerLength)].joined(separator: " ")
                segmentStart = position + markerLength
                position += markerLength
                continue
            }
            // "We collect: your name, …": the object follows the colon.
            if word == ":", position == segmentStart { segmentStart = position + 1 }
            position += 1
        }
        segments.append((marker, segmentStart..<end))
        for (marker, range) in segments where !range.isEmpty {
            switch marker {
            case "":
                if statement.data.isEmpty { statement.data = dataPhrases(tokens, words, range) }
            case "with", "to", "for", "by", "from", "via", "through", "other than":
                let conditionsHere = conditions(in: words, range)
                if marker == "with", !conditionsHere.isEmpty {
                    statement.conditions += conditionsHere
                } else if marker == "by", statement.actor == .firstParty, let agent = actor(in: tokens, words, range, passive: false), agent != .user {
                    statement.actor = agent
                } else if Self.isPurpose(marker: marker, words, range, tables: tables) {
                    statement.purposes += purposePhrases(words, range)
                } else if ["with", "to", "by", "from"].contains(marker), statement.disclosesData,
                          let recipients = recipientPhrases(tokens, words, range), !recipients.isEmpty {
                    statement.recipients += recipients
                } else if marker == "for" {
                    statement.purposes += purposePhrases(words, range)
                }
            case "in order to", "so that", "so as to", "for the purpose of", "for the purposes of", "in order for", "with the aim of":
                statement.purposes += purposePhrases(words, range)
            case "if", "when", "whenever", "where", "only", "upon", "once", "provided", "subject", "after", "before", "during":
                let found = conditions(in: words, range)
                statement.conditions += found.isEmpty
                    ? [PracticeStatement.Condition(kind: .other, text: Self.phraseText(words[range].filter { $0.first?.isLetter == true || $0.first?.isNumber == true }[...]))] : found
            case "unless", "except", "except for", "except where", "other":
                statement.exceptions.append(Self.phraseText(words[range].filter { $0.first?.isLetter == true || $0.first?.isNumber == true }[...]))
            case "without":
                let found = conditions(in: words, range)
                if statement.polarity == .negated {
                    // "not … without your consent": allowed only with it.
                    statement.exceptions.append("with " + Self.phraseText(words[range].filter { $0.first?.isLetter == true || $0.first?.isNumber == true }[...]))
                    statement.conditions += found
                } else {
                    statement.conditions.append(PracticeStatement.Condition(kind: .other, text: "without " + Self.phraseText(words[range].filter { $0.first?.isLetter == true || $0.first?.isNumber == true }[...])))
                }
            default:
                break
            }
        }
    }

    /// The words of a purpose that opens the clause, up to its comma: "In order to …,", "To …,",
    /// "For the purpose of …,".
    private func frontedPurpose(_ words: [String], _ range: Range<Int>) -> Range<Int>? {
        guard let comma = range.first(where: { words[$0] == "," }) else { return nil }
        for opener in [["in", "order", "to"], ["so", "as", "to"], ["for", "the", "purpose", "of"], ["for", "the", "purposes", "of"], ["to"]]
        where words[range.lowerBound...].starts(with: opener) {
            let start = range.lowerBound + opener.count
            return start < comma ? start..<comma : nil
        }
        return nil
    }

    private static let multiWordMarkers: [[String]] = [
        ["in", "order", "to"], ["in", "order", "for"], ["so", "that"], ["so", "as", "to"], ["for", "the", "purpose", "of"],
        ["for", "the", "purposes", "of"], ["with", "the", "aim", "of"], ["except", "for"], ["except", "where"], ["other", "than"],
    ]

    /// How many words the marker at `position` takes (0: none).
    private static func markerLength(_ words: [String], at position: Int, end: Int) -> Int {
        // Within the clause only: a marker that runs past its end would open a segment past it.
        for marker in multiWordMarkers where position + marker.count <= end && words[position..<end].starts(with: marker) { return marker.count }
        guard markers.contains(words[position]) else { return 0 }
        // "in", "on", "at", "as", "other", "only" begin something only in some uses.
        switch words[position] {
        case "as", "on", "at", "under", "other", "subject", "provided", "so", "only", "which", "that", "who", "in", "while": return 0
        default: return 1
        }
    }

    private static func isPurpose(marker: String, _ words: [String], _ range: Range<Int>, tables: Tables) -> Bool {
        guard let first = range.first else { return false }
        switch marker {
        case "to":
            // "to provide", "to improve": an infinitive; "to our partners", "to Google": a recipient.
            let word = words[first]
            if determiners.contains(word) || tables.recipients.match(words, at: first) != nil
                || tables.organisations.match(words, at: first) != nil { return false }
            return tables.actions.match(words, at: first) != nil || tables.purposes.match(words, at: first) != nil
                || !word.hasSuffix("s")
        case "for":
            return !tables.purposes.matches(in: words[range]).isEmpty || words[first] == "purposes"
        default:
            return false
        }
    }

    // MARK: - Phrases

    /// Parts of a list: split at commas, "and", "or", "as well as", "including", "such as", brackets.
    private static func listParts(_ words: [String], _ range: Range<Int>) -> [Range<Int>] {
        var parts: [Range<Int>] = []
        var partStart = range.lowerBound
        var position = range.lowerBound
        let separators: Set<String> = [",", "and", "or", "and/or", "including", "e.g", "i.e", "etc", "(", ")", "/", "such", "like", "namely", ":", "\"", "“", "”", "nor"]
        while position < range.upperBound {
            if separators.contains(words[position]) || (words[position] == "as" && position + 1 < range.upperBound && words[position + 1] == "well") {
                if partStart < position { parts.append(partStart..<position) }
                partStart = position + 1
                if words[position] == "as" { partStart = min(position + 3, range.upperBound); position = partStart; continue }
            }
            position += 1
        }
        if partStart < range.upperBound { parts.append(partStart..<range.upperBound) }
        return parts
    }

    /// Words that end a noun phrase's head: what follows qualifies it ("information in accordance
    /// with …", "log information of your device").
    private static let phraseEnders: Set<String> = [
        "in", "of", "on", "at", "about", "according", "that", "which", "who", "as", "under", "will", "may", "can", "we", "you", "is", "are",
    ]

    /// A phrase's words without leading determiners and fillers, up to the first word that
    /// qualifies it; nil when nothing is left.
    /// A phrase's text: its words without articles, which never change what a phrase names.
    private static func phraseText(_ words: ArraySlice<String>) -> String {
        words.filter { !["a", "an", "the"].contains($0) }.joined(separator: " ")
    }

    private static func trimmedPhrase(_ words: [String], _ range: Range<Int>) -> Range<Int>? {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper, determiners.contains(words[lower]) { lower += 1 }
        if lower + 1 < upper, let ender = (lower + 1..<upper).first(where: { phraseEnders.contains(words[$0]) }) { upper = ender }
        while lower < upper, determiners.contains(words[lower]) || !words[lower].first!.isLetter && !words[lower].first!.isNumber { lower += 1 }
        while upper > lower, !words[upper - 1].first!.isLetter && !words[upper - 1].first!.isNumber { upper -= 1 }
        guard lower < upper, upper - lower <= 6 else { return lower < upper ? (upper - 4)..<upper : nil }
        return lower..<upper
    }

    private func dataPhrases(_ tokens: [Token], _ words: [String], _ range: Range<Int>) -> [PracticeStatement.Phrase] {
        var phrases: [PracticeStatement.Phrase] = []
        for part in Self.listParts(words, range) {
            guard let trimmed = Self.trimmedPhrase(words, part) else { continue }
            let text = Self.phraseText(words[trimmed])
            if Self.genericData.contains(text) || Self.determiners.contains(text) { continue }
            let category = tables.data.matches(in: words[trimmed]).max { $0.range.count < $1.range.count }?.key
            phrases.append(PracticeStatement.Phrase(text, category: category))
        }
        return phrases
    }

    private func recipientPhrases(_ tokens: [Token], _ words: [String], _ range: Range<Int>) -> [PracticeStatement.Phrase]? {
        var phrases: [PracticeStatement.Phrase] = []
        for part in Self.listParts(words, range) {
            guard let trimmed = Self.trimmedPhrase(words, part) else { continue }
            let text = Self.phraseText(words[trimmed])
            // "you", and the tail of a contrast ("…, but not …") name nobody.
            if text == "you" || text == "your" || ["but", "not", "also", "only"].contains(words[trimmed.lowerBound]) { continue }
            if let hit = tables.organisations.matches(in: words[trimmed]).first {
                phrases.append(PracticeStatement.Phrase(words[hit.range].joined(separator: " "), category: "organisation:" + hit.key))
            } else if let hit = tables.recipients.matches(in: words[trimmed]).max(by: { $0.range.count < $1.range.count }) {
                phrases.append(PracticeStatement.Phrase(text, category: hit.key))
            } else if !tables.regions.matches(in: words[trimmed]).isEmpty {
                // "to California", "to the United States": a place, read as a region.
                continue
            } else if tokens[trimmed.lowerBound].original.first?.isUppercase == true {
                // A name: "Zendesk Inc." is an organisation; "Acme" may be a brand or just a
                // capitalised word — left without a category, for a person to judge.
                // The tokenizer leaves a final full stop out of the word: "Inc." is "inc".
                let lastWord = words[trimmed.upperBound - 1].filter { $0 != "." }
                let hasLegalForm = CompanyName.legalForms.contains { form in
                    form.split(separator: " ").last.map { $0.lowercased().filter { $0 != "." } == lastWord } ?? false
                }
                phrases.append(PracticeStatement.Phrase(text, category: hasLegalForm ? "organisation" : nil))
            } else {
                phrases.append(PracticeStatement.Phrase(text))
            }
        }
        return phrases
    }

    private func purposePhrases(_ words: [String], _ range: Range<Int>) -> [PracticeStatement.Phrase] {
        let text = Self.phraseText(words[range].filter { $0.first?.isLetter == true || $0.first?.isNumber == true }[...])
        guard !text.isEmpty else { return [] }
        let classes = tables.purposes.matches(in: words[range]).map(\.key)
        // The most specific class named: advertising over service ("to provide you with ads").
        let order = ["advertising", "marketing", "analytics", "personalization", "security", "legal", "communication", "service"]
        let category = order.first { classes.contains($0) }
        return [PracticeStatement.Phrase(text, category: category)]
    }

    private func conditions(in words: [String], _ range: Range<Int>) -> [PracticeStatement.Condition] {
        tables.conditions.matches(in: words[range]).map { hit in
            PracticeStatement.Condition(kind: PracticeStatement.Condition.Kind(rawValue: hit.key) ?? .other,
                                        text: words[hit.range].joined(separator: " "))
        }
    }

    /// The regions a text names, by lexicon key, and `abroad` when it speaks of other countries.
    public func regions(in text: String) -> [String] {
        let words = Self.tokens(of: text).map(\.text)
        return regions(in: words, 0..<words.count)
    }

    private func regions(in words: [String], _ range: Range<Int>) -> [String] {
        var found = tables.regions.matches(in: words[range]).map(\.key)
        if !tables.foreign.matches(in: words[range]).isEmpty { found.append("abroad") }
        var seen: Set<String> = []
        return found.filter { seen.insert($0).inserted }
    }

    private func periods(in words: [String], _ range: Range<Int>) -> [Int] {
        var found: [Int] = []
        for position in range {
            guard let unit = tables.periods.match(words, at: position), let days = Int(unit.key) else { continue }
            if days < 0 { found.append(-1); continue }
            guard position > range.lowerBound else { continue }
            let previous = words[position - 1]
            // At most six digits: no policy keeps data for a million years, and a longer number
            // must not overflow.
            let count = (previous.count <= 6 ? Int(previous) : nil) ?? tables.numbers.match(words, at: position - 1).flatMap { Int($0.key) }
            if let count { found.append(count * days) }
        }
        return found
    }
}
