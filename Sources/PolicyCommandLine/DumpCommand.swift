import ArgumentParser
import PolicyMarkup

/// `policyc dump FILE`: the Markdown tree with positions, as golden tests pin it.
struct DumpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dump", abstract: "Print a source's Markdown tree with line:column ranges.")

    @Argument(help: "A Markdown policy source.")
    var file: String

    func run() throws {
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
}
