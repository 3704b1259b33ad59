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
public struct Compiler {
    public struct Result: Sendable {
        public var policies: [CompiledPolicy] = []
        public var diagnostics: [Diagnostic] = []
        /// True when an input could not be read at all (exit code 66 rather than 1).
        public var hadUnreadableInput = false

        public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    }

    public init() {}

    private var vocabularies: [String: Vocabulary] = [:]

    /// Compiles every source and keeps every policy: for tests and commands that need them all.
    public mutating func compile(_ paths: [String]) -> Result {
        var policies: [CompiledPolicy] = []
        var result = compileEach(paths) { policies.append($0) }
        result.policies = policies
        return result
    }

    /// Compiles the sources one at a time and hands each policy to `visit`, so a build holds one
    /// document in memory at a time. The result carries the diagnostics, not the policies.
    public mutating func compileEach(_ paths: [String], _ visit: (CompiledPolicy) -> Void) -> Result {
        let found = SourceDiscovery.discover(paths)
        var result = Result(diagnostics: found.diagnostics)
        result.hadUnreadableInput = !found.diagnostics.isEmpty
        var identities: [Validator.Identity] = []
        for source in found.sources {
            var vocabulary: Vocabulary?
            if let root = source.projectRoot {
                vocabulary = loadVocabulary(root: root, result: &result)
            }
            switch SourceFile.load(path: source.path) {
            case .failure(let diagnostic):
                result.diagnostics.append(diagnostic)
                result.hadUnreadableInput = result.hadUnreadableInput || diagnostic.id == .unreadableFile
            case .success(let file):
                let (document, readerDiagnostics) = MarkdownReader.read(file)
                let (policy, builderDiagnostics) = PolicyBuilder.build(document, source: file, vocabulary: vocabulary, fallbackID: source.fallbackID)
                result.diagnostics += readerDiagnostics + builderDiagnostics + Validator.validate(policy, annotated: vocabulary != nil)
                identities.append(Validator.Identity(id: policy.metadata.id, path: source.path, range: policy.metadata.range))
                visit(CompiledPolicy(source: source, policy: policy))
            }
        }
        result.diagnostics += Validator.validateProject(identities)
        result.diagnostics = result.diagnostics.sortedByLocation()
        return result
    }

    private mutating func loadVocabulary(root: String, result: inout Result) -> Vocabulary {
        if let cached = vocabularies[root] { return cached }
        let path = (root as NSString).appendingPathComponent(SourceDiscovery.vocabularyFile)
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
        vocabularies[root] = vocabulary
        return vocabulary
    }
}
