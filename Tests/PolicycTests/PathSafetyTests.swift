import Foundation
import PolicyCommandLine
import PolicyMarkup
import Testing

/// Paths are data, never trusted: an id or version from a source or the archive index cannot
/// name a file outside its folder, a too-long one is a located error, and no symbolic link inside
/// output/ or archive/ is followed (output/ itself may be one).
@Suite struct PathSafetyTests {
    /// Files below `folder`, relative.
    func files(in folder: String) -> Set<String> {
        Set(FileManager.default.enumerator(atPath: folder)?.allObjects.compactMap { $0 as? String } ?? [])
    }

    // MARK: - Ids and versions

    @Test(arguments: [("version", "../../../../../../escape-demo/evil.sh"), ("id", "../../../../../../escape-demo")])
    func anIndexThatClimbsOutIsRefusedAndNothingIsWritten(field: String, value: String) throws {
        let project = try ReleaseTests.Workspace(committedArchive: true)
        defer { project.folder.cleanUp() }
        try project.editFile(project.indexPath) { $0.replacingOccurrences(of: "\"\(field)\": \"sunmi-devices\"", with: "\"\(field)\": \"\(value)\"")
            .replacingOccurrences(of: "\"\(field)\": \"2020-03-03.2\"", with: "\"\(field)\": \"\(value)\"") }
        let report = project.build()
        #expect(report.exitCode == ExitStatus.checkFailed)
        let refusal = try #require(report.diagnostics.first { $0.id == .malformedArchiveIndex }, "\(report.diagnostics)")
        #expect(refusal.range.file == project.indexPath && refusal.range.start.line > 1)
        #expect(refusal.message.contains("'\(value)' cannot be"))
        #expect(!FileManager.default.fileExists(atPath: project.output))
        #expect(Archive(folder: project.archive).verify().map(\.id).contains(.malformedArchiveIndex))
    }

    @Test(arguments: [
        ("id: sunmi-devices", "id: ../../escape", "'../../escape' cannot be a policy id"),
        ("version: 2020-03-03.2", "version: ../../escape", "'../../escape' cannot be a version"),
        ("id: sunmi-devices", "id: " + String(repeating: "a", count: 5000), "this id is 5000 characters long; a policy id has at most 100"),
        ("version: 2020-03-03.2", "version: " + String(repeating: "1", count: 300), "this version is 300 characters long"),
    ])
    func aSourceIDOrVersionThatCannotNameAFileIsALocatedError(original: String, replacement: String, message: String) throws {
        let project = try ReleaseTests.Workspace(committedArchive: true)
        defer { project.folder.cleanUp() }
        try project.edit { $0.replacingOccurrences(of: original, with: replacement) }
        let report = project.build()
        #expect(report.exitCode == ExitStatus.checkFailed, "never 70 (File name too long)")
        let error = try #require(report.diagnostics.first { $0.id == .invalidMetadataValue }, "\(report.diagnostics)")
        #expect(error.message.contains(message))
        #expect(error.range.file.hasSuffix("sunmi-devices/policy.md") && error.range.start.line > 1 && error.range.start.column > 1)
        #expect(!FileManager.default.fileExists(atPath: project.output))
    }

    @Test func aFileNameTooLongForAnIDIsALocatedError() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let source = try folder.write("# Privacy\n\nWe collect nothing.\n", to: "plain/" + String(repeating: "p", count: 150) + ".md")
        let report = Build(paths: [folder.path + "/plain"], outputFolder: folder.path + "/output").run()
        #expect(report.exitCode == ExitStatus.checkFailed)
        let error = try #require(report.diagnostics.first { $0.id == .invalidMetadataValue })
        #expect(error.range.file == source && error.message.contains("150 characters"))
    }

    // MARK: - Symbolic links in output/

    @Test func aLinkInsideOutputIsRefusedAndNotFollowed() throws {
        let project = try ReleaseTests.Workspace(committedArchive: true)
        defer { project.folder.cleanUp() }
        #expect(project.build().exitCode == 0)
        let outside = try project.folder.write("mine", to: "outside/keep.txt")
        let notices = project.output + "/notices/sunmi-devices"
        try FileManager.default.removeItem(atPath: notices)
        try FileManager.default.createSymbolicLink(atPath: notices, withDestinationPath: project.folder.path + "/outside")
        let report = project.build()
        #expect(report.exitCode == ExitStatus.checkFailed)
        let refusal = try #require(report.diagnostics.first { $0.id == .unsafePath }, "\(report.diagnostics)")
        #expect(refusal.message.contains("symbolic link") && refusal.range.file.hasPrefix(notices))
        #expect(files(in: project.folder.path + "/outside") == ["keep.txt"])
        #expect(try String(contentsOfFile: outside, encoding: .utf8) == "mine")
    }

    @Test func aStaleLinkInsideOutputIsRefusedNotRemovedOrFollowed() throws {
        let project = try ReleaseTests.Workspace(committedArchive: true)
        defer { project.folder.cleanUp() }
        #expect(project.build().exitCode == 0)
        try project.folder.write("mine", to: "outside/keep.txt")
        let link = project.output + "/manifests/old"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: project.folder.path + "/outside")
        let report = project.build()
        #expect(report.exitCode == ExitStatus.checkFailed)
        #expect(report.diagnostics.contains { $0.id == .unsafePath && $0.range.file == link })
        #expect(files(in: project.folder.path + "/outside") == ["keep.txt"])
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link)) != nil)
    }

    @Test func theOutputFolderItselfMayBeALink() throws {
        let project = try ReleaseTests.Workspace(committedArchive: true)
        defer { project.folder.cleanUp() }
        let real = project.folder.path + "/site"
        try FileManager.default.createDirectory(atPath: real, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: project.output, withDestinationPath: real)
        let report = project.build()
        #expect(report.exitCode == 0, "\(report.diagnostics)")
        #expect(files(in: real).contains("manifests/sunmi-devices.json"))
        #expect(project.build(output: project.output + "/").written == 0)
    }

    // MARK: - Symbolic links in archive/

    @Test func aBuildDoesNotPublishAnArchivedPageThroughALink() throws {
        let project = try ReleaseTests.Workspace(committedArchive: true)
        defer { project.folder.cleanUp() }
        let digest = try #require(try Archive(folder: project.archive).releases().get()[0].files["policy.html"])
        let object = project.archive + "/objects/" + digest.prefix(2) + "/" + digest
        try FileManager.default.moveItem(atPath: object, toPath: project.folder.path + "/page")
        try FileManager.default.createSymbolicLink(atPath: object, withDestinationPath: project.folder.path + "/page")
        let report = project.build()
        #expect(report.exitCode == ExitStatus.checkFailed)
        #expect(report.diagnostics.contains { $0.id == .unsafePath && $0.range.file == object })
    }

    @Test func aReleaseWritesNoObjectThroughALinkedObjectFolder() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let bytes = Array("the released text".utf8)
        let digest = Archive.digest(bytes)
        let archive = Archive(folder: folder.path + "/archive")
        try FileManager.default.createDirectory(atPath: archive.folder + "/objects", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folder.path + "/outside", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: archive.folder + "/objects/" + digest.prefix(2), withDestinationPath: folder.path + "/outside")
        let release = Archive.Release(id: "p", version: "1", title: "P", released: "2026-01-01", source: "p/policy.md",
                                      change: "first", files: ["source.md": digest])
        #expect(throws: OutputWriter.WriteError.self) { try archive.add(release, files: [("source.md", bytes)], to: []) }
        #expect(files(in: folder.path + "/outside").isEmpty)
        #expect(!FileManager.default.fileExists(atPath: archive.indexPath))
        #expect(archive.verify().contains { $0.id == .unsafePath })
    }

    // MARK: - Releasing into the chain

    @Test func aReleaseIsChainedAndRefusedOnATamperedArchive() throws {
        let workspace = try ReleaseTests.Workspace()
        defer { workspace.folder.cleanUp() }
        let first = try #require(workspace.release().released)
        let second = try #require(workspace.release("sunmi-intelligent-cameras").released)
        #expect(first.previousRecord == nil && second.previousRecord == first.record)
        let archive = Archive(folder: workspace.archive)
        #expect(archive.verify().isEmpty)
        #expect(String(decoding: try workspace.index, as: UTF8.self).contains("\"head\": \"\(second.record!)\""))
        // A title edited by hand: the next release is refused, and says why.
        let index = workspace.archive + "/index.json"
        try Data(String(decoding: try workspace.index, as: UTF8.self)
            .replacingOccurrences(of: "Privacy Policy of SUNMI Devices", with: "Privacy Policy").utf8).write(to: URL(fileURLWithPath: index))
        let refused = workspace.release("sunmi-device-operation-data")
        #expect(refused.released == nil && refused.exitCode == ExitStatus.checkFailed)
        #expect(refused.diagnostics.contains { $0.id == .archiveRecordChanged && $0.range.file == index })
    }

    @Test func migrationChainsTheOldIndexIntoTheCommittedOne() throws {
        let project = try ReleaseTests.Workspace(committedArchive: true)
        defer { project.folder.cleanUp() }
        let committed = try Data(contentsOf: URL(fileURLWithPath: project.indexPath))
        var root = try #require(try JSONSerialization.jsonObject(with: committed) as? [String: Any])
        root["schemaVersion"] = 1
        root["head"] = nil
        root["releases"] = (root["releases"] as! [[String: Any]]).map { $0.filter { $0.key != "record" && $0.key != "previousRecord" } }
        try JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys]).write(to: URL(fileURLWithPath: project.indexPath))
        let archive = Archive(folder: project.archive)
        #expect(archive.verify().map(\.id) == [.archiveNotChained])
        #expect(archive.migrate().chained == 6)
        // The same records, the same chain: byte for byte what the repository holds.
        #expect(try Data(contentsOf: URL(fileURLWithPath: project.indexPath)) == committed)
        #expect(archive.migrate().chained == 0)
    }
}

private extension ReleaseTests.Workspace {
    var indexPath: String { archive + "/index.json" }

    func build(output: String? = nil) -> Build.Report {
        Build(paths: [policies], outputFolder: output ?? self.output, templatesFolder: folder.path + "/templates").run()
    }

    func editFile(_ path: String, _ change: (String) -> String) throws {
        try Data(change(try String(contentsOfFile: path, encoding: .utf8)).utf8).write(to: URL(fileURLWithPath: path))
    }
}
