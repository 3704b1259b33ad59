import Dispatch
@testable import PolicyCheck
import Synchronization
import Testing

/// The parts of a scan that run on several threads or skip ahead: the queue between the walk
/// and the readers, and the line counter that places matches.
@Suite struct ScanPipelineTests {
    @Test func everyPathIsTakenOnceWithItsWalkOrderIndex() {
        let queue = FileQueue()
        let paths = (0..<1000).map { "file\($0)" }
        let taken = Mutex<[(index: Int, path: String)]>([])
        let readers = DispatchGroup()
        for _ in 0..<4 {
            DispatchQueue.global().async(group: readers) {
                var mine: [(index: Int, path: String)] = []
                while let (first, batch) = queue.take(upTo: 7) {
                    mine += batch.enumerated().map { (first + $0.offset, $0.element) }
                }
                taken.withLock { $0 += mine }
            }
        }
        // Added in uneven batches while the readers already wait, as a walk adds folders.
        var start = 0
        for size in [1, 0, 13, 200, 3, 500, 283] {
            queue.append(Array(paths[start..<(start + size)]))
            start += size
        }
        queue.finish()
        readers.wait()
        let all = taken.withLock { $0 }.sorted { $0.index < $1.index }
        #expect(all.map(\.index) == Array(paths.indices))
        #expect(all.map(\.path) == paths)
    }

    @Test func aFinishedEmptyQueueEndsEveryReader() {
        let queue = FileQueue()
        queue.finish()
        #expect(queue.take(upTo: 8) == nil)
        #expect(queue.take(upTo: 8) == nil)
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
