#ifndef POLICYC_BYTE_SEARCH_H
#define POLICYC_BYTE_SEARCH_H
#include <stddef.h>

/// glibc's memmem, which Swift's Glibc module leaves out (it is a GNU extension).
const void *policyc_memmem(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length);

#endif
