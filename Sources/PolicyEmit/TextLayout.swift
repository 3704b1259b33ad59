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
    private static let openingScalars = Set(openingPunctuation.compactMap(\.unicodeScalars.first))

    static func columns(_ scalar: Unicode.Scalar) -> Int {
        if scalar.isASCII { return scalar.value >= 0x20 && scalar.value < 0x7F ? 1 : 0 }
        return max(0, Int(policyc_column_width(scalar.value)))
    }

    /// An unbreakable piece of the text and whether a space separated it from the piece before.
    struct Cluster {
        var range: Range<String.Index>
        var width: Int
        var spaceBefore: Bool
    }

    /// Splits text into clusters between which a line may break. Works on Unicode scalars, not
    /// Characters: grapheme breaking was most of the time of a corpus build, and a scalar of
    /// width 0 (a combining mark) simply stays with the scalar before it.
    func clusters(_ text: String) -> [Cluster] {
        var clusters: [Cluster] = []
        let scalars = text.unicodeScalars
        var start: String.Index?
        var width = 0
        var spaceBefore = false
        var pendingSpace = false
        var glueToNext = false
        var lastWasCJK = false
        func finish(at end: String.Index) {
            guard let clusterStart = start else { return }
            clusters.append(Cluster(range: clusterStart..<end, width: width, spaceBefore: spaceBefore))
            start = nil
            width = 0
        }
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            defer { index = scalars.index(after: index) }
            if scalar == " " || scalar == "\t" || scalar == "\n" {
                finish(at: index)
                pendingSpace = true
                glueToNext = false
                continue
            }
            let scalarWidth = Self.columns(scalar)
            let cjk = !scalar.isASCII && Self.isBreakableWithoutSpace(scalar)
            if pendingSpace {
                finish(at: index)
                spaceBefore = true
                pendingSpace = false
            } else if start != nil, scalarWidth > 0, !glueToNext, cjk || lastWasCJK, !Self.closingScalars.contains(scalar) {
                // A break is allowed before a CJK character and between CJK and Latin text,
                // unless the character closes something.
                finish(at: index)
                spaceBefore = false
            }
            if start == nil { start = index }
            width += scalarWidth
            if scalarWidth > 0 {
                lastWasCJK = cjk
                glueToNext = scalar.isASCII ? (scalar == "(" || scalar == "[" || scalar == "{") : Self.openingScalars.contains(scalar)
            }
        }
        finish(at: scalars.endIndex)
        return clusters
    }

    /// The wrapped lines. `firstPrefix` starts the first line (a list marker) and `prefix` the
    /// others (its indentation); both count towards the width.
    public func wrap(_ text: String, firstPrefix: String = "", prefix: String = "") -> [String] {
        var lines: [String] = []
        var line = firstPrefix
        var lineWidth = ColumnWidth.of(firstPrefix)
        let prefixWidth = ColumnWidth.of(prefix)
        var lineHasText = false
        func newLine() {
            lines.append(line)
            line = prefix
            lineWidth = prefixWidth
            lineHasText = false
        }
        for cluster in clusters(text) {
            let clusterText = text[cluster.range]
            let space = cluster.spaceBefore && lineHasText ? 1 : 0
            if lineWidth + space + cluster.width <= width {
                if space == 1 { line += " " }
                line += clusterText
                lineWidth += space + cluster.width
                lineHasText = true
                continue
            }
            if lineHasText { newLine() }
            if lineWidth + cluster.width <= width {
                line += clusterText
                lineWidth += cluster.width
                lineHasText = true
                continue
            }
            // Wider than a whole line: cut it, character by character.
            for character in clusterText {
                let characterWidth = ColumnWidth.of(character)
                if lineWidth + characterWidth > width, lineHasText { newLine() }
                line.append(character)
                lineWidth += characterWidth
                lineHasText = true
            }
        }
        if lineHasText || lines.isEmpty { lines.append(line) }
        return lines
    }
}
