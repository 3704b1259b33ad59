import ArgumentParser
import Foundation
import PolicyMarkup

/// `policyc check`: fail a build that collects what the policy does not declare.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check that everything the code collects is declared, for its purpose, in the named policies.",
        discussion: """
            Inputs: field inventories (JSON or YAML: fields: {field: item-id | {item, purpose}}), \
            Android manifests (uses-permission, uses-permission-sdk-23, uses-feature; mapped by \
            android-permissions in vocabulary.yaml, then by policyc's table of dangerous permissions), \
            and source trees (comments 'policy-collects: ITEM [for PURPOSE]' and the calls that \
            policyc.yaml's scan.patterns describe; scan.exclude and .gitignore are honoured).
            Only the named policies are compiled; 'policyc build' reports errors in the others.
            Exit status: 0 everything declared; 1 something is not (or an input is malformed); \
            64 bad usage or an unknown policy id; 66 an input cannot be read.
            """)

    @Option(name: .customLong("policy"), help: "A policy id; repeat for several.")
    var policies: [String] = []

    @Option(name: .customLong("policies"), help: "The policies project.")
    var policiesFolder = "policies"

    @Option(name: .customLong("inventory"), help: "A field inventory (JSON or YAML); repeat for several.")
    var inventories: [String] = []

    @Option(name: .customLong("android-manifest"), help: "An AndroidManifest.xml; repeat for several.")
    var androidManifests: [String] = []

    @Option(name: .customLong("scan"), help: "A source tree to scan for policy-collects: markers and scan.patterns; repeat for several.")
    var scans: [String] = []

    @Option(help: "text, json, github (workflow commands that GitHub Actions shows as annotations), or sarif (SARIF 2.1.0, for code scanning).")
    var format: DiagnosticFormat = .text

    func validate() throws {
        if policies.isEmpty { throw ValidationError("name at least one policy with --policy ID") }
        if inventories.isEmpty && androidManifests.isEmpty && scans.isEmpty {
            throw ValidationError("give something to check: --inventory FILE, --android-manifest FILE or --scan DIR")
        }
    }

    func run() throws {
        let report = Check(policyIDs: policies, policiesFolder: policiesFolder, inventories: inventories,
                           androidManifests: androidManifests, scans: scans).run()
        var rendered = DiagnosticPrinter.render(report.diagnostics, format: format)
        // The other formats are read by tools; a person reading a CI log wants the verdict last.
        if format == .text { rendered += Self.summary(report, policies: policies) + "\n" }
        // Findings are the command's output: on stdout, where CI reads them.
        FileHandle.standardOutput.write(Data(rendered.utf8))
        if report.exitCode != ExitStatus.success { throw ExitCode(report.exitCode) }
    }

    /// "check passed: 9 collected fields (5 files scanned), each declared for its purpose in
    /// sunmi-devices, sunmi-device-operation-data; 0 errors, 0 warnings, 23 notes"
    static func summary(_ report: Check.Report, policies: [String]) -> String {
        func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }
        let findings = [Severity.error, .warning, .note].map { severity in
            count(report.diagnostics.filter { $0.severity == severity }.count, severity.rawValue)
        }.joined(separator: ", ")
        guard report.exitCode == ExitStatus.success else { return "check failed: \(findings)" }
        let scanned = report.filesScanned > 0 ? " (\(count(report.filesScanned, "file")) scanned)" : ""
        return "check passed: \(count(report.collectedFields, "collected field"))\(scanned), each declared for its purpose in "
            + policies.joined(separator: ", ") + "; " + findings
    }
}
