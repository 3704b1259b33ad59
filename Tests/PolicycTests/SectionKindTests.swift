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
        #expect(SectionKind.infer(heading: "Controllers and responsible parties", body: sharing) == .sharing)
        // The heading's kind stands when the words speak of it at all.
        #expect(SectionKind.infer(heading: "How we store your data", body: "We store it in Germany. " + sharing) == .storage)
        // One mention is not enough to tell.
        #expect(SectionKind.infer(heading: "Miscellaneous", body: "Contact us for more.") == nil)
    }
}
