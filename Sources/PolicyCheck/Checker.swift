import PolicyMarkup
import PolicyModel

/// Compares what the code collects with what the named policies declare.
///
/// Findings, each pointing at the code and at the policy's words:
/// - a field whose data item no policy declares (error);
/// - a field used for a purpose the policies do not give its item (error);
/// - a sensitive item (PIPL Art. 28) where the policy states no separate consent (warning);
/// - an item the policies declare that nothing collects (note: the policy may promise too much).
public struct Checker {
    public let policies: [Policy]
    public let vocabulary: Vocabulary?

    public init(policies: [Policy], vocabulary: Vocabulary?) {
        self.policies = policies
        self.vocabulary = vocabulary
    }

    /// A declaration of an item in one policy.
    struct Declaration {
        let policy: Policy
        let item: DataItem
    }

    public func check(_ collected: [CollectedField]) -> [Diagnostic] {
        var declared: [String: [Declaration]] = [:]
        for policy in policies {
            for item in policy.dataItems { declared[item.id, default: []].append(Declaration(policy: policy, item: item)) }
        }
        let names = policies.map { $0.metadata.id }.joined(separator: ", ")
        var diagnostics: [Diagnostic] = []
        var reportedUnmapped: Set<String> = []
        for field in collected {
            guard let itemID = field.item else {
                if reportedUnmapped.insert(field.name).inserted {
                    diagnostics.append(Diagnostic(
                        .unmappedPermission, "'\(field.name)' is not mapped to a data item, so policyc cannot tell what it collects",
                        at: field.range,
                        notes: ["if it reaches personal data, add it to an item in vocabulary.yaml: android-permissions: [\(field.name)]"]))
                }
                continue
            }
            guard let declarations = declared[itemID] else {
                diagnostics.append(undeclared(field, itemID: itemID, policies: names))
                continue
            }
            if let purpose = field.purpose, !declarations.contains(where: { $0.item.purposes.contains(purpose) }) {
                let given = Set(declarations.flatMap(\.item.purposes)).sorted()
                diagnostics.append(Diagnostic(
                    .undeclaredPurpose, "'\(field.name)' (\(itemID)) is used for '\(purpose)', a purpose the policy does not give it",
                    at: field.range,
                    notes: ["the policy collects \(itemID) for: \(given.isEmpty ? "no stated purpose" : given.joined(separator: ", "))"]
                        + declarations.compactMap { $0.item.mentions.first.map { "declared at \(place($0.range))" } }
                        + ["add it to the purpose '\(purpose)' in the policy, or stop using it for that"]))
            }
            if isSensitive(itemID, declarations), !declarations.contains(where: { statesSeparateConsent($0) }) {
                diagnostics.append(Diagnostic(
                    .sensitiveWithoutSeparateConsent,
                    "'\(field.name)' collects \(itemID), sensitive personal information, but the policy states no separate consent for it",
                    at: field.range,
                    notes: ["PIPL Art. 29: processing sensitive personal information needs the individual's separate consent"]
                        + declarations.compactMap { $0.item.mentions.first.map { "declared at \(place($0.range))" } }))
            }
        }
        let collectedItems = Set(collected.compactMap(\.item))
        for (itemID, declarations) in declared.sorted(by: { $0.key < $1.key }) where !collectedItems.contains(itemID) {
            guard let mention = declarations.first?.item.mentions.first else { continue }
            diagnostics.append(Diagnostic(
                .declaredNeverCollected, "the policy declares \(itemID) ('\(mention.text)') but no inventory, manifest or scan collects it",
                at: mention.range, notes: ["if the product no longer collects it, the policy can say less"]))
        }
        return diagnostics
    }

    private func undeclared(_ field: CollectedField, itemID: String, policies names: String) -> Diagnostic {
        var notes: [DiagnosticNote] = ["no purpose in \(names) names \(itemID)"]
        if let label = vocabulary?.items[itemID]?.label {
            notes.append("annotate it where the policy says what it collects: [\(label)](item:\(itemID))")
        } else {
            notes.append("declare \(itemID) under 'items:' in vocabulary.yaml, then annotate it where the policy says what it collects")
        }
        // Where the declaration belongs: the purpose the code names, else where purposes start.
        if let purposeID = field.purpose, let purpose = policies.lazy.flatMap(\.purposes).first(where: { $0.id == purposeID }) {
            notes.append("the purpose '\(purpose.title)' is at \(place(purpose.headingRange)); declare \(itemID) there")
        } else if let first = policies.first?.purposes.first {
            notes.append("purposes are listed from \(place(first.headingRange))")
        }
        return Diagnostic(
            .undeclaredCollection, "'\(field.name)' collects \(itemID), which the policy does not declare", at: field.range, notes: notes,
            fixIt: nil)
    }

    private func isSensitive(_ itemID: String, _ declarations: [Declaration]) -> Bool {
        declarations.contains { $0.item.sensitive } || vocabulary?.items[itemID]?.sensitive == true
    }

    /// Whether the policy says, in a section where the item is collected, that it asks for
    /// separate consent.
    private func statesSeparateConsent(_ declaration: Declaration) -> Bool {
        let sections = declaration.policy.allSections.filter { section in
            declaration.item.mentions.contains { $0.sectionID == section.id }
        }
        return sections.contains { section in
            section.blocks.contains { block in
                guard case .paragraph(let content) = block.kind else { return false }
                let folded = FoldedText(content.plainText)
                // PIPL's separate consent is its own act of consent for this processing, which
                // "explicit consent" alone does not say.
                return folded.contains("separate consent") || folded.contains("consent separately") || folded.contains("separately ask")
            }
        }
    }

    private func place(_ range: SourceRange) -> String { "\(range.file):\(range.start.line):\(range.start.column)" }
}
