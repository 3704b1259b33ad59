import CByteSearch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Substring search on UTF-8 bytes.
///
/// With Foundation imported, `String.contains(_:)` and `range(of:)` resolve to NSString's
/// Unicode-aware search, which bridges every call: it was over half of a corpus build. Policy
/// texts are searched for ASCII phrases, for which byte equality is the right comparison
/// (policyc never normalises or case-folds legal text it keeps; `FoldedText` folds a copy).
extension String {
    public func containsText(_ needle: String) -> Bool {
        firstRange(ofText: needle) != nil
    }

    /// The first occurrence of `needle` within `bounds` (the whole string by default).
    public func firstRange(ofText needle: String, in bounds: Range<Index>? = nil) -> Range<Index>? {
        self[bounds ?? startIndex..<endIndex].firstRange(ofText: needle)
    }

    /// Byte equality, for texts compared as written: `==` decides canonical equivalence, which
    /// for text that is not ASCII normalises both sides first.
    public func hasSameBytes(as other: String) -> Bool {
        var a = self, b = other
        return a.withUTF8 { x in
            b.withUTF8 { y in x.count == y.count && (x.isEmpty || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0) }
        }
    }
}

extension Substring {
    public func containsText(_ needle: String) -> Bool {
        firstRange(ofText: needle) != nil
    }

    /// The first occurrence of `needle` within `bounds` (the whole substring by default).
    public func firstRange(ofText needle: String, in bounds: Range<Index>? = nil) -> Range<Index>? {
        var haystack = bounds.map { self[$0] } ?? self
        var needle = needle
        let offset = haystack.withUTF8 { hay in needle.withUTF8 { ByteSearch.firstOffset(of: $0, in: hay) } }
        guard let offset else { return nil }
        let lower = utf8.index(haystack.startIndex, offsetBy: offset)
        return lower..<utf8.index(lower, offsetBy: needle.utf8.count)
    }
}

/// A copy of a text with ASCII letters lowercased, for case-insensitive search of cue words
/// ("Retention", "retention"). Other bytes are kept, so non-ASCII text still matches itself.
public struct FoldedText {
    public let bytes: [UInt8]

    public init(_ text: String) {
        var text = text
        bytes = text.withUTF8(Self.fold)
    }

    public init(_ text: Substring) {
        var text = text
        bytes = text.withUTF8(Self.fold)
    }

    private static func fold(_ source: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: source.count) { folded, count in
            for index in source.indices {
                let byte = source[index]
                folded[index] = byte &- 65 < 26 ? byte | 0x20 : byte
            }
            count = source.count
        }
    }

    /// Whether the folded text contains `needle`, which must be written in lowercase.
    public func contains(_ needle: String) -> Bool {
        firstOffset(of: needle) != nil
    }

    /// The byte offset of the first `needle` (written in lowercase); offsets are those of the
    /// original text, as folding changes no byte count.
    public func firstOffset(of needle: String) -> Int? {
        var needle = needle
        return bytes.withUnsafeBufferPointer { hay in needle.withUTF8 { ByteSearch.firstOffset(of: $0, in: hay) } }
    }

    public func containsAny(_ needles: [String]) -> Bool {
        needles.contains(where: contains)
    }
}

public enum ByteSearch {
    /// One C call per search (`policyc_memmem`: 16 positions at a time against the needle's first
    /// and last bytes, glibc's memmem for long needles) rather than a Swift loop per byte.
    public static func firstOffset(of needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let needleBase = needle.baseAddress, let base = haystack.baseAddress, needle.count <= haystack.count else { return nil }
        guard let found = policyc_memmem(base, haystack.count, needleBase, needle.count) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// How many bytes of `haystack` are `byte`, 32 at a time.
    public static func count(of byte: UInt8, in haystack: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = haystack.baseAddress else { return 0 }
        return policyc_count_byte(base, haystack.count, byte)
    }

    /// How many needles one multi-needle search takes.
    public static let maximumNeedles = Int(POLICYC_MAX_NEEDLES)

    /// The earliest place where any of the `active` needles of `set` starts, and which of them
    /// starts there (the first in `active` when several do): one pass over the haystack for all.
    public static func firstOffset(ofAny set: NeedleSet, active: [Int], in haystack: UnsafeBufferPointer<UInt8>) -> (offset: Int, needle: Int)? {
        guard let base = haystack.baseAddress, !active.isEmpty, active.count <= Int(POLICYC_MAX_NEEDLES) else { return nil }
        let pointers = active.map { UnsafePointer<UInt8>?(set.pointers[$0]) }
        let lengths = active.map { set.lengths[$0] }
        var which = 0
        let found = pointers.withUnsafeBufferPointer { pointers in
            lengths.withUnsafeBufferPointer { policyc_find_first_of(base, haystack.count, pointers.baseAddress, $0.baseAddress, active.count, &which) }
        }
        return found < 0 ? nil : (found, active[which])
    }
}

/// Byte strings copied once to memory that stays put, for repeated multi-needle searches.
/// Sendable because nothing changes the bytes after `init`; they are freed with the set.
public final class NeedleSet: @unchecked Sendable {
    let pointers: [UnsafePointer<UInt8>]
    let lengths: [Int]

    /// Needles must not be empty.
    public init(_ needles: [[UInt8]]) {
        precondition(needles.allSatisfy { !$0.isEmpty }, "an empty needle matches everywhere")
        pointers = needles.map { needle in
            let copy = UnsafeMutablePointer<UInt8>.allocate(capacity: needle.count)
            copy.initialize(from: needle, count: needle.count)
            return UnsafePointer(copy)
        }
        lengths = needles.map(\.count)
    }

    public var count: Int { pointers.count }

    deinit {
        pointers.forEach { UnsafeMutablePointer(mutating: $0).deallocate() }
    }
}
