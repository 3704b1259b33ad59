import ArgumentParser
import Foundation

/// `policyc verify`: the archive still holds exactly what was released.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the archive: every release record and its chain, every file against its SHA-256, nothing missing or extra.",
        discussion: """
            Every record must still hash to its recorded SHA-256 and name the record before it, the \
            index's head must be the last record, and each record must agree with its archived \
            manifest. Every file must be present with its digest; the archive may hold no other \
            file, no empty folder and no symbolic link.
            Exit status: 0 intact; 1 anything changed, missing, moved or unexpected, or the index unreadable.
            """)

    @Option(help: "The archive folder.")
    var archive = "archive"

    func run() throws {
        let archive = Archive(folder: archive)
        let diagnostics = archive.verify()
        if !diagnostics.isEmpty { printError(DiagnosticPrinter.render(diagnostics, format: .text)) }
        // A lock left by a running or interrupted release is a warning; tampering is an error.
        if diagnostics.contains(where: { $0.severity == .error }) { throw ExitCode(ExitStatus.checkFailed) }
        let releases = (try? archive.releases().get()) ?? []
        let head = releases.last?.record.map { "; head \($0)" } ?? ""
        print("\(archive.folder)/: \(releases.count) release\(releases.count == 1 ? "" : "s"), every record and file intact\(head)")
    }
}

/// `policyc migrate-archive`: chains an archive written before release records were chained.
struct MigrateArchiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate-archive",
        abstract: "Chain the release records of an archive written before records were hashed (run once).",
        discussion: """
            Every field of every record is kept as it is; each record gains the hash of the record \
            before it and its own, and the index its head. Refused unless every archived file is \
            present and intact. An archive that is chained already is left as it is.
            Exit status: 0 chained (or already chained); 1 the archive does not verify; 70 write failure.
            """)

    @Option(help: "The archive folder.")
    var archive = "archive"

    func run() throws {
        let archive = Archive(folder: archive)
        let (chained, problems) = archive.migrate()
        if !problems.isEmpty {
            printError(DiagnosticPrinter.render(problems, format: .text))
            throw ExitCode(problems.contains { $0.id == .unreadableFile } ? ExitStatus.internalError : ExitStatus.checkFailed)
        }
        print(chained == 0 ? "\(archive.folder)/ is chained already" : "\(archive.folder)/: \(chained) release records chained")
    }
}
