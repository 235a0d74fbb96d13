"""Publishing releases into a live multi-release site: a folder or a git branch.

Plain Python, no MkDocs: the CLI (`supportal.cli.publish`) builds a release with MkDocs and
hands the built folder to this package, which merges it into the published tree atomically
(stage aside, then rename-swap under a lock), keeps earlier builds for rollback, and applies
the retention policy of `releases.yml`.
"""
