import Foundation

/// Phone numbers and e-mail addresses written as plain words: what `policyc import` proposes as
/// `tel:` and `mailto:` links, and what lint reports when an annotated policy leaves one unlinked.
public enum ContactText {
    private static let email = try! NSRegularExpression(pattern: #"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"#)
    /// Grouped digits: "400-6666-509", "+86 21 1234 5678". Dates and plain numbers are not phones.
    private static let phone = try! NSRegularExpression(pattern: #"(?<![\w-])\+?\d{2,4}(?:[- ]\d{2,8}){1,4}(?![\w-])"#)

    /// Every e-mail address, then every phone number, in `text`.
    public static func channels(in text: String) -> [(kind: Contact.Kind, range: Range<String.Index>)] {
        let whole = NSRange(text.startIndex..., in: text)
        let emails = email.matches(in: text, range: whole).compactMap { Range($0.range, in: text) }
        let phones = phone.matches(in: text, range: whole).compactMap { Range($0.range, in: text) }.filter { range in
            let value = text[range]
            return value.filter(\.isNumber).count >= 7 && (value.contains("-") || value.hasPrefix("+")) && !looksLikeDate(value)
        }
        return emails.map { (.email, $0) } + phones.map { (.phone, $0) }
    }

    private static func looksLikeDate(_ value: Substring) -> Bool {
        let parts = value.split(separator: "-")
        return parts.count == 3 && parts[0].count == 4 && (parts[0].hasPrefix("19") || parts[0].hasPrefix("20"))
    }
}
