import Foundation
import PolicyMarkup
import PolicyModel
import PolicyPasses

/// `policyc lint`: compile each source and run the lint rules over it.
public struct Lint {
    public var paths: [String]
    public var profile: LintProfile
    /// Extra word lists besides each project's `words.txt`.
    public var wordLists: [String]
    public var strict: Bool

    public init(paths: [String], profile: LintProfile = .pipl, wordLists: [String] = [], strict: Bool = false) {
        self.paths = paths
        self.profile = profile
        self.wordLists = wordLists
        self.strict = strict
    }

    /// The project word list beside vocabulary.yaml: words the dictionary lacks but the policies use.
    public static let projectWordList = "words.txt"

    /// The findings, the sources linted, and the exit status.
    public struct Report: Sendable {
        public var diagnostics: [Diagnostic] = []
        /// Policies linted, by source path.
        public var linted: [String] = []
        public var exitCode: Int32 = ExitStatus.success
    }

    public func run() -> Report {
        var report = Report()
        var compiler = Compiler()
        let compiled = compiler.compile(paths)
        // A source that does not compile is reported as the build would; lint reads the others.
        report.diagnostics = compiled.diagnostics.filter { $0.severity == .error }
        let failed = Set(report.diagnostics.map(\.range.file))
        var words: [String] = []
        var lists = wordLists
        for root in Set(compiled.policies.compactMap(\.source.projectRoot)).sorted() {
            let path = (root as NSString).appendingPathComponent(Self.projectWordList)
            if FileManager.default.fileExists(atPath: path) { lists.append(path) }
        }
        for list in lists {
            switch SourceFile.load(path: list) {
            case .success(let file): words += SpellChecker.words(inWordList: file.text)
            case .failure(let diagnostic): report.diagnostics.append(diagnostic)
            }
        }
        let linter = Linter(context: LintContext(profile: profile, spelling: SpellChecker(extraWords: words)))
        // The policies of one project are also read against each other; any other source alone.
        let linted = compiled.policies.filter { !failed.contains($0.source.path) }
        var projects: [String: [Policy]] = [:]
        for compiledPolicy in linted {
            if let root = compiledPolicy.source.projectRoot {
                projects[root, default: []].append(compiledPolicy.policy)
            } else {
                report.diagnostics += linter.lint(compiledPolicy.policy)
            }
            report.linted.append(compiledPolicy.source.path)
        }
        for (_, policies) in projects.sorted(by: { $0.key < $1.key }) { report.diagnostics += linter.lint(project: policies) }
        let failing: Severity = strict ? .warning : .error
        if report.diagnostics.contains(where: { $0.id == .unreadableFile || $0.id == .notUTF8 }) {
            report.exitCode = ExitStatus.unreadableInput
        } else if report.diagnostics.contains(where: { $0.severity >= failing }) {
            report.exitCode = ExitStatus.checkFailed
        }
        return report
    }
}
