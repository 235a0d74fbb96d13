"""Troubleshooting decision trees: Markdown (or YAML) trees validated at build time and read as a
one-question-at-a-time wizard that ends in a fix, a known issue, or the right support tier."""
