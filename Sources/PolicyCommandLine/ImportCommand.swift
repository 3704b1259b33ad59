import ArgumentParser
import Foundation

/// `policyc import FILE… -o DIR`: turn legacy policies into annotated sources.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Turn legacy policies (plain text, HTML) into annotated Markdown sources.",
        discussion: """
            Writes DIR/<id>/policy.md for every policy found, DIR/vocabulary.yaml with the ids the \
            sources link to (new ones marked "proposed"), and DIR/import-report.md: the annotations \
            proposed, the decisions left to a person, and any text that belongs to no policy. \
            Every word of the legacy text is kept, in order. Existing files are never overwritten.
            Exit status: 0; 1 when nothing could be imported or a file exists; 66 when an input \
            cannot be read.
            """)

    @Argument(help: "Legacy policies: .txt in the seed's layout, or .html/.htm pages.")
    var files: [String]

    @Option(name: .shortAndLong, help: "The folder to write the imported project to.")
    var output = "imported"

    @Option(help: "A vocabulary.yaml whose ids the proposed annotations should reuse.")
    var vocabulary: String?

    func run() throws {
        let report = Import(paths: files, outputFolder: output, vocabularyPath: vocabulary).run()
        if !report.diagnostics.isEmpty { printError(DiagnosticPrinter.render(report.diagnostics, format: .text)) }
        guard report.exitCode == ExitStatus.success else { throw ExitCode(report.exitCode) }
        let policies = report.result.policies
        var summary = "imported \(policies.count) \(policies.count == 1 ? "policy" : "policies") into \(output)/\n"
        for policy in policies {
            summary += "  \(policy.id)/policy.md  (\(policy.decisions.count) decisions for a person)\n"
        }
        for part in report.result.leftOut {
            summary += "left out \(part.path) lines \(part.lines.lowerBound)–\(part.lines.upperBound): \(part.reason)\n"
        }
        summary += "see \(output)/import-report.md\n"
        FileHandle.standardOutput.write(Data(summary.utf8))
    }
}
