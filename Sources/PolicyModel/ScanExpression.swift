import CICURegex

/// A `scan.patterns` regular expression (ICU syntax), run by ICU directly on a file's UTF-8
/// bytes.
///
/// Foundation's NSRegularExpression takes a String and hands ICU UTF-16: each search converted
/// the rest of the file first, which cost a scan as much as searching the whole tree for its
/// literals. Through a UTF-8 `UText` (`CICURegex`), ICU reads the bytes where they are and
/// reports byte offsets. The compiled expression is only ever cloned: an ICU matcher must not be
/// shared between threads, so each search works on a clone of its own.
public final class ScanExpression: @unchecked Sendable {
    private let compiled: OpaquePointer
    /// How many capturing groups the expression has.
    public let captureGroups: Int

    /// A match: its byte range in the text and, when the expression captures, the first group's.
    public struct Match: Equatable, Sendable {
        public var range: Range<Int>
        public var firstGroup: Range<Int>?
    }

    /// `nil` when `pattern` is empty or not a valid ICU regular expression.
    public init?(_ pattern: String) {
        let utf16 = Array(pattern.utf16)
        guard !utf16.isEmpty else { return nil }
        guard let compiled = policyc_regex_open(utf16, Int32(utf16.count)) else { return nil }
        self.compiled = compiled
        captureGroups = Int(policyc_regex_group_count(compiled))
    }

    deinit { policyc_regex_close(compiled) }

    /// What a search found, and whether it reached the end of the text: ICU stops with an error
    /// when a search runs past its time limit or fills its backtracking stack, and a search cut
    /// short must not pass for one that found nothing after the cut.
    public struct Found: Sendable {
        public var matches: [Match] = []
        public var complete = true
    }

    /// Steps of ICU's engine one file's search may take (each of the order of a millisecond):
    /// an expression that backtracks without end on some file stops instead of hanging a CI job.
    static let timeLimit: Int32 = 10_000

    /// Every match in `text` (valid UTF-8), in order and not overlapping, as a search from the
    /// start finds them.
    public func matches(in text: UnsafeBufferPointer<UInt8>) -> Found {
        withMatcher(on: text) { matcher, found in
            var bounds = [Int64](repeating: -1, count: 4)
            while true {
                switch policyc_matcher_find_next(matcher, &bounds) {
                case 1: found.matches.append(Self.match(bounds))
                case 0: return
                default: found.complete = false; return
                }
            }
        }
    }

    /// The same matches as `matches(in:)` for an expression whose every match begins with a
    /// known literal: `nextCandidate(from)` gives the first offset at or after `from` where the
    /// literal stands, and the expression is tried there alone, anchored, so the engine never
    /// reads the text in between.
    public func matches(in text: UnsafeBufferPointer<UInt8>, startingAtCandidates nextCandidate: (_ from: Int) -> Int?) -> Found {
        withMatcher(on: text) { matcher, found in
            var bounds = [Int64](repeating: -1, count: 4)
            var from = 0
            while from < text.count, let candidate = nextCandidate(from) {
                switch policyc_matcher_looking_at(matcher, Int64(candidate), &bounds) {
                case 1:
                    let match = Self.match(bounds)
                    found.matches.append(match)
                    // Matches do not overlap: the next one starts where this one ends.
                    from = max(match.range.upperBound, candidate + 1)
                case 0: from = candidate + 1
                default: found.complete = false; return
                }
            }
        }
    }

    private func withMatcher(on text: UnsafeBufferPointer<UInt8>, _ body: (OpaquePointer, inout Found) -> Void) -> Found {
        var found = Found()
        let matcher = text.withMemoryRebound(to: CChar.self) {
            policyc_matcher_open(compiled, $0.baseAddress, Int64($0.count), Self.timeLimit)
        }
        guard let matcher else {
            found.complete = false
            return found
        }
        defer { policyc_matcher_close(matcher) }
        body(matcher, &found)
        return found
    }

    private static func match(_ bounds: [Int64]) -> Match {
        Match(range: Int(bounds[0])..<Int(bounds[1]), firstGroup: bounds[2] >= 0 && bounds[3] >= bounds[2] ? Int(bounds[2])..<Int(bounds[3]) : nil)
    }
}
