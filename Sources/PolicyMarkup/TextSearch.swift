#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Substring search on UTF-8 bytes with `memchr` and `memcmp`.
///
/// With Foundation imported, `String.contains(_:)` and `range(of:)` resolve to NSString's
/// Unicode-aware search, which bridges every call: it was over half of a corpus build. Policy
/// texts are searched for ASCII phrases, for which byte equality is the right comparison
/// (policyc never normalises or case-folds legal text it keeps; callers lowercase a copy).
extension StringProtocol {
    public func containsText(_ needle: String) -> Bool {
        firstRange(ofText: needle) != nil
    }

    /// The first occurrence of `needle` within `bounds` (the whole string by default).
    public func firstRange(ofText needle: String, in bounds: Range<Index>? = nil) -> Range<Index>? {
        let bounds = bounds ?? startIndex..<endIndex
        let needleCount = needle.utf8.count
        guard needleCount > 0 else { return nil }
        let haystack = self[bounds].utf8
        func search(_ hay: UnsafeBufferPointer<UInt8>) -> Int? {
            guard needleCount <= hay.count, let base = hay.baseAddress else { return nil }
            var needle = needle
            return needle.withUTF8 { bytes -> Int? in
                // memchr finds candidates for the first byte; memcmp confirms them.
                let first = Int32(bytes[0])
                var position = 0
                let lastStart = hay.count - needleCount
                while position <= lastStart {
                    guard let candidate = memchr(base + position, first, lastStart - position + 1) else { return nil }
                    let offset = base.distance(to: candidate.assumingMemoryBound(to: UInt8.self))
                    if memcmp(base + offset, bytes.baseAddress!, needleCount) == 0 { return offset }
                    position = offset + 1
                }
                return nil
            }
        }
        let offset = haystack.withContiguousStorageIfAvailable(search) ?? Array(haystack).withUnsafeBufferPointer(search)
        guard let offset else { return nil }
        let lower = utf8.index(bounds.lowerBound, offsetBy: offset)
        return lower..<utf8.index(lower, offsetBy: needleCount)
    }
}
