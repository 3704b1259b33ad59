import PolicyMarkup
import PolicyModel

/// A statement with its place in a source: what `policyc dump --statements` prints and lint
/// rules point at.
public struct LocatedStatement: Sendable {
    public var statement: PracticeStatement
    /// The sentence the statement was read from, as written.
    public var sentence: String
    public var range: SourceRange
    public var sectionID: String?
    public var sectionKind: SectionKind?
}

/// The statements of whole policies.
public enum PolicyStatements {
    /// A reader that knows `vocabulary`'s item and recipient labels.
    public static func reader(for vocabulary: Vocabulary?) -> StatementReader {
        guard let vocabulary else { return StatementReader() }
        return StatementReader(
            itemLabels: vocabulary.items.sorted { $0.key < $1.key }.map { ($0.value.label, $0.key) },
            recipientLabels: vocabulary.recipients.sorted { $0.key < $1.key }.map { ($0.value.label, $0.key) })
    }

    /// Every statement of `policy`, sentence by sentence, in document order.
    public static func read(_ policy: Policy, reader: StatementReader = StatementReader()) -> [LocatedStatement] {
        var located: [LocatedStatement] = []
        policy.forEachSentence { sentence in
            guard !sentence.isHeading else { return }
            for statement in reader.statements(in: String(sentence.text)) {
                located.append(LocatedStatement(
                    statement: statement, sentence: String(sentence.text), range: sentence.range,
                    sectionID: sentence.section?.id, sectionKind: sentence.section?.kind))
            }
        }
        return located
    }
}
