import Foundation
import PolicyImport
import PolicyMarkup
import PolicyModel

/// `policyc import`: legacy policies in, a policies project out (sources, vocabulary, report).
public struct Import {
    public var paths: [String]
    public var outputFolder: String
    /// A project vocabulary whose ids the importer should reuse.
    public var vocabularyPath: String?

    public init(paths: [String], outputFolder: String, vocabularyPath: String? = nil) {
        self.paths = paths
        self.outputFolder = outputFolder
        self.vocabularyPath = vocabularyPath
    }

    /// What the command prints and the exit status it ends with.
    public struct Report: Sendable {
        public var result = Importer.Result()
        public var diagnostics: [Diagnostic] = []
        public var written: [String] = []
        public var exitCode: Int32 = ExitStatus.success
    }

    public func run() -> Report {
        var report = Report()
        var vocabulary: Vocabulary?
        if let vocabularyPath {
            switch SourceFile.load(path: vocabularyPath) {
            case .failure(let diagnostic):
                report.diagnostics = [diagnostic]
                report.exitCode = ExitStatus.unreadableInput
                return report
            case .success(let file):
                let (loaded, diagnostics) = Vocabulary.load(yaml: file.text, file: vocabularyPath)
                if diagnostics.contains(where: { $0.severity == .error }) {
                    report.diagnostics = diagnostics
                    report.exitCode = ExitStatus.checkFailed
                    return report
                }
                vocabulary = loaded
            }
        }
        report.result = Importer(vocabulary: vocabulary).run(paths)
        report.diagnostics = report.result.diagnostics
        if report.diagnostics.contains(where: { $0.severity == .error }) {
            report.exitCode = report.diagnostics.contains { $0.id == .unreadableFile || $0.id == .notUTF8 || $0.id == .fileTooLarge }
                ? ExitStatus.unreadableInput : ExitStatus.checkFailed
            return report
        }
        // A source the compiler would refuse as too large is not written either.
        let oversized = report.result.policies.filter { $0.markdown.utf8.count > SourceFile.maximumByteCount }
        guard oversized.isEmpty else {
            report.diagnostics = oversized.map {
                Diagnostic(.fileTooLarge, "the policy '\($0.title)' would be a source of \($0.markdown.utf8.count >> 20) MiB, more than the \(SourceFile.maximumByteCount >> 20) MiB policyc compiles; nothing was written",
                           at: .point($0.originPath, line: $0.originLine, column: 1))
            }
            report.exitCode = ExitStatus.checkFailed
            return report
        }
        // An import never writes over a source someone may have curated since.
        var files: [(String, String)] = report.result.policies.map { (folder($0.id) + "/policy.md", $0.markdown) }
        files.append((join(outputFolder, "vocabulary.yaml"), report.result.vocabularyYAML))
        files.append((join(outputFolder, "import-report.md"), report.result.report))
        let existing = files.map(\.0).filter { FileManager.default.fileExists(atPath: $0) }
        guard existing.isEmpty else {
            report.diagnostics = existing.map {
                Diagnostic(.outputExists, "'\($0)' already exists; import writes only new files", at: .point($0, line: 1, column: 1),
                           notes: ["import into an empty folder (-o DIR), then merge by hand"])
            }
            report.exitCode = ExitStatus.checkFailed
            return report
        }
        // Folders the import is about to create, to take away again if writing fails: a failed
        // import leaves the output folder as it found it, not a tree of empty folders.
        let newFolders = ([outputFolder] + report.result.policies.map { folder($0.id) }).filter { !FileManager.default.fileExists(atPath: $0) }
        let writer = OutputWriter(inside: outputFolder)
        var staged: [OutputWriter.StagedFile] = []
        do {
            for (path, text) in files { staged.append(try writer.stage(Array(text.utf8), to: path)) }
            _ = try writer.commit(staged)
        } catch {
            writer.discard(staged)
            for created in newFolders.reversed() { try? FileManager.default.removeItem(atPath: created) }
            report.diagnostics = [error.refused ? error.diagnostic
                : Diagnostic(.unreadableFile, error.description, at: .point(error.path, line: 1, column: 1),
                             notes: ["nothing was imported; the folder '\(outputFolder)' must be writable and its disk must have room"])]
            // A refused path is the input's fault; a file system that fails is the machine's (70).
            report.exitCode = error.refused ? ExitStatus.checkFailed : ExitStatus.internalError
            return report
        }
        report.written = files.map(\.0)
        return report
    }

    private func folder(_ id: String) -> String { join(outputFolder, id) }

    private func join(_ folder: String, _ name: String) -> String {
        folder.isEmpty || folder == "." ? name : (folder.hasSuffix("/") ? folder + name : folder + "/" + name)
    }
}
