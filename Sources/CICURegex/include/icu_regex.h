#ifndef POLICYC_ICU_REGEX_H
#define POLICYC_ICU_REGEX_H

#include <stdint.h>

// ICU regular expressions (Debian's libicu-dev) matched on UTF-8 text, behind opaque types:
// Foundation brings its own copy of ICU's headers into Swift, and the two declarations of ICU's
// C types cannot meet in one Swift module.

typedef struct policyc_regex policyc_regex;
typedef struct policyc_matcher policyc_matcher;

/// `pattern` (UTF-16, `length` units) compiled with no flags; NULL when it is not valid.
policyc_regex *policyc_regex_open(const uint16_t *pattern, int32_t length);
void policyc_regex_close(policyc_regex *regex);
int32_t policyc_regex_group_count(const policyc_regex *regex);

/// A matcher of its own (a clone of `regex`) over `text`, UTF-8 of `length` bytes, which must
/// outlive it; NULL on failure. Its searches stop with an error, rather than run on, after about
/// `time_limit` steps of ICU's engine (of the order of milliseconds each); 0 sets no limit.
policyc_matcher *policyc_matcher_open(const policyc_regex *regex, const char *text, int64_t length, int32_t time_limit);
void policyc_matcher_close(policyc_matcher *matcher);

/// The next match of a search from the start of the text: 1 and `bounds` set to the match's
/// start and end and the first group's start and end (-1 when there is none), all byte offsets;
/// 0 when there is no further match; -1 when ICU stopped with an error (its time limit, or its
/// backtracking stack full), so that a search cut short is never taken for one without matches.
int policyc_matcher_find_next(policyc_matcher *matcher, int64_t bounds[4]);

/// A match that starts exactly at byte offset `at`: 1 and `bounds` as above, 0, or -1.
int policyc_matcher_looking_at(policyc_matcher *matcher, int64_t at, int64_t bounds[4]);

#endif
