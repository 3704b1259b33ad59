import Dispatch
import Foundation
import PolicyDiff
import PolicyEmit
import PolicyMarkup
import PolicyModel
import Synchronization

/// Compiles two versions of a policy, or two folders of versions, and compares them: the
/// library half of `policyc diff`.
public struct Differ {
    public enum Format: String, CaseIterable, Sendable { case text, json, html }

    public struct Outcome: Sendable {
        /// One report per pair of files, in the order of their relative paths.
        public var reports: [PolicyDiffReport] = []
        /// For folders: files found on one side only, by relative path.
        public var onlyInOld: [String] = []
        public var onlyInNew: [String] = []
        public var comparedFolders = false
        public var diagnostics: [Diagnostic] = []
        public var hadUnreadableInput = false

        /// The single report of a comparison of two files.
        public var report: PolicyDiffReport? { comparedFolders ? nil : reports.first }

        /// The most serious verdict over every pair; a policy added or removed is major.
        public var verdict: PolicyDiffReport.Verdict {
            if !onlyInOld.isEmpty || !onlyInNew.isEmpty || reports.contains(where: { $0.verdict == .major }) { return .major }
            return reports.contains { $0.verdict == .minor } ? .minor : .unchanged
        }
    }

    public init() {}

    /// Two files, or two folders whose `.md` files are paired by relative path. Each file is
    /// compiled with its project's vocabulary when it lives in one.
    public func compare(_ oldPath: String, _ newPath: String, profile: LawProfile) -> Outcome {
        var outcome = Outcome()
        let oldIsFolder = Self.isFolder(oldPath), newIsFolder = Self.isFolder(newPath)
        var pairs: [(old: String, new: String)]
        if oldIsFolder && newIsFolder {
            outcome.comparedFolders = true
            let oldFiles = Self.markdownFiles(in: oldPath), newFiles = Self.markdownFiles(in: newPath)
            outcome.onlyInOld = oldFiles.filter { !newFiles.contains($0) }
            outcome.onlyInNew = newFiles.filter { !oldFiles.contains($0) }
            pairs = oldFiles.filter(newFiles.contains).map { (oldPath + "/" + $0, newPath + "/" + $0) }
        } else if oldIsFolder != newIsFolder {
            outcome.diagnostics.append(Diagnostic(
                .unreadableFile, "compare a file with a file, or a folder with a folder",
                at: .point(oldIsFolder ? newPath : oldPath, line: 1, column: 1)))
            return outcome
        } else {
            pairs = [(oldPath, newPath)]
        }
        // A file whose bytes equal another's (in a history, each version is the new side of one
        // pair and the old side of the next) is compiled once, from the first path found with them.
        var representative: [String: String] = [:]
        var firstPathOfContent: [Data: String] = [:]
        for path in pairs.flatMap({ [$0.old, $0.new] }) where representative[path] == nil {
            guard let data = FileManager.default.contents(atPath: path) else { representative[path] = path; continue }
            if let first = firstPathOfContent[data], Self.sameProject(first, path) {
                representative[path] = first
            } else {
                firstPathOfContent[data] = path
                representative[path] = path
            }
        }
        // Each side is compiled on its own: the two versions of a policy share its id, which
        // within one set of sources would be a duplicate.
        var compiler = Compiler()
        let oldSide = Set(pairs.map { representative[$0.old]! })
        let newSide = Set(pairs.map { representative[$0.new]! }).subtracting(oldSide)
        let compiled = [compiler.compile(oldSide.sorted()), compiler.compile(newSide.sorted())]
        outcome.diagnostics = compiled.flatMap(\.diagnostics)
        outcome.hadUnreadableInput = compiled.contains { $0.hadUnreadableInput }
        guard !outcome.diagnostics.contains(where: { $0.severity == .error }) else { return outcome }
        let byPath = Dictionary(compiled.flatMap(\.policies).map { ($0.source.path, $0.policy) }, uniquingKeysWith: { first, _ in first })
        var oldPolicies: [String: Policy] = [:], newPolicies: [String: Policy] = [:]
        for pair in pairs {
            oldPolicies[pair.old] = representative[pair.old].flatMap { byPath[$0] }.map { Self.relocated($0, to: pair.old) }
            newPolicies[pair.new] = representative[pair.new].flatMap { byPath[$0] }.map { Self.relocated($0, to: pair.new) }
        }
        pairs = pairs.filter { oldPolicies[$0.old] != nil && newPolicies[$0.new] != nil }
        if pairs.isEmpty, !outcome.comparedFolders {
            outcome.diagnostics.append(Diagnostic(
                .unreadableFile, "no policy was compiled from these files; name two Markdown sources (.md)",
                at: .point(oldPath, line: 1, column: 1)))
            return outcome
        }
        let labels = compiler.vocabularyItemLabels
        // Each distinct text is prepared once (in a history, a version is the new side of one
        // pair and the old side of the next); preparing and comparing run on every core.
        var distinct: [String: Policy] = [:]
        for policy in oldPolicies.values { distinct[policy.source.sha256] = policy }
        for policy in newPolicies.values { distinct[policy.source.sha256] = policy }
        let texts = distinct.keys.sorted()
        let policiesToPrepare = texts.map { distinct[$0]! }
        let preparedList = Mutex([PreparedPolicy?](repeating: nil, count: texts.count))
        DispatchQueue.concurrentPerform(iterations: texts.count) { index in
            let prepared = PreparedPolicy(policiesToPrepare[index], labels: labels)
            preparedList.withLock { $0[index] = prepared }
        }
        let prepared = Dictionary(uniqueKeysWithValues: zip(texts, preparedList.withLock { $0.map { $0! } }))
        let work = pairs.map { (oldPolicies[$0.old]!.source, newPolicies[$0.new]!.source) }
        let reports = Mutex([PolicyDiffReport?](repeating: nil, count: pairs.count))
        DispatchQueue.concurrentPerform(iterations: work.count) { index in
            var report = PolicyDiff.compare(prepared[work[index].0.sha256]!, prepared[work[index].1.sha256]!, profile: profile)
            // A text shared by two files was prepared from one of them: name the files compared.
            report.old.path = work[index].0.path
            report.new.path = work[index].1.path
            reports.withLock { $0[index] = report }
        }
        outcome.reports = reports.withLock { $0.compactMap { $0 } }
        return outcome
    }

    /// `site` is needed for `.html` only: a redline page of one pair, through `templates/redline.mustache`.
    public static func render(_ outcome: Outcome, format: Format, site: HTMLSite? = nil) -> [UInt8] {
        switch format {
        case .html:
            guard let report = outcome.report, let site else { return [] }
            return site.redline(report, root: "")
        case .text:
            var text = outcome.reports.map(DiffReportRenderer.text).joined(separator: "\n")
            for path in outcome.onlyInOld { text += "\n\(path): removed (only in the old folder)\n" }
            for path in outcome.onlyInNew { text += "\n\(path): added (only in the new folder)\n" }
            if outcome.comparedFolders { text += "\nverdict: \(outcome.verdict.rawValue)\n" }
            return Array(text.utf8)
        case .json:
            guard outcome.comparedFolders else { return outcome.report.map { DiffReportRenderer.json($0).serialized() } ?? [] }
            return JSON.object([
                "schemaVersion": .int(DiffReportRenderer.schemaVersion),
                "verdict": .string(outcome.verdict.rawValue),
                "reports": .array(outcome.reports.map(DiffReportRenderer.json)),
                "onlyInOld": .array(outcome.onlyInOld.map(JSON.string)),
                "onlyInNew": .array(outcome.onlyInNew.map(JSON.string)),
            ]).serialized()
        }
    }

    /// Two files compile alike only if the same vocabulary applies: both outside any project, or
    /// in the same one.
    private static func sameProject(_ a: String, _ b: String) -> Bool {
        SourceDiscovery.projectRoot(containing: (a as NSString).deletingLastPathComponent)
            == SourceDiscovery.projectRoot(containing: (b as NSString).deletingLastPathComponent)
    }

    /// The policy as if compiled from `path`: only the path differs between equal texts.
    private static func relocated(_ policy: Policy, to path: String) -> Policy {
        var policy = policy
        policy.source.path = path
        return policy
    }

    static func isFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// `.md` files under `folder` (README.md aside), as sorted relative paths.
    static func markdownFiles(in folder: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return [] }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if relative.hasSuffix(".md"), (relative as NSString).lastPathComponent != "README.md" { files.append(relative) }
        }
        return files.sorted()
    }
}
