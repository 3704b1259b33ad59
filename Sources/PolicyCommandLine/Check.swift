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
        // The scan needs only the project's scan settings, not the compiled policies: it starts
        // first and runs while the policies compile, so a check costs about the longer of the
        // two. The settings are read on the scan's thread too: compiling their patterns is ICU's
        // first use of regular expressions, which sets up its character tables (a few ms).
        let scanning = DispatchGroup()
        let scanned = Mutex<(settings: ProjectSettingsLocator.Found, results: [SourceScanner.Result])?>(nil)
        if !scans.isEmpty {
            let roots = scans, folder = policiesFolder
            DispatchQueue.global().async(group: scanning) {
                let settings = ProjectSettingsLocator.settings(for: [folder], explicit: nil)
                let scanner = SourceScanner(settings: settings.settings.scan)
                let results = roots.map { scanner.scan($0) }
                scanned.withLock { $0 = (settings, results) }
            }
        }
        var compiler = Compiler()
        let compiled = compiler.compile([policiesFolder])
        if compiled.hasErrors {
            scanning.wait()
            report.diagnostics = compiled.diagnostics.filter { $0.severity == .error }
            report.exitCode = compiled.hadUnreadableInput ? ExitStatus.unreadableInput : ExitStatus.checkFailed
            return report
        }
        var policies: [Policy] = []
        for id in policyIDs {
            guard let found = compiled.policies.first(where: { $0.policy.metadata.id == id }) else {
                scanning.wait()
                report.diagnostics.append(Diagnostic(
                    .unknownPolicyID, "no policy in \(policiesFolder)/ has the id '\(id)'", at: .point(policiesFolder, line: 1, column: 1),
                    notes: ["ids: " + compiled.policies.map(\.policy.metadata.id).sorted().joined(separator: ", ")]))
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
        scanning.wait()
        if let (settings, results) = scanned.withLock({ $0 }) {
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
