#ifndef POLICYC_BYTE_SEARCH_H
#define POLICYC_BYTE_SEARCH_H
#include <stddef.h>

/// The first occurrence of `needle` in `haystack`: SIMD first-and-last-byte search for needles of
/// 2 to 64 bytes, glibc's memmem (left out of Swift's Glibc module, a GNU extension) otherwise.
const void *policyc_memmem(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length);

/// At most this many needles go to `policyc_find_first_of` at once.
#define POLICYC_MAX_NEEDLES 16

/// The offset of the earliest occurrence of any of `count` needles in `haystack` (-1 when none),
/// with the index of the needle found there in `which` (the lowest index when several start at
/// the same offset). One pass over the haystack however many needles there are.
long policyc_find_first_of(const void *haystack, size_t haystack_length, const unsigned char *const *needles,
                           const size_t *lengths, size_t count, size_t *which);

/// How many bytes of `haystack` equal `byte`: 32 at a time with AVX2.
size_t policyc_count_byte(const void *haystack, size_t haystack_length, unsigned char byte);

#endif
