import Foundation

/// Writes output files so that a reader never sees half a file and unchanged files keep
/// their modification time: write a temporary file beside the target, then rename over it.
public struct OutputWriter {
    public enum Outcome: Sendable { case written, unchanged }

    public struct WriteError: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "cannot write '\(path)': \(reason)" }
    }

    public init() {}

    @discardableResult
    public func write(_ bytes: [UInt8], to path: String) throws(WriteError) -> Outcome {
        if let existing = FileManager.default.contents(atPath: path), existing.count == bytes.count,
           bytes.isEmpty || existing.withUnsafeBytes({ old in bytes.withUnsafeBytes { memcmp(old.baseAddress!, $0.baseAddress!, bytes.count) == 0 } }) {
            return .unchanged
        }
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw WriteError(path: path, reason: "cannot create the folder '\(folder)'")
        }
        let temporary = (folder as NSString).appendingPathComponent(".\((path as NSString).lastPathComponent).\(getpid()).tmp")
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
        let written = bytes.withUnsafeBytes { buffer -> Int in
            var offset = 0
            while offset < buffer.count {
                let count = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if count <= 0 { return -1 }
                offset += count
            }
            return offset
        }
        close(descriptor)
        guard written == bytes.count || bytes.isEmpty, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw WriteError(path: path, reason: String(cString: strerror(errno)))
        }
        return .written
    }
}
