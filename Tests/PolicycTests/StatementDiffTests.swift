import Foundation
import PolicyCommandLine
@testable import PolicyDiff
import PolicyStatements
import Testing

/// The edits users found the diff calling minor, on the current sources: each is now major (or
/// `review` where the meaning cannot be read), with a reason that quotes the statement; rewording
/// that keeps the statements stays minor.
@Suite struct StatementDiffTests {
    /// The current source of `id` and an edited copy, each in its own copy of the project (or,
    /// `plain`, with the annotations taken out and no vocabulary).
    static func diff(in id: String = "sunmi-devices", plain: Bool = false, _ edits: [(String, String)]) throws -> PolicyDiffReport {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        var old = try String(contentsOf: Paths.policies.appendingPathComponent("\(id)/policy.md"), encoding: .utf8)
        var new = old
        for (target, replacement) in edits {
            #expect(new.components(separatedBy: target).count == 2, "'\(target)' is not once in \(id)")
            new = new.replacingOccurrences(of: target, with: replacement)
        }
        if plain {
            (old, new) = (LabelledPairsTests.stripped(old), LabelledPairsTests.stripped(new))
        } else {
            for side in ["old", "new"] {
                for name in ["vocabulary.yaml", "policyc.yaml"] {
                    try folder.write(try String(contentsOf: Paths.policies.appendingPathComponent(name), encoding: .utf8), to: "\(side)/\(name)")
                }
            }
        }
        let oldPath = try folder.write(old, to: "old/\(id)/policy.md"), newPath = try folder.write(new, to: "new/\(id)/policy.md")
        let outcome = Differ().compare(oldPath, newPath, profile: .pipl)
        return try #require(outcome.report, "\(outcome.diagnostics.map(\.description))")
    }

    /// The major change, which must quote `words` on one side.
    static func major(_ report: PolicyDiffReport, quoting words: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Change {
        #expect(report.verdict == .major, "\(report.changes.map { "\($0.severity): \($0.summary)" })", sourceLocation: sourceLocation)
        return try #require(report.changes.first { change in
            change.severity == .major && [change.old?.text, change.new?.text].contains { $0?.contains(words) == true }
        }, "no major change quotes '\(words)': \(report.changes.map(\.summary))", sourceLocation: sourceLocation)
    }

    @Test func aRemovedNotIsAPromiseWithdrawn() throws {
        let report = try Self.diff([("We will not share, transfer or publicly disclose", "We will share, transfer or publicly disclose")])
        let change = try Self.major(report, quoting: "We will share, transfer or publicly disclose")
        #expect(change.summary.contains("promise not to share"))
        #expect(change.oldStatement?.contains("will not share") == true)
        #expect(change.newStatement?.contains("will share") == true)
        #expect(change.clause?.text.contains("sharing") == true || change.clause?.source == .law)
    }

    @Test func willNotDerogateBecomesMay() throws {
        let report = try Self.diff([("We will not derogate from your rights", "We may derogate from your rights")])
        let change = try Self.major(report, quoting: "We may derogate")
        #expect(change.narrows)
    }

    @Test func aFeeForEveryRequestNarrowsTheRight() throws {
        let report = try Self.diff([("In principle, we will not charge for your reasonable request", "We will charge a fee for every request")])
        _ = try Self.major(report, quoting: "charge")
    }

    @Test func anUnannotatedRecipientInANewListItemIsMajor() throws {
        let line = "- We will not share, transfer or publicly disclose your personal information, unless otherwise stipulated expressly by laws."
        let report = try Self.diff([(line, line + "\n- We share your device logs and IP address with our advertising partners.")])
        let change = try Self.major(report, quoting: "advertising partners")
        let recipient = report.changes.first { $0.subject == .recipient && $0.id == "advertising partners" }
        #expect(recipient?.severity == .major)
        #expect(change.newStatement?.contains("advertising partners") == true)
    }

    @Test(arguments: [false, true]) func anUnannotatedPreciseLocationIsMajorAnnotatedOrNot(plain: Bool) throws {
        let report = try Self.diff(plain: plain, [("crash report](item:device.crash-report) and", "crash report](item:device.crash-report), your precise location and")])
        _ = try Self.major(report, quoting: "precise location")
        #expect(report.changes.contains { $0.subject == .dataItem && $0.id == "precise location" })
    }

    @Test func aSentenceThatStatesNothingReadableIsReviewNotMinor() throws {
        // A commitment in words the lexicon does not know is still never called minor.
        let report = try Self.diff(in: "sunmi-intelligent-cameras", [(" we will conclude strict non-disclosure agreement with them,", " we will ask them,")])
        #expect(report.verdict == .review || report.verdict == .major, "\(report.changes.map(\.summary))")
        let review = try #require(report.changes.first { $0.severity >= .review })
        #expect(!review.stableID.isEmpty)
    }

    @Test func typoFixReorderAndSameStatementsStayMinor() throws {
        // Function words only.
        #expect(try Self.diff([("insert a SIM card into your device", "insert the SIM card into your device")]).verdict == .minor)
        // The same statement, reworded: the purpose moved behind the verb.
        let inverted = try Self.diff([(
            "In order to ensure the safety and reliability of services, we will collect",
            "To ensure the safety and reliability of services, we will collect")])
        #expect(inverted.verdict == .minor, "\(inverted.changes.map { "\($0.severity): \($0.summary) — \($0.reason)" })")
    }

    @Test func aReviewChangeHasAStableID() throws {
        let edit = [(" we will conclude strict non-disclosure agreement with them,", " we will ask them,")]
        let first = try Self.diff(in: "sunmi-intelligent-cameras", edit), second = try Self.diff(in: "sunmi-intelligent-cameras", edit)
        let ids = first.changes.filter { $0.severity == .review }.map(\.stableID)
        #expect(!ids.isEmpty)
        #expect(ids == second.changes.filter { $0.severity == .review }.map(\.stableID))
        #expect(ids.allSatisfy { $0.hasPrefix("c-") && $0.count == 14 })
    }

    @Test func diffReportsValidateAgainstTheirPublishedSchema() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        var files: [String] = []
        // A major, a review and a minor report of single files, and one of two folders.
        let edits: [(String, String, String)] = [
            ("sunmi-devices", "We will not share, transfer or publicly disclose", "We will share, transfer or publicly disclose"),
            ("sunmi-intelligent-cameras", " we will conclude strict non-disclosure agreement with them,", " we will ask them,"),
            ("sunmi-devices", "insert a SIM card into your device", "insert the SIM card into your device"),
        ]
        var verdicts: [PolicyDiffReport.Verdict] = []
        for (index, (id, target, replacement)) in edits.enumerated() {
            let source = try String(contentsOf: Paths.policies.appendingPathComponent("\(id)/policy.md"), encoding: .utf8)
            let old = try folder.write(source, to: "\(index)/old/\(id)/policy.md")
            let new = try folder.write(source.replacingOccurrences(of: target, with: replacement), to: "\(index)/new/\(id)/policy.md")
            let outcome = Differ().compare(old, new, profile: .pipl)
            verdicts.append(outcome.verdict)
            files.append(try folder.write(String(decoding: Differ.render(outcome, format: .json), as: UTF8.self), to: "report-\(index).json"))
        }
        #expect(verdicts == [.major, .review, .minor])
        let both = Differ().compare(folder.url.appendingPathComponent("0/old").path, folder.url.appendingPathComponent("0/new").path, profile: .pipl)
        files.append(try folder.write(String(decoding: Differ.render(both, format: .json), as: UTF8.self), to: "folders.json"))
        let (status, message) = try validateAgainstSchema(Paths.schemas.appendingPathComponent("diff-report.schema.json"), files)
        #expect(status == 0, "\(message)")
    }

    /// A small plain policy for edits a reviewer found the diff could call minor.
    static let practices = """
        # Example Privacy Policy

        ## Information we collect

        We collect your location to provide the service.

        ## Sharing

        We do not sell or share your personal information.

        ## Your rights

        You can delete your account at any time. We will delete your data within 30 days of your request.

        """

    @Test(arguments: [
        ("We collect your location", "We collect and sell your location"),
        ("We will delete your data", "We will not delete your data"),
        ("We do not sell or share", "We do not sell"),
        ("You can delete your account at any time.", "You can delete your account at any time. You cannot delete your purchase history."),
        ("You can delete your account", "We can delete your account"),
        (" We will delete your data within 30 days of your request.", ""),
    ]) func substantiveEditsAreNeverMinor(edit: (String, String)) throws {
        let report = try DiffTests.plainDiff(base: Self.practices) { $0.replacingOccurrences(of: edit.0, with: edit.1) }
        #expect(report.verdict == .major || report.verdict == .review,
                "\(edit.0) → \(edit.1): \(report.changes.map { "\($0.severity): \($0.summary) — \($0.reason)" })")
    }

    @Test func hostileSentencesAreRead() {
        let reader = StatementReader()
        // A marker that would run past its clause, and a number too long for an integer.
        #expect(!reader.statements(in: "We keep your data except where you delete it.").isEmpty)
        #expect(reader.statements(in: "We retain your data for 99999999999999999 years.").first?.periods == [])
        // Combining marks stay inside their word.
        let decomposed = reader.statements(in: "We collect your cafe\u{301} receipts.")
        #expect(decomposed.first?.data.first?.text == "cafe\u{301} receipts")
    }

    @Test func verdictsOrderMajorReviewMinorUnchanged() {
        #expect(PolicyDiffReport.Verdict(worst: [.minor, .review]) == .review)
        #expect(PolicyDiffReport.Verdict(worst: [.review, .major]) == .major)
        #expect(PolicyDiffReport.Verdict(worst: []) == .unchanged)
        #expect(PolicyDiffReport.Verdict.review.reaches(.review) && PolicyDiffReport.Verdict.review.reaches(.minor))
        #expect(!PolicyDiffReport.Verdict.review.reaches(.major))
        #expect(!PolicyDiffReport.Verdict.minor.reaches(.review))
    }

    @Test func statementsOfTheIssuesSentences() {
        let reader = StatementReader()
        let shared = reader.statements(in: "We share your device logs and IP address with our advertising partners.")
        #expect(shared.count == 1)
        #expect(shared.first?.actions == ["share"])
        #expect(shared.first?.polarity == .affirmative)
        #expect(shared.first?.data.map(\.text) == ["device logs", "ip address"])
        #expect(shared.first?.recipients.map(\.category) == ["advertising"])
        let promise = reader.statements(in: "We will not share, transfer or publicly disclose your personal information, unless otherwise stipulated expressly by laws.")
        #expect(promise.first?.actions == ["share", "transfer", "disclose"])
        #expect(promise.first?.polarity == .negated)
        #expect(promise.first?.modality == .will)
        #expect(promise.first?.exceptions == ["otherwise stipulated expressly by laws"])
        let purpose = reader.statements(in: "We collect your e-mail address to send you marketing messages for 3 years.")
        #expect(purpose.first?.purposes.first?.category == "marketing")
        #expect(purpose.first?.periods == [1095])
        let consent = reader.statements(in: "With your separate consent, we may transfer your data outside China.")
        #expect(consent.first?.conditions.map(\.kind) == [.separateConsent])
        #expect(consent.first?.regions == ["CN", "abroad"])
    }

    /// A purpose that names fewer parties is narrower: minor. Leaving out a word that limited
    /// a purpose widens it: never minor.
    @Test func aPurposeWithWordsLeftOutIsNarrowerUnlessTheyLimitedIt() throws {
        #expect(StatementDiff.narrows("we and our partners can understand coverage of your device", to: "we can understand coverage of your device"))
        #expect(StatementDiff.narrows("marketing and analytics", to: "analytics"))
        #expect(!StatementDiff.narrows("purposes other than advertising", to: "purposes"))
        #expect(!StatementDiff.narrows("purposes strictly necessary for the service", to: "purposes for the service"))
        #expect(!StatementDiff.narrows("analytics", to: "analytics"))
        #expect(!StatementDiff.narrows("understand coverage", to: "understand sales"))

        let narrower = try Self.diff(in: "sunmi-device-operation-data", plain: true,
                                     [("so that we and our [partners](recipient:partner) can understand", "so that we can understand")])
        #expect(narrower.verdict == .minor, "\(narrower.changes.map { "\($0.severity): \($0.summary) \($0.reason)" })")
    }
}
