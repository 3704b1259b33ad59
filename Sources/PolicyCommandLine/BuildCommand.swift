import ArgumentParser
import Foundation
import PolicyEmit
import PolicyMarkup

extension DiagnosticFormat: ExpressibleByArgument {}

/// `policyc build [PATH…] [-o DIR]`: compile policies and write their manifests.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Compile policies into output/: manifests, HTML pages and device notices.",
        discussion: "PATH is a policies folder (with vocabulary.yaml), any folder of Markdown files, or a file. Nothing is written when any policy has an error.")

    @Argument(help: "Policies folder, folder of Markdown files, or file.")
    var paths: [String] = ["policies"]

    @Option(name: .shortAndLong, help: "Output folder.")
    var output: String = "output"

    @Option(help: "Folder of page templates.")
    var templates: String = "templates"

    @Option(help: "Project settings (device profiles); default: policyc.yaml of the policies project.")
    var settings: String?

    @Option(help: "The archive of released versions to publish (default: archive/ beside the policies project).")
    var archive: String?

    @Option(name: .customLong("diagnostics-format"), help: "text, json, github or sarif.")
    var diagnosticsFormat: DiagnosticFormat = .text

    @Flag(help: "Print nothing on success.")
    var quiet = false

    func run() throws {
        let report = Build(paths: paths, outputFolder: output, templatesFolder: templates, settingsFile: settings, archiveFolder: archive).run()
        if !report.diagnostics.isEmpty {
            printError(DiagnosticPrinter.render(report.diagnostics, format: diagnosticsFormat))
        }
        if let failure = report.failure {
            printError("error: \(failure)\n")
        } else if !quiet {
            let removed = report.removed > 0 ? ", \(report.removed) removed" : ""
            print("compiled \(report.policyCount) \(report.policyCount == 1 ? "policy" : "policies") into \(output)/: \(report.written) written, \(report.unchanged) unchanged\(removed)")
        }
        if report.exitCode != ExitStatus.success { throw ExitCode(report.exitCode) }
    }
}
