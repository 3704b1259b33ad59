import ArgumentParser
import PolicyMarkup
import PolicyStatements

/// `policyc dump FILE`: the Markdown tree with positions, as golden tests pin it; with
/// `--statements`, the data-practice statements read from every sentence.
struct DumpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dump", abstract: "Print a source's Markdown tree, or its data-practice statements, with line:column ranges.")

    @Argument(help: "A Markdown policy source.")
    var file: String

    @Flag(help: "Print the statements of every sentence (who does what with which data, for whom, why, when) instead of the tree.")
    var statements = false

    func run() throws {
        if statements { return try dumpStatements() }
        switch SourceFile.load(path: file) {
        case .failure(let diagnostic):
            printError(diagnostic.description + "\n")
            throw ExitCode(diagnostic.id == .unreadableFile ? ExitStatus.unreadableInput : ExitStatus.checkFailed)
        case .success(let source):
            let (document, diagnostics) = MarkdownReader.read(source)
            print(TreeDumper.dump(document), terminator: "")
            if !diagnostics.isEmpty { printError(DiagnosticPrinter.render(diagnostics, format: .text)) }
            if diagnostics.contains(where: { $0.severity == .error }) { throw ExitCode(ExitStatus.checkFailed) }
        }
    }

    private func dumpStatements() throws {
        var compiler = Compiler()
        let result = compiler.compile([file])
        let errors = result.diagnostics.filter { $0.severity == .error }
        if !errors.isEmpty { printError(DiagnosticPrinter.render(errors, format: .text)) }
        guard let compiled = result.policies.first, errors.isEmpty else {
            throw ExitCode(result.hadUnreadableInput ? ExitStatus.unreadableInput : ExitStatus.checkFailed)
        }
        let reader = PolicyStatements.reader(for: compiled.source.projectRoot.flatMap(compiler.vocabulary(forProjectAt:)))
        var output = ""
        for located in PolicyStatements.read(compiled.policy, reader: reader) {
            let range = located.range
            output += "\(range.start.line):\(range.start.column)-\(range.end.line):\(range.end.column) \(located.statement.summary)\n"
        }
        print(output, terminator: "")
    }
}
