import Foundation
import PolicyMarkup
import PolicyModel

/// Reads policies scraped as plain text, in the layout of the seed file: a title line, a blank
/// line, "Update Date: … Effective Date: …", then one line per paragraph, with section lines
/// ("I.How Do We …"), sub-heading lines ("(II)…"), purpose lines ("1.Completing Registration")
/// and "•" bullets. One file may hold several policies; each starts at a title line.
///
/// The reader only decides what each line is; it never changes a word. Lines it cannot place in
/// a policy (text before the first title, a tail in another script) are reported as left out.
public enum PlainTextReader {
    public static func read(path: String) -> LegacyReading {
        switch SourceFile.load(path: path) {
        case .failure(let diagnostic):
            var reading = LegacyReading()
            reading.diagnostics = [diagnostic]
            return reading
        case .success(let file):
            return read(text: file.text, path: path)
        }
    }

    public static func read(text: String, path: String) -> LegacyReading {
        var reading = LegacyReading()
        // "\r\n" is one Character in Swift: split on every kind of line end, not on "\n" alone.
        let body = text.hasPrefix("\u{FEFF}") ? Substring(text.dropFirst()) : Substring(text)
        let lines = body.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        let starts = lines.indices.filter { isTitle(at: $0, in: lines) }
        guard !starts.isEmpty else {
            reading.diagnostics.append(Diagnostic(
                .noPolicyFound,
                "no policy found: a policy starts with its title on a line of its own, followed by a line with its update or effective date",
                at: .point(path, line: 1, column: 1)))
            return reading
        }
        if let before = nonEmptyRange(lines, 0..<starts[0]) {
            reading.leftOut.append(leftOut(lines, before, path: path, reason: "text before the first policy's title"))
        }
        for (index, start) in starts.enumerated() {
            let end = index + 1 < starts.count ? starts[index + 1] : lines.count
            var body = (start + 1)..<end
            // A scraped page often ends with text of its own (a footer, a notice in another
            // language). Lines at the end in another script than the policy are not its text.
            let tailStart = foreignTailStart(lines, body, script: dominantScript(lines[body]))
            if tailStart < body.upperBound, let tail = nonEmptyRange(lines, tailStart..<body.upperBound) {
                let script = dominantScript(lines[tail]) == .han ? "Chinese" : "another script"
                reading.leftOut.append(leftOut(lines, tail, path: path, reason: "text in \(script) after the policy's last section; not part of the policy"))
                body = body.lowerBound..<tailStart
            }
            reading.documents.append(LegacyDocument(
                path: path, title: String(lines[start]).trimmingCharacters(in: .whitespaces), line: start + 1,
                blocks: blocks(lines, body)))
        }
        return reading
    }

    // MARK: - Policies in a file

    /// A title is a short line without final punctuation whose next non-empty line, within two,
    /// states the policy's dates.
    private static func isTitle(at index: Int, in lines: [Substring]) -> Bool {
        let line = lines[index].trimmingCharacters(in: .whitespaces)
        guard !line.isEmpty, line.split(separator: " ").count <= 15, !endsLikeSentence(line), !isBullet(lines[index]) else { return false }
        for next in lines[(index + 1)...].prefix(3) where !next.trimmingCharacters(in: .whitespaces).isEmpty {
            return datesLine(next)
        }
        return false
    }

    /// "Update Date: March 3, 2020 …": a cue, then a date (a month's name or a digit). A
    /// sentence that merely starts with "Updated versions of this policy" is not one.
    static func datesLine(_ line: Substring) -> Bool {
        let folded = line.trimmingCharacters(in: .whitespaces).lowercased()
        for cue in ["update date", "last updated", "updated", "effective date", "last modified", "version date"] where folded.hasPrefix(cue) {
            let rest = folded.dropFirst(cue.count).drop { $0 == ":" || $0 == " " || $0 == "：" || $0 == "-" }
            if rest.first?.isNumber == true || DatesLine.months.contains(where: { rest.hasPrefix($0) }) { return true }
        }
        return false
    }

    private enum Script { case latin, han, other }

    private static func dominantScript(_ lines: some Collection<Substring>) -> Script {
        var latin = 0, han = 0
        for line in lines {
            for scalar in line.unicodeScalars {
                if scalar.properties.isAlphabetic {
                    if (0x4E00...0x9FFF).contains(scalar.value) || (0x3400...0x4DBF).contains(scalar.value) { han += 1 }
                    else if scalar.value < 0x250 { latin += 1 }
                }
            }
        }
        if latin == 0 && han == 0 { return .other }
        return latin >= han ? .latin : .han
    }

    /// Where the run of lines at the end of `body` that are written in another script begins
    /// (`body.upperBound` when there is none).
    private static func foreignTailStart(_ lines: [Substring], _ body: Range<Int>, script: Script) -> Int {
        var start = body.upperBound
        for index in body.reversed() {
            let line = lines[index]
            if line.trimmingCharacters(in: .whitespaces).isEmpty { start = index; continue }
            let lineScript = dominantScript([line])
            guard lineScript != script, lineScript != .other else { break }
            start = index
        }
        // Blank lines count with the tail; the report's range is trimmed to its text.
        return start
    }

    private static func nonEmptyRange(_ lines: [Substring], _ range: Range<Int>) -> ClosedRange<Int>? {
        let filled = range.filter { !lines[$0].trimmingCharacters(in: .whitespaces).isEmpty }
        guard let first = filled.first, let last = filled.last else { return nil }
        return first...last
    }

    private static func leftOut(_ lines: [Substring], _ range: ClosedRange<Int>, path: String, reason: String) -> LeftOutText {
        let text = lines[range].joined(separator: " ")
        return LeftOutText(path: path, lines: (range.lowerBound + 1)...(range.upperBound + 1), reason: reason,
                           excerpt: String(text.prefix(60)) + (text.count > 60 ? "…" : ""))
    }

    // MARK: - Blocks

    private static func blocks(_ lines: [Substring], _ body: Range<Int>) -> [LegacyBlock] {
        var blocks: [LegacyBlock] = []
        var sectionKind: SectionKind?
        var inSubsection = false
        for index in body {
            let raw = lines[index]
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty else { continue }
            let number = index + 1
            if isBullet(raw) {
                let text = String(line.unicodeScalars.dropFirst()).trimmingCharacters(in: .whitespaces)
                blocks.append(LegacyBlock(.listItem(ordered: false, depth: 0), [.text(text)], line: number))
            } else if headingLike(line), romanPrefix(line, parenthesised: false) {
                sectionKind = SectionKind.infer(fromHeading: line) ?? .general
                inSubsection = false
                blocks.append(LegacyBlock(.heading(level: 2), [.text(line)], line: number))
            } else if headingLike(line), romanPrefix(line, parenthesised: true) {
                inSubsection = true
                blocks.append(LegacyBlock(.heading(level: 3), [.text(line)], line: number))
            } else if headingLike(line), sectionKind == .collection, arabicPrefix(line) {
                // Numbered lines under "How Do We Collect…" are its purposes of processing.
                blocks.append(LegacyBlock(.heading(level: inSubsection ? 4 : 3), [.text(line)], line: number))
            } else {
                blocks.append(LegacyBlock(.paragraph, [.text(line)], line: number))
            }
        }
        return blocks
    }

    private static func isBullet(_ line: Substring) -> Bool {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        guard let first = trimmed.unicodeScalars.first else { return false }
        return ["•", "·", "▪", "◦", "●"].contains(Character(first))
    }

    /// Short and without final punctuation: a heading, not a sentence that starts with a number.
    private static func headingLike(_ line: String) -> Bool {
        line.split(separator: " ").count <= 14 && !endsLikeSentence(line)
    }

    private static func endsLikeSentence(_ line: String) -> Bool {
        guard let last = line.last else { return false }
        return ".;:,!?。；：，！？".contains(last)
    }

    /// "IV.How …" or, parenthesised, "(IV)How …".
    private static func romanPrefix(_ line: String, parenthesised: Bool) -> Bool {
        var rest = Substring(line)
        if parenthesised {
            guard rest.first == "(" else { return false }
            rest = rest.dropFirst()
        }
        let numeral = rest.prefix { "IVXLC".contains($0) }
        guard !numeral.isEmpty, numeral.count <= 6 else { return false }
        rest = rest.dropFirst(numeral.count)
        guard rest.first == (parenthesised ? ")" : ".") else { return false }
        return !rest.dropFirst().isEmpty
    }

    /// "3.Data Analysis Services"
    private static func arabicPrefix(_ line: String) -> Bool {
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 2 else { return false }
        let rest = line.dropFirst(digits.count)
        return rest.first == "." && rest.dropFirst().first.map { !$0.isNumber } == true
    }
}
