import ArgumentParser
import Foundation
import PolicyDiff
import PolicyEmit

/// `policyc release ID`: freeze the current version of a policy in the archive.
struct ReleaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release",
        abstract: "Archive the current version of a policy; refuse a change for review without a decision, a major change without its notice.",
        discussion: """
            The version (front matter 'version:') must not be in the archive yet. Every change \
            policyc leaves for review must be decided, by its change id, under 'reviewed:' in the \
            front matter (minor or major, with a reason). When the change since the last released \
            version is major, the front matter must declare 'notice:' with \
            every channel the update clause promises and the text users receive.
            With --dry-run it compares the current source with the last released version (the \
            archived text compiled with today's vocabulary), prints the changes and applies the gate, \
            but archives and writes nothing: run it before a release.
            Exit status: 0 released (or, with --dry-run, would be); 1 refused or invalid sources; \
            66 unreadable input; 70 write failure.
            """)

    @Argument(help: "The id of the policy to release.")
    var id: String

    @Option(help: "The policies project.")
    var policies = "policies"

    @Option(help: "The archive folder.")
    var archive = "archive"

    @Option(help: "The folder of page templates.")
    var templates = "templates"

    @Option(name: [.customShort("o"), .long], help: "Where output/changes/<id>/<from>..<to>.json is written.")
    var output = "output"

    @Option(help: "The release day, YYYY-MM-DD (default: today, UTC).")
    var date: String?

    @Option(help: "The law a change is also judged by: pipl or gdpr.")
    var profile: LawProfile = .pipl

    @Flag(name: .customLong("dry-run"), help: "Show the changes since the last release and whether the release would pass; write nothing.")
    var dryRun = false

    func run() throws {
        let today = ISO8601DateFormatter.string(from: Date(), timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
        let report = Release(id: id, policiesFolder: policies, archiveFolder: archive, templatesFolder: templates,
                             outputFolder: output, date: date ?? today, profile: profile, dryRun: dryRun).run()
        if let diff = report.diff, dryRun { print(DiffReportRenderer.text(diff), terminator: "") }
        for decision in report.reviewed {
            print("\(decision.decided): \(decision.summary) (\(decision.change)): \(decision.reason)")
        }
        if !report.diagnostics.isEmpty { printError(DiagnosticPrinter.render(report.diagnostics, format: .text)) }
        if dryRun, report.exitCode == ExitStatus.success {
            print(report.diff == nil ? "\(id) has no released version yet: its release would be the first" : "\(id) can be released: nothing was written")
        }
        if let released = report.released {
            let change = released.previousVersion.map { "\(released.change) change since \($0)" } ?? "first release"
            print("released \(released.id) version \(released.version) (\(change)); \(released.files.count) files archived in \(archive)/")
        }
        if report.exitCode != ExitStatus.success { throw ExitCode(report.exitCode) }
    }
}
