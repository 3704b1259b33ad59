import Foundation
import PolicyEmit
import PolicyMarkup

/// The build job: compile, then (only if nothing failed) write every output atomically.
public struct Build {
    public var paths: [String]
    public var outputFolder: String

    public init(paths: [String], outputFolder: String) {
        self.paths = paths
        self.outputFolder = outputFolder
    }

    public struct Report: Sendable {
        public var diagnostics: [Diagnostic] = []
        public var policyCount = 0
        public var written = 0
        public var unchanged = 0
        /// Manifests of policies that no longer exist, removed.
        public var removed = 0
        public var failure: String?
        public var exitCode: Int32 = ExitStatus.success
    }

    public func run() -> Report {
        let manifestsFolder = (outputFolder as NSString).appendingPathComponent("manifests")
        // Each manifest is serialised and staged as soon as its policy compiles (the policy is
        // then dropped); staged files replace the old ones only if every policy compiled.
        let writer = OutputWriter()
        var compiler = Compiler()
        let (result, staging) = compiler.compileEach(paths) { compiled -> Result<OutputWriter.StagedFile, OutputWriter.WriteError> in
            let manifest = ManifestEmitter.manifest(for: compiled.policy, sourcePath: compiled.source.relativePath)
            let path = (manifestsFolder as NSString).appendingPathComponent(compiled.policy.metadata.id + ".json")
            return Result { () throws(OutputWriter.WriteError) in try writer.stage(manifest.serialized(), to: path) }
        }
        let staged = staging.compactMap { try? $0.get() }
        var report = Report(diagnostics: result.diagnostics, policyCount: staging.count)
        if result.hasErrors {
            writer.discard(staged)
            report.exitCode = result.hadUnreadableInput ? ExitStatus.unreadableInput : ExitStatus.checkFailed
            report.failure = "build failed; nothing was written to \(outputFolder)/"
            return report
        }
        do {
            for outcome in staging { _ = try outcome.get() }
            let summary = try writer.commit(staged)
            report.written = summary.written
            report.unchanged = summary.unchanged
        } catch {
            writer.discard(staged)
            report.failure = error.description
            report.exitCode = ExitStatus.internalError
            return report
        }
        report.removed = removeStaleManifests(in: manifestsFolder, keeping: Set(staged.map(\.path)))
        return report
    }

    /// A manifest whose policy is gone would mislead consumers; remove it. Returns how many.
    private func removeStaleManifests(in folder: String, keeping expected: Set<String>) -> Int {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return 0 }
        var removed = 0
        while let relative = enumerator.nextObject() as? String {
            guard relative.hasSuffix(".json") else { continue }
            let path = (folder as NSString).appendingPathComponent(relative)
            if !expected.contains(path), (try? FileManager.default.removeItem(atPath: path)) != nil { removed += 1 }
        }
        return removed
    }
}
