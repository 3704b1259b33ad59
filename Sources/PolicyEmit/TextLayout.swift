import CTerminalWidth

/// Widths in terminal columns: East Asian wide and full-width characters take 2, combining
/// marks 0 (glibc's wcwidth decides), everything else 1.
public enum ColumnWidth {
    public static func of(_ character: Character) -> Int {
        var width = 0
        for scalar in character.unicodeScalars { width += TextWrapper.columns(scalar) }
        return width
    }

    public static func of(_ text: some StringProtocol) -> Int {
        text.unicodeScalars.reduce(0) { $0 + TextWrapper.columns($1) }
    }
}

/// Wraps text into lines of at most a given width, counted in columns.
///
/// Lines break at spaces. CJK text, which has no spaces, may break between any two characters,
/// except that closing punctuation (，。、；：？！）」』…) never starts a line and opening
/// punctuation (（「『…) never ends one (the kinsoku rules). A word wider than a line is cut.
/// Every character of the input is kept, in order; only spaces at a break disappear.
public struct TextWrapper {
    public var width: Int

    public init(width: Int) {
        self.width = max(1, width)
    }

    public static let closingPunctuation: Set<Character> = Set("，。、；：？！）」』】〕》〉〗〙〛’”・…ー〜・,.;:?!)]}%")
    public static let openingPunctuation: Set<Character> = Set("（「『【〔《〈〖〘〚‘“([{")

    /// Characters that may be broken around without a space: the CJK scripts and their punctuation.
    public static func isBreakableWithoutSpace(_ character: Character) -> Bool {
        character.unicodeScalars.first.map(isBreakableWithoutSpace) ?? false
    }

    static func isBreakableWithoutSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x11FF, 0x2E80...0x9FFF, 0xA960...0xA97F, 0xAC00...0xD7FF, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFFEF,
             0x20000...0x3FFFF:
            return true
        default:
            return false
        }
    }

    private static let closingScalars = Set(closingPunctuation.compactMap(\.unicodeScalars.first))

    @inline(__always)
    static func isClosingASCII(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: ","), UInt8(ascii: "."), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "?"), UInt8(ascii: "!"),
             UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: "%"):
            return true
        default:
            return false
        }
    }
    private static let openingScalars = Set(openingPunctuation.compactMap(\.unicodeScalars.first))

    static func columns(_ scalar: Unicode.Scalar) -> Int {
        if scalar.isASCII { return scalar.value >= 0x20 && scalar.value < 0x7F ? 1 : 0 }
        return max(0, Int(policyc_column_width(scalar.value)))
    }

    /// An unbreakable piece of the text (a range of its UTF-8 bytes) and whether a space
    /// separated it from the piece before.
    struct Cluster {
        var bytes: Range<Int>
        var width: Int
        var spaceBefore: Bool
    }

    /// Decodes the scalar at `index` of valid UTF-8 (it came from a String) and its length.
    @inline(__always)
    static func scalar(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int) {
        let lead = UInt32(bytes[index])
        let value: UInt32
        let length: Int
        switch lead {
        case 0..<0x80: return (Unicode.Scalar(UInt8(lead)), 1)
        case 0xC0..<0xE0: value = (lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F); length = 2
        case 0xE0..<0xF0: value = (lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F); length = 3
        default:
            value = (lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12 | UInt32(bytes[index + 2] & 0x3F) << 6 | UInt32(bytes[index + 3] & 0x3F)
            length = 4
        }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }

    /// Splits text into clusters between which a line may break. Works on UTF-8 bytes and
    /// Unicode scalars rather than Characters (grapheme breaking was most of a corpus build's
    /// time); a scalar of width 0, such as a combining mark, stays with the one before it.
    static func clusters(_ bytes: UnsafeBufferPointer<UInt8>) -> [Cluster] {
        var clusters: [Cluster] = []
        // Words average more than five bytes; growing the array was a tenth of this function.
        clusters.reserveCapacity(bytes.count / 5 + 1)
        var start: Int?
        var width = 0
        var spaceBefore = false
        var pendingSpace = false
        var glueToNext = false
        var lastWasCJK = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            // Fast path: printable ASCII inside a Latin word needs no decoding or table lookups.
            if byte > 0x20, byte < 0x7F, start != nil, !pendingSpace, !lastWasCJK {
                var end = index + 1
                while end < bytes.count, bytes[end] > 0x20, bytes[end] < 0x7F { end += 1 }
                width += end - index
                let last = bytes[end - 1]
                glueToNext = last == UInt8(ascii: "(") || last == UInt8(ascii: "[") || last == UInt8(ascii: "{")
                index = end
                continue
            }
            // The same steps as below, for a space and for printable ASCII, without decoding.
            if byte == 0x20 {
                if let clusterStart = start {
                    clusters.append(Cluster(bytes: clusterStart..<index, width: width, spaceBefore: spaceBefore))
                    start = nil
                    width = 0
                }
                pendingSpace = true
                glueToNext = false
                index += 1
                continue
            }
            if byte > 0x20, byte < 0x7F {
                if let clusterStart = start, pendingSpace || (!glueToNext && lastWasCJK && !Self.isClosingASCII(byte)) {
                    clusters.append(Cluster(bytes: clusterStart..<index, width: width, spaceBefore: spaceBefore))
                    start = nil
                    width = 0
                }
                if start == nil {
                    start = index
                    spaceBefore = pendingSpace
                }
                pendingSpace = false
                width += 1
                lastWasCJK = false
                glueToNext = byte == UInt8(ascii: "(") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{")
                index += 1
                continue
            }
            let (scalar, length) = Self.scalar(in: bytes, at: index)
            defer { index += length }
            if scalar == " " || scalar == "\t" || scalar == "\n" {
                if let clusterStart = start {
                    clusters.append(Cluster(bytes: clusterStart..<index, width: width, spaceBefore: spaceBefore))
                    start = nil
                    width = 0
                }
                pendingSpace = true
                glueToNext = false
                continue
            }
            let scalarWidth = columns(scalar)
            let cjk = !scalar.isASCII && isBreakableWithoutSpace(scalar)
            // A break is allowed after spaces, before a CJK character and between CJK and Latin
            // text, unless the character closes something or the one before opens something.
            if let clusterStart = start,
               pendingSpace || (scalarWidth > 0 && !glueToNext && (cjk || lastWasCJK) && !closingScalars.contains(scalar)) {
                clusters.append(Cluster(bytes: clusterStart..<index, width: width, spaceBefore: spaceBefore))
                start = nil
                width = 0
            }
            if start == nil {
                start = index
                spaceBefore = pendingSpace
            }
            pendingSpace = false
            width += scalarWidth
            if scalarWidth > 0 {
                lastWasCJK = cjk
                glueToNext = scalar.isASCII ? (scalar == "(" || scalar == "[" || scalar == "{") : openingScalars.contains(scalar)
            }
        }
        if let clusterStart = start {
            clusters.append(Cluster(bytes: clusterStart..<bytes.count, width: width, spaceBefore: spaceBefore))
        }
        return clusters
    }

    /// A text split into clusters once, to be wrapped for several widths.
    public struct Prepared {
        let bytes: [UInt8]
        let clusters: [Cluster]

        public init(_ text: String) {
            bytes = Array(text.utf8)
            clusters = bytes.withUnsafeBufferPointer(TextWrapper.clusters)
        }
    }

    /// The wrapped lines. `firstPrefix` starts the first line (a list marker) and `prefix` the
    /// others (its indentation); both count towards the width.
    public func wrap(_ text: String, firstPrefix: String = "", prefix: String = "") -> [String] {
        var buffer = LineBuffer()
        wrap(Prepared(text), firstPrefix: firstPrefix, prefix: prefix, into: &buffer)
        return buffer.lines.map { String(decoding: buffer.bytes[$0.range], as: UTF8.self) }
    }

    /// Wraps into `buffer` and returns the width of the widest line it added.
    ///
    /// Words that follow each other in the source separated by one space (or by nothing, in CJK
    /// text) are copied to the line as one run of bytes: one copy per line, not per word.
    @discardableResult
    public func wrap(_ prepared: Prepared, firstPrefix: String = "", prefix: String = "", keepWithNext: Bool = false, into buffer: inout LineBuffer) -> Int {
        prepared.bytes.withUnsafeBufferPointer { bytes in
            var widest = 0
            let firstLine = buffer.lines.count
            var lineStart = buffer.bytes.count
            // Most paragraphs have no prefix; skipping the empty appends saves a call per line.
            if !firstPrefix.isEmpty { buffer.bytes.append(contentsOf: firstPrefix.utf8) }
            var lineWidth = firstPrefix.isEmpty ? 0 : ColumnWidth.of(firstPrefix)
            let prefixWidth = prefix.isEmpty ? 0 : ColumnWidth.of(prefix)
            var lineHasText = false
            // The source bytes waiting to be copied to the current line.
            var run = 0..<0
            func flushRun() {
                if !run.isEmpty { buffer.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run])) }
                run = 0..<0
            }
            func newLine() {
                flushRun()
                buffer.lines.append(LineBuffer.Line(range: lineStart..<buffer.bytes.count, keepWithNext: keepWithNext))
                buffer.bytes.append(UInt8(ascii: "\n"))
                widest = max(widest, lineWidth)
                lineStart = buffer.bytes.count
                if !prefix.isEmpty { buffer.bytes.append(contentsOf: prefix.utf8) }
                lineWidth = prefixWidth
                lineHasText = false
            }
            for cluster in prepared.clusters {
                let space = cluster.spaceBefore && lineHasText ? 1 : 0
                if lineWidth + space + cluster.width > width, lineHasText { newLine() }
                if lineWidth + (lineHasText ? space : 0) + cluster.width <= width {
                    let gap = lineHasText && space == 1 ? 1 : 0
                    let contiguous = !run.isEmpty && cluster.bytes.lowerBound == run.upperBound + gap
                        && (gap == 0 || bytes[run.upperBound] == UInt8(ascii: " "))
                    if contiguous {
                        run = run.lowerBound..<cluster.bytes.upperBound
                    } else {
                        flushRun()
                        if gap == 1 { buffer.bytes.append(UInt8(ascii: " ")) }
                        run = cluster.bytes
                    }
                    lineWidth += gap + cluster.width
                    lineHasText = true
                    continue
                }
                // Wider than a whole line: cut it between scalars.
                flushRun()
                var index = cluster.bytes.lowerBound
                while index < cluster.bytes.upperBound {
                    let (scalar, length) = Self.scalar(in: bytes, at: index)
                    let scalarWidth = Self.columns(scalar)
                    if lineWidth + scalarWidth > width, lineHasText, scalarWidth > 0 { newLine() }
                    buffer.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<(index + length)]))
                    lineWidth += scalarWidth
                    lineHasText = true
                    index += length
                }
            }
            flushRun()
            // The last line, unless it holds only the indentation of a line that never came;
            // an empty text still makes one line (its marker), as a list item with no words would.
            if lineHasText || buffer.lines.count == firstLine {
                buffer.lines.append(LineBuffer.Line(range: lineStart..<buffer.bytes.count, keepWithNext: keepWithNext))
                buffer.bytes.append(UInt8(ascii: "\n"))
                widest = max(widest, lineWidth)
            } else {
                buffer.bytes.removeSubrange(lineStart...)
            }
            return widest
        }
    }
}

/// Lines of text kept as ranges of one byte buffer, each followed by a newline there, so laying
/// out a long notice allocates almost nothing per line and printing it copies nothing.
public struct LineBuffer {
    public struct Line {
        public var range: Range<Int>
        /// Headings and their underlines stay on the page of the text that follows them.
        public var keepWithNext: Bool
    }

    public var bytes: [UInt8] = []
    public var lines: [Line] = []

    public init() {}

    public mutating func append(_ text: String, keepWithNext: Bool = false) {
        let start = bytes.count
        bytes.append(contentsOf: text.utf8)
        lines.append(Line(range: start..<bytes.count, keepWithNext: keepWithNext))
        bytes.append(UInt8(ascii: "\n"))
    }

    /// A line of `count` copies of one ASCII character, such as a heading's underline.
    public mutating func appendRule(_ character: UInt8, count: Int, keepWithNext: Bool = false) {
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(character, count: count))
        lines.append(Line(range: start..<bytes.count, keepWithNext: keepWithNext))
        bytes.append(UInt8(ascii: "\n"))
    }

    /// Drops blank lines at the end.
    public mutating func trimTrailingBlankLines() {
        while lastIsBlank { lines.removeLast() }
        bytes.removeSubrange((lines.last.map { $0.range.upperBound + 1 } ?? 0)...)
    }

    public func isBlank(_ line: Line) -> Bool { line.range.isEmpty }

    public var lastIsBlank: Bool { lines.last.map(isBlank) ?? false }
}
