import Foundation
import PolicyCommandLine
import PolicyMarkup
import Testing

/// Each error a user can make gets a located diagnostic with its code, and a failed build
/// writes nothing.
@Suite struct DiagnosticTests {
    static let vocabulary = """
        items:
          contact.phone:
            label: mobile phone number
            category: user.contact.phone_number
            sensitive: false
        recipients:
          device-agent:
            label: Device Agent
        regions:
          CN:
            label: China
        terms: {}
        contacts:
          hotline:
            kind: phone
            value: 400-6666-509
        """

    static let validFrontMatter = """
        ---
        id: sample
        title: Sample Policy
        controller: Example Co., Ltd.
        version: 2020-03-03
        effective: 2020-03-03
        ---
        """

    /// Compiles one annotated policy in a fresh project and returns its diagnostics.
    func diagnose(_ policy: String, vocabulary: String = DiagnosticTests.vocabulary) throws -> [Diagnostic] {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        try folder.write(vocabulary, to: "vocabulary.yaml")
        try folder.write(policy, to: "sample/policy.md")
        var compiler = Compiler()
        return compiler.compile([folder.path]).diagnostics
    }

    /// Compiles one plain Markdown file (no vocabulary) and returns its diagnostics.
    func diagnosePlainMarkdown(_ source: String) throws -> [Diagnostic] {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        try folder.write(source, to: "plain.md")
        var compiler = Compiler()
        return compiler.compile([folder.path]).diagnostics
    }

    func only(_ diagnostics: [Diagnostic], _ id: DiagnosticID) throws -> Diagnostic {
        let matching = diagnostics.filter { $0.id == id }
        #expect(matching.count == 1, "expected one \(id.code), got \(diagnostics.map(\.description))")
        return try #require(matching.first)
    }

    @Test func aValidPolicyHasNoDiagnostics() throws {
        let diagnostics = try diagnose(Self.validFrontMatter + "\n# Sample Policy\n\n## Collection {#collection kind=collection}\n\n### 1.Login {#login purpose required}\n\nWe collect your [mobile phone number](item:contact.phone).\n")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
    }

    @Test func missingFrontMatter() throws {
        let diagnostic = try only(try diagnose("# Sample Policy\n\nText.\n"), .missingFrontMatter)
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.range.start == SourceLocation(line: 1, column: 1))
        #expect(diagnostic.description.hasSuffix("[PC1001]"))
    }

    @Test func malformedFrontMatterIsPlacedInsideTheYAML() throws {
        let diagnostic = try only(try diagnose("---\nid: sample\ntitle: [unclosed\nversion: 1\n---\n\n# Sample\n"), .malformedFrontMatter)
        #expect(diagnostic.range.start.line >= 3, "points into the YAML, not at line 1: \(diagnostic)")
        #expect(diagnostic.range.file.hasSuffix("sample/policy.md"))
    }

    @Test func unclosedFrontMatter() throws {
        _ = try only(try diagnose("---\nid: sample\n\n# Sample\n"), .malformedFrontMatter)
    }

    @Test func missingFieldAndBadDate() throws {
        let diagnostics = try diagnose("---\nid: sample\ntitle: Sample\ncontroller: X\nversion: 1\neffective: March 3, 2020\n---\n\n# Sample\n")
        let badDate = try only(diagnostics, .invalidMetadataValue)
        #expect(badDate.range.start == SourceLocation(line: 6, column: 12))
        #expect(badDate.message.contains("YYYY-MM-DD"))
        let missing = try only(diagnostics, .missingMetadataField)
        #expect(missing.message.contains("'effective'"))
    }

    @Test(arguments: ["../../escape", "/etc/passwd", "Upper", "a//b", ".hidden"])
    func idsThatCouldEscapeTheOutputFolderAreRefused(id: String) throws {
        let diagnostics = try diagnose(Self.validFrontMatter.replacingOccurrences(of: "id: sample", with: "id: \"\(id)\"") + "\n# Sample Policy\n")
        let diagnostic = try only(diagnostics, .invalidMetadataValue)
        #expect(diagnostic.range.start.line == 2)
    }

    @Test func unknownAnnotationScheme() throws {
        let diagnostic = try only(try diagnose(Self.validFrontMatter + "\n# Sample Policy\n\nWe collect [your phone](iten:contact.phone).\n"), .unknownAnnotationScheme)
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.range.start == SourceLocation(line: 10, column: 12))
        #expect(diagnostic.notes.contains("did you mean 'item:'?"))
    }

    @Test func unknownVocabularyIDSuggestsTheNearest() throws {
        let diagnostic = try only(try diagnose(Self.validFrontMatter + "\n# Sample Policy\n\nWe collect [your phone](item:contact.phome).\n"), .unknownVocabularyID)
        #expect(diagnostic.fixIt?.replacement == "contact.phone")
        #expect(diagnostic.notes.first == "did you mean 'contact.phone'?")
        #expect(diagnostic.message.contains("'contact.phome'"))
    }

    /// Applies single-line fix-its to a source, right to left so earlier ranges stay valid.
    func apply(_ fixIts: [FixIt], to source: String) -> String {
        var lines = source.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.utf8) }
        for fixIt in fixIts.sorted(by: { $0.range.start > $1.range.start }) {
            let line = fixIt.range.start.line - 1
            lines[line].replaceSubrange((fixIt.range.start.column - 1)..<(fixIt.range.end.column - 1), with: Array(fixIt.replacement.utf8))
        }
        return lines.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n")
    }

    @Test func fixItsRepairTheAnnotationAndKeepTheWords() throws {
        let broken = Self.validFrontMatter + """

            # Sample Policy

            ## Collection {#collection kind=colection}

            ### 1.Login {#login purpose required}

            We collect your [mobile *phone* number](iten:contact.phone) and [mobile number](item:contact.phome).
            """
        let diagnostics = try diagnose(broken)
        // Two broken annotations, a broken kind, and so a purpose left without items.
        #expect(diagnostics.map(\.id) == [.unknownSectionKind, .purposeWithoutDataItems, .unknownAnnotationScheme, .unknownVocabularyID],
                "\(diagnostics.map(\.description))")
        let fixed = apply(diagnostics.compactMap(\.fixIt), to: broken)
        #expect(fixed.contains("{#collection kind=collection}"))
        #expect(fixed.contains("[mobile *phone* number](item:contact.phone) and [mobile number](item:contact.phone)"))
        #expect(try diagnose(fixed).isEmpty)
    }

    /// `[words] (item:…)` is no link: Markdown would publish the brackets and the id as text.
    @Test func aBrokenAnnotationIsAnErrorWithAFixIt() throws {
        let broken = Self.validFrontMatter + """

            # Sample Policy

            ## Collection {#collection kind=collection}

            ### 1.Login {#login purpose required}

            We collect your [mobile phone number] (item:contact.phone).
            """
        let diagnostics = try diagnose(broken)
        let diagnostic = try only(diagnostics, .brokenAnnotation)
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.message == "'[mobile phone number] (item:contact.phone)' is published as written, not read as an annotation: a link has no white space between ']' and '(' or in its target")
        #expect(diagnostic.range == SourceRange(file: diagnostic.range.file, start: SourceLocation(line: 14, column: 17), end: SourceLocation(line: 14, column: 59)))
        #expect(diagnostic.fixIt == FixIt(range: SourceRange(file: diagnostic.range.file, start: SourceLocation(line: 14, column: 38), end: SourceLocation(line: 14, column: 39)), replacement: ""))
        let fixed = apply(diagnostics.compactMap(\.fixIt), to: broken)
        #expect(fixed.contains("We collect your [mobile phone number](item:contact.phone)."))
        #expect(try diagnose(fixed).isEmpty)
    }

    /// A space after the colon breaks the link too; plain Markdown gets a warning, as it has no vocabulary
    /// to say the brackets were meant as an annotation.
    @Test func aSpaceInTheTargetIsABrokenAnnotationAndPlainMarkdownIsWarned() throws {
        let diagnostics = try diagnosePlainMarkdown("# Plain\n\nWe keep your [address](region: CN) and [notes] (see below).\n")
        let diagnostic = try only(diagnostics, .brokenAnnotation)
        #expect(diagnostic.severity == .warning)
        #expect(diagnostic.message.hasPrefix("'[address](region: CN)' is published as written"))
        #expect((diagnostic.range.start, diagnostic.range.end) == (SourceLocation(line: 3, column: 14), SourceLocation(line: 3, column: 35)))
        #expect(diagnostic.fixIt?.range.start == SourceLocation(line: 3, column: 31))
        #expect(diagnostic.fixIt?.replacement == "")
    }

    @Test func anUnclosedAttributeBlockIsAnError() throws {
        let diagnostic = try only(try diagnose(Self.validFrontMatter + "\n# Sample Policy\n\n## Store {#storage kind=storage\n\nText.\n"), .malformedAttributeBlock)
        #expect(diagnostic.range.start == SourceLocation(line: 10, column: 10))
        #expect(diagnostic.message.contains("not closed"))
    }

    @Test func aTableOfContentsLinkToNoSection() throws {
        let diagnostic = try only(try diagnose(Self.validFrontMatter + "\n# Sample Policy\n\n- [I.Storage](#storag)\n\n## I.Storage {#storage}\n\nText.\n"), .brokenAnchor)
        #expect(diagnostic.range.start == SourceLocation(line: 10, column: 3))
        #expect(diagnostic.notes == ["did you mean '#storage'?"])
    }

    @Test func duplicateSectionIDs() throws {
        let diagnostic = try only(try diagnose(Self.validFrontMatter + "\n# Sample Policy\n\n## A {#same}\n\nx\n\n## B {#same}\n\ny\n"), .duplicateID)
        #expect(diagnostic.range.start.line == 14)
    }

    @Test func duplicatePolicyIDs() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        try folder.write(Self.vocabulary, to: "vocabulary.yaml")
        try folder.write(Self.validFrontMatter + "\n# Sample Policy\n", to: "one/policy.md")
        try folder.write(Self.validFrontMatter + "\n# Sample Policy\n", to: "two/policy.md")
        var compiler = Compiler()
        let diagnostics = compiler.compile([folder.path]).diagnostics
        _ = try only(diagnostics, .duplicateID)
    }

    @Test func purposeWithoutDataItems() throws {
        let diagnostic = try only(try diagnose(Self.validFrontMatter + "\n# Sample Policy\n\n## Collection {#c kind=collection}\n\n### 1.Login {#login purpose}\n\nWe collect nothing in particular.\n"), .purposeWithoutDataItems)
        #expect(diagnostic.range.start.line == 12)
    }

    @Test func malformedAttributeBlockAndUnknownKind() throws {
        let diagnostics = try diagnose(Self.validFrontMatter + "\n# Sample Policy\n\n## A {#a kind=colection}\n\nx\n\n## B {#b =x}\n\ny\n")
        let kind = try only(diagnostics, .unknownSectionKind)
        #expect(kind.fixIt?.replacement == "collection")
        #expect(kind.notes.first == "did you mean 'collection'?")
        let block = try only(diagnostics, .malformedAttributeBlock)
        #expect(block.range.start == SourceLocation(line: 14, column: 6))
    }

    @Test func unreadableMissingFile() throws {
        var compiler = Compiler()
        let result = compiler.compile(["/nonexistent/policy.md"])
        #expect(result.hadUnreadableInput)
        _ = try only(result.diagnostics, .unreadableFile)
    }

    @Test func notUTF8IsLocated() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let path = folder.url.appendingPathComponent("latin1.md")
        try Data("# Title\n\nCaf".utf8 + [0xE9] + Data(" au lait\n".utf8)).write(to: path)
        guard case .failure(let diagnostic) = SourceFile.load(path: path.path) else {
            Issue.record("a Latin-1 file must be refused")
            return
        }
        #expect(diagnostic.id == .notUTF8)
        #expect(diagnostic.range.start == SourceLocation(line: 3, column: 4))
    }

    @Test func absurdSizeIsRefusedWithoutReadingItAll() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let path = folder.url.appendingPathComponent("huge.md")
        #expect(FileManager.default.createFile(atPath: path.path, contents: nil))
        let handle = try FileHandle(forWritingTo: path)
        try handle.truncate(atOffset: UInt64(SourceFile.maximumByteCount) * 4)
        try handle.close()
        guard case .failure(let diagnostic) = SourceFile.load(path: path.path) else {
            Issue.record("an oversized file must be refused")
            return
        }
        #expect(diagnostic.id == .fileTooLarge)
    }

    @Test func everyCodeIsUniqueAndDocumented() throws {
        let codes = DiagnosticID.allCases.map(\.code)
        #expect(Set(codes).count == codes.count)
        let url = Paths.repository.appendingPathComponent("docs/diagnostics.md")
        let documentation = try String(contentsOf: url, encoding: .utf8)
        guard !documentation.contains(DiagnosticID.markdownTable) else { return }
        if ProcessInfo.processInfo.environment["RECORD_GOLDENS"] == "1",
           let start = documentation.range(of: "| code | id |"), let end = documentation.range(of: "\n\n", range: start.upperBound..<documentation.endIndex) {
            try (documentation[..<start.lowerBound] + DiagnosticID.markdownTable + "\n" + documentation[end.upperBound...]).write(to: url, atomically: true, encoding: .utf8)
            Issue.record("rewrote the table of docs/diagnostics.md; run again without RECORD_GOLDENS")
        } else {
            Issue.record("docs/diagnostics.md is stale; rerun with RECORD_GOLDENS=1, or give it this table:\n\(DiagnosticID.markdownTable)")
        }
    }

    // MARK: - Decisions on changes for review

    @Test func malformedReviewDecisions() throws {
        let frontMatter = Self.validFrontMatter.replacingOccurrences(of: "effective: 2020-03-03\n---", with: """
            effective: 2020-03-03
            reviewed:
              - decision: minor
                reason: "restates section III"
              - change: c-1a2b3c4d5e6f
                decision: trivial
                reason: "restates section III"
              - change: c-2b3c4d5e6f7a
                decision: major
                reason: " "
            ---
            """)
        let found = try diagnose(frontMatter + "\n# Sample Policy\n").filter { $0.id == .malformedReviewDecision }
        #expect(found.map(\.range.start) == [SourceLocation(line: 8, column: 5), SourceLocation(line: 11, column: 15), SourceLocation(line: 15, column: 13)])
        #expect(found.map(\.severity) == [.error, .error, .error])
        #expect(found.map(\.message) == [
            "this decision names no change; give the change id that 'policyc release --dry-run' prints",
            "'trivial' is not a decision: write 'decision: minor' or 'decision: major' (users are then notified)",
            "the decision on c-2b3c4d5e6f7a gives no reason; say why the change is major",
        ])
        let notAList = try diagnose(Self.validFrontMatter.replacingOccurrences(of: "\n---", with: "\nreviewed: c-1a2b3c4d5e6f\n---") + "\n# Sample Policy\n")
        #expect(try only(notAList, .malformedReviewDecision).range.start == SourceLocation(line: 7, column: 11))
    }

    @Test func aChangeForReviewWithoutADecisionSaysWhatChangedAndHowToDecide() throws {
        let workspace = try ReleaseTests.Workspace()
        defer { workspace.folder.cleanUp() }
        let change = try workspace.changeForReview()
        let diagnostic = try only(workspace.release(dryRun: true).diagnostics, .unreviewedChange)
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.range.file.hasSuffix("sunmi-devices/policy.md"))
        #expect(diagnostic.range.start == SourceLocation(line: 59, column: 3))
        #expect(diagnostic.message.hasSuffix("(change id \(change))"))
        #expect(diagnostic.notes.first == "the words: added “We will conclude agreements with our suppliers.”")
        #expect(diagnostic.notes.last?.message.hasPrefix("to decide it, add to the front matter:\nreviewed:\n  - change: \(change)\n    decision: minor") == true)
    }

    @Test func aDecisionOnNoChangeForReviewIsAWarning() throws {
        let workspace = try ReleaseTests.Workspace()
        defer { workspace.folder.cleanUp() }
        try workspace.decide(ReleaseTests.Workspace.decision("c-1a2b3c4d5e6f", "minor", reason: "restates section III"))
        let report = workspace.release(dryRun: true)
        let diagnostic = try only(report.diagnostics, .staleReviewDecision)
        #expect(diagnostic.severity == .warning)
        #expect(diagnostic.range.start == SourceLocation(line: 10, column: 5))
        #expect(diagnostic.message.contains("first release"))
        #expect(report.exitCode == ExitStatus.success)
    }

    // MARK: - Warnings

    @Test func warningsAndWhatAProjectMakesAnError() throws {
        let policy = """
            ---
            id: sample
            title: Another Title
            controller: Example Co., Ltd.
            version: 2020-03-03
            effective: 2020-03-03
            owner: legal
            ---

            # Sample Policy

            Effective Date: March 4, 2020

            ## Collection {#collection kind=collection colour=red shiny}

            ### 1.Login {#login purpose optional}

            We collect your [mobile phone number](item:contact.phone) and [](item:contact.phone). If you do not provide it, you may not be able to use the device.

            ## Contact {#contact kind=contact}

            Call [400-1234-567](tel:4001234567).
            """
        let diagnostics = try diagnose(policy)
        let ids = Set(diagnostics.map(\.id))
        #expect(ids == [.unknownMetadataField, .titleMismatch, .datesMismatch, .unknownAttribute, .emptyAnnotation, .necessityMismatch, .contactNotInVocabulary],
                "\(diagnostics.map(\.description))")
        // A misspelt heading attribute changes what is published, so a project treats it as an error.
        #expect(diagnostics.filter { $0.severity == .error }.map(\.id) == [.unknownAttribute, .unknownAttribute, .emptyAnnotation])
        let mismatch = try #require(diagnostics.first { $0.id == .necessityMismatch })
        #expect(mismatch.message.contains("you may not be able to use the device"))
    }

    @Test func templateTagsInPlainMarkdownAreWarnings() throws {
        let diagnostics = try diagnosePlainMarkdown("# Plain\n\n{% data reusables.policies %}\n")
        #expect(!diagnostics.contains { $0.severity == .error })
        #expect(diagnostics.map(\.id) == [.templateTagInText])
    }

    /// The check skips sources without a brace; a brace spelt as a character reference or
    /// escaped still counts, and a source with no brace at all reports nothing.
    @Test func templateTagsSpeltWithReferencesAreFound() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        try folder.write("# One\n\n&#123;% data x %&#125;\n", to: "decimal.md")
        try folder.write("# Two\n\n&lbrace;{ site.name }}\n", to: "named.md")
        try folder.write("# Three\n\nNo tags here: 100% of it & more.\n", to: "none.md")
        var compiler = Compiler()
        let result = compiler.compile([folder.path])
        #expect(result.diagnostics.map(\.id) == [.templateTagInText, .templateTagInText])
        #expect(Set(result.diagnostics.map { ($0.range.file as NSString).lastPathComponent }) == ["decimal.md", "named.md"])
    }

    @Test func malformedVocabulary() throws {
        let diagnostics = try diagnose(Self.validFrontMatter + "\n# Sample Policy\n", vocabulary: "items:\n  contact.phone: [oops\n")
        let diagnostic = try only(diagnostics, .malformedVocabulary)
        #expect(diagnostic.range.file.hasSuffix("vocabulary.yaml"))
        let wrongSection = try diagnose(Self.validFrontMatter + "\n# Sample Policy\n", vocabulary: "itemz:\n  a: {label: b}\n")
        #expect(try only(wrongSection, .malformedVocabulary).range.start.line == 1)
    }

    @Test func anEmptyFolderHasNoPolicies() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        var compiler = Compiler()
        #expect(compiler.compile([folder.path]).diagnostics.map(\.id) == [.noPolicySources])
    }
}
