// glibc's wcwidth is the maintained implementation of Unicode's East Asian Width and
// combining-mark rules; it answers only in a UTF-8 locale, which is set per call on this
// thread (uselocale) so the process-wide locale is never touched.
#define _GNU_SOURCE
#include "terminal_width.h"
#include <locale.h>
#include <pthread.h>
#include <wchar.h>

static locale_t utf8_locale = (locale_t)0;
static pthread_once_t utf8_locale_once = PTHREAD_ONCE_INIT;

static void make_utf8_locale(void) {
    utf8_locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
}

int policyc_column_width(uint32_t scalar) {
    pthread_once(&utf8_locale_once, make_utf8_locale);
    if (utf8_locale == (locale_t)0) {
        return scalar < 0x20 || (scalar >= 0x7f && scalar < 0xa0) ? -1 : 1;
    }
    locale_t previous = uselocale(utf8_locale);
    int width = wcwidth((wchar_t)scalar);
    uselocale(previous);
    return width;
}
