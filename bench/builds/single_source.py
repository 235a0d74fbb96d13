"""Benchmark: a generated 1,000-page single-source portal with 5 releases.

Measured side by side in one run, every command under `nice -n 10`:
plain Material `mkdocs build` of one release (with and without navigation.prune), then
`supportal build` of all 5 releases (cold cache, both cores), again with nothing changed, and
one release alone without the cache (plugin overhead). Prints the figures and writes
bench/results/builds-single-source.json. Run: .venv/bin/python bench/builds/single_source.py
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path
from urllib.parse import urljoin

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import CPU, load_average, report_ratios, snapshot_code, WORK, mkdocs_build, page_sizes, show, supportal_build, write_result  # noqa: E402
from generate import RELEASES, SECTIONS, generate  # noqa: E402


def missing_section_links(release: Path) -> int:
    """Navigation is not lost: count (page, top-level section) pairs with no link between."""
    missing = 0
    for page in release.rglob("index.html"):
        url = "https://x/" + page.parent.relative_to(release).as_posix() + "/"
        html = page.read_text(encoding="utf-8")
        targets = {urljoin(url, href) for href in re.findall(r'href="([^"]+)"', html)}
        missing += sum(1 for s in range(len(SECTIONS))
                       if not any(t.startswith(f"https://x/s{s:02d}/") for t in targets))
    return missing


def main() -> None:
    work = WORK / "single"
    plain = generate(work / "plain", supportal=False)
    plain_prune = generate(work / "plain-prune", supportal=False, prune=True)
    portal = generate(work / "portal", supportal=True)
    site = work / "site"
    shutil.rmtree(site, ignore_errors=True)
    shutil.rmtree(portal.parent / ".supportal-cache", ignore_errors=True)

    snapshot_code()
    r: dict[str, float] = {}
    cpu: dict[str, float] = {}
    load_before = load_average()
    r["plain_one_release_s"] = mkdocs_build(plain, work / "plain-site")
    cpu["plain_one_release_cpu_s"] = CPU["last"]
    show("plain mkdocs build, one release (Material)", r["plain_one_release_s"])
    r["plain_prune_one_release_s"] = mkdocs_build(plain_prune, work / "plain-prune-site")
    cpu["plain_prune_one_release_cpu_s"] = CPU["last"]
    show("plain mkdocs build, one release, navigation.prune", r["plain_prune_one_release_s"])
    r["supportal_all_cold_s"] = supportal_build(portal, site, "--jobs", "2")
    cpu["supportal_all_cold_cpu_s"] = CPU["last"]
    show(f"supportal build, all {len(RELEASES)} releases, cold cache, 2 jobs",
         r["supportal_all_cold_s"])
    r["supportal_all_unchanged_s"] = supportal_build(portal, site, "--jobs", "2")
    cpu["supportal_all_unchanged_cpu_s"] = CPU["last"]
    show("supportal build, all releases again, nothing changed", r["supportal_all_unchanged_s"])
    r["supportal_one_release_s"] = supportal_build(
        portal, work / "one-site", "--release", "2.5", "--no-cache", "--jobs", "1")
    cpu["supportal_one_release_cpu_s"] = CPU["last"]
    show("supportal build, one release, no cache, 1 job", r["supportal_one_release_s"])

    for name, value in cpu.items():
        show(f"cpu {name}", value)
    ratios, cpu_ratios, load = report_ratios(r, cpu, load_before, {
        "one_release_vs_plain_prune_one": r["supportal_one_release_s"] / r["plain_prune_one_release_s"],
    })

    sizes = {}
    for label, folder in (("plain", work / "plain-site"), ("plain_prune", work / "plain-prune-site"),
                          ("supportal", site / "2.5")):
        pages = page_sizes(folder)
        sizes[label] = {"pages": len(pages), "mean_bytes": sum(pages) / len(pages),
                        "max_bytes": max(pages)}
        show(f"page bytes ({label}): mean over {len(pages)} pages", sizes[label]["mean_bytes"] / 1000, "KB")
        show(f"page bytes ({label}): largest", sizes[label]["max_bytes"] / 1000, "KB")

    missing = missing_section_links(site / "2.5")
    show("section links missing from pages (must be 0)", missing, "")
    out = write_result("builds-single-source", {"seconds": r, "cpu_seconds": cpu, "ratios": ratios, "cpu_ratios": cpu_ratios, "load_average": load, "page_sizes": sizes,
                                                "missing_section_links": missing})
    sys.stdout.write(f"wrote {out}\n")


if __name__ == "__main__":
    main()
