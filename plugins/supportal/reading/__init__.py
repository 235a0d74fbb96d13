"""`supportal/reading`: release-aware reading across the releases of a portal.

Stable page ids and former paths, lifecycle banners read from a site-wide runtime manifest,
"New in" badges derived from release ranges, docs changes between releases, release notes,
known issues, and search-engine hygiene (canonical, sitemaps, noindex).
"""
