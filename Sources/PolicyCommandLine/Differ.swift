import PolicyDiff
import PolicyEmit
import PolicyMarkup
import PolicyModel

/// Compiles two versions of a policy and compares them: the library half of `policyc diff`.
public struct Differ {
    public enum Format: String, CaseIterable, Sendable { case text, json }

    public struct Outcome: Sendable {
        public var report: PolicyDiffReport?
        public var diagnostics: [Diagnostic]
        public var hadUnreadableInput: Bool
    }

    public init() {}

    /// Each path is compiled on its own, with its project's vocabulary when it lives in one.
    public func compare(_ oldPath: String, _ newPath: String, profile: LawProfile) -> Outcome {
        var compiler = Compiler()
        let old = compiler.compile([oldPath])
        let new = compiler.compile([newPath])
        var diagnostics = old.diagnostics + new.diagnostics
        let unreadable = old.hadUnreadableInput || new.hadUnreadableInput
        for (path, result) in [(oldPath, old), (newPath, new)] where result.policies.count != 1 && !result.hasErrors {
            diagnostics.append(Diagnostic(
                .unreadableFile, "expected one policy source, found \(result.policies.count); name a single .md file",
                at: .point(path, line: 1, column: 1)))
        }
        guard !diagnostics.contains(where: { $0.severity == .error }), let before = old.policies.first, let after = new.policies.first else {
            return Outcome(report: nil, diagnostics: diagnostics, hadUnreadableInput: unreadable)
        }
        let report = PolicyDiff.compare(before.policy, after.policy, profile: profile, labels: compiler.vocabularyItemLabels)
        return Outcome(report: report, diagnostics: diagnostics, hadUnreadableInput: unreadable)
    }

    public static func render(_ report: PolicyDiffReport, format: Format) -> [UInt8] {
        switch format {
        case .text: Array(DiffReportRenderer.text(report).utf8)
        case .json: DiffReportRenderer.json(report).serialized()
        }
    }
}
