import Foundation
import PolicyEmit
import PolicyMarkup
import PolicyModel
import PolicyPasses

/// One compiled policy and where it came from.
public struct CompiledPolicy: Sendable {
    public var source: PolicySource
    public var policy: Policy
}

/// Runs reader → builder → passes over a set of sources. Returns values; prints nothing.
///
/// Sources compile on all cores unless `usesEveryCore` is off (the cmark-gfm parse itself is
/// serialised by the reader); results come back in source order, so output and diagnostics do
/// not depend on scheduling.
public struct Compiler: Sendable {
    public struct Result: Sendable {
        public var policies: [CompiledPolicy] = []
        public var diagnostics: [Diagnostic] = []
        /// True when an input could not be read at all (exit code 66 rather than 1).
        public var hadUnreadableInput = false
        /// The ids of the policies a selective compile passed over.
        public var idsNotSelected: [String] = []

        public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    }

    /// Whether sources compile on every core (the default) or one after another on the
    /// calling thread, for a caller that keeps the other cores busy with work of its own.
    public var usesEveryCore = true

    /// A vocabulary.yaml every source is compiled with, in place of its project's (`--vocabulary`).
    public var vocabularyFile: String?

    public init() {}

    /// The vocabularies loaded so far, by the path of their file.
    private var vocabularies: [String: Vocabulary] = [:]

    /// The vocabulary of the project at `root`, as loaded by a compile of it.
    public func vocabulary(forProjectAt root: String) -> Vocabulary? {
        let file = Self.vocabularyFile(ofProjectAt: root)
        return vocabularies[file] ?? vocabularies.first { ($0.key as NSString).standardizingPath == (file as NSString).standardizingPath }?.value
    }

    static func vocabularyFile(ofProjectAt root: String) -> String {
        (root as NSString).appendingPathComponent(SourceDiscovery.vocabularyFile)
    }

    /// The labels of every vocabulary item loaded so far: what a reader of unannotated text can
    /// recognise as a category of personal information.
    public var vocabularyItemLabels: [String] {
        vocabularies.keys.sorted().flatMap { file in vocabularies[file]!.items.values.map(\.label).sorted() }
    }

    /// Compiles every source and keeps every policy: for tests and commands that need them all.
    public mutating func compile(_ paths: [String]) -> Result {
        var (result, policies) = compileEach(paths) { $0 }
        result.policies = policies
        return result
    }

    /// Compiles only the policies whose id is in `ids` (and any whose front matter cannot be
    /// read, so that its errors are reported): a check against two policies of a large project
    /// should not wait for the others. Their ids are in `idsNotSelected`.
    public mutating func compile(_ paths: [String], selecting ids: Set<String>) -> Result {
        var (result, policies) = compileEach(paths, selecting: ids) { $0 }
        result.policies = policies
        return result
    }

    /// What compiling one source produced.
    private struct Outcome<Output: Sendable>: Sendable {
        var diagnostics: [Diagnostic] = []
        var unreadable = false
        var identity: Validator.Identity?
        var output: Output?
        /// The id of a policy not compiled because it was not selected.
        var notSelected: String?
    }

    /// Compiles each source and turns its policy into `Output` right away (a build serialises
    /// the manifest), so no more than one policy per core is in memory at a time.
    /// The result carries the diagnostics; the outputs come back in source order.
    /// With `ids`, only those policies are compiled, as `compile(_:selecting:)` describes.
    public mutating func compileEach<Output: Sendable>(
        _ paths: [String], selecting ids: Set<String>? = nil, transform: @Sendable (CompiledPolicy) -> Output
    ) -> (Result, [Output]) {
        let found = SourceDiscovery.discover(paths)
        var result = Result(diagnostics: found.diagnostics)
        result.hadUnreadableInput = !found.diagnostics.isEmpty
        let explicit = vocabularyFile.map { loadVocabulary(file: $0, result: &result) }
        if explicit == nil {
            for root in Set(found.sources.compactMap(\.projectRoot)).sorted() {
                _ = loadVocabulary(file: Self.vocabularyFile(ofProjectAt: root), result: &result)
            }
        }
        let sources = found.sources
        let vocabularies = vocabularies
        let compileOne: @Sendable (Int) -> Outcome<Output> = { index in
            let source = sources[index]
            let file = SourceFile.load(path: source.path)
            if let ids, case .success(let loaded) = file, let frontMatter = MarkdownReader.readFrontMatter(loaded),
               let id = PolicyBuilder.policyID(of: frontMatter, fallbackID: source.fallbackID), !ids.contains(id) {
                return Outcome(notSelected: id)
            }
            let vocabulary = explicit ?? source.projectRoot.flatMap { vocabularies[Self.vocabularyFile(ofProjectAt: $0)] }
            return Self.compile(source, file: file, vocabulary: vocabulary, transform: transform)
        }
        let outcomes = usesEveryCore ? concurrentMap(sources.indices, compileOne) : sources.indices.map(compileOne)
        var outputs: [Output] = []
        var identities: [Validator.Identity] = []
        for outcome in outcomes {
            result.diagnostics += outcome.diagnostics
            result.hadUnreadableInput = result.hadUnreadableInput || outcome.unreadable
            if let identity = outcome.identity { identities.append(identity) }
            if let output = outcome.output { outputs.append(output) }
            if let id = outcome.notSelected { result.idsNotSelected.append(id) }
        }
        result.diagnostics += Validator.validateProject(identities)
        result.diagnostics = result.diagnostics.sortedByLocation()
        return (result, outputs)
    }

    /// Compiles text that is not (or no longer) a file of the project — an archived version — as
    /// if it stood at `source.path`, with the vocabulary of `source.projectRoot` (or `vocabularyFile`).
    public mutating func compile(text: String, as source: PolicySource) -> Result {
        var result = Result()
        let vocabulary = (vocabularyFile ?? source.projectRoot.map(Self.vocabularyFile(ofProjectAt:))).map { loadVocabulary(file: $0, result: &result) }
        let outcome = Self.compile(source, file: .success(SourceFile(path: source.path, text: text)), vocabulary: vocabulary) { $0 }
        result.diagnostics += outcome.diagnostics
        if let output = outcome.output { result.policies.append(output) }
        return result
    }

    private static func compile<Output: Sendable>(
        _ source: PolicySource, file: Swift.Result<SourceFile, Diagnostic>, vocabulary: Vocabulary?, transform: (CompiledPolicy) -> Output
    ) -> Outcome<Output> {
        switch file {
        case .failure(let diagnostic):
            return Outcome(diagnostics: [diagnostic], unreadable: diagnostic.id == .unreadableFile)
        case .success(let file):
            let (document, readerDiagnostics) = MarkdownReader.read(file)
            let (policy, builderDiagnostics) = PolicyBuilder.build(document, source: file, vocabulary: vocabulary, fallbackID: source.fallbackID)
            return Outcome(
                diagnostics: readerDiagnostics + builderDiagnostics + Validator.validate(policy, annotated: vocabulary != nil),
                identity: Validator.Identity(id: policy.metadata.id, path: source.path, range: policy.metadata.range),
                output: transform(CompiledPolicy(source: source, policy: policy)))
        }
    }

    private mutating func loadVocabulary(file path: String, result: inout Result) -> Vocabulary {
        if let cached = vocabularies[path] { return cached }
        var vocabulary = Vocabulary()
        switch SourceFile.load(path: path) {
        case .failure(let diagnostic):
            result.diagnostics.append(diagnostic)
            result.hadUnreadableInput = true
        case .success(let file):
            let (loaded, diagnostics) = Vocabulary.load(yaml: file.text, file: path)
            vocabulary = loaded
            result.diagnostics += diagnostics
        }
        vocabularies[path] = vocabulary
        return vocabulary
    }
}
