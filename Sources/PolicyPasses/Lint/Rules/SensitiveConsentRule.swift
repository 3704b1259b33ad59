import PolicyMarkup
import PolicyModel

/// PIPL Art. 29: sensitive personal information (Art. 28: biometrics, specific identity,
/// medical health, financial accounts, whereabouts, information of minors under 14) may be
/// processed only with the individual's *separate* consent, and the policy must say so.
struct SensitiveConsentRule: LintRule {
    let id = DiagnosticID.sensitiveWithoutConsentStatement
    let explanation = """
        Profile pipl only. For every data item the vocabulary marks sensitive (or, in \
        unannotated text, a category the collection section names that PIPL Art. 28 counts as \
        sensitive: precise location, biometrics, face, fingerprint, health, bank or payment \
        account, ID number), looks for a statement of separate consent ("separate consent", \
        "consent separately", "explicit consent") in the purpose that collects it or in a \
        sentence about sensitive information. Reports the item where it is collected if none.
        """

    static let consentCues = ["separate consent", "consent separately", "separately consent", "explicit consent", "express consent",
                              "单独同意"]

    func check(_ document: LintDocument, context: LintContext) -> [Diagnostic] {
        guard context.profile == .pipl else { return [] }
        let policy = document.policy
        let generalStatement = document.units.contains { unit in
            let text = FoldedText(unit.text.text)
            return text.contains("sensitive") && Self.consentCues.contains { text.contains($0) }
        }
        guard !generalStatement else { return [] }
        var diagnostics: [Diagnostic] = []
        if !policy.dataItems.isEmpty {
            for item in policy.dataItems where item.sensitive && !item.purposes.isEmpty {
                let purposeStatesConsent = item.purposes.contains { purposeID in
                    document.units.contains { unit in
                        unit.section?.id == purposeID && Self.consentCues.contains { FoldedText(unit.text.text).contains($0) }
                    }
                }
                guard !purposeStatesConsent, let mention = item.mentions.first(where: { $0.sectionID.map(item.purposes.contains) ?? false }) else { continue }
                diagnostics.append(Diagnostic(id, message(mention.text), at: mention.range))
            }
            return diagnostics
        }
        // Unannotated: sensitive categories named in a collection section's sentences.
        for unit in document.units where unit.topSection?.kind == .collection {
            let text = unit.text.text
            guard let found = SensitiveCategories.firstMention(in: text),
                  let sentence = SentenceSplitter.sentences(text).first(where: { $0.overlaps(found) }) else { continue }
            let words = FoldedText(String(text[sentence]))
            // "We do not collect health information" discloses nothing collected.
            if Self.negations.contains(where: { words.contains($0) }) || Self.consentCues.contains(where: { words.contains($0) }) { continue }
            diagnostics.append(Diagnostic(id, message(String(text[found])), at: unit.text.range(of: found)))
        }
        return diagnostics
    }

    static let negations = ["do not collect", "does not collect", "never collect", "will not collect", "don't collect", "not collect",
                            "do not process", "does not process", "never process"]

    // MARK: Messages
    private func message(_ text: String) -> String {
        "'\(text)' is sensitive personal information (PIPL Art. 28), but the policy states no separate consent for it (Art. 29)"
    }
}
