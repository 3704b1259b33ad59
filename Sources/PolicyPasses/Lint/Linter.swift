import PolicyMarkup
import PolicyModel

/// The law whose required disclosures and special rules a lint applies.
public enum LintProfile: String, Sendable, CaseIterable {
    case pipl, gdpr
}

/// What every rule may use besides the policy.
public struct LintContext: Sendable {
    public var profile: LintProfile
    /// `nil` when no dictionary is installed; the spelling rule then reports that it did not run.
    public var spelling: SpellChecker?

    public init(profile: LintProfile, spelling: SpellChecker?) {
        self.profile = profile
        self.spelling = spelling
    }
}

/// One thing a careful privacy lawyer checks. Each rule lives in its own file under `Rules/`,
/// with its messages at the bottom of that file.
public protocol LintRule: Sendable {
    /// The diagnostic the rule reports; its code is the rule's id (`policyc explain PC6001`).
    var id: DiagnosticID { get }
    /// What the rule looks for and why it matters, for `policyc explain` and docs/lint-rules.md.
    var explanation: String { get }
    func check(_ document: LintDocument, context: LintContext) -> [Diagnostic]
    /// What `document` says against `other`, another policy of the same project: findings in
    /// `document`, pointing into `other` with notes. Most rules read one policy and find nothing here.
    func check(_ document: LintDocument, against other: LintDocument, context: LintContext) -> [Diagnostic]
}

extension LintRule {
    public func check(_ document: LintDocument, against other: LintDocument, context: LintContext) -> [Diagnostic] { [] }
}

/// Runs every rule over a compiled policy.
public struct Linter: Sendable {
    public static let rules: [any LintRule] = [
        SpellingRule(), RepeatedTextRule(), ControllerNameRule(), QuotationMarksRule(), TableOfContentsRule(),
        SwitchesRule(), DefinedTermsRule(), SensitiveConsentRule(), RequiredDisclosuresRule(), UnannotatedFactsRule(),
        ContradictionRule(),
    ]

    public var context: LintContext

    public init(context: LintContext) {
        self.context = context
    }

    public func lint(_ policy: Policy) -> [Diagnostic] {
        lint(project: [policy])
    }

    /// Lints each policy of one project, then each against every other.
    public func lint(project policies: [Policy]) -> [Diagnostic] {
        let documents = policies.map(LintDocument.init)
        var found = documents.flatMap { document in Self.rules.flatMap { $0.check(document, context: context) } }
        for (index, document) in documents.enumerated() {
            for (otherIndex, other) in documents.enumerated() where otherIndex != index {
                found += Self.rules.flatMap { $0.check(document, against: other, context: context) }
            }
        }
        return found.sortedByLocation()
    }

    /// The explanation of the rule that reports `id`, if a lint rule does.
    public static func explanation(of id: DiagnosticID) -> String? {
        // Two rules report two codes each (PC6006/PC6007, PC6008/PC6009); they explain both.
        let partner: [DiagnosticID: DiagnosticID] = [.itemWithoutSwitch: .switchWithoutItem, .undefinedCapitalisedTerm: .unusedDefinedTerm]
        let ruleID = partner[id] ?? id
        return rules.first { $0.id == ruleID }?.explanation
    }
}
