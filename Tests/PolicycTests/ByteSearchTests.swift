import PolicyMarkup
import Testing

/// The byte search every scan and text lookup goes through: its SIMD path must find exactly what
/// a plain search finds, at every alignment and at the very end of a buffer.
@Suite struct ByteSearchTests {
    static func naive(_ needle: [UInt8], _ haystack: [UInt8]) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        return (0...(haystack.count - needle.count)).first { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    @Test func findsWhatAPlainSearchFinds() {
        var generator = SeededGenerator(seed: 20_261_125)
        // A small alphabet makes near misses (first and last byte right, middle wrong) common.
        let alphabet: [UInt8] = Array("abc".utf8)
        for _ in 0..<3000 {
            let haystack = (0..<Int.random(in: 0...80, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            let needle = (0..<Int.random(in: 1...7, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            let found = haystack.withUnsafeBufferPointer { hay in needle.withUnsafeBufferPointer { ByteSearch.firstOffset(of: $0, in: hay) } }
            #expect(found == Self.naive(needle, haystack), "\(String(decoding: needle, as: UTF8.self)) in \(String(decoding: haystack, as: UTF8.self))")
        }
    }

    @Test func findsANeedleEndingAtTheLastByte() {
        for length in 2...64 {
            for size in length...(length + 40) {
                var haystack = [UInt8](repeating: UInt8(ascii: "x"), count: size)
                let needle = (0..<length).map { UInt8(ascii: "a") + UInt8($0 % 26) }
                haystack.replaceSubrange((size - length)..<size, with: needle)
                let found = haystack.withUnsafeBufferPointer { hay in needle.withUnsafeBufferPointer { ByteSearch.firstOffset(of: $0, in: hay) } }
                #expect(found == size - length)
            }
        }
    }

    /// One to four needles take a search of their own, five and more the general one: both are
    /// checked, in haystacks long enough for several 32-byte blocks.
    @Test func findsTheEarliestOfSeveralNeedles() {
        var generator = SeededGenerator(seed: 20_261_125)
        let alphabet: [UInt8] = Array("abcd".utf8)
        for _ in 0..<2000 {
            let haystack = (0..<Int.random(in: 0...120, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            let needles = (0..<Int.random(in: 1...7, using: &generator)).map { _ in
                (0..<Int.random(in: 2...6, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            }
            let expected = needles.indices.compactMap { index in Self.naive(needles[index], haystack).map { (offset: $0, needle: index) } }
                .min { ($0.offset, $0.needle) < ($1.offset, $1.needle) }
            let set = NeedleSet(needles)
            let found = haystack.withUnsafeBufferPointer { ByteSearch.firstOffset(ofAny: set, active: Array(needles.indices), in: $0) }
            #expect(found?.offset == expected?.offset && found?.needle == expected?.needle)
        }
    }

    @Test func countsWhatAPlainCountCounts() {
        var generator = SeededGenerator(seed: 20_261_125)
        for _ in 0..<500 {
            let bytes = (0..<Int.random(in: 0...200, using: &generator)).map { _ in UInt8.random(in: 8...12, using: &generator) }
            let counted = bytes.withUnsafeBufferPointer { ByteSearch.count(of: 0x0A, in: $0) }
            #expect(counted == bytes.filter { $0 == 0x0A }.count)
        }
    }
}
