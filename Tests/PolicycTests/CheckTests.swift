import Foundation
import PolicyCheck
import PolicyCommandLine
import PolicyMarkup
import PolicyModel
import Testing

/// `policyc check` on the example POS app: what it collects against what the policies declare,
/// and every kind of bad input.
@Suite struct CheckTests {
    static let example = Paths.repository.appendingPathComponent("examples/pos-app")
    static let manifest = example.appendingPathComponent("AndroidManifest.xml").path
    static let inventory = example.appendingPathComponent("telemetry/fields.yaml").path
    static let policies = ["sunmi-devices", "sunmi-device-operation-data"]

    static func check(manifests: [String] = [manifest], inventories: [String] = [inventory], policies: [String] = policies,
                      folder: String = Paths.policies.path) -> Check.Report {
        Check(policyIDs: policies, policiesFolder: folder, inventories: inventories, androidManifests: manifests).run()
    }

    @Test func theExampleAppPasses() throws {
        let report = Self.check()
        #expect(report.exitCode == ExitStatus.success)
        #expect(report.diagnostics.filter { $0.severity != .note }.isEmpty, "\(report.diagnostics.filter { $0.severity != .note })")
        // What the policies declare and nothing collects is a note, to help trim the policy.
        #expect(report.diagnostics.contains { $0.id == .declaredNeverCollected })
    }

    @Test func recordAudioFailsTheCheckNamingOnlyIt() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let original = try String(contentsOfFile: Self.manifest, encoding: .utf8)
        let line = "    <uses-permission android:name=\"android.permission.RECORD_AUDIO\" />\n"
        let edited = original.replacingOccurrences(of: "    <uses-feature", with: line + "    <uses-feature")
        let path = try folder.write(edited, to: "AndroidManifest.xml")
        let report = Self.check(manifests: [path])
        #expect(report.exitCode == ExitStatus.checkFailed)
        let errors = report.diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 1)
        let error = try #require(errors.first)
        #expect(error.id == .undeclaredCollection)
        #expect(error.message.contains("android.permission.RECORD_AUDIO"))
        let expectedLine = edited.components(separatedBy: "\n").firstIndex { $0.contains("RECORD_AUDIO") }! + 1
        #expect(error.range.file == path && error.range.start.line == expectedLine)
    }

    @Test func anUndeclaredFieldPointsAtThePurposeItServes() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let path = try folder.write("fields:\n  face: {item: biometric.face, purpose: registration}\n", to: "fields.yaml")
        let report = Self.check(manifests: [], inventories: [path])
        let error = try #require(report.diagnostics.first { $0.id == .undeclaredCollection })
        #expect(error.notes.contains { $0.message.contains("1.Completing Registration") && $0.message.contains("sunmi-devices/policy.md:36:1") })
    }

    @Test func aFieldUsedForAnotherPurposeIsAnError() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let path = try folder.write("fields:\n  phone: {item: contact.phone, purpose: safety}\n", to: "fields.yaml")
        let report = Self.check(manifests: [], inventories: [path])
        let finding = try #require(report.diagnostics.first { $0.id == .undeclaredPurpose })
        #expect(finding.range.start.line == 2)
        #expect(finding.notes.contains { $0.message.contains("registration") && $0.message.contains("sim-card") })
        #expect(report.exitCode == ExitStatus.checkFailed)
    }

    @Test func sensitiveItemsNeedSeparateConsent() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        for name in ["policyc.yaml", "sunmi-devices/policy.md", "sunmi-device-operation-data/policy.md", "sunmi-intelligent-cameras/policy.md"] {
            try folder.write(try String(contentsOf: Paths.policies.appendingPathComponent(name), encoding: .utf8), to: "policies/" + name)
        }
        var vocabulary = try String(contentsOf: Paths.policies.appendingPathComponent("vocabulary.yaml"), encoding: .utf8)
        vocabulary = vocabulary.replacingOccurrences(of: "    label: mobile phone number\n    category: user.contact.phone_number\n    sensitive: false",
                                                     with: "    label: mobile phone number\n    category: user.contact.phone_number\n    sensitive: true")
        try folder.write(vocabulary, to: "policies/vocabulary.yaml")
        let report = Self.check(folder: folder.path + "/policies")
        let warning = try #require(report.diagnostics.first { $0.id == .sensitiveWithoutSeparateConsent })
        #expect(warning.severity == .warning)
        #expect(report.exitCode == ExitStatus.success, "a warning does not fail the check")
    }

    /// SARIF 2.1.0, validated against the OASIS schema shipped as test data.
    @Test func sarifValidatesAgainstTheSchema() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let original = try String(contentsOfFile: Self.manifest, encoding: .utf8)
        let manifest = try folder.write(original.replacingOccurrences(
            of: "    <uses-feature", with: "    <uses-permission android:name=\"android.permission.RECORD_AUDIO\" />\n    <uses-feature"), to: "app dir/AndroidManifest.xml")
        let report = Self.check(manifests: [manifest])
        let sarif = DiagnosticPrinter.render(report.diagnostics, format: .sarif)
        let path = try folder.write(sarif, to: "check.sarif")
        let (status, message) = try validateAgainstSchema(Paths.fixtures.appendingPathComponent("sarif-schema-2.1.0.json"), [path])
        #expect(status == 0, "SARIF validation failed:\n\(message)")
        // The one error is a result with its rule, level and the manifest line.
        let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let results = try #require(run["results"] as? [[String: Any]])
        let errorsOnly = results.filter { $0["level"] as? String == "error" }
        #expect(errorsOnly.count == 1)
        #expect(errorsOnly.first?["ruleId"] as? String == "PC5101")
        let location = (errorsOnly.first?["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]
        #expect(((location?["artifactLocation"] as? [String: Any])?["uri"] as? String)?.hasSuffix("app%20dir/AndroidManifest.xml") == true)
    }

    @Test func githubFormatEscapesAndPointsAtTheLine() {
        let diagnostic = Diagnostic(.undeclaredCollection, "collects 100%,\nnot declared", at: .point("app/Android:Manifest.xml", line: 7, column: 3),
                                    notes: ["a note"])
        let line = DiagnosticPrinter.render([diagnostic], format: .github)
        #expect(line == "::error file=app/Android%3AManifest.xml,line=7,col=3,title=PC5101 undeclaredCollection::collects 100%25,%0Anot declared%0Aa note\n")
    }

    // MARK: - Bad input

    func manifestDiagnostic(_ text: String) throws -> Diagnostic {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let path = try folder.write(text, to: "AndroidManifest.xml")
        let report = Self.check(manifests: [path], inventories: [])
        #expect(report.exitCode != ExitStatus.success)
        return try #require(report.diagnostics.first)
    }

    @Test func malformedXMLIsLocated() throws {
        let diagnostic = try manifestDiagnostic("<manifest xmlns:android=\"http://schemas.android.com/apk/res/android\">\n  <uses-permission android:name=\"x\">\n</manifest>\n")
        #expect(diagnostic.id == .malformedXML)
        #expect(diagnostic.range.start.line == 3)
    }

    @Test func anEntityBombIsRefusedUnexpanded() throws {
        var bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE manifest [\n <!ENTITY lol \"lol\">\n"
        for level in 1...9 { bomb += " <!ENTITY lol\(level) \"" + String(repeating: "&lol\(level == 1 ? "" : String(level - 1));", count: 10) + "\">\n" }
        bomb += "]>\n<manifest>&lol9;</manifest>\n"
        let diagnostic = try manifestDiagnostic(bomb)
        #expect(diagnostic.id == .xmlDeclarationRefused)
        #expect(diagnostic.range.start.line == 2)
    }

    @Test func externalEntitiesAreRefused() throws {
        let diagnostic = try manifestDiagnostic("<?xml version=\"1.0\"?>\n<!DOCTYPE m [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<manifest>&x;</manifest>\n")
        #expect(diagnostic.id == .xmlDeclarationRefused)
        #expect(!diagnostic.message.contains("root:"))
    }

    @Test func anotherXMLDocumentIsNotAManifest() throws {
        #expect(try manifestDiagnostic("<resources><string name=\"a\">b</string></resources>\n").id == .notAnAndroidManifest)
    }

    @Test func aHugeFileIsRefusedUnread() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let path = folder.path + "/AndroidManifest.xml"
        // A sparse file of 1 GiB: the size is refused before any byte is read.
        try writeSparseFile(at: path, bytes: 1 << 30)
        let report = Self.check(manifests: [path], inventories: [])
        #expect(report.diagnostics.map(\.id) == [.fileTooLarge])
        #expect(report.exitCode == ExitStatus.unreadableInput)
    }

    @Test func missingAndFolderInputsAreUnreadable() throws {
        let missing = Self.check(manifests: ["/nonexistent/AndroidManifest.xml"], inventories: [])
        #expect(missing.exitCode == ExitStatus.unreadableInput)
        let folder = Self.check(manifests: [Paths.repository.path], inventories: [])
        #expect(folder.diagnostics.map(\.id) == [.unreadableFile])
    }

    @Test func aMalformedInventoryIsLocated() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let path = try folder.write("fields:\n  a: [1, 2]\n", to: "fields.yaml")
        let report = Self.check(manifests: [], inventories: [path])
        let diagnostic = try #require(report.diagnostics.first)
        #expect(diagnostic.id == .malformedInventory)
        #expect(diagnostic.range.start.line == 2)
    }

    // MARK: - Source scans

    @Test func theExampleSourceTreePasses() {
        let report = Check(policyIDs: Self.policies, policiesFolder: Paths.policies.path, scans: [Self.example.path]).run()
        #expect(report.exitCode == ExitStatus.success)
        #expect(report.diagnostics.filter { $0.severity != .note }.isEmpty, "\(report.diagnostics.filter { $0.severity != .note })")
    }

    @Test func markersAndPatternsAreFoundAndExcludesHonoured() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        try folder.write("// policy-collects: audio.recording for safety\n", to: "src/Recorder.kt")
        try folder.write("x = 1\nTelemetry.track(\"biometric.face\", f)\n", to: "src/Face.kt")
        try folder.write("// policy-collects: location.precise\n", to: "build/Generated.kt")
        try folder.write("// policy-collects: calendar.events\n", to: "vendor/Lib.kt")
        try folder.write("vendor/\n", to: ".gitignore")
        var binary = Array("// policy-collects: media.images\n".utf8)
        binary.insert(0, at: 3)
        try Data(binary).write(to: folder.url.appendingPathComponent("src/blob.bin"))
        let scanned = SourceScanner(settings: ScanSettings(exclude: ["build/"], patterns: [.init(pattern: #"Telemetry\.track\("([a-z0-9_.-]+)""#, item: nil)]))
            .scan(folder.path)
        // Files are read in name order: Face.kt, then Recorder.kt.
        #expect(scanned.collected.map(\.item) == ["biometric.face", "audio.recording"])
        #expect(scanned.collected.last?.purpose == "safety")
        #expect(scanned.collected.first?.range.start.line == 2)
        #expect(scanned.binarySkipped == 1)
        #expect(scanned.problems.isEmpty)
    }

    @Test func anUndeclaredMarkerFailsTheCheckAtItsLine() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let path = try folder.write("fun record() {\n    // policy-collects: audio.recording\n}\n", to: "Recorder.kt")
        let report = Check(policyIDs: Self.policies, policiesFolder: Paths.policies.path, scans: [folder.path]).run()
        let error = try #require(report.diagnostics.first { $0.severity == .error })
        #expect(error.id == .undeclaredCollection)
        #expect(error.range.file == path && error.range.start.line == 2 && error.range.start.column == 8)
        #expect(report.exitCode == ExitStatus.checkFailed)
    }

    @Test func aSymbolicLinkLoopEndsWithADiagnostic() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        try folder.write("// nothing\n", to: "a/b/File.kt")
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/a/b/loop", withDestinationPath: folder.path + "/a")
        let scanned = SourceScanner(settings: ScanSettings()).scan(folder.path)
        #expect(scanned.problems.map(\.id) == [.scanProblem])
        #expect(scanned.problems.first?.message.contains("loop") == true)
        #expect(scanned.filesRead == 1)
    }

    @Test func aHugeFileInTheTreeIsReportedUnread() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        try writeSparseFile(at: folder.path + "/dump.sql", bytes: 1 << 30)
        let scanned = SourceScanner(settings: ScanSettings()).scan(folder.path)
        #expect(scanned.problems.map(\.id) == [.scanProblem])
        #expect(scanned.problems.first?.message.contains("1024 MiB") == true)
        #expect(scanned.filesRead == 0)
    }

    /// A folder the scan may not enter is reported and passed over; the rest of the tree is
    /// still checked. Root reads every folder, so as root the check runs as `nobody`.
    @Test(.enabled(if: getuid() != 0 || FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")))
    func anUnreadableFolderIsReportedAndPassedOver() throws {
        let folder = try TemporaryFolder()
        defer {
            chmod(folder.path + "/locked", 0o755)
            folder.cleanUp()
        }
        try folder.write("// policy-collects: contact.phone\n", to: "open/Login.kt")
        try folder.write("// policy-collects: audio.recording\n", to: "locked/Secret.kt")
        #expect(chmod(folder.path + "/locked", 0) == 0)
        let process = Process()
        let check = ["check", "--policies", Paths.policies.path, "--policy", "sunmi-devices", "--scan", folder.path, "--format", "json"]
        if getuid() == 0 {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", "--", CommandTests.executable.path] + check
        } else {
            process.executableURL = CommandTests.executable
            process.arguments = check
        }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        // The locked folder's undeclared item is not seen; the problem is said, not hidden.
        #expect(process.terminationStatus == ExitStatus.success, "\(text)")
        #expect(text.contains("PC5005") && text.contains("locked") && text.contains("cannot be read"), "\(text)")
        #expect(!text.contains("audio.recording"))
    }

    @Test func aMissingScanRootIsUnreadable() {
        let report = Check(policyIDs: Self.policies, policiesFolder: Paths.policies.path, scans: ["/nonexistent/tree"]).run()
        #expect(report.exitCode == ExitStatus.unreadableInput)
    }

    // MARK: - Regressions from review

    @Test func githubOutputNeverLetsACarriageReturnThrough() {
        let diagnostic = Diagnostic(.undeclaredCollection, "evil\r\n::warning file=x::injected", at: .point("a.kt", line: 1, column: 1))
        let line = DiagnosticPrinter.render([diagnostic], format: .github)
        #expect(!line.dropLast().contains("\n") && !line.contains("\r"))
        #expect(line.contains("evil%0D%0A::warning"))
    }

    @Test func hostileScanInputsNeitherCrashNorHangNorMiss() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        // Not UTF-8: markers are still found, patterns are not run.
        try Data([UInt8](repeating: 0xE9, count: 100) + Array(" Telemetry.track(\"a.b\")\n// policy-collects: c.d\n".utf8))
            .write(to: folder.url.appendingPathComponent("latin1.kt"))
        // A match that spans lines, and a literal prefix with a multi-byte character made optional.
        try folder.write("x\nTelemetry.track(\n    \"multi.line\")\nAnalytics.log(\"accent.item\")\n", to: "src/multi.kt")
        // CR LF .gitignore and ** patterns.
        try folder.write("gen/\r\nsecret.kt\r\na/**/b\r\n", to: ".gitignore")
        for name in ["gen/x.kt", "secret.kt", "a/b/y.kt", "a/x/y/b/z.kt"] { try folder.write("// policy-collects: ignored.item\n", to: name) }
        let settings = ScanSettings(patterns: [
            .init(pattern: #"Telemetry\.track\(\s*"([a-z.]+)""#, item: nil), .init(pattern: #"\nTelemetry\.never\("#, item: "x.y"),
            .init(pattern: #"Analyticsé?\.log\("([a-z.]+)""#, item: nil),
        ])
        let scanned = SourceScanner(settings: settings).scan(folder.path)
        #expect(Set(scanned.collected.compactMap(\.item)) == ["c.d", "multi.line", "accent.item"])
        #expect(scanned.collected.first { $0.item == "multi.line" }?.range.start.line == 2)
    }

    @Test func patternsMatchWhereTheirLiteralStandsAndMatchesNeverOverlap() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        // A call that does not match, a match that swallows a second call on its line, and
        // calls with text before them on the line.
        try folder.write("""
            Telemetry.track(name)
            Telemetry.track("a.b") then Telemetry.track("c.d")
            val x = 1; Telemetry.track("e.f")
            Telemetry.track("g.h")
            """, to: "src/calls.kt")
        let settings = ScanSettings(patterns: [.init(pattern: #"Telemetry\.track\("([a-z.]+)"[^\n]*"#, item: nil)])
        let scanned = SourceScanner(settings: settings).scan(folder.path)
        #expect(scanned.collected.map(\.item) == ["a.b", "e.f", "g.h"])
        #expect(scanned.collected.map(\.range.start.line) == [2, 3, 4])
        #expect(scanned.collected.map(\.range.start.column) == [1, 12, 1])
    }

    /// A literal after a marker on the same line, and patterns past the search's limit of
    /// literals, are still searched for.
    @Test func everyPatternIsSearchedWhereverItsLiteralStands() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        try folder.write("// policy-collects: device.model\nlog(); // policy-collects: contact.phone then Telemetry.track(\"network.ip-address\")\nCall20(\"x.y\")\n", to: "src/a.kt")
        var patterns: [ScanSettings.Pattern] = [.init(pattern: #"Telemetry\.track\("([a-z.-]+)""#, item: nil)]
        patterns += (1...20).map { .init(pattern: #"Call\#($0)\("([a-z.]+)""#, item: nil) }
        let scanned = SourceScanner(settings: ScanSettings(patterns: patterns)).scan(folder.path)
        #expect(scanned.collected.map(\.item) == ["device.model", "contact.phone", "network.ip-address", "x.y"])
        #expect(scanned.problems.isEmpty)
    }

    /// A pattern the regular-expression engine gives up on is reported, not passed in silence.
    @Test func aPatternCutShortIsReported() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        try folder.write(String(repeating: "a", count: 4 << 20), to: "big.txt")
        let scanned = SourceScanner(settings: ScanSettings(patterns: [.init(pattern: "(?:a|b)*c", item: "x.y")])).scan(folder.path)
        #expect(scanned.problems.map(\.id) == [.scanProblem])
        #expect(scanned.problems.first?.message.contains("could not be searched to the end") == true)
    }

    @Test func aLinkOutOfTheTreeIsNotFollowed() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        try folder.write("// nothing\n", to: "tree/File.kt")
        try folder.write("// policy-collects: outside.item\n", to: "outside/Other.kt")
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/tree/link", withDestinationPath: folder.path + "/outside")
        let scanned = SourceScanner(settings: ScanSettings()).scan(folder.path + "/tree")
        #expect(scanned.collected.isEmpty)
        #expect(scanned.problems.first?.message.contains("outside the scanned tree") == true)
    }

    @Test func aUTF16ManifestIsRefused() throws {
        let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<!DOCTYPE m [<!ENTITY p \"android.permission.RECORD_AUDIO\">]>\n<manifest/>\n"
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let path = folder.path + "/AndroidManifest.xml"
        try Data([0xFF, 0xFE] + Array(text.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }).write(to: URL(fileURLWithPath: path))
        let report = Self.check(manifests: [path], inventories: [])
        #expect(report.diagnostics.map(\.id) == [.malformedXML])
    }

    @Test func inventoryAliasesAreRefused() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let path = try folder.write("a0: &a0 [x, x]\na1: &a1 [*a0, *a0]\nfields:\n  k: contact.phone\n", to: "fields.yaml")
        let report = Self.check(manifests: [], inventories: [path])
        #expect(report.diagnostics.map(\.id) == [.malformedInventory])
        #expect(report.diagnostics.first?.range.start.line == 1)
    }

    @Test func anUnknownPolicyIsBadUsageAndEveryIdIsListed() throws {
        let report = Self.check(policies: ["no-such-policy"])
        #expect(report.exitCode == ExitStatus.usage)
        // The policies passed over by the selective compile are listed too.
        let ids = try #require(report.diagnostics.first?.notes.first)
        #expect(ids == "ids: sunmi-device-operation-data, sunmi-devices, sunmi-intelligent-cameras")
    }

    /// A project of the two named policies and the cameras policy, with an error in its Markdown.
    static func projectWithBrokenNeighbours() throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        for name in ["vocabulary.yaml", "policyc.yaml"] + policies.map({ "\($0)/policy.md" }) {
            try folder.write(try String(contentsOf: Paths.policies.appendingPathComponent(name), encoding: .utf8), to: name)
        }
        let cameras = try String(contentsOf: Paths.policies.appendingPathComponent("sunmi-intelligent-cameras/policy.md"), encoding: .utf8)
        try folder.write(cameras + "\nWe share [your face](item:no-such-item).\n", to: "sunmi-intelligent-cameras/policy.md")
        return folder
    }

    @Test func onlyTheNamedPoliciesAreCompiled() throws {
        let folder = try Self.projectWithBrokenNeighbours()
        defer { folder.cleanUp() }
        // The cameras policy's unknown item is an error of a build, not of this check.
        let report = Self.check(folder: folder.path)
        #expect(report.exitCode == ExitStatus.success, "\(report.diagnostics.filter { $0.severity == .error })")
        // Named, the broken policy is compiled and its error fails the check.
        let named = Self.check(policies: ["sunmi-intelligent-cameras"], folder: folder.path)
        #expect(named.exitCode == ExitStatus.checkFailed)
        #expect(named.diagnostics.contains { $0.id == .unknownVocabularyID })
        // A policy whose front matter cannot be read may be any policy: it is compiled, and
        // its error fails the check.
        try folder.write("---\nid: stray\ntitle: unclosed\n", to: "stray/policy.md")
        let unreadable = Self.check(folder: folder.path)
        #expect(unreadable.exitCode == ExitStatus.checkFailed)
        #expect(unreadable.diagnostics.contains { $0.id == .malformedFrontMatter })
    }
}
