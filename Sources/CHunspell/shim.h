#ifndef POLICYC_CHUNSPELL_SHIM_H
#define POLICYC_CHUNSPELL_SHIM_H
// Hunspell's C interface: Hunspell_create, Hunspell_spell, Hunspell_suggest, Hunspell_add.
#include <hunspell/hunspell.h>
#endif
