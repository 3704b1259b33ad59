import CTerminalWidth

/// Widths in terminal columns: East Asian wide and full-width characters take 2, combining
/// marks 0 (glibc's wcwidth decides), everything else 1.
public enum ColumnWidth {
    public static func of(_ character: Character) -> Int {
        var width = 0
        for scalar in character.unicodeScalars {
            width += scalar.isASCII ? (scalar.value >= 0x20 && scalar.value < 0x7F ? 1 : 0) : max(0, Int(policyc_column_width(scalar.value)))
        }
        return width
    }

    public static func of(_ text: some StringProtocol) -> Int {
        text.reduce(0) { $0 + of($1) }
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
        guard let scalar = character.unicodeScalars.first, !scalar.isASCII else { return false }
        switch scalar.value {
        case 0x1100...0x11FF, 0x2E80...0x9FFF, 0xA960...0xA97F, 0xAC00...0xD7FF, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFFEF,
             0x20000...0x3FFFF:
            return true
        default:
            return false
        }
    }

    /// An unbreakable piece of text and whether a space separated it from the piece before.
    struct Cluster {
        var text: String
        var width: Int
        var spaceBefore: Bool
    }

    /// Splits text into clusters between which a line may break.
    func clusters(_ text: String) -> [Cluster] {
        var clusters: [Cluster] = []
        var current = ""
        var currentWidth = 0
        var spaceBefore = false
        var pendingSpace = false
        var glueToNext = false
        func finish() {
            guard !current.isEmpty else { return }
            clusters.append(Cluster(text: current, width: currentWidth, spaceBefore: spaceBefore))
            current = ""
            currentWidth = 0
        }
        for character in text {
            if character == " " || character == "\t" || character == "\n" {
                finish()
                pendingSpace = true
                glueToNext = false
                continue
            }
            let width = ColumnWidth.of(character)
            let cjk = Self.isBreakableWithoutSpace(character)
            if pendingSpace {
                finish()
                spaceBefore = true
                pendingSpace = false
            } else if cjk && !current.isEmpty && !glueToNext && !Self.closingPunctuation.contains(character) {
                // A break is allowed before a CJK character, unless it closes something.
                finish()
                spaceBefore = false
            } else if !cjk, let last = current.last, Self.isBreakableWithoutSpace(last), !glueToNext, !Self.closingPunctuation.contains(character) {
                // Latin text right after CJK text may start a new line.
                finish()
                spaceBefore = false
            }
            current.append(character)
            currentWidth += width
            glueToNext = Self.openingPunctuation.contains(character)
        }
        finish()
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
            let space = cluster.spaceBefore && lineHasText ? 1 : 0
            if lineWidth + space + cluster.width <= width {
                if space == 1 { line += " " }
                line += cluster.text
                lineWidth += space + cluster.width
                lineHasText = true
                continue
            }
            if lineHasText { newLine() }
            if lineWidth + cluster.width <= width {
                line += cluster.text
                lineWidth += cluster.width
                lineHasText = true
                continue
            }
            // Wider than a whole line: cut it, character by character.
            for character in cluster.text {
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
