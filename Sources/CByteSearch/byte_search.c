#define _GNU_SOURCE
#include <string.h>
#include "byte_search.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#include <immintrin.h>

/// Wojciech Muła's "generic SIMD" substring search: compare 16 positions at a time against the
/// needle's first and last bytes and check the whole needle only where both match. glibc's
/// memmem tests one position at a time for short needles; a scan of a source tree spends most
/// of its time here, and the pair of bytes rules out nearly every position in one instruction.
static const void *first_and_last(const unsigned char *haystack, size_t haystack_length,
                                  const unsigned char *needle, size_t needle_length) {
    const __m128i first = _mm_set1_epi8((char)needle[0]);
    const __m128i last = _mm_set1_epi8((char)needle[needle_length - 1]);
    size_t position = 0;
    // Blocks whose last-byte load stays inside the haystack.
    for (; position + needle_length - 1 + 16 <= haystack_length; position += 16) {
        const __m128i block_first = _mm_loadu_si128((const __m128i *)(haystack + position));
        const __m128i block_last = _mm_loadu_si128((const __m128i *)(haystack + position + needle_length - 1));
        unsigned mask = (unsigned)_mm_movemask_epi8(
            _mm_and_si128(_mm_cmpeq_epi8(first, block_first), _mm_cmpeq_epi8(last, block_last)));
        while (mask != 0) {
            const unsigned bit = (unsigned)__builtin_ctz(mask);
            if (memcmp(haystack + position + bit + 1, needle + 1, needle_length - 2) == 0) return haystack + position + bit;
            mask &= mask - 1;
        }
    }
    // The tail: fewer than 16 candidate positions left.
    if (position + needle_length <= haystack_length) {
        return memmem(haystack + position, haystack_length - position, needle, needle_length);
    }
    return NULL;
}
#endif

/// The earliest position where any needle starts: a naive check of every needle at every
/// position, for the short tails the vector loop leaves.
static long first_of_naive(const unsigned char *haystack, size_t haystack_length, size_t from,
                           const unsigned char *const *needles, const size_t *lengths, size_t count, size_t *which) {
    for (size_t position = from; position < haystack_length; position++) {
        for (size_t index = 0; index < count; index++) {
            if (position + lengths[index] <= haystack_length && memcmp(haystack + position, needles[index], lengths[index]) == 0) {
                *which = index;
                return (long)position;
            }
        }
    }
    return -1;
}

#if defined(__SSE2__)
/// The first of `count` needles that starts at a candidate position of `mask` (32 positions
/// from `position`), or -1: the rare path, where first and last bytes matched.
__attribute__((noinline))
static long confirm_candidates(const unsigned char *haystack, size_t position, unsigned mask,
                               const unsigned char *const *needles, const size_t *lengths, size_t count, size_t *which) {
    while (mask != 0) {
        const size_t at = position + (size_t)__builtin_ctz(mask);
        for (size_t index = 0; index < count; index++) {
            if (memcmp(haystack + at, needles[index], lengths[index]) == 0) {
                *which = index;
                return (long)at;
            }
        }
        mask &= mask - 1;
    }
    return -1;
}

/// Every needle's first and last bytes against the same 32 positions: one pass over the
/// haystack for all of them, where a search per needle would read it once per needle.
/// For five needles or more; `first_of_avx2_few` below takes one to four.
__attribute__((target("avx2")))
static long first_of_avx2_many(const unsigned char *haystack, size_t haystack_length,
                               const unsigned char *const *needles, const size_t *lengths, const size_t count,
                               size_t *which) {
    __m256i firsts[POLICYC_MAX_NEEDLES], lasts[POLICYC_MAX_NEEDLES];
    size_t longest = 0;
    for (size_t index = 0; index < count; index++) {
        firsts[index] = _mm256_set1_epi8((char)needles[index][0]);
        lasts[index] = _mm256_set1_epi8((char)needles[index][lengths[index] - 1]);
        if (lengths[index] > longest) longest = lengths[index];
    }
    size_t position = 0;
    for (; position + longest - 1 + 32 <= haystack_length; position += 32) {
        const __m256i block = _mm256_loadu_si256((const __m256i *)(haystack + position));
        __m256i any = _mm256_setzero_si256();
        for (size_t index = 0; index < count; index++) {
            const __m256i block_last = _mm256_loadu_si256((const __m256i *)(haystack + position + lengths[index] - 1));
            any = _mm256_or_si256(any, _mm256_and_si256(_mm256_cmpeq_epi8(firsts[index], block), _mm256_cmpeq_epi8(lasts[index], block_last)));
        }
        if (_mm256_testz_si256(any, any)) continue;
        const long found = confirm_candidates(haystack, position, (unsigned)_mm256_movemask_epi8(any), needles, lengths, count, which);
        if (found >= 0) return found;
    }
    return first_of_naive(haystack, haystack_length, position, needles, lengths, count, which);
}

/// The same search for one to four needles, their byte vectors and offsets held in named
/// variables: in the arrays of `first_of_avx2_many` the compiler kept them on the stack and loaded
/// them again for every block, which doubled the instructions of the loop. `count` is a
/// constant in each caller, so the unused needles drop out.
#define NEEDLE(i) \
    const __m256i first##i = _mm256_set1_epi8((char)needles[(i) < count ? (i) : 0][0]); \
    const __m256i last##i = _mm256_set1_epi8((char)needles[(i) < count ? (i) : 0][lengths[(i) < count ? (i) : 0] - 1]); \
    const size_t offset##i = lengths[(i) < count ? (i) : 0] - 1;
#define CANDIDATES(i) \
    _mm256_and_si256(_mm256_cmpeq_epi8(first##i, block), \
                     _mm256_cmpeq_epi8(last##i, _mm256_loadu_si256((const __m256i *)(haystack + position + offset##i))))

__attribute__((target("avx2"), always_inline))
static inline long first_of_avx2_few(const unsigned char *haystack, size_t haystack_length,
                                     const unsigned char *const *needles, const size_t *lengths, const size_t count,
                                     size_t *which) {
    NEEDLE(0) NEEDLE(1) NEEDLE(2) NEEDLE(3)
    size_t longest = 0;
    for (size_t index = 0; index < count; index++) {
        if (lengths[index] > longest) longest = lengths[index];
    }
    size_t position = 0;
    while (position + longest - 1 + 32 <= haystack_length) {
        // The hot loop makes no call: across one, the compiler keeps every vector on the stack.
        unsigned mask = 0;
        for (; position + longest - 1 + 32 <= haystack_length; position += 32) {
            const __m256i block = _mm256_loadu_si256((const __m256i *)(haystack + position));
            __m256i any = CANDIDATES(0);
            if (count > 1) any = _mm256_or_si256(any, CANDIDATES(1));
            if (count > 2) any = _mm256_or_si256(any, CANDIDATES(2));
            if (count > 3) any = _mm256_or_si256(any, CANDIDATES(3));
            if (!_mm256_testz_si256(any, any)) {
                mask = (unsigned)_mm256_movemask_epi8(any);
                break;
            }
        }
        if (mask == 0) break;
        const long found = confirm_candidates(haystack, position, mask, needles, lengths, count, which);
        if (found >= 0) return found;
        position += 32;
    }
    return first_of_naive(haystack, haystack_length, position, needles, lengths, count, which);
}
#undef NEEDLE
#undef CANDIDATES

__attribute__((target("avx2")))
static long first_of_avx2(const unsigned char *haystack, size_t haystack_length,
                          const unsigned char *const *needles, const size_t *lengths, size_t count, size_t *which) {
    switch (count) {
    case 1: return first_of_avx2_few(haystack, haystack_length, needles, lengths, 1, which);
    case 2: return first_of_avx2_few(haystack, haystack_length, needles, lengths, 2, which);
    case 3: return first_of_avx2_few(haystack, haystack_length, needles, lengths, 3, which);
    case 4: return first_of_avx2_few(haystack, haystack_length, needles, lengths, 4, which);
    default: return first_of_avx2_many(haystack, haystack_length, needles, lengths, count, which);
    }
}
#endif

long policyc_find_first_of(const void *haystack, size_t haystack_length, const unsigned char *const *needles,
                           const size_t *lengths, size_t count, size_t *which) {
    int vectorisable = count > 0 && count <= POLICYC_MAX_NEEDLES;
    for (size_t index = 0; index < count; index++) vectorisable = vectorisable && lengths[index] >= 2 && lengths[index] <= 64;
#if defined(__SSE2__)
    if (vectorisable && __builtin_cpu_supports("avx2")) {
        return first_of_avx2((const unsigned char *)haystack, haystack_length, needles, lengths, count, which);
    }
#endif
    // Elsewhere: one search per needle, the earliest wins.
    long best = -1;
    for (size_t index = 0; index < count; index++) {
        if (lengths[index] == 0) continue;
        const size_t limit = best < 0 ? haystack_length : (size_t)best + lengths[index];
        const void *found = policyc_memmem(haystack, limit < haystack_length ? limit : haystack_length, needles[index], lengths[index]);
        if (found) {
            const long offset = (long)((const unsigned char *)found - (const unsigned char *)haystack);
            if (best < 0 || offset < best) { best = offset; *which = index; }
        }
    }
    (void)vectorisable;
    return best;
}

const void *policyc_memmem(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length) {
#if defined(__SSE2__)
    if (needle_length >= 2 && needle_length <= 64 && haystack_length >= needle_length) {
        // __builtin_cpu_supports reads a flag libgcc sets once at start-up: cheap on every call.
        // With AVX2, one needle is the multi-needle search with a list of one.
        if (__builtin_cpu_supports("avx2")) {
            const unsigned char *needles[1] = {(const unsigned char *)needle};
            size_t which = 0;
            const long found = first_of_avx2((const unsigned char *)haystack, haystack_length, needles, &needle_length, 1, &which);
            return found < 0 ? NULL : (const unsigned char *)haystack + found;
        }
        return first_and_last((const unsigned char *)haystack, haystack_length, (const unsigned char *)needle, needle_length);
    }
#endif
    return memmem(haystack, haystack_length, needle, needle_length);
}

#if defined(__SSE2__)
__attribute__((target("avx2,popcnt")))
static size_t count_byte_avx2(const unsigned char *haystack, size_t haystack_length, unsigned char byte) {
    const __m256i wanted = _mm256_set1_epi8((char)byte);
    size_t count = 0, position = 0;
    for (; position + 32 <= haystack_length; position += 32) {
        const __m256i block = _mm256_loadu_si256((const __m256i *)(haystack + position));
        count += (size_t)__builtin_popcount((unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(block, wanted)));
    }
    for (; position < haystack_length; position++) count += haystack[position] == byte;
    return count;
}
#endif

size_t policyc_count_byte(const void *haystack, size_t haystack_length, unsigned char byte) {
    const unsigned char *bytes = (const unsigned char *)haystack;
#if defined(__SSE2__)
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt")) return count_byte_avx2(bytes, haystack_length, byte);
#endif
    size_t count = 0;
    for (size_t position = 0; position < haystack_length; position++) count += bytes[position] == byte;
    return count;
}
