import PolicyMarkup
import PolicyModel
import PolicyStatements

/// A policy written with annotations promises that its manifests list everything it states: a
/// data item, recipient, storage region or contact channel its wording names without an
/// annotation is missing from them, and from `policyc check` and the diff's comparison of facts.
///
/// Read from the policy's statements: only what a statement says is processed, sent or kept
/// counts, so a negation ("we do not collect health information"), a right of the user ("you may
/// delete your account"), a definition and personal information in general are no facts to mark.
struct UnannotatedFactsRule: LintRule {
    let id = DiagnosticID.unannotatedFact
    let explanation = """
        Runs on policies that use annotations (item:, recipient:, region:, term: links). Reads \
        the data-practice statements of each sentence (outside the definitions) and reports, \
        where a statement says the controller or a recipient collects, uses, keeps or shares \
        something: a data phrase of a lexicon category (location, identifier, contact …) outside \
        every item: annotation, a recipient of a lexicon category or a named organisation outside \
        every recipient: annotation, and a country or region outside every region: annotation. \
        Words the policy annotates elsewhere (a later mention of an annotated item) and \
        personal information in general are left alone; negated statements and the user's \
        rights state no fact. Phone numbers and e-mail addresses written without a tel: or \
        mailto: link are reported anywhere, with a fix-it that links them.
        """

    func check(_ document: LintDocument, context: LintContext) -> [Diagnostic] {
        let policy = document.policy
        guard policy.isAnnotated else { return [] }
        let marked = Dictionary(grouping: policy.annotations, by: \.scheme)
        func isMarked(_ range: SourceRange, by scheme: Annotation.Scheme) -> Bool {
            marked[scheme, default: []].contains { $0.range.start < range.end && range.start < $0.range.end && $0.range.file == range.file }
        }
        // A later mention of something annotated once needs no second link.
        let annotatedWords = Set(policy.annotations.map { Self.words($0.words) } + policy.dataItems.map { Self.words($0.label) }
            + policy.recipients.map { Self.words($0.label) })
        func isAnnotatedElsewhere(_ phrase: PracticeStatement.Phrase) -> Bool {
            annotatedWords.contains(phrase.text) || annotatedWords.contains { $0.hasSuffix(" " + phrase.text) }
        }
        var diagnostics: [Diagnostic] = []
        var reported: Set<SourceRange> = []
        func report(_ range: SourceRange, _ message: String, fixIt: FixIt? = nil) {
            if reported.insert(range).inserted { diagnostics.append(Diagnostic(id, message, at: range, fixIt: fixIt)) }
        }
        let reader = StatementReader()
        for located in document.statements {
            let statement = located.statement, unit = document.units[located.unit]
            guard statement.polarity == .affirmative, statement.actor == .firstParty, statement.processesData,
                  unit.section?.kind != .definitions, unit.topSection?.kind != .definitions else { continue }
            let sentence = document.sentence(of: located)
            guard reader.isSaidOfFirstParty(statement, in: sentence) else { continue }
            let verb = PracticeStatement.participle(of: statement.actions[0])
            for phrase in statement.data where reader.headCategory(of: phrase) != nil && !phrase.isGeneralData && !isAnnotatedElsewhere(phrase) {
                let range = document.range(of: phrase, in: located), words = Self.written(phrase, in: sentence)
                if !isMarked(range, by: .item), !Self.isName(words) { report(range, unannotatedItem(words, verb)) }
            }
            // "Third parties" names no one in particular, as "personal information" names no item.
            for phrase in statement.recipients where phrase.category != "third-party" && reader.namesKnownRecipient(phrase) && !isAnnotatedElsewhere(phrase) {
                let range = document.range(of: phrase, in: located)
                if !isMarked(range, by: .recipient) { report(range, unannotatedRecipient(Self.written(phrase, in: sentence), verb)) }
            }
            for region in reader.regionMentions(in: sentence) {
                let range = unit.text.range(of: region.range)
                if !isMarked(range, by: .region) { report(range, unannotatedRegion(String(unit.text.text[region.range]))) }
            }
        }
        for unit in document.units {
            for channel in ContactText.channels(in: unit.text.text) {
                let range = unit.text.range(of: channel.range)
                guard !isMarked(range, by: .phone), !isMarked(range, by: .email) else { continue }
                let value = String(unit.text.text[channel.range])
                let link = channel.kind == .email ? "[\(value)](mailto:\(value))" : "[\(value)](tel:\(value.filter { $0 != " " }))"
                report(range, unlinkedContact(value, link), fixIt: FixIt(range: range, replacement: link))
            }
        }
        return diagnostics
    }

    /// Words as statements compare them: lowercase, one space between.
    static func words(_ text: String) -> String {
        StatementReader.tokens(of: text).map(\.text).joined(separator: " ")
    }

    /// Two words or more, each capitalised: the name of a product ("Store Sense Camera"), not
    /// information about a person.
    static func isName(_ words: String) -> Bool {
        let parts = words.split(separator: " ")
        return parts.count >= 2 && parts.allSatisfy { $0.first?.isUppercase == true }
    }

    /// The phrase as the sentence writes it.
    static func written(_ phrase: PracticeStatement.Phrase, in sentence: Substring) -> String {
        phrase.range(in: sentence).map { String(sentence.base[$0]) } ?? phrase.text
    }

    // MARK: Messages
    private func unannotatedItem(_ words: String, _ verb: String) -> String {
        "'\(words)' is \(verb) here but not annotated; " + markIt(words, as: "item")
    }

    private func unannotatedRecipient(_ words: String, _ verb: String) -> String {
        "'\(words)' receives what is \(verb) here but is not annotated; " + markIt(words, as: "recipient")
    }

    private func unannotatedRegion(_ words: String) -> String {
        "'\(words)' is named where personal information is kept or sent but not annotated; " + markIt(words, as: "region")
    }

    private func markIt(_ words: String, as scheme: String) -> String {
        "mark it as [\(words)](\(scheme):…) with an id from vocabulary.yaml"
    }

    private func unlinkedContact(_ value: String, _ link: String) -> String {
        "'\(value)' is a contact channel but not a link; write it as \(link)"
    }
}
