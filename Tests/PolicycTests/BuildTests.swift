import Foundation
import PolicyCommandLine
import PolicyMarkup
import Testing

/// The build job: exit codes, atomic output, determinism, and the committed output/.
@Suite struct BuildTests {
    func files(in folder: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        let enumerator = try #require(FileManager.default.enumerator(atPath: folder.path))
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let path = folder.appendingPathComponent(relative).path
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                result[relative] = FileManager.default.contents(atPath: path)
            }
        }
        return result
    }

    @Test func committedOutputIsWhatTheBuildProduces() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let report = Build(paths: [Paths.policies.path], outputFolder: folder.path).run()
        #expect(report.exitCode == 0)
        let built = try files(in: folder.url)
        // output/changes/ is written by `policyc release`, not by the build.
        let committed = try files(in: Paths.output).filter { !$0.key.hasPrefix(".") && !$0.key.hasPrefix("changes/") }
        #expect(built.keys.sorted() == committed.keys.sorted(), "output/ is stale: run `swift run policyc build` and commit output/")
        for (name, data) in built {
            #expect(committed[name] == data, "output/\(name) is stale: run `swift run policyc build` and commit output/")
        }
    }

    @Test func twoBuildsAreByteIdenticalAndTheSecondRewritesNothing() throws {
        let first = try TemporaryFolder()
        defer { first.cleanUp() }
        let second = try TemporaryFolder()
        defer { second.cleanUp() }
        let report = Build(paths: [Paths.policies.path], outputFolder: first.path).run()
        // Per policy: a manifest, a page, and a full and a short notice for each of 4 profiles;
        // the index and the stylesheet; per release its archived page, and its redline if it has
        // a previous version.
        let releases = try PolicyCommandLine.Archive(folder: Paths.archive.path).releases().get()
        let archivedPages = releases.count + releases.filter { $0.previousVersion != nil }.count
        #expect(archivedPages == 9)
        #expect(report.written == 3 * (1 + 1 + 4 * 2) + 2 + archivedPages)
        #expect(Build(paths: [Paths.policies.path], outputFolder: second.path).run().exitCode == 0)
        #expect(try files(in: first.url) == files(in: second.url), "two builds must be byte-identical")

        let outputs = try files(in: first.url).keys.map { first.url.appendingPathComponent($0).path }
        func modificationTimes() throws -> [String: Date] {
            try Dictionary(uniqueKeysWithValues: outputs.map { ($0, try FileManager.default.attributesOfItem(atPath: $0)[.modificationDate] as! Date) })
        }
        let before = try modificationTimes()
        let again = Build(paths: [Paths.policies.path], outputFolder: first.path).run()
        #expect(again.written == 0)
        #expect(again.unchanged == report.written)
        #expect(try modificationTimes() == before, "an unchanged output must not be rewritten")
    }

    @Test func aFailedBuildLeavesThePreviousOutputUntouched() throws {
        let project = try TemporaryFolder()
        let output = try TemporaryFolder()
        defer { project.cleanUp(); output.cleanUp() }
        try project.write(DiagnosticTests.vocabulary, to: "vocabulary.yaml")
        try project.write(DiagnosticTests.validFrontMatter + "\n# Sample Policy\n", to: "sample/policy.md")
        #expect(Build(paths: [project.path], outputFolder: output.path).run().exitCode == 0)
        let good = try files(in: output.url)
        #expect(good.keys.contains("manifests/sample.json"))

        try project.write("---\nid: sample\ntitle: [broken\n---\n# Sample Policy\n", to: "sample/policy.md")
        try project.write(DiagnosticTests.validFrontMatter.replacingOccurrences(of: "id: sample", with: "id: other") + "\n# Other\n", to: "other/policy.md")
        let report = Build(paths: [project.path], outputFolder: output.path).run()
        #expect(report.exitCode == 1)
        #expect(try files(in: output.url) == good, "nothing may be written when any policy fails")
    }

    @Test func aFailedFirstBuildCreatesNoFolders() throws {
        let project = try TemporaryFolder()
        defer { project.cleanUp() }
        try project.write(DiagnosticTests.vocabulary, to: "vocabulary.yaml")
        try project.write(DiagnosticTests.validFrontMatter + "\n# Sample Policy\n", to: "good/policy.md")
        try project.write("# No front matter\n", to: "bad/policy.md")
        let output = project.url.appendingPathComponent("fresh/out").path
        #expect(Build(paths: [project.path], outputFolder: output).run().exitCode == 1)
        #expect(!FileManager.default.fileExists(atPath: project.url.appendingPathComponent("fresh").path))
    }

    @Test func aRemovedPolicyLosesItsManifest() throws {
        let project = try TemporaryFolder()
        let output = try TemporaryFolder()
        defer { project.cleanUp(); output.cleanUp() }
        try project.write(DiagnosticTests.vocabulary, to: "vocabulary.yaml")
        try project.write(DiagnosticTests.validFrontMatter + "\n# Sample Policy\n", to: "sample/policy.md")
        try project.write(DiagnosticTests.validFrontMatter.replacingOccurrences(of: "id: sample", with: "id: other") + "\n# Sample Policy\n", to: "other/policy.md")
        // Two manifests, two pages, the index and the stylesheet; no policyc.yaml, so no notices.
        #expect(Build(paths: [project.path], outputFolder: output.path).run().written == 6)
        try FileManager.default.removeItem(at: project.url.appendingPathComponent("other"))
        let report = Build(paths: [project.path], outputFolder: output.path).run()
        #expect(report.removed == 2)
        #expect(try files(in: output.url).keys.sorted() == ["html/index.html", "html/policy.css", "html/sample.html", "manifests/sample.json"],
                "no stale output and no temporary file is left")
    }

    @Test func exitCodes() throws {
        #expect(Build(paths: ["/nonexistent"], outputFolder: "/tmp/unused").run().exitCode == 66)
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        try folder.write("# Plain\n\nSome text.\n", to: "plain.md")
        let output = folder.url.appendingPathComponent("out").path
        #expect(Build(paths: [folder.path], outputFolder: output).run().exitCode == 0)
        #expect(FileManager.default.fileExists(atPath: output + "/manifests/plain.json"))
    }

    @Test func manifestsValidateAgainstTheSchema() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        _ = Build(paths: [Paths.policies.path], outputFolder: folder.path + "/seed").run()
        _ = Build(paths: [Paths.corpus.path], outputFolder: folder.path + "/corpus").run()
        let manifests = try files(in: folder.url).keys.filter { $0.hasSuffix(".json") }.map { folder.url.appendingPathComponent($0).path }
        #expect(manifests.count == 3 + 320)
        let (status, message) = try validateAgainstSchema(Paths.schemas.appendingPathComponent("policy-manifest.schema.json"), manifests.sorted())
        #expect(status == 0, "schema validation failed:\n\(message)")
    }
}
