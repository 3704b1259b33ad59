import PolicyMarkup
import PolicyModel
import PolicyStatements

/// Compares two versions of a policy and classifies every change as major or minor.
///
/// Two comparisons are made. The facts (purposes, data items, recipients, regions, rights,
/// exceptions, contacts, retention, definitions, metadata) are matched by id. The wording is
/// aligned unit by unit — headings, paragraphs, list items, table rows — by an edit script over
/// their normalised text; deleted and inserted units in the same place are paired by similarity
/// (a changed paragraph, with word-level detail), and what is left is matched across the whole
/// document (a moved paragraph is a move, not a deletion and an insertion). In policies without
/// annotations, recognised entities in the changed wording (addresses, phone numbers, regions,
/// organisations, categories of personal information) stand in for the facts.
public enum PolicyDiff {
    public static func compare(_ old: Policy, _ new: Policy, profile: LawProfile = .pipl, labels: [String] = []) -> PolicyDiffReport {
        let prepared = PreparedPolicy.prepare([old, new], labels: labels)
        return compare(prepared[0], prepared[1], profile: profile)
    }

    public static func compare(_ old: PreparedPolicy, _ new: PreparedPolicy, profile: LawProfile = .pipl) -> PolicyDiffReport {
        var text = TextDiff(old: old, new: new)
        var changes = FactDiff.changes(old.policy, new.policy) + text.changes()
        let document = text.document
        // The clause in force when the change is made is the old version's: the one users agreed
        // to. A new version cannot make its own changes major or minor.
        let classifier = Classifier(updateClause: old.policy.updateClause, profile: profile)
        for index in changes.indices { classifier.classify(&changes[index]) }
        // Wording left to review whose paragraph a major change already names (a new hotline
        // number, a new data item) needs no second decision: the major one covers it. A minor
        // fact beside it (a contact added) explains nothing else the wording may say.
        let majorRanges = changes.filter { $0.subject != .text && $0.severity == .major }
            .flatMap { [$0.old?.range, $0.new?.range].compactMap { $0 } }
        for index in changes.indices where changes[index].subject == .text && changes[index].severity == .review {
            let ranges = [changes[index].old?.range, changes[index].new?.range].compactMap { $0 }
            if majorRanges.contains(where: { major in ranges.contains { $0.overlaps(major) } }) {
                changes[index].severity = .minor
                changes[index].reason = "wording changed; what it says differently is the major change listed on its own"
            }
        }
        // A major change of a fact quotes the wording that changed within it: a right's title
        // or an e-mail address alone does not show a lawyer which sentence made the difference.
        let wordingChanges = changes.filter { $0.subject == .text }
        for index in changes.indices where changes[index].subject != .text && changes[index].severity == .major {
            changes[index].old = quotingChangedWording(changes[index].old, from: wordingChanges.compactMap(\.old))
            changes[index].new = quotingChangedWording(changes[index].new, from: wordingChanges.compactMap(\.new))
        }
        var report = PolicyDiffReport(old: version(old.policy), new: version(new.policy), profile: profile, changes: changes)
        report.document = document
        return report
    }

    /// `side` of a fact, or the changed wording that stands within its range when the side's own
    /// text (a title, an address) does not contain it. Statement changes already quote theirs.
    private static func quotingChangedWording(_ side: Change.Side?, from wording: [Change.Side]) -> Change.Side? {
        guard let side, let range = side.range else { return side }
        let within = wording.first { candidate in
            guard let inner = candidate.range, inner.file == range.file else { return false }
            return range.start <= inner.start && inner.end <= range.end && !side.text.contains(candidate.text)
        }
        return within ?? side
    }

    static func version(_ policy: Policy) -> PolicyDiffReport.Version {
        PolicyDiffReport.Version(
            path: policy.source.path, id: policy.metadata.id, title: policy.metadata.title, locale: policy.metadata.locale,
            version: policy.metadata.version,
            updated: policy.metadata.updated, effective: policy.metadata.effective, sha256: policy.source.sha256)
    }
}

/// The unit-by-unit comparison of two versions' wording.
struct TextDiff {
    let old: PreparedPolicy
    let new: PreparedPolicy
    var oldUnits: [TextUnit] { old.units }
    var newUnits: [TextUnit] { new.units }
    private var newDocument: String { new.text }

    /// Every key of the new version, to tell a unit said twice from one removed.
    private let newKeyIDs: Set<Int>

    /// Policies prepared apart are prepared again together: key numbers are comparable only
    /// within one preparation.
    init(old: PreparedPolicy, new: PreparedPolicy) {
        if old.table === new.table {
            (self.old, self.new) = (old, new)
        } else {
            let together = PreparedPolicy.prepare([old.policy, new.policy], labels: old.labels)
            (self.old, self.new) = (together[0], together[1])
        }
        newKeyIDs = Set(self.new.units.map(\.keyID))
        // The controller is no recipient of its own data: "share with GitHub" in GitHub's policy.
        selfNames = Set([self.old.policy, self.new.policy].flatMap { policy in
            [policy.metadata.controller ?? "", policy.metadata.title].flatMap { name in
                name.split(whereSeparator: { !$0.isLetter }).filter { $0.first?.isUppercase == true && $0.count > 2 }.map { $0.lowercased() }
            }
        }).subtracting(["privacy", "policy", "statement", "notice", "terms", "service", "the", "data", "protection", "technology", "group", "ltd", "inc", "limited"])
        oldIndex = self.old.statementIndex
        newIndex = self.new.statementIndex
    }

    /// Words of the controller's name and the document's title: never a new recipient.
    private let selfNames: Set<String>

    /// What each version states as a whole, to tell what a changed paragraph adds.
    private let oldIndex: StatementIndex
    private let newIndex: StatementIndex

    private enum Pairing { case same(Int), changed(Int, Int), moved(Int, Int), removed(Int), added(Int) }

    /// The redline, filled by `changes()`.
    private(set) var document: [RedlineUnit] = []
    private var nextSerial = 0

    /// `change` with the next serial, and a redline unit that shows it.
    private mutating func record(_ change: Change, _ status: RedlineUnit.Status, _ unit: TextUnit, words: [WordRun] = []) -> Change {
        var change = change
        change.serial = nextSerial
        document.append(RedlineUnit(status: status, kind: unit.kind, level: unit.level, text: unit.text, words: words, change: nextSerial))
        nextSerial += 1
        return change
    }

    mutating func changes() -> [Change] {
        let pairings = align()
        var changes: [Change] = []
        // Entities stand in for facts only when neither version states its facts.
        let recogniseEntities = old.entities != nil && new.entities != nil
        let oldEntities = old.entities ?? Entities()
        let newEntities = new.entities ?? Entities()
        func found(_ n: Int) -> Entities { new.entities(ofUnit: n) }
        for pairing in pairings {
            switch pairing {
            case .same(let n):
                let unit = newUnits[n]
                document.append(RedlineUnit(status: .same, kind: unit.kind, level: unit.level, text: unit.text, words: [], change: nil))
            case .changed(let o, let n):
                let (before, after) = (oldUnits[o], newUnits[n])
                let words = WordDiff(old: before, new: after, newDocument: newDocument)
                var change = Change(.text, .changed, id: after.sectionID, summary: "text changed in \(place(after))",
                                    old: side(before), new: side(after), words: words.runs)
                if let reason = words.editorialReason {
                    change.isEditorial = true
                    change.reason = reason
                } else {
                    let entities = recogniseEntities ? entityChanges(found(n), in: after, against: oldEntities, newEntities: newEntities) : []
                    changes += entities + reworded(before, after, words: words, into: &change)
                }
                changes.append(record(change, .changed, after, words: words.runs))
            case .moved(let o, let n):
                let (before, after) = (oldUnits[o], newUnits[n])
                var change = Change(.text, .moved, id: after.sectionID, summary: "moved from \(place(before)) to \(place(after))",
                                    old: side(before), new: side(after))
                change.reason = "moved; the wording is kept"
                if before.keyID != after.keyID {
                    let words = WordDiff(old: before, new: after, newDocument: newDocument)
                    change.words = words.runs
                    if let editorial = words.editorialReason {
                        change.summary += ", \(editorial)"
                        change.reason = "moved; the wording changed only editorially (\(editorial))"
                    } else {
                        // Reworded where it now stands: judged as any changed wording is.
                        change.summary += ", reworded"
                        if recogniseEntities {
                            changes += entityChanges(found(n), in: after, against: oldEntities, newEntities: newEntities)
                        }
                        changes += reworded(before, after, words: WordDiff(old: before, new: after, newDocument: newDocument), into: &change)
                        change.reason = "moved and reworded; " + change.reason
                    }
                }
                changes.append(record(change, .moved, after, words: change.words))
            case .removed(let o):
                let before = oldUnits[o]
                var change = Change(.text, .removed, id: before.sectionID, summary: "\(before.kind.rawValue) removed from \(place(before))", old: side(before))
                // Only a unit said twice is editorial: the same whole unit remains in the new
                // version, or, for a sentence, the same sentence does.
                // Units are joined by line breaks, which collapsed text has none of: a sentence is
                // found in the whole text only where one unit holds it.
                let remains = newKeyIDs.contains(before.keyID)
                    || (WordDiff.isSentence(before.text) && newDocument.containsText(before.text))
                if remains {
                    change.isEditorial = true
                    change.reason = "duplicated text removed; the same words remain elsewhere"
                } else {
                    var explained = recogniseEntities ? structuralChanges(removed: before, added: nil) : []
                    let statements = statements(of: before, in: old)
                    explained += statements.flatMap { StatementDiff.removed($0, against: newIndex) }.filter(isAboutOthers).map { statementChange($0, before, nil) }
                    changes += explained
                    if explained.isEmpty {
                        // No promise, right or consent went with it: less processing than before.
                        judgeWhole(&change, before, statements: statements, removed: true,
                                   reason: "removed; what it stated is no longer done or said")
                    }
                }
                changes.append(record(change, .removed, before))
            case .added(let n):
                let after = newUnits[n]
                var change = Change(.text, .added, id: after.sectionID, summary: "\(after.kind.rawValue) added to \(place(after))", new: side(after))
                var explained: [Change] = []
                if recogniseEntities {
                    explained += entityChanges(found(n), in: after, against: oldEntities, newEntities: newEntities)
                    explained += structuralChanges(removed: nil, added: after)
                }
                let statements = statements(of: after, in: new)
                explained += statements.flatMap { StatementDiff.added($0, against: oldIndex) }.filter(isAboutOthers).map { statementChange($0, nil, after) }
                changes += explained
                if explained.isEmpty {
                    judgeWhole(&change, after, statements: statements, removed: false,
                               reason: "added; the old version already states what it says, or it grants a right or makes a promise")
                }
                changes.append(record(change, .added, after))
            }
        }
        if recogniseEntities { changes += removedContacts(oldEntities, newEntities) }
        return Self.deduplicated(changes)
    }

    // MARK: - Alignment

    private func align() -> [Pairing] {
        let oldKeys = oldUnits.map(\.keyID), newKeys = newUnits.map(\.keyID)
        let steps = EditScript.steps(from: oldKeys, to: newKeys)
        // Ordered by the new unit each stands at; a removed unit comes before the unit that
        // follows its old place.
        var pairings: [(order: Int, rank: Int, pairing: Pairing)] = []
        var leftoverOld: [Int] = [], leftoverNew: [Int] = []
        var hunkOld: [Int] = [], hunkNew: [Int] = []
        func closeHunk() {
            defer { hunkOld = []; hunkNew = [] }
            // A paragraph split in two, or two joined, with the same words: white space only.
            if !hunkOld.isEmpty, !hunkNew.isEmpty,
               hunkOld.map({ oldUnits[$0].key }).joined() == hunkNew.map({ newUnits[$0].key }).joined() {
                pairings += hunkNew.map { ($0, 1, .same($0)) }
                return
            }
            // Pair in order: each deleted unit with the most similar inserted unit after the last pair.
            var nextNew = 0
            for o in hunkOld {
                var best: (index: Int, score: Double)?
                for position in nextNew..<hunkNew.count where Similarity.mayReach(0.5, oldUnits[o], newUnits[hunkNew[position]]) {
                    let score = Similarity.of(oldUnits[o], newUnits[hunkNew[position]])
                    if score >= 0.5, score > (best?.score ?? 0) { best = (position, score) }
                }
                if let best {
                    leftoverNew += hunkNew[nextNew..<best.index]
                    pairings.append((hunkNew[best.index], 1, .changed(o, hunkNew[best.index])))
                    nextNew = best.index + 1
                } else {
                    leftoverOld.append(o)
                }
            }
            leftoverNew += hunkNew[nextNew...]
        }
        for step in steps {
            switch step {
            case .equal(_, let n):
                closeHunk()
                pairings.append((n, 1, .same(n)))
            case .delete(let o): hunkOld.append(o)
            case .insert(let n): hunkNew.append(n)
            }
        }
        closeHunk()
        // What is left may have moved: the same words (or nearly) elsewhere.
        var unmatchedNew = Set(leftoverNew)
        for o in leftoverOld {
            let exact = leftoverNew.first { unmatchedNew.contains($0) && newUnits[$0].keyID == oldUnits[o].keyID }
            let near = exact ?? leftoverNew.filter { unmatchedNew.contains($0) && Similarity.mayReach(0.8, oldUnits[o], newUnits[$0]) }
                .map { ($0, Similarity.of(oldUnits[o], newUnits[$0])) }
                .filter { $0.1 >= 0.8 }.max { $0.1 < $1.1 }?.0
            if let n = near {
                unmatchedNew.remove(n)
                pairings.append((n, 1, .moved(o, n)))
            } else {
                // Removed units sort just before the new unit that follows their place.
                pairings.append((Self.position(ofOld: o, in: steps), 0, .removed(o)))
            }
        }
        for n in leftoverNew where unmatchedNew.contains(n) { pairings.append((n, 1, .added(n))) }
        return pairings.sorted { ($0.order, $0.rank) < ($1.order, $1.rank) }.map(\.pairing)
    }

    /// Where an old unit's place falls among the new units: the index of the next new unit.
    private static func position(ofOld old: Int, in steps: [EditScript.Step]) -> Int {
        var nextNew = 0
        for step in steps {
            switch step {
            case .equal(let o, let n): if o >= old { return n }; nextNew = n + 1
            case .insert(let n): nextNew = n + 1
            case .delete(let o): if o == old { return nextNew }
            }
        }
        return nextNew
    }

    // MARK: - Statements

    /// The statements of a unit: those its sentences make and, for a row of a table that lists
    /// recipients (under a sharing, third-party or cookie heading), the organisation it names.
    func statements(of unit: TextUnit, in version: PreparedPolicy) -> [PracticeStatement] {
        Self.statements(of: unit, documentTitle: version.policy.metadata.title)
    }

    static func statements(of unit: TextUnit, documentTitle: String) -> [PracticeStatement] {
        guard unit.kind == .tableRow, let row = unit.wording.recipientRow, listsRecipients(unit, documentTitle: documentTitle) else {
            return unit.statements
        }
        return unit.statements + [row]
    }

    /// What a table row says when it stands in a table of recipients: the organisation its first
    /// cell names (not a header word) receives data, in the regions the row names.
    static func recipientRow(ofTableRow text: String) -> PracticeStatement? {
        // Collapsed text: cells are joined by " | " and carry no other white space at either end.
        let name = text.firstRange(ofText: " | ").map { text[..<$0.lowerBound] } ?? text[...]
        guard !name.isEmpty, name.first?.isLetter == true, !tableHeaderWords.contains(name.lowercased()) else { return nil }
        return PracticeStatement(
            actor: .organisation(name.lowercased()), actions: ["share"], polarity: .affirmative, modality: .stated,
            regions: tableReader.regions(in: text), span: 0..<text.utf8.count)
    }

    private static let tableHeaderWords: Set<String> = ["name", "names", "company", "vendor", "provider", "subprocessor", "cookie", "cookie name", "service", "party", "recipient", "sdk", "sdk name"]

    private static let tableReader = StatementReader()

    /// Whether a table row stands where the rows name who receives data: under a sharing,
    /// third-party or cookie heading, or in a document whose title says it lists them.
    static func listsRecipients(_ unit: TextUnit, documentTitle: String) -> Bool {
        if let kind = unit.sectionKind, [.sharing, .thirdParties, .cookies].contains(kind) { return true }
        let title = FoldedText(unit.sectionTitle ?? documentTitle)
        return ["processor", "partner", "vendor", "cookie", "third part", "recipient", "sdk", "service provider"].contains(where: title.contains)
    }

    /// Sections whose wording the update clause and the law speak of: a change there that no
    /// statement explains is for a person to decide.
    private static let materialKinds: Set<SectionKind> = [
        .collection, .storage, .sharing, .thirdParties, .cookies, .rights, .contact, .update, .exceptions, .minors, .protection,
    ]

    /// A changed wording judged by its statements: the changes they explain, or why the text
    /// change itself is minor or must be reviewed.
    private func reworded(_ before: TextUnit, _ after: TextUnit, words: WordDiff, into change: inout Change) -> [Change] {
        if Self.onlyFunctionWords(words) {
            change.reason = "reworded with function words only (\((words.deleted + words.inserted).joined(separator: ", ")))"
            return []
        }
        let old = statements(of: before, in: self.old), new = statements(of: after, in: self.new)
        let findings = StatementDiff.changed(old: old, new: new, oldIndex: oldIndex, newIndex: newIndex).filter(isAboutOthers)
        if !findings.isEmpty {
            change.reason = "wording changed; what its statements say differently is listed on its own"
            return findings.map { statementChange($0, before, after) }
        }
        let (removedSentences, addedSentences) = Self.changedSentences(before, after)
        if addedSentences.isEmpty, !removedSentences.isEmpty, removedSentences.allSatisfy({ newDocument.containsText(String($0)) }) {
            change.isEditorial = true
            change.reason = "duplicated text removed; the same sentence remains elsewhere"
            return []
        }
        if let controller = controllerChange(before, after, words: words) { return [controller] }
        // Statements explain a rewording only when every sentence that changed makes one, and
        // no name or number came in (or, where rights and contacts are, went) unaccounted for.
        let unaccounted = unreadSentence(before, after, changed: (removedSentences, addedSentences))
            .map { "a changed sentence states nothing policyc can read: “\($0)”" }
            ?? unaccountedPurpose(before, after, words: words).map { "words of a new purpose came in: “\($0)”" }
            ?? unaccountedName(before, after, words: words).map { "“\($0)” came in or went without a statement that names it" }
        if let unaccounted {
            judgeUnexplained(&change, old: before, new: after, statements: old + new, words: words)
            if change.failsClosed { change.reason += "; " + unaccounted }
            return []
        }
        if !old.isEmpty, StatementDiff.same(old, new) {
            change.reason = "reworded; the statements are the same (\(new.map(\.summary).joined(separator: "; ")))"
            return []
        }
        if !old.isEmpty || !new.isEmpty, StatementDiff.narrowsOrGivesMore(old, new) {
            change.reason = "narrower, or more for the user: every statement it makes now was made before with as much or more, or grants a right or makes a promise"
            return []
        }
        judgeUnexplained(&change, old: before, new: after, statements: old + new, words: words)
        return []
    }

    /// The first sentence present in only one of the two wordings that makes no statement
    /// policyc can read (a commitment in words outside its lexicon: "we will conclude
    /// non-disclosure agreements").
    private func unreadSentence(_ before: TextUnit, _ after: TextUnit, changed: (removed: [Substring], added: [Substring])) -> String? {
        func readable(_ sentence: Substring, in unit: TextUnit) -> Bool {
            let offset = unit.text.utf8.distance(from: unit.text.startIndex, to: sentence.startIndex)
            return unit.statements.contains { $0.span.lowerBound == offset }
        }
        let (removed, added) = changed
        // A sentence changed only editorially ("login" → "log in") needs no statement: a removed
        // sentence is excused by an added one that differs from it editorially, and the reverse.
        func excused(_ sentence: Substring, by others: [Substring]) -> Bool {
            others.contains { WordDiff.isEditorial(String($0), String(sentence)) }
        }
        if let unread = removed.first(where: { !readable($0, in: before) && !excused($0, by: added) }) { return String(unread) }
        return added.first { !readable($0, in: after) && !excused($0, by: removed) }.map(String.init)
    }

    /// The sentences of the old wording that the new one lacks, and the new ones it adds.
    static func changedSentences(_ before: TextUnit, _ after: TextUnit) -> (removed: [Substring], added: [Substring]) {
        let old = SentenceSplitter.sentences(before.text).map { before.text[$0] }, new = SentenceSplitter.sentences(after.text).map { after.text[$0] }
        let oldTexts = Set(old), newTexts = Set(new)
        return (old.filter { !newTexts.contains($0) }, new.filter { !oldTexts.contains($0) })
    }

    /// A capitalised word or number inserted (or, in rights and contact sections, deleted) that
    /// no statement accounts for: a brand, a place, a channel.
    private func unaccountedName(_ before: TextUnit, _ after: TextUnit, words: WordDiff) -> String? {
        // Only a word that starts with a capital or a digit can be a name: the rest are never
        // folded or looked up (folding every word of both wordings was a share of the diff).
        func isName(_ word: Substring) -> Bool {
            guard let first = word.unicodeScalars.first(where: { $0.properties.isAlphabetic || ("0"..."9").contains($0) }),
                  first.properties.isUppercase || ("0"..."9").contains(first) else { return false }
            return !Self.isFunctionWord(word) && !Self.sentenceWords.contains(Self.folded(word))
        }
        let inserted = words.inserted.filter(isName)
        if !inserted.isEmpty {
            let oldWords = Set(before.words.map(Self.folded))
            if let name = inserted.first(where: { !oldWords.contains(Self.folded($0)) }) { return String(name) }
        }
        guard let kind = after.sectionKind, [.rights, .contact].contains(kind) else { return nil }
        let deleted = words.deleted.filter(isName)
        guard !deleted.isEmpty else { return nil }
        let newWords = Set(after.words.map(Self.folded))
        return deleted.first { !newWords.contains(Self.folded($0)) }.map(String.init)
    }

    /// A word's letters and digits, lowercased.
    private static func folded(_ word: Substring) -> String {
        String(word.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) })
    }

    /// A unit added or removed whole that no statement finding explains: minor with `reason` when
    /// every sentence of it makes a statement policyc read, else judged as unexplained wording.
    private func judgeWhole(_ change: inout Change, _ unit: TextUnit, statements: [PracticeStatement], removed: Bool, reason: String) {
        let spans = Set(statements.map(\.span.lowerBound))
        let everySentenceRead = !statements.isEmpty && SentenceSplitter.sentences(unit.text).allSatisfy { range in
            spans.contains(unit.text.utf8.distance(from: unit.text.startIndex, to: range.lowerBound))
        }
        if everySentenceRead {
            change.reason = "\(reason) (\(statements.map(\.summary).joined(separator: "; ")))"
        } else {
            judgeUnexplained(&change, old: removed ? unit : nil, new: removed ? nil : unit, statements: statements)
        }
    }

    /// Purposes the law watches most (advertising, marketing, analytics, personalisation): a word
    /// of one inserted where the old wording had none of that class, whatever the statements say.
    private func unaccountedPurpose(_ before: TextUnit, _ after: TextUnit, words: WordDiff) -> String? {
        let watched: Set<String> = ["advertising", "marketing", "analytics", "personalization"]
        let table = Self.tableReader.lexicon["purposes"]
        let inserted = words.inserted.map { $0.lowercased().filter { $0.isLetter || $0 == "-" } }
        let hits = inserted.indices.compactMap { index in table.match(inserted, at: index).map { (word: inserted[index], key: $0.key) } }
            .filter { watched.contains($0.key) }
        // The old wording is read only when a watched word came in, which is rare.
        guard !hits.isEmpty else { return nil }
        let oldClasses = Set(table.matches(in: StatementReader.tokens(of: before.text).map(\.text)[...]).map(\.key))
        return hits.first { !oldClasses.contains($0.key) }?.word
    }

    /// Words that begin sentences and headings in capitals without naming anything.
    private static let sentenceWords: Set<String> = [
        "we", "you", "if", "when", "in", "for", "to", "our", "your", "this", "the", "a", "an", "please", "where", "with", "as", "after",
        "before", "unless", "such", "these", "those", "any", "all", "each", "it", "they", "i", "however", "otherwise", "also", "and",
    ]

    /// A changed name or address of a company: the wording names an organisation with its legal
    /// form ("… Co., Ltd.", "GitHub, Inc.") and the edit replaces a name or a number.
    private func controllerChange(_ before: TextUnit, _ after: TextUnit, words: WordDiff) -> Change? {
        let namesCompany = CompanyName.legalForms.contains { after.text.containsText($0) || before.text.containsText($0) }
        guard namesCompany else { return nil }
        let changedNames = (words.inserted + words.deleted).contains { word in
            word.first.map { $0.isUppercase || $0.isNumber } == true && !Self.isFunctionWord(word)
        }
        guard changedNames else { return nil }
        var change = Change(.controller, .changed, id: after.sectionID,
                            summary: "a company's name or address changed in \(place(after))", old: side(before), new: side(after))
        change.failsClosed = true
        return change
    }

    /// Words that carry no practice, right or condition: articles, pronouns, courtesy. Negations,
    /// modals other than "can", conjunctions and prepositions are not among them: "and"/"or" and
    /// "with"/"without" change what a sentence allows; nor are "we", "our" and "us", since "you
    /// can delete" and "we can delete" give the right to different people.
    private static let functionWords: Set<String> = [
        "a", "an", "the", "you", "your", "yours", "it", "its", "they", "their", "this", "that", "these", "those",
        "please", "kindly", "also", "can", "hereby", "here", "there", "very", "just", "simply", "then", "be", "is", "are",
    ]

    /// Whether the words inserted and deleted, once a word that only changed case is set aside
    /// ("Write to" → "You can write to"), are all function words.
    private static func onlyFunctionWords(_ words: WordDiff) -> Bool {
        var deleted: [String: Int] = [:]
        for word in words.deleted { deleted[word.lowercased(), default: 0] += 1 }
        var inserted: [String] = []
        for word in words.inserted {
            let lowered = word.lowercased()
            if let count = deleted[lowered], count > 0 { deleted[lowered] = count - 1 } else { inserted.append(lowered) }
        }
        let rest = inserted + deleted.flatMap { word, count in Array(repeating: word, count: count) }
        return rest.allSatisfy { isFunctionWord(Substring($0)) }
    }

    /// Words that turn a safeguard into its absence.
    private static let negations: Set<String> = ["not", "no", "never", "nor", "cannot", "dont", "doesnt", "wont", "without"]

    private static func isFunctionWord(_ word: Substring) -> Bool {
        functionWords.contains(word.lowercased().filter { $0.isLetter })
    }

    /// A text change no statement explains: review where the update clause or the law speaks
    /// of what the section says, minor elsewhere.
    /// `words` is the word diff of a changed unit (nil for a unit added or removed whole).
    private func judgeUnexplained(_ change: inout Change, old: TextUnit?, new: TextUnit?, statements: [PracticeStatement], words: WordDiff? = nil) {
        guard let unit = new ?? old else { return }
        // Safeguards described in more words take nothing away: only what a protection section
        // no longer says is for a person to weigh. A word deleted only to come back with other
        // punctuation ("control" → "control, regular audits") is not taken away.
        let onlyAddsSafeguards = unit.sectionKind == .protection && words.map { words in
            let letters = { (word: Substring) in word.lowercased().filter(\.isLetter) }
            var insertedWords = Dictionary(words.inserted.map { (letters($0), 1) }, uniquingKeysWith: +)
            let nothingTaken = words.deleted.allSatisfy { word in
                guard let count = insertedWords[letters(word)], count > 0 else { return false }
                insertedWords[letters(word)] = count - 1
                return true
            }
            return nothingTaken && !words.inserted.contains { Self.negations.contains(letters($0)) }
        } == true
        let material = unit.kind != .heading && unit.kind != .title && !onlyAddsSafeguards
            && ((unit.sectionKind.map(Self.materialKinds.contains) ?? false)
                || statements.contains { ($0.processesData && $0.actor != .user) || $0.isUserRight
                    || $0.limitsRights })
        if material {
            change.failsClosed = true
            change.reason = "substantive wording changed; policyc cannot tell whether it is major"
                + (statements.isEmpty ? " (no statement it can read)" : " (its statements: \(statements.map(\.summary).joined(separator: "; ")))")
        } else if change.reason.isEmpty {
            change.reason = new == nil ? "removed; it states no practice, right or contact" : "wording changed; it states no practice, right or contact"
        }
    }

    /// Whether a finding is not the controller named as a recipient of its own data.
    private func isAboutOthers(_ finding: StatementFinding) -> Bool {
        !(finding.subject == .recipient && finding.value.map { value in value.split(separator: " ").allSatisfy { selfNames.contains(String($0)) } } == true)
    }

    /// A statement finding as a change of its subject, quoting the sentence on each side (or, where
    /// a side has no statement of its own, the paragraph as it stands there).
    private func statementChange(_ finding: StatementFinding, _ before: TextUnit?, _ after: TextUnit?) -> Change {
        func sentence(_ statement: PracticeStatement?, in unit: TextUnit?) -> Change.Side? {
            guard let statement, let unit else { return nil }
            let utf8 = unit.text.utf8
            let lower = utf8.index(utf8.startIndex, offsetBy: min(statement.span.lowerBound, utf8.count))
            let upper = utf8.index(utf8.startIndex, offsetBy: min(statement.span.upperBound, utf8.count))
            return Change.Side(text: String(unit.text[lower..<upper]), range: unit.range)
        }
        let unit = after ?? before!
        var change = Change(finding.subject, finding.kind, id: finding.value ?? unit.sectionID, summary: "\(finding.summary) in \(place(unit))",
                            old: sentence(finding.old, in: before) ?? before.map(side), new: sentence(finding.new, in: after) ?? after.map(side),
                            narrows: finding.narrows)
        change.oldStatement = finding.old?.summary
        change.newStatement = finding.new?.summary
        change.failsClosed = true
        change.isUncertain = finding.uncertain
        change.practiceSubject = finding.practiceSubject
        return change
    }

    // MARK: - Entities (unannotated policies)

    /// Facts that a changed or added unit brings in, recognised from its words.
    private func entityChanges(_ found: Entities, in unit: TextUnit, against old: Entities, newEntities: Entities) -> [Change] {
        var changes: [Change] = []
        let kind = unit.sectionKind
        for (entity, value) in old.added(in: found) {
            let subject: Change.Subject?
            switch entity {
            case .email, .phone, .address:
                subject = .contact
            case .url:
                subject = kind == .contact ? .contact : nil
            case .region:
                let transfer = [.storage, .sharing, .thirdParties].contains(kind)
                    || ["transfer", "store", "server", "host", "located", "process"].contains(where: FoldedText(unit.text).contains)
                subject = transfer ? .storageRegion : nil
            case .organisation:
                subject = [.sharing, .thirdParties].contains(kind) ? .recipient : nil
            case .dataLabel:
                subject = .dataItem
            case .collected:
                // What a sentence collects is read from its statements, which stop where the
                // object does ("… to ensure the reliability of services" is a purpose).
                subject = nil
            }
            guard let subject else { continue }
            // A contact that replaces one of the same kind is a changed channel, not an extra one.
            let replaces = subject == .contact && !old[entity].subtracting(newEntities[entity]).isEmpty
            changes.append(Change(subject, replaces ? .changed : .added, id: value,
                                  summary: "new \(entity.rawValue) '\(value)' in \(place(unit))", new: side(unit), narrows: replaces))
        }
        return changes
    }

    /// Contact channels the old version gave that the new one no longer does.
    private func removedContacts(_ old: Entities, _ new: Entities) -> [Change] {
        [Entities.Kind.email, .phone, .address].flatMap { kind in
            old[kind].subtracting(new[kind]).sorted().map { value in
                Change(.contact, .removed, id: value, summary: "\(kind.rawValue) '\(value)' no longer given",
                       old: Change.Side(text: value, range: oldUnits.first { $0.text.contains(value) }?.range), narrows: true)
            }
        }
    }

    /// What removing or adding whole units means by the section they stand in: a rights
    /// paragraph removed narrows a right; an exception added is a new exception; a heading added
    /// where purposes are listed is a new purpose.
    private func structuralChanges(removed: TextUnit?, added: TextUnit?) -> [Change] {
        if let unit = removed, unit.sectionKind == .rights, unit.kind != .title {
            return [Change(.right, .removed, id: unit.sectionID, summary: "wording of a right removed from \(place(unit))", old: side(unit), narrows: true)]
        }
        if let unit = added, unit.sectionKind == .exceptions, unit.kind != .heading {
            return [Change(.exception, .added, id: unit.sectionID, summary: "exception added to \(place(unit))", new: side(unit))]
        }
        if let unit = added, unit.sectionKind == .collection, unit.kind == .heading {
            return [Change(.purpose, .added, id: unit.sectionID, summary: "new purpose heading '\(unit.text)'", new: side(unit))]
        }
        return []
    }

    // MARK: - Helpers

    private func side(_ unit: TextUnit) -> Change.Side { Change.Side(text: unit.text, range: unit.range) }

    private func place(_ unit: TextUnit) -> String {
        unit.sectionTitle.map { "“\($0)”" } ?? "the introduction"
    }

    /// One change per fact: the same new address found in two paragraphs is one new address.
    static func deduplicated(_ changes: [Change]) -> [Change] {
        var seen: Set<String> = []
        return changes.filter { change in
            guard change.subject != .text, let id = change.id else { return true }
            return seen.insert("\(change.subject.rawValue)|\(change.kind.rawValue)|\(id)").inserted
        }
    }
}
