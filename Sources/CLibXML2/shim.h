#ifndef POLICYC_CLIBXML2_SHIM_H
#define POLICYC_CLIBXML2_SHIM_H
// Debian builds libxml2 with ICU, whose headers clash with the copy Swift's Foundation carries.
// policyc never uses libxml2's encoding converters, so their ICU part is left out.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <stdio.h>
#include <stdlib.h>

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
#endif
