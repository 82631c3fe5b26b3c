"""The kit as jobs and files: the plan (plan), manifest entries (asset), what a rebuild can keep
(incremental), the one writer of the output folder (writer) and its lock (lock), zips (zips)."""
