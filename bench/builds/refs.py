"""Benchmark: five releases built from git tags of a real documentation tree.

The tree is pymdown-extensions' own MkDocs documentation at five released versions (sdists from
PyPI, `mkdocs.yml` + `docs/` of each), committed into a scratch git repository with one tag per
version; `supportal releases sync --tags 'v*'` writes the catalog. Nothing downloaded is
committed: it lives in bench/work/ (git-ignored).

What is changed in each version's mkdocs.yml, and why (no network, nothing outside PyPI's
Material stack): the `git-revision-date-localized` and `minify` plugins are dropped (not
installed here); the `md-render` custom fence and the `tools.collapse_code` extension are
dropped (they import pymdown-extensions' repository-local `tools` package, which the sdist's
docs build only finds from a source checkout). `LICENSE.md` is copied from the sdist for the
snippets that include it; `SECURITY.md`, which the sdist lacks, gets a one-line stand-in.

Measured side by side, every command under `nice -n 10`: plain `mkdocs build` of the newest
version (exported tree), `supportal build` of all five (cold cache, both cores), again with
nothing changed, and the newest alone without cache. Writes bench/results/builds-refs.json.
`--repeat N` then alternates N more pairs of (plain build, cold `supportal build` of all five)
and reports the median and range of the pairs' ratios: on this shared machine one pair can be
off by 30 %.
Run: .venv/bin/python bench/builds/refs.py [--repeat N]
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402,E501
    BIN,
    CPU,
    WORK,
    load_average,
    mkdocs_build,
    page_sizes,
    report_ratios,
    show,
    snapshot_code,
    supportal_build,
    timed,
    write_result,
)

VERSIONS = ["10.0", "10.4", "10.8", "10.12", "10.16"]
DROP_BLOCKS = [
    re.compile(r"^\s*- git-revision-date-localized:?\s*$"),
    re.compile(r"^\s*- minify:?\s*$"),
    re.compile(r"^\s*- name: md-render\s*$"),
    re.compile(r"^\s*- tools\.collapse_code:?\s*$"),
]
GIT_ENV = {"GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.com"}


def git(repo: Path, *args: str, date: str | None = None) -> str:
    env = dict(GIT_ENV)
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    import os

    proc = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                          env={**os.environ, **env}, check=True)
    return proc.stdout.strip()


def without_network_blocks(config: str) -> str:
    """Drop each list item matched by DROP_BLOCKS together with its more-indented lines."""
    out: list[str] = []
    skip_indent: int | None = None
    for line in config.splitlines():
        indent = len(line) - len(line.lstrip())
        if skip_indent is not None:
            if line.strip() and indent <= skip_indent:
                skip_indent = None
            else:
                continue
        if any(p.match(line) for p in DROP_BLOCKS):
            skip_indent = indent
            continue
        out.append(line)
    return "\n".join(out) + "\n"


def sdist(version: str, into: Path) -> Path:
    """The unpacked sdist of pymdown-extensions `version` (downloaded once)."""
    folder = into / f"pymdown_extensions-{version}"
    if folder.is_dir():
        return folder
    into.mkdir(parents=True, exist_ok=True)
    subprocess.run([str(BIN / "python"), "-m", "pip", "download", "--quiet", "--no-binary", ":all:",
                    "--no-deps", f"pymdown-extensions=={version}", "-d", str(into)],
                   check=True, capture_output=True)
    archive = into / f"pymdown_extensions-{version}.tar.gz"
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="data")
    return folder


def make_repo(repo: Path, sdists: Path) -> None:
    shutil.rmtree(repo, ignore_errors=True)
    repo.mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    for number, version in enumerate(VERSIONS):
        source = sdist(version, sdists)
        for child in repo.iterdir():
            if child.name != ".git":
                shutil.rmtree(child) if child.is_dir() else child.unlink()
        shutil.copytree(source / "docs", repo / "docs")
        # Files its snippets include from the repository root (base_path in its mkdocs.yml).
        for name in ("LICENSE.md", "SECURITY.md"):
            if (source / name).is_file():
                shutil.copy2(source / name, repo / name)
            else:  # not shipped in the sdist
                (repo / name).write_text(f"({name} of the repository: not in the sdist.)\n")
        config = (source / "mkdocs.yml").read_text(encoding="utf-8")
        (repo / "mkdocs.yml").write_text(without_network_blocks(config), encoding="utf-8")
        date = f"2024-{number + 1:02d}-15T12:00:00"
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", f"docs of {version}", date=date)
        git(repo, "tag", f"v{version}", date=date)
    # The working tree: the newest config with Supportal; the catalog comes from the tags.
    config = (repo / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("\nplugins:\n", "\nplugins:\n  - supportal/releases\n", 1)
    (repo / "mkdocs.yml").write_text(config, encoding="utf-8")
    (repo / ".gitignore").write_text("/site/\n.supportal-cache/\n", encoding="utf-8")
    timed([str(BIN / "supportal"), "releases", "sync", "--tags", "v*"], repo)


def repeated_pairs(count: int, repo: Path, plain: Path, work: Path) -> dict:
    """`count` alternating pairs of (plain build of the newest tag, cold build of all five)."""
    pairs = []
    for _ in range(count):
        plain_s = mkdocs_build(plain / "mkdocs.yml", work / "plain-site", cwd=plain)
        shutil.rmtree(repo / ".supportal-cache", ignore_errors=True)
        shutil.rmtree(work / "site", ignore_errors=True)
        all_s = supportal_build(repo / "mkdocs.yml", work / "site", "--jobs", "2")
        pairs.append((plain_s, all_s))
        show("pair: five releases / one plain build", all_s / plain_s, "x")
    ratios = sorted(a / p for p, a in pairs)
    show(f"median of {count} pairs", statistics.median(ratios), "x")
    show("lowest pair", ratios[0], "x")
    show("highest pair", ratios[-1], "x")
    return {"pairs_s": pairs, "median": statistics.median(ratios), "range": [ratios[0], ratios[-1]]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=0, metavar="N",
                        help="alternate N more (plain, five releases) pairs")
    args = parser.parse_args()
    work = WORK / "refs"
    repo = work / "repo"
    make_repo(repo, work / "sdists")
    newest = f"v{VERSIONS[-1]}"
    plain = work / "plain-tree"
    shutil.rmtree(plain, ignore_errors=True)
    plain.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(repo), "archive", newest], capture_output=True,
                             check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(plain)], input=archive, check=True)
    site = work / "site"
    shutil.rmtree(site, ignore_errors=True)

    snapshot_code()
    r: dict[str, float] = {}
    cpu: dict[str, float] = {}
    load_before = load_average()
    r["plain_one_release_s"] = mkdocs_build(plain / "mkdocs.yml", work / "plain-site", cwd=plain)
    cpu["plain_one_release_cpu_s"] = CPU["last"]
    show(f"plain mkdocs build of {newest} (Material)", r["plain_one_release_s"])
    r["supportal_all_cold_s"] = supportal_build(repo / "mkdocs.yml", site, "--jobs", "2")
    cpu["supportal_all_cold_cpu_s"] = CPU["last"]
    show(f"supportal build, {len(VERSIONS)} releases from tags, cold cache, 2 jobs",
         r["supportal_all_cold_s"])
    r["supportal_all_unchanged_s"] = supportal_build(repo / "mkdocs.yml", site, "--jobs", "2")
    cpu["supportal_all_unchanged_cpu_s"] = CPU["last"]
    show("supportal build, all again, nothing changed", r["supportal_all_unchanged_s"])
    r["supportal_one_release_s"] = supportal_build(
        repo / "mkdocs.yml", work / "one-site", "--release", VERSIONS[-1], "--no-cache", "--jobs", "1")
    cpu["supportal_one_release_cpu_s"] = CPU["last"]
    show(f"supportal build of {newest} alone, no cache, 1 job", r["supportal_one_release_s"])
    for name, value in cpu.items():
        show(f"cpu {name}", value)
    ratios, cpu_ratios, load = report_ratios(r, cpu, load_before)
    pages = {v: len(page_sizes(site / v)) for v in VERSIONS}
    sys.stdout.write(f"pages per release: {pages}\n")
    plain_sizes, our_sizes = page_sizes(work / "plain-site"), page_sizes(site / VERSIONS[-1])
    show("page bytes, plain: mean", sum(plain_sizes) / len(plain_sizes) / 1000, "KB")
    show("page bytes, supportal: mean", sum(our_sizes) / len(our_sizes) / 1000, "KB")
    repeated = repeated_pairs(args.repeat, repo, plain, work) if args.repeat else None
    out = write_result("builds-refs", {"versions": VERSIONS, "seconds": r, "cpu_seconds": cpu, "ratios": ratios, "cpu_ratios": cpu_ratios, "load_average": load,
                                       "pages": pages, "repeated_pairs": repeated})
    sys.stdout.write(f"wrote {out}\n")


if __name__ == "__main__":
    main()
