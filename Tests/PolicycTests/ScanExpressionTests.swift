import PolicyModel
import Testing

/// The scan's regular expressions, run by ICU on UTF-8 bytes (`ScanExpression`).
@Suite struct ScanExpressionTests {
    func matches(_ pattern: String, in text: String) throws -> [(String, String?)] {
        let expression = try #require(ScanExpression(pattern))
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            expression.matches(in: buffer).matches.map { match in
                (String(decoding: buffer[match.range], as: UTF8.self), match.firstGroup.map { String(decoding: buffer[$0], as: UTF8.self) })
            }
        }
    }

    @Test func invalidPatternsAreRefusedAndGroupsCounted() throws {
        #expect(ScanExpression("") == nil)
        #expect(ScanExpression("track(") == nil)
        #expect(ScanExpression("[a-") == nil)
        #expect(try #require(ScanExpression(#"a(b)(c)"#)).captureGroups == 2)
        #expect(try #require(ScanExpression("abc")).captureGroups == 0)
    }

    @Test func offsetsAreBytesOfTheUTF8Text() throws {
        // Multi-byte characters before and inside the match: ranges must still cut the bytes right.
        let found = try matches(#"Telemetry\.track\("([^"]+)"\)"#, in: "é—ü Telemetry.track(\"über.größe\") 字 Telemetry.track(\"a.b\")")
        #expect(found.map(\.0) == [#"Telemetry.track("über.größe")"#, #"Telemetry.track("a.b")"#])
        #expect(found.map(\.1) == ["über.größe", "a.b"])
    }

    @Test func aSearchFindsMatchesAcrossLinesAndEmptyOnes() throws {
        #expect(try matches(#"track\(\s*"([a-z.]+)""#, in: "x\ntrack(\n   \"multi.line\")").map(\.1) == ["multi.line"])
        // Empty matches do not stall the search.
        #expect(try matches("x*", in: "ab").count == 3)
    }

    /// Tried only where the literal stands, the expression finds exactly what a search from the
    /// start finds: random texts with calls that match, calls that do not, calls that run over
    /// lines and calls swallowed by an earlier match.
    @Test func matchingAtTheLiteralEqualsSearching() throws {
        var random = SeededGenerator(seed: 20261125)
        let pieces = ["track(\"a.b\")", "track(name)", "track(\n  \"c.d\")", "track(\"e.f\") rest track(\"g.h\")", " x ", "\n", "é", "trac", "track(\"", "字"]
        let patterns = [#"track\(\s*"([a-z.]+)"\)?"#, #"track\("([a-z.]+)"[^\n]*"#, #"track\((\w*)"#]
        for pattern in patterns {
            let expression = try #require(ScanExpression(pattern))
            let literal = Array("track(".utf8)
            for _ in 0..<200 {
                let text = Array((0..<Int(random.next() % 40)).map { _ in random.pick(pieces) }.joined().utf8)
                text.withUnsafeBufferPointer { buffer in
                    let searched = expression.matches(in: buffer).matches
                    let anchored = expression.matches(in: buffer) { from in
                        (from...max(from, buffer.count - literal.count)).first { start in
                            start + literal.count <= buffer.count && buffer[start..<(start + literal.count)].elementsEqual(literal)
                        }
                    }.matches
                    #expect(searched == anchored, "\(pattern) in \(String(decoding: text, as: UTF8.self).debugDescription)")
                }
            }
        }
    }

    /// A search that ICU gives up (here its backtracking stack fills) is reported as incomplete,
    /// never as a search that found nothing.
    @Test func aSearchCutShortIsNotASearchWithoutMatches() throws {
        let expression = try #require(ScanExpression("(?:a|b)*c"))
        let text = [UInt8](repeating: UInt8(ascii: "a"), count: 4 << 20)
        let simple = try #require(ScanExpression("b"))
        let (cut, whole) = text.withUnsafeBufferPointer { (expression.matches(in: $0), simple.matches(in: $0)) }
        #expect(!cut.complete)
        #expect(whole.complete && whole.matches.isEmpty)
    }
}
