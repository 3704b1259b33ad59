import PolicyMarkup
import Yams

/// The project's catalogue of ids that annotations may name (`policies/vocabulary.yaml`).
public struct Vocabulary: Hashable, Sendable {
    public struct Item: Hashable, Sendable {
        public var label: String
        public var category: String?
        public var sensitive: Bool
        public var androidPermissions: [String]
    }

    public struct Recipient: Hashable, Sendable {
        public var label: String
        public var kind: String?
    }

    public struct ContactChannel: Hashable, Sendable {
        public var kind: Contact.Kind
        public var value: String
        public var label: String?
    }

    public var items: [String: Item] = [:]
    public var recipients: [String: Recipient] = [:]
    public var regions: [String: String] = [:]
    public var terms: [String: String] = [:]
    public var contacts: [String: ContactChannel] = [:]

    public init() {}

    /// The contact id whose value matches a phone number or e-mail address.
    func contactID(kind: Contact.Kind, value: String) -> String? {
        let key = ContactNormalizer.key(kind: kind, value: value)
        return contacts.first { $0.value.kind == kind && ContactNormalizer.key(kind: kind, value: $0.value.value) == key }?.key
    }

    /// Reads `vocabulary.yaml`. Every problem is reported with its place in the file.
    public static func load(yaml text: String, file: String) -> (Vocabulary, [Diagnostic]) {
        var vocabulary = Vocabulary()
        var diagnostics: [Diagnostic] = []
        let yaml = YAMLSource(file: file, text: text, firstLine: 1)
        let root: Node
        switch yaml.compose(as: .malformedVocabulary) {
        case .failure(let diagnostic): return (vocabulary, [diagnostic])
        case .success(nil): return (vocabulary, [])
        case .success(let node?): root = node
        }
        guard let sections = root.orderedPairs else {
            return (vocabulary, [Diagnostic(.malformedVocabulary, "the vocabulary must be a mapping of sections (items, recipients, regions, terms, contacts)", at: yaml.range(of: root))])
        }
        func fields(_ node: Node, entry: String) -> [String: Node] {
            guard let pairs = node.orderedPairs else {
                diagnostics.append(Diagnostic(.malformedVocabulary, "'\(entry)' must be a mapping of fields (label: …)", at: yaml.range(of: node)))
                return [:]
            }
            return Dictionary(pairs.compactMap { pair in pair.key.scalarString.map { ($0, pair.value) } }, uniquingKeysWith: { first, _ in first })
        }
        for (sectionKey, sectionNode) in sections {
            let section = sectionKey.scalarString ?? ""
            guard let entries = sectionNode.orderedPairs else {
                diagnostics.append(Diagnostic(.malformedVocabulary, "'\(section)' must be a mapping of ids", at: yaml.range(of: sectionNode)))
                continue
            }
            for (idNode, valueNode) in entries {
                guard let id = idNode.scalarString else { continue }
                let values = fields(valueNode, entry: id)
                let label = values["label"]?.scalarString ?? id
                switch section {
                case "items":
                    let permissions = values["android-permissions"].flatMap { node -> [String]? in
                        if case .sequence(let sequence) = node { return sequence.compactMap(\.scalarString) }
                        return nil
                    } ?? []
                    vocabulary.items[id] = Item(
                        label: label, category: values["category"]?.scalarString,
                        sensitive: values["sensitive"]?.scalarString == "true", androidPermissions: permissions)
                case "recipients":
                    vocabulary.recipients[id] = Recipient(label: label, kind: values["kind"]?.scalarString)
                case "regions":
                    vocabulary.regions[id] = label
                case "terms":
                    vocabulary.terms[id] = label
                case "contacts":
                    guard let kindText = values["kind"]?.scalarString, let kind = Contact.Kind(rawValue: kindText),
                          let value = values["value"]?.scalarString else {
                        diagnostics.append(Diagnostic(.malformedVocabulary, "contact '\(id)' needs 'kind' (phone, email or url) and 'value'", at: yaml.range(of: idNode)))
                        continue
                    }
                    vocabulary.contacts[id] = ContactChannel(kind: kind, value: value, label: values["label"]?.scalarString)
                default:
                    diagnostics.append(Diagnostic(
                        .malformedVocabulary, "'\(section)' is not a vocabulary section; use items, recipients, regions, terms or contacts",
                        at: yaml.range(of: sectionKey)))
                }
            }
        }
        return (vocabulary, diagnostics)
    }
}

/// Reduces contact values to a comparable key: digits of a phone number, lowercased e-mail.
enum ContactNormalizer {
    static func key(kind: Contact.Kind, value: String) -> String {
        switch kind {
        case .phone: String(value.filter(\.isNumber))
        case .email: value.lowercased()
        case .url: value
        }
    }
}
