import CProcessTuning
import PolicyCommandLine

// Process-wide settings belong here, not in the library: see process_tuning.h.
policyc_tune_allocator()
PolicycCommand.main()
