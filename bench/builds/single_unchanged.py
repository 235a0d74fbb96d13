"""Re-measure only "nothing changed": `single_unchanged.py [single|refs]`.

`single_source.py` or `refs.py` must have run before (its portal and site are reused). This first brings the
site and cache up to date with the current code (a build, not reported: Supportal's own files
are part of every key, so a code change rebuilds everything), then measures `supportal build`
of all releases with nothing changed, and stores the figure in
bench/results/builds-single-source-unchanged.json.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import CPU, WORK, show, snapshot_code, supportal_build, write_result  # noqa: E402


def main() -> None:
    args = [a for a in sys.argv[1:] if a != "--keep-snapshot"]
    if "--keep-snapshot" not in sys.argv:  # two of these running at once share one snapshot
        snapshot_code()
    name = args[0] if args else "single"
    work = WORK / name
    portal = work / ("repo" if name == "refs" else "portal") / "mkdocs.yml"
    site = work / "site"
    warm = supportal_build(portal, site, "--jobs", "2")
    show("supportal build, bringing the cache up to date (not a result)", warm)
    seconds = supportal_build(portal, site, "--jobs", "2")
    cpu = CPU["last"]
    show("supportal build, all releases, nothing changed", seconds)
    show("cpu of that build", cpu)
    out = write_result(f"builds-{name}-unchanged", {"seconds": seconds, "cpu_seconds": cpu})
    sys.stdout.write(f"wrote {out}\n")


if __name__ == "__main__":
    main()
