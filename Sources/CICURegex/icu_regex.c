#include <stdlib.h>
#include <unicode/uregex.h>
#include <unicode/utext.h>
#include "icu_regex.h"

struct policyc_regex {
    URegularExpression *compiled;
};

struct policyc_matcher {
    URegularExpression *expression;
    UText *text;
    int32_t groups;
};

policyc_regex *policyc_regex_open(const uint16_t *pattern, int32_t length) {
    UErrorCode status = U_ZERO_ERROR;
    UParseError parse_error;
    URegularExpression *compiled = uregex_open((const UChar *)pattern, length, 0, &parse_error, &status);
    if (U_FAILURE(status)) {
        if (compiled) uregex_close(compiled);
        return NULL;
    }
    policyc_regex *regex = malloc(sizeof *regex);
    if (!regex) {
        uregex_close(compiled);
        return NULL;
    }
    regex->compiled = compiled;
    return regex;
}

void policyc_regex_close(policyc_regex *regex) {
    if (!regex) return;
    uregex_close(regex->compiled);
    free(regex);
}

int32_t policyc_regex_group_count(const policyc_regex *regex) {
    UErrorCode status = U_ZERO_ERROR;
    return uregex_groupCount(regex->compiled, &status);
}

policyc_matcher *policyc_matcher_open(const policyc_regex *regex, const char *text, int64_t length, int32_t time_limit) {
    UErrorCode status = U_ZERO_ERROR;
    // A matcher holds the state of a match: each thread's search gets its own clone.
    URegularExpression *expression = uregex_clone(regex->compiled, &status);
    if (U_FAILURE(status)) return NULL;
    uregex_setTimeLimit(expression, time_limit, &status);
    UText *utext = utext_openUTF8(NULL, text, length, &status);
    if (U_FAILURE(status)) {
        uregex_close(expression);
        return NULL;
    }
    uregex_setUText(expression, utext, &status);
    policyc_matcher *matcher = malloc(sizeof *matcher);
    if (U_FAILURE(status) || !matcher) {
        free(matcher);
        utext_close(utext);
        uregex_close(expression);
        return NULL;
    }
    matcher->expression = expression;
    matcher->text = utext;
    matcher->groups = uregex_groupCount(expression, &status);
    return matcher;
}

void policyc_matcher_close(policyc_matcher *matcher) {
    if (!matcher) return;
    uregex_close(matcher->expression);
    utext_close(matcher->text);
    free(matcher);
}

/// Positions in a UTF-8 UText are byte offsets ("native indexes").
static int current_match(policyc_matcher *matcher, int64_t bounds[4]) {
    UErrorCode status = U_ZERO_ERROR;
    bounds[0] = uregex_start64(matcher->expression, 0, &status);
    bounds[1] = uregex_end64(matcher->expression, 0, &status);
    bounds[2] = bounds[3] = -1;
    if (matcher->groups > 0) {
        bounds[2] = uregex_start64(matcher->expression, 1, &status);
        bounds[3] = uregex_end64(matcher->expression, 1, &status);
    }
    return U_SUCCESS(status) ? 1 : -1;
}

int policyc_matcher_find_next(policyc_matcher *matcher, int64_t bounds[4]) {
    UErrorCode status = U_ZERO_ERROR;
    const UBool found = uregex_findNext(matcher->expression, &status);
    if (U_FAILURE(status)) return -1;
    return found ? current_match(matcher, bounds) : 0;
}

int policyc_matcher_looking_at(policyc_matcher *matcher, int64_t at, int64_t bounds[4]) {
    UErrorCode status = U_ZERO_ERROR;
    const UBool found = uregex_lookingAt64(matcher->expression, at, &status);
    if (U_FAILURE(status)) return -1;
    return found ? current_match(matcher, bounds) : 0;
}
