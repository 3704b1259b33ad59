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
        public var failure: String?
        public var exitCode: Int32 = ExitStatus.success
    }

    public func run() -> Report {
        let manifestsFolder = (outputFolder as NSString).appendingPathComponent("manifests")
        // Manifests are serialised as each policy compiles (the policy is then dropped) and
        // written only once every policy compiled without an error.
        var compiler = Compiler()
        let (result, manifests) = compiler.compileEach(paths) { compiled in
            let manifest = ManifestEmitter.manifest(for: compiled.policy, sourcePath: compiled.source.relativePath)
            return (path: (manifestsFolder as NSString).appendingPathComponent(compiled.policy.metadata.id + ".json"), bytes: manifest.serialized())
        }
        var report = Report(diagnostics: result.diagnostics, policyCount: manifests.count)
        if result.hasErrors {
            report.exitCode = result.hadUnreadableInput ? ExitStatus.unreadableInput : ExitStatus.checkFailed
            report.failure = "build failed; \(outputFolder)/ was left as it was"
            return report
        }
        let writer = OutputWriter()
        do {
            for manifest in manifests {
                switch try writer.write(manifest.bytes, to: manifest.path) {
                case .written: report.written += 1
                case .unchanged: report.unchanged += 1
                }
            }
        } catch {
            report.failure = error.description
            report.exitCode = ExitStatus.internalError
            return report
        }
        removeStaleManifests(in: manifestsFolder, keeping: Set(manifests.map(\.path)))
        return report
    }

    /// A manifest whose policy is gone would mislead consumers; remove it.
    private func removeStaleManifests(in folder: String, keeping expected: Set<String>) {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return }
        while let relative = enumerator.nextObject() as? String {
            guard relative.hasSuffix(".json") else { continue }
            let path = (folder as NSString).appendingPathComponent(relative)
            if !expected.contains(path) { try? FileManager.default.removeItem(atPath: path) }
        }
    }
}
