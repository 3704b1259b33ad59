import Dispatch
import Foundation
import PolicyCheck
import PolicyMarkup
import PolicyModel
import Synchronization

/// `policyc check`: does the code collect only what the named policies declare?
public struct Check {
    public var policyIDs: [String]
    public var policiesFolder: String
    public var inventories: [String]
    public var androidManifests: [String]
    public var scans: [String]

    public init(policyIDs: [String], policiesFolder: String = "policies", inventories: [String] = [], androidManifests: [String] = [],
                scans: [String] = []) {
        self.policyIDs = policyIDs
        self.policiesFolder = policiesFolder
        self.inventories = inventories
        self.androidManifests = androidManifests
        self.scans = scans
    }

    public struct Report: Sendable {
        public var diagnostics: [Diagnostic] = []
        public var exitCode: Int32 = ExitStatus.success
        /// What was checked, for the summary line: the fields found collected, and the files
        /// the scans read.
        public var collectedFields = 0
        public var filesScanned = 0
    }

    public func run() -> Report {
        var report = Report()
        // The scan needs only the project's scan settings, not the compiled policies, so the
        // two run side by side and a check costs about the longer of them, the scan. The scan
        // keeps this thread: a thread started now waits for a core, sometimes for milliseconds,
        // and that wait should fall on the compile, which finishes long before the scan. The
        // compile uses one core; the scan's readers use them all, and take over the compile's
        // core once it is done.
        let compiling = DispatchGroup()
        let compiledOnItsThread = Mutex((compiler: Compiler(), result: Compiler.Result()))
        let folder = policiesFolder, scansToo = !scans.isEmpty, named = Set(policyIDs)
        DispatchQueue.global().async(group: compiling) {
            var compiler = Compiler()
            compiler.usesEveryCore = !scansToo
            // Only the named policies: the code is checked against them, and an error in
            // another policy of the project is for `policyc build` to report.
            let result = compiler.compile([folder], selecting: named)
            compiledOnItsThread.withLock { $0 = (compiler, result) }
        }
        var scanned: (settings: ProjectSettingsLocator.Found, results: [SourceScanner.Result])?
        if scansToo {
            let settings = ProjectSettingsLocator.settings(for: [policiesFolder], explicit: nil)
            let scanner = SourceScanner(settings: settings.settings.scan)
            scanned = (settings, scans.map { scanner.scan($0) })
        }
        compiling.wait()
        let (compiler, compiled) = compiledOnItsThread.withLock { $0 }
        if compiled.hasErrors {
            report.diagnostics = compiled.diagnostics.filter { $0.severity == .error }
            report.exitCode = compiled.hadUnreadableInput ? ExitStatus.unreadableInput : ExitStatus.checkFailed
            return report
        }
        var policies: [Policy] = []
        for id in policyIDs {
            guard let found = compiled.policies.first(where: { $0.policy.metadata.id == id }) else {
                report.diagnostics.append(Diagnostic(
                    .unknownPolicyID, "no policy in \(policiesFolder)/ has the id '\(id)'", at: .point(policiesFolder, line: 1, column: 1),
                    notes: [DiagnosticNote("ids: " + Set(compiled.policies.map(\.policy.metadata.id) + compiled.idsNotSelected).sorted().joined(separator: ", "))]))
                report.exitCode = ExitStatus.usage
                return report
            }
            policies.append(found.policy)
        }
        let vocabulary = compiler.vocabulary(forProjectAt: policiesFolder)
        var collected: [CollectedField] = []
        var inputProblems: [Diagnostic] = []
        for path in inventories {
            switch FieldInventory.read(path: path) {
            case .success(let fields): collected += fields
            case .failure(let diagnostic): inputProblems.append(diagnostic)
            }
        }
        for path in androidManifests {
            switch AndroidManifestReader.read(path: path) {
            case .success(let entries): collected += AndroidManifestReader.collected(entries, vocabulary: vocabulary)
            case .failure(let diagnostic): inputProblems.append(diagnostic)
            }
        }
        var scanProblems: [Diagnostic] = []
        if let (settings, results) = scanned {
            inputProblems += settings.diagnostics.filter { $0.severity == .error }
            for result in results {
                collected += result.collected
                report.filesScanned += result.filesRead
                // A folder that is not there is an input error; parts of a tree that cannot be
                // read are reported and passed over.
                inputProblems += result.problems.filter { $0.severity == .error }
                scanProblems += result.problems.filter { $0.severity != .error }
            }
        }
        if !inputProblems.isEmpty {
            report.diagnostics = inputProblems
            report.exitCode = inputProblems.contains { $0.id == .unreadableFile || $0.id == .fileTooLarge || $0.id == .notUTF8 }
                ? ExitStatus.unreadableInput : ExitStatus.checkFailed
            return report
        }
        report.collectedFields = collected.count
        report.diagnostics = scanProblems + Checker(policies: policies, vocabulary: vocabulary).check(collected)
        if report.diagnostics.contains(where: { $0.severity == .error }) { report.exitCode = ExitStatus.checkFailed }
        return report
    }
}
