import ArgumentParser
import Foundation
import PolicyPasses

extension LintProfile: ExpressibleByArgument {}

/// `policyc lint [PATH…]`: what a careful privacy lawyer would catch.
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check policies for what careful legal review catches: spelling, repetitions, names, quotes, contents, switches, terms, consent, required disclosures, unannotated facts, contradictions.",
        discussion: """
            Rules (policyc explain CODE tells more): PC6001 spelling (hunspell en_US and en_GB plus the \
            project's words.txt and --words), PC6002 repeated text, PC6003 controller named \
            differently, PC6004 quotation marks, PC6005 table of contents, PC6006/PC6007 switches \
            against collected items, PC6008/PC6009 defined terms, PC6010 sensitive information \
            without separate consent (pipl), PC6011 required disclosures (pipl: PIPL Art. 17; \
            gdpr: GDPR Art. 13), PC6012 facts an annotated policy states without an annotation, \
            PC6013 statements that break a promise of the policy (or, as a note, of another policy \
            of the project).
            Exit status: 0; 1 when a source does not compile, or with --strict when there is any \
            warning; 66 when an input cannot be read.
            """)

    @Argument(help: "Policy sources: a policies project, a folder of Markdown files, or files.")
    var paths: [String] = ["policies"]

    @Option(help: "The law whose disclosures and consent rules apply: pipl or gdpr.")
    var profile: LintProfile = .pipl

    @Option(name: .customLong("words"), help: "A word list (one word per line) the spelling rule accepts; repeat for several.")
    var wordLists: [String] = []

    @Flag(help: "Fail (exit 1) on warnings too.")
    var strict = false

    @Option(help: "text, json, github, or sarif.")
    var format: DiagnosticFormat = .text

    func run() throws {
        let report = Lint(paths: paths, profile: profile, wordLists: wordLists, strict: strict).run()
        FileHandle.standardOutput.write(Data(DiagnosticPrinter.render(report.diagnostics, format: format).utf8))
        if report.exitCode != ExitStatus.success { throw ExitCode(report.exitCode) }
    }
}
