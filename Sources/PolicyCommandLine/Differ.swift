import Foundation
import PolicyDiff
import PolicyEmit
import PolicyMarkup
import PolicyModel

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
        /// What the reader of the report should know about how the files were read (at most one
        /// line: which vocabulary, if any, the annotations were resolved with).
        public var notes: [String] = []
        public var hadUnreadableInput = false
        /// The versions the reports were made from, kept alive past `compare` for `DiffCommand`:
        /// freeing a long history's compiled versions node by node took longer than comparing
        /// them, and a command that exits right after printing need not free them at all.
        var prepared: [PreparedPolicy] = []

        /// The single report of a comparison of two files.
        public var report: PolicyDiffReport? { comparedFolders ? nil : reports.first }

        /// The most serious verdict over every pair; a policy added or removed is major.
        public var verdict: PolicyDiffReport.Verdict {
            if !onlyInOld.isEmpty || !onlyInNew.isEmpty { return .major }
            return PolicyDiffReport.Verdict(worst: reports.flatMap { $0.changes.map(\.severity) })
        }
    }

    public init() {}

    /// Two files, or two folders whose `.md` files are paired by relative path. Each file is
    /// compiled with `vocabulary` when given, else with its project's (the nearest
    /// vocabulary.yaml upward); a file in no project is read with the vocabulary of the one
    /// project the others are in, as another version of the same policy. Without any, annotations
    /// are compared by their ids.
    public func compare(_ oldPath: String, _ newPath: String, profile: LawProfile, vocabulary: String? = nil) -> Outcome {
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
        // The project of each file, looked up once per folder: the files of a history share one.
        var rootOfFolder: [String: String?] = [:]
        func projectRoot(of file: String) -> String? {
            let folder = (file as NSString).deletingLastPathComponent
            if let known = rootOfFolder[folder] { return known }
            let root = SourceDiscovery.projectRoot(containing: folder)
            rootOfFolder[folder] = root
            return root
        }
        // A file whose bytes equal another's (in a history, each version is the new side of one
        // pair and the old side of the next) is compiled once, from the first path found with
        // them, when the same vocabulary applies to both (the same project, or none).
        var representative: [String: String] = [:]
        var firstPathOfContent: [Data: String] = [:]
        for path in pairs.flatMap({ [$0.old, $0.new] }) where representative[path] == nil {
            guard let data = FileManager.default.contents(atPath: path) else { representative[path] = path; continue }
            if let first = firstPathOfContent[data], projectRoot(of: first) == projectRoot(of: path) {
                representative[path] = first
            } else {
                firstPathOfContent[data] = path
                representative[path] = path
            }
        }
        // Each side is compiled on its own: the two versions of a policy share its id, which
        // within one set of sources would be a duplicate.
        var compiler = Compiler()
        compiler.vocabularyFile = vocabulary
        let files = pairs.flatMap { [$0.old, $0.new] }
        let roots = files.map(projectRoot(of:))
        let outside = zip(files, roots).filter { $0.1 == nil }.map(\.0)
        if vocabulary == nil, !outside.isEmpty, Set(roots.compactMap { $0 }).count == 1, let root = roots.compactMap({ $0 }).first {
            compiler.vocabularyFile = Compiler.vocabularyFile(ofProjectAt: root)
            outcome.notes.append("no vocabulary.yaml found for \(Self.list(outside)); read with \(compiler.vocabularyFile!), as the other version is")
        }
        let oldSide = Set(pairs.map { representative[$0.old]! })
        let newSide = Set(pairs.map { representative[$0.new]! }).subtracting(oldSide)
        // Each policy is read into units as soon as it compiles, while others wait for the parser.
        let compiled = [oldSide, newSide].map { side in
            compiler.compileEach(side.sorted()) { compiled in (path: compiled.source.path, reading: PolicyReading(compiled.policy)) }
        }
        outcome.diagnostics = compiled.flatMap(\.0.diagnostics)
        if compiler.vocabularyFile == nil {
            let annotated = Set(compiled.flatMap(\.1).filter(\.reading.policy.isAnnotated).map(\.path))
            let unresolved = outside.filter { representative[$0].map(annotated.contains) ?? false }
            if !unresolved.isEmpty {
                outcome.notes.append("no vocabulary.yaml found for \(Self.list(unresolved)); annotations are compared by their ids")
            }
        }
        outcome.hadUnreadableInput = compiled.contains { $0.0.hadUnreadableInput }
        guard !outcome.diagnostics.contains(where: { $0.severity == .error }) else { return outcome }
        let byPath = Dictionary(compiled.flatMap(\.1).map { ($0.path, $0.reading) }, uniquingKeysWith: { first, _ in first })
        var oldPolicies: [String: PolicyReading] = [:], newPolicies: [String: PolicyReading] = [:]
        for pair in pairs {
            oldPolicies[pair.old] = representative[pair.old].flatMap { byPath[$0] }
            newPolicies[pair.new] = representative[pair.new].flatMap { byPath[$0] }
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
        var distinct: [String: PolicyReading] = [:]
        for reading in oldPolicies.values { distinct[reading.policy.source.sha256] = reading }
        for reading in newPolicies.values { distinct[reading.policy.source.sha256] = reading }
        let texts = distinct.keys.sorted()
        let preparedList = PreparedPolicy.prepare(texts.map { distinct[$0]! }, labels: labels)
        let prepared = Dictionary(uniqueKeysWithValues: zip(texts, preparedList))
        let work = pairs.map { (old: oldPolicies[$0.old]!.policy.source.sha256, new: newPolicies[$0.new]!.policy.source.sha256, pair: $0) }
        outcome.reports = concurrentMap(work.indices) { index in
            var report = PolicyDiff.compare(prepared[work[index].old]!, prepared[work[index].new]!, profile: profile)
            // A text shared by two files was prepared from one of them: name the files compared.
            report.old.path = work[index].pair.old
            report.new.path = work[index].pair.new
            return report
        }
        outcome.prepared = preparedList
        return outcome
    }

    /// `site` is needed for `.html` only: a redline page of one pair, through `templates/redline.mustache`.
    public static func render(_ outcome: Outcome, format: Format, site: HTMLSite? = nil) -> [UInt8] {
        switch format {
        case .html:
            guard let report = outcome.report, let site else { return [] }
            return site.redline(report, root: "")
        case .text:
            // Reports are laid out on every core: a long history's are a tenth of its diff.
            var text = concurrentMap(outcome.reports.indices) { DiffReportRenderer.text(outcome.reports[$0]) }.joined(separator: "\n")
            for path in outcome.onlyInOld { text += "\n\(path): removed (only in the old folder)\n" }
            for path in outcome.onlyInNew { text += "\n\(path): added (only in the new folder)\n" }
            if outcome.comparedFolders { text += "\nverdict: \(outcome.verdict.rawValue)\n" }
            return Array(text.utf8)
        case .json:
            guard outcome.comparedFolders else { return outcome.report.map { DiffReportRenderer.json($0).serialized() } ?? [] }
            return JSON.object([
                "schemaVersion": .int(DiffReportRenderer.schemaVersion),
                "verdict": .string(outcome.verdict.rawValue),
                "reports": .array(concurrentMap(outcome.reports.indices) { DiffReportRenderer.json(outcome.reports[$0]) }),
                "onlyInOld": .array(outcome.onlyInOld.map(JSON.string)),
                "onlyInNew": .array(outcome.onlyInNew.map(JSON.string)),
            ]).serialized()
        }
    }

    /// "a.md", "a.md and b.md", "a.md and 3 other files".
    private static func list(_ paths: [String]) -> String {
        switch paths.count {
        case 1: paths[0]
        case 2: "\(paths[0]) and \(paths[1])"
        default: "\(paths[0]) and \(paths.count - 1) other files"
        }
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
