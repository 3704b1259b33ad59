/// How the phrases of statements relate to their sentence and to each other: where a phrase's
/// words stand, and whether two phrases can name the same information or the same recipients.
///
/// The overlap is PolicyLint's ontology (Andow et al., USENIX Security 2019, §4) made of what the
/// lexicon already knows: phrases of one lexicon category overlap, personal information in
/// general overlaps everything, and a phrase built on a general noun ("device information")
/// covers every phrase of its other words ("device identifier").
extension PracticeStatement.Phrase {
    /// The phrase's words, as the reader wrote them.
    public var words: [Substring] { text.split(separator: " ") }

    /// Where the phrase's words first stand in `sentence`, as indices into the string `sentence`
    /// is a slice of.
    public func range(in sentence: Substring) -> Range<String.Index>? {
        let words = self.words
        let tokens = StatementReader.tokens(of: sentence)
        guard !words.isEmpty, tokens.count >= words.count else { return nil }
        for start in 0...(tokens.count - words.count) where tokens[start..<(start + words.count)].elementsEqual(words, by: { $0.text == $1 }) {
            return tokens[start].original.startIndex..<tokens[start + words.count - 1].original.endIndex
        }
        return nil
    }

    // MARK: Data

    /// Nouns that name information without saying which: "device *information*", "usage *data*".
    static let generalNouns: Set<Substring> = ["information", "data", "details", "info", "records"]

    /// Phrases that name personal information as a whole.
    public static let generalData: Set<String> = [
        "information", "data", "personal information", "personal data", "user information", "user data", "your information",
        "your data", "your personal information", "your personal data", "information about you", "personal information of users",
    ]

    /// Whether the phrase names personal information as a whole.
    public var isGeneralData: Bool { Self.generalData.contains(text) }

    /// Whether the two phrases can name the same information: one is personal information in
    /// general; both have the same lexicon category; both end in the same word and one is shorter
    /// ("location" and "precise location"); or one is a general noun with modifiers that all
    /// stand in the other ("device information" covers "device identifier").
    public func overlapsData(_ other: Self) -> Bool {
        if isGeneralData || other.isGeneralData || text == other.text { return true }
        if let category, category == other.category { return true }
        return covers(other) || other.covers(self)
    }

    /// Whether the phrase names a wider kind of information than `other`: personal information
    /// in general against anything particular, "location" against "precise location", "device
    /// information" against "device identifier". PolicyLint's narrowing definitions are a broad
    /// statement and a narrower negation.
    public func isBroader(than other: Self) -> Bool {
        isGeneralData ? !other.isGeneralData : covers(other) && !other.covers(self)
    }

    private func covers(_ other: Self) -> Bool {
        let (mine, theirs) = (words, other.words)
        guard let head = mine.last else { return false }
        if !Self.generalNouns.contains(head) { return mine.count < theirs.count && theirs.last == head }
        let modifiers = mine.dropLast()
        return !modifiers.isEmpty && modifiers.allSatisfy(theirs.contains)
    }

    // MARK: Recipients

    /// Whether the two recipient phrases can name the same party: the same category or words;
    /// "third parties" (anyone but the controller's affiliates); a named organisation and a
    /// category it belongs to, or partners and service providers, which any organisation can be.
    public func overlapsRecipient(_ other: Self) -> Bool {
        if text == other.text { return true }
        let (mine, theirs) = (category ?? "", other.category ?? "")
        if !mine.isEmpty, mine == theirs { return true }
        if mine == "third-party" { return theirs != "affiliate" }
        if theirs == "third-party" { return mine != "affiliate" }
        if mine.hasPrefix("organisation") { return Self.organisation(mine, isA: theirs) }
        if theirs.hasPrefix("organisation") { return Self.organisation(theirs, isA: mine) }
        return mine.isEmpty && theirs.isEmpty && words.last == other.words.last
    }

    private static func organisation(_ organisation: String, isA category: String) -> Bool {
        category.hasPrefix("organisation") || ["partner", "service-provider"].contains(category) || organisation == "organisation:" + category
    }
}

extension PracticeStatement {
    /// The statement's data phrases; personal information in general when it names none but its
    /// sentence speaks of personal information as a whole (the reader leaves such objects out:
    /// "we will not share your personal information" has no data phrase); nothing otherwise.
    public func dataScope(sentence: Substring) -> [Phrase] {
        guard data.isEmpty else { return data }
        let words = StatementReader.tokens(of: sentence).map(\.text)
        let general = zip(words, words.dropFirst()).contains { pair in
            ["personal", "your", "user", "users"].contains(pair.0) && ["information", "data"].contains(pair.1)
        }
        return general ? [Phrase("personal information")] : []
    }
}

extension StatementReader {
    /// The regions `sentence` names, each with the lexicon's key and where its words stand (as
    /// indices into the string `sentence` is a slice of).
    public func regionMentions(in sentence: Substring) -> [(key: String, range: Range<String.Index>)] {
        let tokens = Self.tokens(of: sentence)
        return lexicon["regions"].matches(in: tokens.map(\.text)[...]).map { hit in
            (hit.key, tokens[hit.range.lowerBound].original.startIndex..<tokens[hit.range.upperBound - 1].original.endIndex)
        }
    }
}

extension PracticeStatement {
    /// The past participle of an action key, for messages: "collected", "shared", "sold".
    public static func participle(of action: String) -> String {
        switch action {
        case "sell": "sold"
        case "transfer": "transferred"
        case "commit": "committed"
        default: action.hasSuffix("e") ? action + "d" : action + "ed"
        }
    }
}

extension StatementReader {
    /// The lexicon's data category of what a phrase names: the category of the lexicon phrase
    /// it ends in, before a general noun ("geolocation data", "crash report information"); `nil`
    /// when its last words are not data the lexicon knows ("documents regarding the protection",
    /// "email communications more effective" name no kind of information by their head).
    public func headCategory(of phrase: PracticeStatement.Phrase) -> String? {
        var words = phrase.words.map(String.init)
        let matches = { (words: [String]) in self.lexicon["data"].matches(in: words[...]).last(where: { $0.range.upperBound == words.count }) }
        if let hit = matches(words) { return hit.key }
        guard let last = words.last, PracticeStatement.Phrase.generalNouns.contains(Substring(last)) else { return nil }
        words.removeLast()
        return matches(words)?.key
    }

    /// Whether a recipient phrase ends in a recipient or organisation the lexicon knows ("our
    /// advertising partners", "Google Analytics"), not merely contains one ("the public disclosure").
    public func namesKnownRecipient(_ phrase: PracticeStatement.Phrase) -> Bool {
        let words = phrase.words.map(String.init)
        return [lexicon["recipients"], lexicon["organisations"]].contains { table in
            table.matches(in: words[...]).contains { $0.range.upperBound == words.count }
        }
    }

    /// Whether the sentence says the controller does what the statement says: "we" (or "us",
    /// "the company") is the nearest subject before one of its verbs, or the verb is passive ("is
    /// shared"). The statement's actor is the controller also when the reader found no subject at
    /// all ("a business that sells …", "we request that you … never share your password"); this
    /// asks the words.
    public func isSaidOfFirstParty(_ statement: PracticeStatement, in sentence: Substring) -> Bool {
        let words = Self.tokens(of: sentence).map(\.text)
        guard let action = statement.actions.first else { return false }
        let passive: Set<String> = ["is", "are", "was", "were", "be", "been", "being"]
        let actions = lexicon["actions"], firstParty = lexicon["first-party"], user = lexicon["user"]
        // One pass: which subject came last before each word — "we", or "you" or a ";" that ends
        // the reach of an earlier "we" (a scan back from every verb was quadratic).
        var weIsNearest = false
        for position in words.indices {
            if actions.match(words, at: position)?.key == action {
                if weIsNearest || (position > 0 && passive.contains(words[position - 1])) { return true }
            }
            if firstParty.match(words, at: position) != nil {
                weIsNearest = true
            } else if user.match(words, at: position) != nil || words[position] == ";" {
                weIsNearest = false
            }
        }
        return false
    }

    /// Whether the statement's verb stands in a clause that opens its sentence with "if", "when"
    /// or "in case" ("If we share your information in breach of the law, we will …"): a
    /// supposition, not a statement of what is done or promised.
    public func isSupposed(_ statement: PracticeStatement, in sentence: Substring) -> Bool {
        let words = Self.tokens(of: sentence).map(\.text)
        guard let clause = Self.openingSupposition(words), let action = statement.actions.first else { return false }
        return clause.contains { lexicon["actions"].match(words, at: $0)?.key == action }
    }

    /// Whether the sentence opens with a supposition ("If you do not agree, we will not …"): what
    /// it promises, it promises only then.
    public static func opensWithSupposition(_ sentence: Substring) -> Bool {
        openingSupposition(tokens(of: sentence).map(\.text)) != nil
    }

    /// The words of an opening "if …," clause, after any list numbering ("(2)", "3.").
    private static func openingSupposition(_ words: [String]) -> Range<Int>? {
        guard let first = words.firstIndex(where: { $0.first?.isLetter == true && $0.count > 1 }),
              ["if", "when", "whenever", "where", "should"].contains(words[first]) || words[first...].starts(with: ["in", "case"])
        else { return nil }
        return first..<(words[first...].firstIndex(of: ",") ?? words.count)
    }
}
