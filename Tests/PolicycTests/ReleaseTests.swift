import Foundation
import PolicyCommandLine
import PolicyMarkup
import Testing

/// `policyc release` and `policyc verify` on a copy of the project: the archive grows by
/// releases only, refuses a major change without its notice, and notices any tampering.
@Suite struct ReleaseTests {
    /// A copy of policies/ and templates/ with an empty archive beside them.
    struct Workspace {
        let folder: TemporaryFolder
        var policies: String { folder.path + "/policies" }
        var archive: String { folder.path + "/archive" }
        var output: String { folder.path + "/output" }

        init() throws {
            folder = try TemporaryFolder()
            for name in ["policies", "templates"] {
                try FileManager.default.copyItem(at: Paths.repository.appendingPathComponent(name), to: folder.url.appendingPathComponent(name))
            }
        }

        func release(_ id: String = "sunmi-devices", dryRun: Bool = false) -> Release.Report {
            Release(id: id, policiesFolder: policies, archiveFolder: archive, templatesFolder: folder.path + "/templates",
                    outputFolder: output, date: "2026-11-25", dryRun: dryRun).run()
        }

        func edit(_ id: String = "sunmi-devices", _ change: (String) -> String) throws {
            let path = policies + "/\(id)/policy.md"
            try Data(change(try String(contentsOfFile: path, encoding: .utf8)).utf8).write(to: URL(fileURLWithPath: path))
        }
    }

    @Test func firstReleaseArchivesEveryOutputAndVerifies() throws {
        let workspace = try Workspace()
        defer { workspace.folder.cleanUp() }
        let report = workspace.release()
        let released = try #require(report.released, "\(report.diagnostics.map(\.description))")
        #expect(released.change == "first")
        #expect(Set(released.files.keys).isSuperset(of: ["source.md", "manifest.json", "policy.html", "notices/handheld.txt"]))
        // The archived source is the source, byte for byte, under its digest.
        let archive = Archive(folder: workspace.archive)
        let source = try #require(archive.contents(of: released.files["source.md"]!))
        #expect(source == [UInt8](try Data(contentsOf: URL(fileURLWithPath: workspace.policies + "/sunmi-devices/policy.md"))))
        #expect(archive.verify().isEmpty)
    }

    @Test func aReleasedVersionIsNeverReleasedAgain() throws {
        let workspace = try Workspace()
        defer { workspace.folder.cleanUp() }
        _ = workspace.release()
        let index = try Data(contentsOf: URL(fileURLWithPath: workspace.archive + "/index.json"))
        let again = workspace.release()
        #expect(again.released == nil)
        #expect(again.diagnostics.map(\.id).contains(.versionAlreadyReleased))
        #expect(again.exitCode == ExitStatus.checkFailed)
        #expect(try Data(contentsOf: URL(fileURLWithPath: workspace.archive + "/index.json")) == index, "the index was rewritten")
    }

    @Test func aMajorChangeNeedsItsNoticeOnEveryPromisedChannel() throws {
        let workspace = try Workspace()
        defer { workspace.folder.cleanUp() }
        _ = workspace.release()
        try workspace.edit { $0.replacingOccurrences(of: "400-6666-509", with: "400-6666-510").replacingOccurrences(of: "version: 2020-03-03.2", with: "version: 2020-06-01") }
        let refused = workspace.release()
        #expect(refused.released == nil)
        #expect(refused.diagnostics.contains { $0.id == .majorChangeWithoutNotice && $0.message.contains("declares no notice") })

        try workspace.edit { $0.replacingOccurrences(of: "version: 2020-06-01", with: "version: 2020-06-01\nnotice:\n  channels: [e-mail]\n  text: \"Our hotline is now 400-6666-510.\"") }
        let partial = workspace.release()
        #expect(partial.released == nil)
        #expect(partial.diagnostics.contains { $0.id == .majorChangeWithoutNotice && $0.message.contains("short-message") })

        try workspace.edit { $0.replacingOccurrences(of: "channels: [e-mail]", with: "channels: [e-mail, short-message, special-tip-on-the-browsing-page]") }
        let released = try #require(workspace.release().released)
        #expect(released.change == "major")
        #expect(released.files["notice/full.txt"] != nil)
        #expect(released.files["notice/profiles/handheld.txt"] != nil)
        let changes = try Data(contentsOf: URL(fileURLWithPath: workspace.output + "/changes/sunmi-devices/2020-03-03.2..2020-06-01.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: changes) as? [String: Any])
        #expect(json["askAgain"] as? Bool == true)
        #expect(json["verdict"] as? String == "major")
        // The handheld notice fits its screen.
        let archive = Archive(folder: workspace.archive)
        let handheld = String(decoding: try #require(archive.contents(of: released.files["notice/profiles/handheld.txt"]!)), as: UTF8.self)
        #expect(handheld.split(separator: "\n", omittingEmptySubsequences: false).dropLast().count <= 16)
        #expect(handheld.split(separator: "\n").allSatisfy { $0.count <= 40 })
    }

    /// What the legal team runs first: the changes since the last release and the gate's
    /// answer, with nothing archived or written.
    @Test func aDryRunComparesAndGatesButWritesNothing() throws {
        let workspace = try Workspace()
        defer { workspace.folder.cleanUp() }
        _ = workspace.release()
        let index = try Data(contentsOf: URL(fileURLWithPath: workspace.archive + "/index.json"))
        try workspace.edit { $0.replacingOccurrences(of: "400-6666-509", with: "400-6666-510").replacingOccurrences(of: "version: 2020-03-03.2", with: "version: 2020-06-01") }
        let refused = workspace.release(dryRun: true)
        #expect(refused.exitCode == ExitStatus.checkFailed)
        #expect(refused.diagnostics.contains { $0.id == .majorChangeWithoutNotice })
        try workspace.edit { $0.replacingOccurrences(of: "400-6666-510", with: "400-6666-509").replacingOccurrences(of: "collect your mobile", with: "collect  your mobile") }
        let passing = workspace.release(dryRun: true)
        #expect(passing.exitCode == ExitStatus.success, "\(passing.diagnostics)")
        #expect(passing.released == nil)
        #expect(passing.diff?.verdict != .major)
        #expect(try Data(contentsOf: URL(fileURLWithPath: workspace.archive + "/index.json")) == index, "a dry run archived something")
        #expect(!FileManager.default.fileExists(atPath: workspace.output + "/changes"))
    }

    @Test func aMinorChangeIsReleasedWithoutNotice() throws {
        let workspace = try Workspace()
        defer { workspace.folder.cleanUp() }
        _ = workspace.release("sunmi-intelligent-cameras")
        try workspace.edit("sunmi-intelligent-cameras") {
            $0.replacingOccurrences(of: "robbery prevention", with: "Robbery prevention").replacingOccurrences(of: "version: 2020-03-03.2", with: "version: 2020-03-03.3")
        }
        let released = try #require(workspace.release("sunmi-intelligent-cameras").released)
        #expect(released.change == "minor")
        #expect(released.previousVersion == "2020-03-03.2")
        #expect(released.files["redline.html"] != nil)
    }

    @Test func verifyFindsChangedMissingAndExtraFiles() throws {
        let workspace = try Workspace()
        defer { workspace.folder.cleanUp() }
        let released = try #require(workspace.release().released)
        let archive = Archive(folder: workspace.archive)
        let manifest = workspace.archive + "/objects/" + released.files["manifest.json"]!.prefix(2) + "/" + released.files["manifest.json"]!
        let page = workspace.archive + "/objects/" + released.files["policy.html"]!.prefix(2) + "/" + released.files["policy.html"]!
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: manifest))
        handle.seekToEndOfFile()
        handle.write(Data(" ".utf8))
        try handle.close()
        try FileManager.default.removeItem(atPath: page)
        try Data("stray".utf8).write(to: URL(fileURLWithPath: workspace.archive + "/objects/stray"))
        let found = archive.verify()
        #expect(found.map(\.id).sorted { $0.code < $1.code } == [.archiveFileChanged, .archiveFileMissing, .archiveFileUnexpected])
        #expect(found.allSatisfy { $0.severity == .error })
    }

    @Test func oneReleaseAtATimeAndNeverAgainstAStaleIndex() throws {
        let workspace = try Workspace()
        defer { workspace.folder.cleanUp() }
        let first = try #require(workspace.release().released)
        let archive = Archive(folder: workspace.archive)
        // Another release holds the lock.
        FileManager.default.createFile(atPath: archive.lockPath, contents: nil)
        let locked = workspace.release("sunmi-intelligent-cameras")
        #expect(locked.released == nil)
        #expect(locked.diagnostics.contains { $0.message.contains("another release is running") })
        #expect(archive.verify().map(\.severity) == [.warning])
        try FileManager.default.removeItem(atPath: archive.lockPath)
        // A release prepared against an index that has since changed is refused, and adds nothing.
        var stale = first
        stale.version = "0"
        #expect(throws: OutputWriter.WriteError.self) {
            try archive.add(stale, files: [("source.md", Array("x".utf8))], to: [])
        }
        #expect(try archive.releases().get() == [first])
        #expect(archive.verify().isEmpty)
    }

    @Test func aMalformedIndexIsReported() throws {
        let workspace = try Workspace()
        defer { workspace.folder.cleanUp() }
        try FileManager.default.createDirectory(atPath: workspace.archive, withIntermediateDirectories: true)
        try Data("{\"releases\": 3}".utf8).write(to: URL(fileURLWithPath: workspace.archive + "/index.json"))
        #expect(Archive(folder: workspace.archive).verify().map(\.id) == [.malformedArchiveIndex])
        #expect(workspace.release().diagnostics.map(\.id).contains(.malformedArchiveIndex))
    }
}
