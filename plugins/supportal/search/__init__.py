"""`supportal/search`: whoosh at build time, a sharded static index queried in the browser."""
