import PolicyStatements

/// What a whole version states, for telling whether a statement in a changed or added paragraph
/// says anything the other version does not: recipients, data, purposes, regions and periods
/// named anywhere in it, and its promises (negated statements, practices under a consent and
/// commitments).
///
/// Versions prepared together share one `StatementFacts`, in which every statement is filed
/// once under the wording it comes from; a version's index is the set of wordings it has. In a
/// history of seventy versions that files each distinct sentence once instead of seventy times.
struct StatementIndex: Sendable {
    let facts: StatementFacts
    /// The sources (`StatementFacts` numbering) the version has, one bit each.
    private let members: [UInt64]

    init(facts: StatementFacts, sources: some Sequence<Int>) {
        self.facts = facts
        var members = [UInt64](repeating: 0, count: (facts.sourceCount + 63) / 64)
        for source in sources { members[source >> 6] |= 1 << UInt64(source & 63) }
        self.members = members
    }

    /// Whether any of `sources` is one of the version's.
    private func has(_ sources: [Int]?) -> Bool {
        sources?.contains { members[$0 >> 6] & (1 << UInt64($0 & 63)) != 0 } ?? false
    }

    /// Whether `text` (a data phrase) is named by the version: the same words, or fewer of a
    /// phrase it names ("location" within "location information").
    func namesData(_ text: String) -> Bool {
        if has(facts.data[text]) { return true }
        let words = Set(text.split(separator: " "))
        // Only phrases that share a word can contain this one or be contained in it.
        let candidates = Set(words.flatMap { facts.phrasesByWord[$0] ?? [] })
        return candidates.contains { index in
            let known = facts.dataPhrases[index]
            guard words.isSubset(of: known.words)
                || known.words.isSubset(of: words) && words.subtracting(known.words).allSatisfy(StatementDiff.genericWords.contains)
            else { return false }
            return has(facts.data[known.text])
        }
    }

    /// Whether a recipient is named: the same words, a more specific name of it ("partners" is
    /// named by "business partners"), or a more specific name of the same category. "Advertising
    /// partners" is not named by "partners": it is another kind of recipient.
    func namesRecipient(_ phrase: PracticeStatement.Phrase) -> Bool {
        if facts.recipients[phrase.text]?.contains(where: { has([$0.source]) }) == true { return true }
        return (facts.recipientsByLastWord[phrase.text.split(separator: " ").last ?? ""] ?? []).contains { known in
            let namings = facts.recipients[known, default: []].filter { has([$0.source]) }
            return !namings.isEmpty && (known.hasSuffix(" " + phrase.text)
                || phrase.text.hasSuffix(" " + known) && namings.contains { $0.category == (phrase.category ?? "") })
        }
    }

    func hasPurpose(category: String) -> Bool { has(facts.purposeCategories[category]) }
    func hasPurpose(text: String) -> Bool { has(facts.purposeTexts[text]) }
    func hasRegion(_ region: String) -> Bool { has(facts.regions[region]) }
    /// Whether a practice under consent or a commitment of this canonical form (`StatementDiff.key`) stands.
    func hasKey(_ key: String) -> Bool { has(facts.keys[key]) }

    /// The longest period stated for keeping data, in days (-1: indefinitely).
    var longestRetention: Int? { longest(facts.retentionPeriods) }
    /// The longest time stated for answering a request, in days.
    var longestResponse: Int? { longest(facts.responsePeriods) }

    private func longest(_ periods: [(days: Int, source: Int)]) -> Int? {
        periods.lazy.filter { has([$0.source]) }.map(\.days).max(by: StatementDiff.shorter)
    }

    /// Whether a negated statement like `statement` still stands: the same kind of action,
    /// overlapping data or recipients (or none named).
    func keepsPromise(_ statement: PracticeStatement) -> Bool {
        facts.promises.contains { promise in
            has([promise.source]) && StatementDiff.sameActions(promise.statement, statement) && StatementDiff.overlaps(promise.statement, statement)
        }
    }

    func keepsRight(_ statement: PracticeStatement) -> Bool {
        facts.rights.contains { has([$0.source]) && StatementDiff.sameActions($0.statement, statement) }
    }
}

/// Every statement of the versions prepared together, filed by what it names, each entry with
/// the sources (numbers the caller gives: a wording, or a wording read as a row of a recipient
/// table) it comes from.
final class StatementFacts: Sendable {
    let sourceCount: Int
    let data: [String: [Int]]
    /// The words of each data phrase, and which phrases each word is in: a new phrase is looked
    /// up by its words, not tested against every phrase.
    let dataPhrases: [(text: String, words: Set<Substring>)]
    let phrasesByWord: [Substring: [Int]]
    /// Recipients named, each time with the category the lexicon gave it there ("" when none).
    let recipients: [String: [(category: String, source: Int)]]
    /// The same by their last word: a more or less specific name of a recipient ends alike.
    let recipientsByLastWord: [Substring: [String]]
    let purposeCategories: [String: [Int]]
    let purposeTexts: [String: [Int]]
    let regions: [String: [Int]]
    let retentionPeriods: [(days: Int, source: Int)]
    let responsePeriods: [(days: Int, source: Int)]
    /// Negated statements: what a version promises not to do.
    let promises: [(statement: PracticeStatement, source: Int)]
    /// The user's rights and choices ("you can delete …").
    let rights: [(statement: PracticeStatement, source: Int)]
    /// The canonical forms of the practices under consent and of the commitments, to tell one
    /// that still stands elsewhere from one withdrawn.
    let keys: [String: [Int]]

    /// `statements[source]` are the statements of source number `source`.
    init(_ statements: [[PracticeStatement]]) {
        sourceCount = statements.count
        var data: [String: [Int]] = [:], dataPhrases: [(text: String, words: Set<Substring>)] = [], phrasesByWord: [Substring: [Int]] = [:]
        var recipients: [String: [(category: String, source: Int)]] = [:], recipientsByLastWord: [Substring: [String]] = [:]
        var purposeCategories: [String: [Int]] = [:], purposeTexts: [String: [Int]] = [:], regions: [String: [Int]] = [:]
        var retentionPeriods: [(days: Int, source: Int)] = [], responsePeriods: [(days: Int, source: Int)] = []
        var promises: [(statement: PracticeStatement, source: Int)] = [], rights: [(statement: PracticeStatement, source: Int)] = []
        var keys: [String: [Int]] = [:]
        func file<Key: Hashable>(_ key: Key, _ source: Int, in table: inout [Key: [Int]]) {
            // A source files a statement's parts in a row: its number is last if already there.
            if table[key, default: []].last != source { table[key, default: []].append(source) }
        }
        for (source, list) in statements.enumerated() {
            for statement in list {
                // Only a practice under consent and a commitment are looked up by their whole form.
                if StatementDiff.isCommitment(statement) || statement.conditions.contains(where: { $0.kind == .consent || $0.kind == .separateConsent }) {
                    file(StatementDiff.key(statement), source, in: &keys)
                }
                if statement.polarity == .negated {
                    promises.append((statement, source))
                    continue
                }
                if statement.isUserRight { rights.append((statement, source)) }
                guard statement.actor != .user else { continue }
                for phrase in statement.data {
                    if data[phrase.text] == nil {
                        let words = Set(phrase.text.split(separator: " "))
                        for word in words { phrasesByWord[word, default: []].append(dataPhrases.count) }
                        dataPhrases.append((phrase.text, words))
                    }
                    file(phrase.text, source, in: &data)
                }
                for recipient in StatementDiff.recipients(of: statement) {
                    if recipients[recipient.text] == nil {
                        recipientsByLastWord[recipient.text.split(separator: " ").last ?? "", default: []].append(recipient.text)
                    }
                    recipients[recipient.text, default: []].append((recipient.category ?? "", source))
                }
                for purpose in statement.purposes {
                    file(purpose.text, source, in: &purposeTexts)
                    if let category = purpose.category { file(category, source, in: &purposeCategories) }
                }
                for region in statement.regions { file(region, source, in: &regions) }
                if let period = statement.periods.max(by: StatementDiff.shorter) {
                    if statement.keepsData {
                        retentionPeriods.append((period, source))
                    } else if statement.actions.contains("respond") {
                        responsePeriods.append((period, source))
                    }
                }
            }
        }
        (self.data, self.dataPhrases, self.phrasesByWord) = (data, dataPhrases, phrasesByWord)
        (self.recipients, self.recipientsByLastWord) = (recipients, recipientsByLastWord)
        (self.purposeCategories, self.purposeTexts, self.regions) = (purposeCategories, purposeTexts, regions)
        (self.retentionPeriods, self.responsePeriods, self.promises, self.rights, self.keys) = (retentionPeriods, responsePeriods, promises, rights, keys)
    }
}
