import Dispatch
import Glibc
@testable import PolicyCheck
import Synchronization
import Testing

/// The parts of a scan that run on several threads or skip ahead: the queue between the walk
/// and the readers, and the line counter that places matches.
@Suite struct ScanPipelineTests {
    /// What the readers took, with its walk-order index.
    final class Taken: Sendable {
        let items = Mutex<[(index: Int, path: String)]>([])
    }

    /// Readers on four threads, each collecting what it takes.
    static func startReaders(_ queue: FileQueue, taken: Taken) -> DispatchGroup {
        let readers = DispatchGroup()
        for _ in 0..<4 {
            DispatchQueue.global().async(group: readers) {
                var mine: [(index: Int, path: String)] = []
                while let (first, batch) = queue.take(upTo: 7) {
                    mine += batch.enumerated().map { (first + $0.offset, $0.element) }
                }
                taken.items.withLock { $0 += mine }
            }
        }
        return readers
    }

    @Test func everyPathIsTakenOnceWithItsWalkOrderIndex() {
        let queue = FileQueue()
        let paths = (0..<1000).map { "file\($0)" }
        let taken = Taken()
        let readers = Self.startReaders(queue, taken: taken)
        // Added in uneven batches, some while readers wait, as a walk adds folders.
        var start = 0
        for size in [1, 0, 13, 200, 3, 500, 283] {
            queue.append(Array(paths[start..<(start + size)]))
            start += size
            if size == 13 { usleep(20_000) }
        }
        queue.finish()
        // A lost wake-up would leave a reader waiting: fail, do not hang.
        #expect(readers.wait(timeout: .now() + 10) == .success)
        let all = taken.items.withLock { $0 }.sorted { $0.index < $1.index }
        #expect(all.map(\.index) == Array(paths.indices))
        #expect(all.map(\.path) == paths)
    }

    @Test func finishingAnEmptyQueueEndsEveryWaitingReader() {
        let queue = FileQueue()
        let taken = Taken()
        let readers = Self.startReaders(queue, taken: taken)
        usleep(20_000)  // the readers are waiting by now
        queue.finish()
        #expect(readers.wait(timeout: .now() + 10) == .success)
        #expect(taken.items.withLock { $0 }.isEmpty)
    }

    @Test func linesAndColumnsMatchACountFromTheStart() {
        var generator = SeededGenerator(seed: 20_261_125)
        for _ in 0..<300 {
            // Long lines and empty ones, so targets fall in both and counts cross 32-byte blocks.
            let bytes = (0..<Int.random(in: 1...300, using: &generator)).map { _ in
                Int.random(in: 0..<6, using: &generator) == 0 ? UInt8(ascii: "\n") : UInt8(ascii: "x")
            }
            var targets = (0..<Int.random(in: 1...6, using: &generator)).map { _ in Int.random(in: 0...bytes.count, using: &generator) }
            // Mostly increasing, as matches come; sometimes back, which starts the count again.
            if Bool.random(using: &generator) { targets.sort() }
            var counter = SourceScanner.LineCounter()
            for target in targets {
                let before = bytes[..<target]
                let line = before.filter { $0 == UInt8(ascii: "\n") }.count + 1
                let lineStart = before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
                let found = bytes.withUnsafeBufferPointer { counter.location(of: target, in: $0) }
                #expect(found.line == line && found.column == target - lineStart + 1)
            }
        }
    }
}
