"""The passes of a run. Each is a plain function over one shard (or over all shards' small
columns, for match), so any engine can schedule them: see docs/ARCHITECTURE.md."""
