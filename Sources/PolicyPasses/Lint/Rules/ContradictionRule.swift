import PolicyMarkup
import PolicyModel
import PolicyStatements

/// PolicyLint's contradictions (Andow et al., USENIX Security 2019, §4): a policy that promises
/// not to do something and elsewhere says it does it — "we do not share your personal
/// information" against "we share your device identifier with advertising partners". The second
/// statement may name the same data or a narrower kind of it (a "narrowing definition"); either
/// way a reader cannot tell which one binds.
///
/// Only unconditional promises of the controller count: "we need not collect" and "if you
/// refuse, we will not collect" promise nothing general, and a promise's exception ("unless
/// required by law", "without your consent") covers a statement that names the same condition.
struct ContradictionRule: LintRule {
    let id = DiagnosticID.contradictoryStatements
    let explanation = """
        Reads the data-practice statements of each sentence and pairs a promise of the \
        controller not to collect or use, or not to share, transfer, disclose or sell, with a \
        statement that it does so: the same kind of action (not collecting covers using; not \
        sharing or disclosing covers transferring and selling), overlapping data (personal \
        information in general overlaps everything, phrases of one lexicon category overlap, and \
        "device information" covers "device identifier"), overlapping recipients (third parties \
        are anyone but affiliates; no recipient named is anyone), and the promise's purposes and \
        regions, if it names any. A promise's exception covers a statement with the same \
        condition (consent, the law) or that names what the exception names; an exception \
        policyc cannot read is taken to cover everything. Only what the sentence says "we" do (or \
        the passive) counts; promises after "if …,", "need not", suppositions ("if we share …"), \
        requests to the reader, the definitions section, and a section on minors against the \
        rest are left alone. A warning at the statement, with a note at each \
        promise it breaks; between two policies of one project, a note.
        """

    func check(_ document: LintDocument, context: LintContext) -> [Diagnostic] {
        findings(claimsIn: document, promisesIn: document, otherPolicy: nil)
    }

    func check(_ document: LintDocument, against other: LintDocument, context: LintContext) -> [Diagnostic] {
        findings(claimsIn: document, promisesIn: other, otherPolicy: other.policy.metadata.id)
    }

    /// A statement with the words of its sentence and where it stands.
    struct Side {
        var statement: PracticeStatement
        var sentence: Substring
        var range: SourceRange
        /// Each phrase with the category of its head, or personal information in general.
        var data: [PracticeStatement.Phrase]
        /// Said in a section on minors, whose information is another person's than the rest speaks of.
        var aboutMinors: Bool
    }

    private func findings(claimsIn document: LintDocument, promisesIn other: LintDocument, otherPolicy: String?) -> [Diagnostic] {
        let promises = Self.sides(of: other) { statement, sentence in
            statement.polarity == .negated && [.stated, .will].contains(statement.modality) && !statement.conditions.contains { $0.kind == .other }
                && !StatementReader.opensWithSupposition(sentence)
        }
        guard !promises.isEmpty else { return [] }
        var diagnostics: [Diagnostic] = []
        var claimed: Set<SourceRange> = []
        for claim in Self.sides(of: document, where: { statement, _ in statement.polarity == .affirmative && !statement.isUserRight }) where !claimed.contains(claim.range) {
            var clashes: [(promise: Side, clash: Clash)] = []
            for promise in promises where promise.range != claim.range && promise.aboutMinors == claim.aboutMinors
            && !clashes.contains(where: { $0.promise.range == promise.range }) {
                if let clash = Self.clash(claim, promise) { clashes.append((promise, clash)) }
            }
            // A contradiction first; a narrowing definition alone is for a reader to check.
            clashes.sort { !$0.clash.narrows && $1.clash.narrows }
            guard let first = clashes.first else { continue }
            claimed.insert(claim.range)
            let severity: Severity = otherPolicy == nil && !first.clash.narrows ? .warning : .note
            diagnostics.append(Diagnostic(id, message(claim, first.clash, first.promise, otherPolicy), at: claim.range, severity: severity,
                                          notes: clashes.map { DiagnosticNote(promiseNote($0.promise), at: $0.promise.range) }))
        }
        return diagnostics
    }

    /// The controller's statements of collecting, using and sharing that `include` accepts, with
    /// the data they name whose head the lexicon knows (or personal information in general),
    /// outside the definitions; a supposition ("if we share …") and a request to the reader ("please do not
    /// provide us …") state nothing.
    private static func sides(of document: LintDocument, where include: (PracticeStatement, Substring) -> Bool) -> [Side] {
        let reader = StatementReader()
        return document.statements.compactMap { located in
            let statement = located.statement, unit = document.units[located.unit]
            let sentence = document.sentence(of: located)
            guard statement.actor == .firstParty, statement.actions.contains(where: covered.keys.contains), include(statement, sentence),
                  unit.section?.kind != .definitions, unit.topSection?.kind != .definitions else { return nil }
            let data = statement.dataScope(sentence: sentence).compactMap { phrase in
                phrase.isGeneralData ? phrase : reader.headCategory(of: phrase).map { PracticeStatement.Phrase(phrase.text, category: $0) }
            }
            guard !data.isEmpty, reader.isSaidOfFirstParty(statement, in: sentence), !reader.isSupposed(statement, in: sentence),
                  StatementReader.tokens(of: sentence).first(where: \.isWord)?.text != "please" else { return nil }
            return Side(statement: statement, sentence: sentence, range: document.range(of: located), data: data,
                        aboutMinors: unit.section?.kind == .minors || unit.topSection?.kind == .minors)
        }
    }

    /// What a promise not to do an action rules out.
    static let covered: [String: Set<String>] = [
        "collect": ["collect", "use"], "use": ["use"],
        "share": ["share", "transfer", "disclose", "sell"], "disclose": ["share", "transfer", "disclose", "sell"],
        "transfer": ["transfer"], "sell": ["sell"],
    ]

    static let sharing: Set<String> = ["share", "transfer", "disclose", "sell"]

    /// What a claim does that a promise rules out.
    struct Clash {
        var action: String
        var data: PracticeStatement.Phrase
        var promised: PracticeStatement.Phrase
        /// The claim's data is wider than the promise's: PolicyLint's narrowing definition
        /// ("we collect your location" and "we never collect precise location"), not a contradiction.
        var narrows: Bool
    }

    /// The claim's action and data that the promise rules out, when the two speak of the same
    /// data, recipients, purposes and regions and no exception of the promise covers the claim.
    private static func clash(_ claim: Side, _ promise: Side) -> Clash? {
        let ruledOut = promise.statement.actions.reduce(into: Set<String>()) { $0.formUnion(covered[$1] ?? []) }
        let pairs = claim.data.flatMap { data in promise.data.filter(data.overlapsData).map { (data, $0) } }
        guard let action = claim.statement.actions.first(where: ruledOut.contains),
              let (data, promised) = pairs.first(where: { !$0.0.isBroader(than: $0.1) }) ?? pairs.first else { return nil }
        if sharing.contains(action), !promise.statement.recipients.isEmpty {
            guard claim.statement.recipients.contains(where: { recipient in promise.statement.recipients.contains(where: recipient.overlapsRecipient) })
            else { return nil }
        }
        // A promise for some purposes rules out those only: "we don't use it to track you".
        let purposes = Set(promise.statement.purposes.compactMap(\.category))
        if !promise.statement.purposes.isEmpty, !claim.statement.purposes.contains(where: { $0.category.map(purposes.contains) ?? false }) {
            return nil
        }
        // "Not outside China" rules out abroad and any other region; "not in the US", the US.
        let regions = Set(promise.statement.regions)
        let regionsMeet = regions.contains("abroad")
            ? claim.statement.regions.contains { $0 == "abroad" || !regions.contains($0) } : claim.statement.regions.contains(where: regions.contains)
        if !regions.isEmpty, !regionsMeet { return nil }
        let escapes = exceptions(of: promise).map { covers($0, claim) }
        // "Without your consent, we will not share …": a promise's condition is an exception too.
        let conditions = promise.statement.conditions.map { condition in
            condition.kind == .law ? hasLawCondition(claim) : hasConsentCondition(claim)
        }
        return (escapes + conditions).contains(true) ? nil : Clash(action: action, data: data, promised: promised, narrows: data.isBroader(than: promised))
    }

    /// What follows "unless" or "except": as the statement reads it or, when it read none (an
    /// exception with a verb of its own: "unless you give your consent"), the sentence's words after it.
    private static func exceptions(of promise: Side) -> [String] {
        guard promise.statement.exceptions.isEmpty else { return promise.statement.exceptions }
        let words = StatementReader.tokens(of: promise.sentence).map(\.text)
        guard let start = words.firstIndex(where: { $0 == "unless" || $0 == "except" }) else { return [] }
        return [words[(start + 1)...].joined(separator: " ")]
    }

    /// Whether a promise's exception ("unless …") covers the claim: the claim has the condition
    /// the exception names (consent, the law) or names what it names; an exception of neither
    /// kind cannot be read, and is taken to cover it.
    private static func covers(_ exception: String, _ claim: Side) -> Bool {
        let words = Set(StatementReader.tokens(of: exception).map(\.text))
        let named = (claim.data + claim.statement.recipients).flatMap(\.words).filter { $0.count > 3 }
        if named.contains(where: { words.contains(String($0)) }) { return true }
        let consent = words.contains { word in ["consent", "authorization", "authorisation", "permission", "agree", "agreement"].contains(word) }
        let law = words.contains { word in ["law", "laws", "legal", "regulations", "court", "government", "authorities", "required"].contains(word) }
        guard consent || law else { return true }
        return consent && hasConsentCondition(claim) || law && hasLawCondition(claim)
    }

    private static func hasConsentCondition(_ claim: Side) -> Bool {
        claim.statement.conditions.contains { $0.kind == .consent || $0.kind == .separateConsent }
    }

    private static func hasLawCondition(_ claim: Side) -> Bool {
        claim.statement.conditions.contains { $0.kind == .law } || claim.statement.recipients.contains { $0.category == "authority" }
    }

    // MARK: Messages
    private func message(_ claim: Side, _ clash: Clash, _ promise: Side, _ otherPolicy: String?) -> String {
        func list(_ phrases: [PracticeStatement.Phrase]) -> String { phrases.map { "'\($0.text)'" }.joined(separator: ", ") }
        let recipients = claim.statement.recipients.isEmpty || !Self.sharing.contains(clash.action) ? "" : " with " + list(claim.statement.recipients)
        let promised = promise.statement.actions.filter(Self.covered.keys.contains).joined(separator: "/")
            + " '\(clash.promised.text)'" + (promise.statement.recipients.isEmpty ? "" : " with " + list(promise.statement.recipients))
        let whose = otherPolicy.map { "the policy '\($0)' of this project" } ?? "the policy"
        return clash.narrows
            ? "'\(clash.data.text)' is \(PracticeStatement.participle(of: clash.action))\(recipients) here, and \(whose) narrows it elsewhere: it promises not to \(promised)"
            : "'\(clash.data.text)' is \(PracticeStatement.participle(of: clash.action))\(recipients) here, but \(whose) promises not to \(promised)"
    }

    private func promiseNote(_ promise: Side) -> String {
        let words = promise.sentence.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return "the promise: '\(words.count > 160 ? words.prefix(157) + "…" : words)'"
    }
}
