"""Shared helpers of the build benchmarks: timed, niced commands and output sizes."""

from __future__ import annotations

import compileall
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
WORK = REPO / "bench" / "work" / "builds"
RESULTS = REPO / "bench" / "results"
BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}


CPU: dict[str, float] = {}
"""CPU seconds (user + system, the command and every process it started) of the last command."""


def timed(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    """Wall seconds of a command run under `nice -n 10` (the machine is shared); its CPU
    seconds are left in CPU["last"], a figure that other users' load disturbs much less."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(["nice", "-n", "10", *args], cwd=cwd, env={**ENV, **(env or {})},
                          capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU["last"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-3000:] + proc.stderr[-3000:])
        raise SystemExit(f"failed: {' '.join(args)} (in {cwd})")
    return seconds


def mkdocs_build(config: Path, site: Path, cwd: Path | None = None) -> float:
    shutil.rmtree(site, ignore_errors=True)
    return timed([str(BIN / "python"), "-m", "mkdocs", "build", "-q", "-f", str(config),
                  "-d", str(site)], cwd or config.parent)


SNAPSHOT = WORK / "snapshot"


def snapshot_code() -> None:
    """Run Supportal from a copy of its package taken now: Supportal's own files are part of
    every cache key, and in a shared checkout other people's edits would otherwise turn a
    "nothing changed" build into a full one."""
    shutil.rmtree(SNAPSHOT, ignore_errors=True)
    shutil.copytree(REPO / "plugins" / "supportal", SNAPSHOT / "supportal",
                    ignore=shutil.ignore_patterns("__pycache__"))
    # Compiled as an installed package is (pip writes the bytecode): the commands run with
    # PYTHONDONTWRITEBYTECODE, and every process would otherwise compile Supportal's sources
    # again at import (about 0.1 s each, none of which a user's build pays).
    compileall.compile_dir(SNAPSHOT, quiet=1)


def supportal_build(config: Path, site: Path, *extra: str) -> float:
    env = {"PYTHONPATH": str(SNAPSHOT)} if (SNAPSHOT / "supportal").is_dir() else None
    return timed([str(BIN / "supportal"), "build", "-f", str(config), "-d", str(site), *extra],
                 config.parent, env)


def page_sizes(site: Path) -> list[int]:
    """Bytes of every HTML page of one built release (redirect stubs and 404 left out)."""
    sizes = []
    for page in site.rglob("index.html"):
        sizes.append(page.stat().st_size)
    return sizes


def write_result(name: str, data: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"{name}.json"
    out.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return out


def show(label: str, value: float, unit: str = "s") -> None:
    sys.stdout.write(f"{label:<58} {value:8.2f} {unit}\n")
    sys.stdout.flush()


def load_average() -> float:
    return os.getloadavg()[0]


def report_ratios(
    wall: dict, cpu: dict, load_before: float, extra: dict | None = None
) -> tuple[dict, dict, dict]:
    """Print and return the build ratios against one plain `mkdocs build`, wall and CPU, side
    by side with the load average (this machine is shared: the CPU ratio is the steadier one)."""
    base, cpu_base = wall["plain_one_release_s"], cpu["plain_one_release_cpu_s"]
    keys = {
        "all_releases_vs_plain_one": "supportal_all_cold_s",
        "unchanged_rebuild_vs_plain_one": "supportal_all_unchanged_s",
        "one_release_vs_plain_one": "supportal_one_release_s",
    }
    ratios = {name: wall[key] / base for name, key in keys.items()} | (extra or {})
    cpu_ratios = {name: cpu[key[:-2] + "_cpu_s"] / cpu_base for name, key in keys.items()}
    for name, value in ratios.items():
        show(f"ratio {name} (wall)", value, "x")
    for name, value in cpu_ratios.items():
        show(f"ratio {name} (cpu)", value, "x")
    load = {"before": load_before, "after": load_average()}
    show("load average before", load["before"], "")
    show("load average after", load["after"], "")
    return ratios, cpu_ratios, load
