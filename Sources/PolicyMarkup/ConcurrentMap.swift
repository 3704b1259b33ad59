import Dispatch
import Synchronization

/// `transform` of each index, worked out on every core, in order. Indices are handed out in
/// chunks, so that many small items do not each pay for a hand-over.
public func concurrentMap<T: Sendable>(_ indices: Range<Int>, _ transform: @Sendable (Int) -> T) -> [T] {
    let count = indices.count
    guard count > 1 else { return indices.map(transform) }
    let chunkSize = max(1, count / 64)
    let chunks = (count + chunkSize - 1) / chunkSize
    let results = Mutex([[T]](repeating: [], count: chunks))
    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
        let lower = indices.lowerBound + chunk * chunkSize
        let part = (lower..<min(lower + chunkSize, indices.upperBound)).map(transform)
        results.withLock { $0[chunk] = part }
    }
    return results.withLock { $0.flatMap { $0 } }
}
