import PolicyCommandLine
@testable import PolicyDiff
import PolicyModel
import Testing

/// Section kinds come from what a section says, not from one word of its heading.
@Suite struct SectionKindTests {
    @Test func aHeadingWordInsideAnotherWordIsNoCue() {
        #expect(SectionKind.infer(fromHeading: "Controllers and responsible parties") != .rights)
        #expect(SectionKind.infer(fromHeading: "Copyright") != .rights)
        #expect(SectionKind.infer(fromHeading: "How you can control your data") == .rights)
        #expect(SectionKind.infer(fromHeading: "Your rights") == .rights)
        #expect(SectionKind.infer(fromHeading: "Information we collect") == .collection)
    }

    @Test func theBodyDecidesWhenTheHeadingSaysNothingOrNeverSpeaksOfItsKind() {
        let sharing = "We share your data with our affiliates. We may disclose it to third parties. Subprocessors receive it too."
        #expect(SectionKind.infer(heading: "Controllers and responsible parties", body: { sharing }) == .sharing)
        // The heading's kind stands when the words speak of it at all.
        #expect(SectionKind.infer(heading: "How we store your data", body: { "We store it in Germany. " + sharing }) == .storage)
        // One mention is not enough to tell.
        #expect(SectionKind.infer(heading: "Miscellaneous", body: { "Contact us for more." }) == nil)
    }
}

/// The controllers a policy names are facts of their own.
@Suite struct ControllerTests {
    @Test func theSeedNamesItsControllerWithItsAddress() throws {
        var compiler = Compiler()
        let policy = try #require(compiler.compile([Paths.policies.appendingPathComponent("sunmi-devices/policy.md").path]).policies.first?.policy)
        let controller = try #require(policy.controllers.first)
        #expect(controller.name == "Shanghai SUNMI Technology Co., Ltd.")
        #expect(controller.address == "Room 505, 388 Songhu Road, Yangpu District, Shanghai")
        #expect(controller.statement.range.start.line == 15)
    }

    @Test func anotherCompanyOrAddressIsAControllerChange() throws {
        let moved = try StatementDiffTests.diff([("Room 505, 388 Songhu Road", "Room 1201, 1 Century Avenue")])
        #expect(moved.changes.contains { $0.subject == .controller && $0.kind == .changed && $0.severity == .major })
        let renamed = try StatementDiffTests.diff([("Shanghai SUNMI Technology Co., Ltd. having", "Shanghai SUNMI Holdings Co., Ltd. having")])
        #expect(renamed.changes.contains { $0.subject == .controller && $0.severity == .major })
    }
}
