import Dispatch
import Synchronization

/// Paths handed from a scan's walk to the threads that read the files, so that reading starts
/// with the first folder rather than after the last. Each path's index is its place in walk
/// order, which keeps the results in that order whichever thread read them.
final class FileQueue: Sendable {
    private struct State {
        var paths: [String] = []
        var next = 0
        var finished = false
    }

    private let state = Mutex(State())
    /// Signalled when there may be something new to see: paths, or the end of the walk.
    private let changed = DispatchSemaphore(value: 0)

    /// Adds paths after those already added.
    func append(_ paths: [String]) {
        guard !paths.isEmpty else { return }
        state.withLock { $0.paths += paths }
        changed.signal()
    }

    /// No paths will be added any more: readers stop once they have taken every path.
    func finish() {
        state.withLock { $0.finished = true }
        changed.signal()
    }

    private enum Look {
        case taken(first: Int, paths: [String])
        case nothingYet
        case finished
    }

    /// Up to `limit` paths nobody has taken yet, with the walk-order index of the first; waits
    /// while the walk may still add some, and is nil once it has finished and all are taken.
    func take(upTo limit: Int) -> (first: Int, paths: [String])? {
        while true {
            let look: Look = state.withLock { state in
                guard state.next < state.paths.count else { return state.finished ? .finished : .nothingYet }
                let first = state.next
                state.next = min(first + limit, state.paths.count)
                // A copy, not a slice: a slice would share the array, and the next append would
                // then copy all of it.
                return .taken(first: first, paths: Array(state.paths[first..<state.next]))
            }
            switch look {
            case .nothingYet:
                changed.wait()
            case .taken(let first, let paths):
                // Pass the signal on: another reader may find more to take, or the end.
                changed.signal()
                return (first, paths)
            case .finished:
                changed.signal()
                return nil
            }
        }
    }

    /// The walk's paths, collected and sent to the queue a folder's worth at a time, not
    /// one by one: every send may wake a reader.
    struct Batch {
        private let queue: FileQueue
        private var pending: [String] = []

        init(_ queue: FileQueue) { self.queue = queue }

        mutating func append(_ path: String) { pending.append(path) }

        mutating func send() {
            queue.append(pending)
            pending.removeAll(keepingCapacity: true)
        }
    }
}
