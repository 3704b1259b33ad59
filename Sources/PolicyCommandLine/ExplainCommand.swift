import Foundation
import ArgumentParser
import PolicyMarkup
import PolicyPasses

/// `policyc explain [CODE]`: what a diagnostic code means; without a code, the whole table
/// (the one `docs/diagnostics.md` shows).
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain", abstract: "Explain a diagnostic code (PC2002), or list them all.")

    @Argument(help: "A code such as PC2002, or its name such as unknownVocabularyID.")
    var code: String?

    func validate() throws {
        if let code, Self.find(code) == nil {
            throw ValidationError("'\(code)' is not a policyc diagnostic code; run 'policyc explain' for the list")
        }
    }

    func run() throws {
        guard let code, let id = Self.find(code) else {
            print(DiagnosticID.markdownTable, terminator: "")
            return
        }
        print("\(id.code) (\(id.rawValue), \(id.defaultSeverity.rawValue)): \(id.summary)")
        // Lint rules say what they look for and why, in more words than the one-line summary.
        if let explanation = Linter.explanation(of: id) { print("\n" + explanation) }
    }

    static func find(_ code: String) -> DiagnosticID? {
        DiagnosticID.allCases.first { $0.code.caseInsensitiveCompare(code) == .orderedSame || $0.rawValue == code }
    }
}
