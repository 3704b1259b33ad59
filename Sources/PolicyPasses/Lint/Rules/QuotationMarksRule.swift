import PolicyMarkup
import PolicyModel

/// Typographic double quotation marks must pair: “ opens, ” closes. Scraped and hand-edited
/// policies often close with an opening mark (“SUNMI“), which typesetting shows as a stray quote.
struct QuotationMarksRule: LintRule {
    let id = DiagnosticID.mismatchedQuotes
    let explanation = """
        Walks each paragraph's typographic double quotes: “ opens a quotation and ” closes it. \
        An opening mark inside an open quotation is taken as a closing mark written wrong \
        (fix-it: ”), as is a straight " closing a “ quotation; a closing mark with no quotation open, or a quotation left open at the end \
        of the paragraph, is reported too.
        """

    func check(_ document: LintDocument, context: LintContext) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for unit in document.units {
            let text = unit.text.text
            var open: String.Index?
            var index = text.startIndex
            while index < text.endIndex {
                let next = text.index(after: index)
                switch text[index] {
                case "“":
                    if open != nil {
                        let range = unit.text.range(of: index..<next)
                        diagnostics.append(Diagnostic(id, openingAsClosing, at: range, fixIt: FixIt(range: range, replacement: "”")))
                        open = nil
                    } else {
                        open = index
                    }
                case "\"" where open != nil:
                    let range = unit.text.range(of: index..<next)
                    diagnostics.append(Diagnostic(id, straightClosing, at: range, fixIt: FixIt(range: range, replacement: "”")))
                    open = nil
                case "”":
                    if open == nil {
                        diagnostics.append(Diagnostic(id, closingWithoutOpening, at: unit.text.range(of: index..<next)))
                    }
                    open = nil
                default:
                    break
                }
                index = next
            }
            if let open {
                diagnostics.append(Diagnostic(id, neverClosed, at: unit.text.range(of: open..<text.index(after: open))))
            }
        }
        return diagnostics
    }

    // MARK: Messages
    private let openingAsClosing = "an opening quotation mark “ closes this quotation; write ” instead"
    private let straightClosing = "a straight quotation mark \" closes a quotation opened with “; write ” instead"
    private let closingWithoutOpening = "this closing quotation mark ” closes no quotation"
    private let neverClosed = "this quotation is never closed in its paragraph"
}
