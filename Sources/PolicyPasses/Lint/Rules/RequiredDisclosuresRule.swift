import Foundation
import PolicyMarkup
import PolicyModel

/// What the law says a privacy notice must tell the individual. Profile pipl: PIPL Art. 17
/// (controller identity and contact, purposes, methods, categories, retention period, how to
/// exercise rights). Profile gdpr: GDPR Art. 13 (identity and contact, DPO, purposes and legal
/// basis, recipients, transfers, retention, rights, withdrawal of consent, complaint to a
/// supervisory authority, automated decision-making).
///
/// Applies to documents that present themselves as a privacy policy, statement or notice:
/// terms of service, cookie lists and the like are not notices and owe none of this.
struct RequiredDisclosuresRule: LintRule {
    let id = DiagnosticID.missingDisclosure
    let explanation = """
        Runs on documents titled as a privacy policy, statement, notice or rules for the \
        protection of data. pipl (PIPL Art. 17): the controller's name and contact, purposes, \
        methods, categories of information, a concrete retention period ("the minimum period \
        necessary" alone is not one), and how to exercise rights. gdpr (GDPR Art. 13): the same \
        plus the data protection officer, legal bases, recipients, transfers outside the EEA, \
        withdrawal of consent, the right to complain to a supervisory authority and automated \
        decision-making. Each missing disclosure is reported at the title.
        """

    struct Requirement: Sendable {
        var what: String
        var article: String
        var isMet: @Sendable (LintDocument, FoldedText) -> Bool
    }

    func check(_ document: LintDocument, context: LintContext) -> [Diagnostic] {
        guard Self.isNotice(document.policy.metadata.title) else { return [] }
        let text = FoldedText(document.fullText)
        let requirements = context.profile == .pipl ? Self.pipl : Self.pipl.filter { $0.what != Self.concreteRetention.what } + Self.gdpr
        let at = document.policy.titleBlock?.range ?? .point(document.policy.source.path, line: 1, column: 1)
        let missing = requirements.filter { !$0.isMet(document, text) }
        guard !missing.isEmpty else { return [] }
        // A notice that sends its reader to the main privacy statement ("please see the GitHub
        // Privacy Statement") may make its disclosures there: one note to check, not warnings.
        if let main = Self.referencedNotice(document) {
            return [Diagnostic(id, supplement(main, missing), at: at, severity: .note)]
        }
        return missing.map { Diagnostic(id, message($0), at: at) }
    }

    /// "… Privacy Statement", "… Privacy Policy", "… Privacy Notice …", "Rules for Protection of …".
    static func isNotice(_ title: String) -> Bool {
        let folded = FoldedText(title)
        return (folded.contains("privacy") && ["statement", "policy", "notice"].contains { folded.contains($0) })
            || folded.contains("rules for protection") || folded.contains("rules for the protection")
    }

    /// The title of another privacy notice the document links to, if any.
    static func referencedNotice(_ document: LintDocument) -> String? {
        let own = document.policy.metadata.title.lowercased()
        for unit in document.units {
            // Only a link to a page counts (a web address or a path on the site); `[Privacy
            // Policy](term:…)` is the policy's own defined name, not another notice.
            for link in Annotation.links(in: unit.inlines) where Self.isPageLink(link) {
                let lowered = link.words.lowercased()
                if (lowered.contains("privacy statement") || lowered.contains("privacy policy")) && lowered != own { return link.words }
            }
        }
        return nil
    }

    /// A web address or a path on the site; not a `#fragment` of the same page.
    static func isPageLink(_ link: Annotation) -> Bool {
        link.scheme == .web || link.scheme == .relative && !link.destination.hasPrefix("#")
    }

    private static func any(_ cues: [String]) -> @Sendable (LintDocument, FoldedText) -> Bool {
        { _, text in cues.contains { text.contains($0) } }
    }

    private static func hasSection(_ kind: SectionKind) -> @Sendable (LintDocument) -> Bool {
        { document in document.policy.allSections.contains { $0.kind == kind } }
    }

    static let concreteRetention = Requirement(what: "a concrete retention period", article: "PIPL Art. 17(1)(3)") { document, _ in
        document.policy.storage.retention.contains { $0.period != nil }
            || document.units.contains { unit in statesPeriod(unit.text.text) }
    }

    /// "We retain … for one year", "kept for 30 days", "deleted after 6 months": a keeping
    /// verb, then within the sentence a number and a unit of time.
    static func statesPeriod(_ text: String) -> Bool {
        text.range(of: #"(?i)\b(retain|retained|keep|kept|store|stored|delete|deleted|preserve|preserved)\b[^.;]{0,120}?\b(\d+|one|two|three|four|five|six|seven|ten|twelve|eighteen|twenty|thirty|ninety)\s+(day|week|month|year)s?\b"#,
                   options: .regularExpression) != nil
    }

    static let pipl: [Requirement] = [
        Requirement(what: "the controller's name", article: "PIPL Art. 17(1)(1)") { document, text in
            document.policy.metadata.controller != nil || ["co., ltd.", "inc.", "llc", "gmbh", "limited", "b.v."].contains { text.contains($0) }
        },
        Requirement(what: "the controller's contact details", article: "PIPL Art. 17(1)(1)") { document, text in
            !document.policy.contacts.isEmpty || text.contains("@") || text.contains("contact us")
        },
        Requirement(what: "the purposes of processing", article: "PIPL Art. 17(1)(2)") { document, text in
            !document.policy.purposes.isEmpty || hasSection(.collection)(document) || text.contains("purpose")
        },
        Requirement(what: "the methods of processing (how information is collected and used)", article: "PIPL Art. 17(1)(2)",
                    isMet: any(["collect", "process"])),
        Requirement(what: "the categories of personal information", article: "PIPL Art. 17(1)(2)") { document, text in
            !document.policy.dataItems.isEmpty || ["we collect", "information we", "we may collect", "categories of"].contains { text.contains($0) }
        },
        concreteRetention,
        Requirement(what: "how to exercise rights (access, correction, deletion …)", article: "PIPL Art. 17(1)(4)") { document, text in
            !document.policy.rights.isEmpty || hasSection(.rights)(document)
                || (["access", "delete", "deletion", "erasure"].contains { text.contains($0) } && text.contains("right"))
        },
    ]

    static let gdpr: [Requirement] = [
        Requirement(what: "the contact details of the data protection officer", article: "GDPR Art. 13(1)(b)",
                    isMet: any(["data protection officer", "dpo"])),
        Requirement(what: "the legal basis of each processing", article: "GDPR Art. 13(1)(c)",
                    isMet: any(["legal basis", "lawful basis", "legal bases", "lawful bases", "legitimate interest"])),
        Requirement(what: "the recipients or categories of recipients", article: "GDPR Art. 13(1)(e)") { document, text in
            !document.policy.recipients.isEmpty || hasSection(.sharing)(document) || ["share", "disclose", "recipient"].contains { text.contains($0) }
        },
        Requirement(what: "transfers to third countries and their safeguards", article: "GDPR Art. 13(1)(f)",
                    isMet: any(["standard contractual clauses", "adequacy", "transfer", "cross-border"])),
        Requirement(what: "how long data is kept, or how that period is decided", article: "GDPR Art. 13(2)(a)",
                    isMet: any(["retain", "retention", "keep", "stored for", "store"])),
        Requirement(what: "the rights of access, rectification, erasure, restriction, objection and portability", article: "GDPR Art. 13(2)(b)") { _, text in
            text.contains("access") && (text.contains("rectif") || text.contains("correct")) && (text.contains("erasure") || text.contains("delet"))
                && text.contains("restrict") && text.contains("object") && text.contains("portab")
        },
        Requirement(what: "the right to withdraw consent at any time", article: "GDPR Art. 13(2)(c)",
                    isMet: any(["withdraw", "revoke your consent", "withdrawal"])),
        Requirement(what: "the right to lodge a complaint with a supervisory authority", article: "GDPR Art. 13(2)(d)",
                    isMet: any(["supervisory authority", "data protection authority", "lodge a complaint"])),
        Requirement(what: "whether there is automated decision-making, including profiling", article: "GDPR Art. 13(2)(f)",
                    isMet: any(["automated decision", "automated individual decision", "profiling"])),
    ]

    // MARK: Messages
    private func supplement(_ main: String, _ missing: [Requirement]) -> String {
        "this notice refers to '\(main)'; check that it makes the disclosures missing here: " + missing.map(\.what).joined(separator: "; ")
    }
    private func message(_ requirement: Requirement) -> String {
        "the policy does not state \(requirement.what), which \(requirement.article) requires"
    }
}
