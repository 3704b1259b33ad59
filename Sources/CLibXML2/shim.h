#ifndef POLICYC_CLIBXML2_SHIM_H
#define POLICYC_CLIBXML2_SHIM_H
// Debian builds libxml2 with ICU, whose headers clash with the copy Swift's Foundation carries.
// policyc never uses libxml2's encoding converters, so their ICU part is left out.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/// `xmlFree` is a global function pointer, which Swift 6 cannot call safely from any thread.
static inline void policyc_xml_free(void *pointer) { xmlFree(pointer); }

/// The first error of a parse: libxml2 keeps only the last, which for a mismatched tag is the
/// less helpful "premature end of data" at the end of the file.
typedef struct {
    int set;
    int line;
    int column;
    char message[512];
} policyc_xml_error;

/// Called by libxml2 with the context as `data` (its default user data); keeps the first error
/// in the context's private pointer, allocated here and released by `policyc_xml_read`.
static inline void policyc_xml_record_error(void *data, xmlErrorPtr error) {
    xmlParserCtxtPtr context = (xmlParserCtxtPtr)data;
    if (!context || !error || context->_private) return;
    policyc_xml_error *first = (policyc_xml_error *)calloc(1, sizeof(policyc_xml_error));
    if (!first) return;
    first->set = 1;
    first->line = error->line;
    first->column = error->int2;
    snprintf(first->message, sizeof first->message, "%s", error->message ? error->message : "");
    context->_private = first;
}

/// Parses `size` bytes with `options`, copying the first error, if any, to `first`.
static inline xmlDocPtr policyc_xml_read(xmlParserCtxtPtr context, const char *bytes, int size, const char *url, int options,
                                         policyc_xml_error *first) {
    context->sax->serror = policyc_xml_record_error;
    context->_private = NULL;
    xmlDocPtr document = xmlCtxtReadMemory(context, bytes, size, url, NULL, options);
    if (context->_private) {
        *first = *(policyc_xml_error *)context->_private;
        free(context->_private);
        context->_private = NULL;
    }
    return document;
}
/// What an HTML parse went through that its tree does not show: libxml2 recovers from broken
/// markup silently, but a few problems end the parse early and lose the rest of the page.
typedef struct {
    int stopped;          /* libxml2 gave up before the end (out of memory, a NUL byte inside markup) */
    int encoding_failed;  /* bytes did not convert from the page's character set; reading ended there */
    int unknown_encoding; /* the page declares a character set libxml2 does not know, and reads it as Latin-1 */
    int unclosed_comment; /* a "<!--" without "-->" swallowed the rest of the page */
    int line;             /* the line of the first fatal error, 0 if none */
    char message[256];    /* its message */
} policyc_html_status;

/// Records an error of the parse running on this thread. The status is found through the
/// thread's structured-error context, not `data`, which libxml2 sets differently by error kind.
static inline void policyc_html_record_error(void *data, xmlErrorPtr error) {
    (void)data;
    policyc_html_status *status = (policyc_html_status *)xmlStructuredErrorContext;
    if (!status || !error) return;
    if (error->code == XML_ERR_COMMENT_NOT_FINISHED) status->unclosed_comment = 1;
    if (error->code == XML_ERR_UNSUPPORTED_ENCODING) status->unknown_encoding = 1;
    if (error->domain == XML_FROM_I18N || error->code == XML_ERR_INVALID_ENCODING || error->code == XML_IO_ENCODER)
        status->encoding_failed = 1;
    if (error->level == XML_ERR_FATAL && status->line == 0) {
        status->line = error->line > 0 ? error->line : 1;
        snprintf(status->message, sizeof status->message, "%s", error->message ? error->message : "");
    }
}

/// How many bytes of `text` (UTF-8, NUL-terminated) HTML's white-space collapsing leaves as
/// they are: words and single spaces between them, up to a tab, a line break, a form feed, a
/// no-break space (C2 A0), a space before another or at either end, or the end. `strcspn` skips
/// the letters at C speed, which matters for multi-megabyte pages.
static inline size_t policyc_html_plain_length(const xmlChar *text) {
    const xmlChar *cursor = text;
    for (;;) {
        cursor += strcspn((const char *)cursor, " \t\n\f\r\xC2");
        if (cursor[0] == ' ' && cursor != text && cursor[1] > ' ' && !(cursor[1] == 0xC2 && cursor[2] == 0xA0)) {
            cursor++;
        } else if (cursor[0] == 0xC2 && cursor[1] != 0xA0) {
            cursor++;
        } else {
            return (size_t)(cursor - text);
        }
    }
}

/// Parses `size` bytes of HTML with `options`; `encoding` NULL lets libxml2 sniff a byte order
/// mark or a <meta charset>. Errors go to `status`, never to stderr: the thread's structured
/// error handler (thread-local in libxml2) is swapped in for the parse and restored after.
static inline htmlDocPtr policyc_html_read(const char *bytes, int size, const char *url, const char *encoding, int options,
                                           policyc_html_status *status) {
    htmlParserCtxtPtr context = htmlNewParserCtxt();
    if (!context) return NULL;
    // libxml2 2.9 has no HTML options for these, but keeps the flags through htmlCtxtReadMemory.
    // BIG_LINES records lines past 65535 on text nodes, where xmlGetLineNo finds them. HUGE lifts
    // the limit of 256 nested elements, which legacy pages reach with unclosed <font> tags (each
    // new <p> opens inside the last one); the tree is then walked and freed without recursion.
    context->options |= XML_PARSE_BIG_LINES | XML_PARSE_HUGE;
    xmlStructuredErrorFunc savedHandler = xmlStructuredError;
    void *savedContext = xmlStructuredErrorContext;
    xmlSetStructuredErrorFunc(status, policyc_html_record_error);
    htmlDocPtr document = htmlCtxtReadMemory(context, bytes, size, url, encoding, options);
    xmlSetStructuredErrorFunc(savedContext, savedHandler);
    // Halted (disableSAX), or ended with input left unread: libxml2 2.9 takes a NUL byte inside
    // markup for the end of the input, without an error.
    xmlParserInputPtr input = context->input;
    int unread = input && input->cur && input->end && input->cur < input->end;
    status->stopped = context->disableSAX != 0 || unread;
    if (unread && status->line == 0) status->line = input->line > 0 ? input->line : 1;
    htmlFreeParserCtxt(context);
    return document;
}
#endif
