import ArgumentParser
import Foundation
import PolicyDiff
import PolicyEmit

/// `policyc diff OLD NEW`: what changed between two versions, each change major or minor.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two versions of a policy and classify every change as major, review or minor.",
        discussion: """
            A change is major when the old version's update clause counts it as one ("major changes \
            include …"), or when the law profile does (pipl: PIPL Art. 14, 17, 23, 39, 44–50; gdpr: \
            GDPR Art. 13, 23). Every sentence is also read for what it promises: "we will not \
            share" becoming "we will share" is a promise withdrawn, a new recipient or data item in \
            a sentence nobody annotated is new. Substantive wording policyc cannot explain is \
            review, never minor: a person decides, and policyc release records the decision. \
            Spelling, punctuation, letter case, white space and a duplicated sentence removed are \
            never major; re-wrapped lines and mark-up are no change at all.
            Exit status: 0, or 1 when --fail-on is given and the verdict reaches it; 64 on bad \
            usage; 66 when a file cannot be read.
            """)

    @Argument(help: "The earlier version: a Markdown policy source, or a folder of them.")
    var old: String

    @Argument(help: "The later version: a source, or a folder whose files pair with OLD's by relative path.")
    var new: String

    @Option(help: "text, json, or html (a redline page of two files, laid out by the templates).")
    var format: Differ.Format = .text

    @Option(help: "The folder of page templates, for --format html.")
    var templates = "templates"

    @Option(name: .customLong("fail-on"), help: "Exit 1 when the verdict is at least this: major, review or minor.")
    var failOn: Change.Severity?

    @Option(help: "The law the changes are also judged by: pipl or gdpr.")
    var profile: LawProfile = .pipl

    @Option(help: ArgumentHelp(
        "The vocabulary.yaml both versions are compiled with (default: each file's project's, the nearest upward).",
        valueName: "file"))
    var vocabulary: String?

    func run() throws {
        var site: HTMLSite?
        if format == .html {
            switch HTMLSite.load(templates: templates) {
            case .success(let loaded): site = loaded
            case .failure(let diagnostic):
                printError(DiagnosticPrinter.render([diagnostic], format: .text))
                throw ExitCode(diagnostic.id == .unreadableFile ? ExitStatus.unreadableInput : ExitStatus.checkFailed)
            }
        }
        let outcome = Differ().compare(old, new, profile: profile, vocabulary: vocabulary)
        if format == .html, outcome.comparedFolders {
            throw ValidationError("--format html shows one pair of files; name two files, or use text or json for folders")
        }
        // Warnings about the sources are the build's business; a diff shows only what stops it.
        let errors = outcome.diagnostics.filter { $0.severity == .error }
        if !errors.isEmpty { printError(DiagnosticPrinter.render(errors, format: .text)) }
        for note in outcome.notes { printError("note: \(note)\n") }
        guard errors.isEmpty, !outcome.reports.isEmpty || outcome.comparedFolders else {
            throw ExitCode(outcome.hadUnreadableInput ? ExitStatus.unreadableInput : ExitStatus.checkFailed)
        }
        FileHandle.standardOutput.write(Data(Differ.render(outcome, format: format, site: site)))
        let reached = failOn.map(outcome.verdict.reaches) ?? false
        // As a compiler's -disable-free: the process ends here, without freeing the compiled
        // versions node by node (a tenth of a long history's run); the kernel takes the memory
        // back at once. Without `withExtendedLifetime` the optimiser ends `outcome`'s life at its
        // last use above, and frees it all before `exit`.
        withExtendedLifetime(outcome) { Foundation.exit(reached ? ExitStatus.checkFailed : ExitStatus.success) }
    }
}

extension Differ.Format: ExpressibleByArgument {}
extension LawProfile: ExpressibleByArgument {}
extension Change.Severity: ExpressibleByArgument {}
