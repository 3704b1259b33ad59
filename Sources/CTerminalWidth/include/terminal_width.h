#ifndef POLICYC_TERMINAL_WIDTH_H
#define POLICYC_TERMINAL_WIDTH_H
#include <stdint.h>

/// Columns a Unicode scalar takes in a terminal or on a fixed-pitch device screen, from glibc's
/// wcwidth(3) in the C.UTF-8 locale: 2 for East Asian wide and full-width characters, 0 for
/// combining marks, 1 otherwise; -1 for control characters.
int policyc_column_width(uint32_t scalar);

#endif
