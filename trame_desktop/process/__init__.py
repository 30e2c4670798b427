"""Process plumbing: per-user paths, logging, signals, the process's end, and the small files a launch leaves."""
