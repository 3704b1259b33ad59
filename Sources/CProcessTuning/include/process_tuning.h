#ifndef POLICYC_PROCESS_TUNING_H
#define POLICYC_PROCESS_TUNING_H

/// Tunes glibc's allocator for a short-lived compiler process: blocks up to 256 MiB come from
/// the heap instead of fresh mmap'd pages, and freed memory is kept rather than returned at
/// once. Building the corpus otherwise spent more time in page faults than in compiling.
void policyc_tune_allocator(void);

#endif
