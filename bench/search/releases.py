"""Search bytes of a first query with 1 release and with 5 releases of the same portal.

The issue's target: at most +10 % bytes from 1 to 5 releases (Pagefind: +74 % when three
versions share one bundle). This builds a real-text portal (the first `--pages` pages of the
converted Debian corpus that `run.py --prepare --pages 2000` leaves in bench/work/search/) twice
with `supportal build`: once with a one-release catalog, once with five releases (10 % of the
pages only in 2.0 and later, 10 % only before 3.0). Then, in headless Chromium, each query is
typed into the real header search of the default release's home page (a new browser context
per query) and every response the search fetched is counted (index files, `versions.json`).
The five-release site is also measured with the "All releases" toggle on.

    nice -n 10 .venv/bin/python bench/search/releases.py --pages 400
"""

from __future__ import annotations

import argparse
import functools
import json
import shutil
import sys
import threading
import time
from http.server import ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "builds"))

from common import BIN, CPU, timed, write_result  # noqa: E402
from run import CHROMIUM_ARGS, WORK, Counter, Handler, summary  # noqa: E402

CONFIG = """\
site_name: Debian docs
site_url: https://docs.example.com/
docs_dir: docs
theme:
  name: material
  font: false
plugins:
  - supportal/releases
  - supportal/search:
      related: 0
markdown_extensions:
  - attr_list
  - toc
not_in_nav: |
  /**/*.md
validation:
  links:
    not_found: ignore
    anchors: ignore
"""

FIVE = """\
releases:
  - {version: "3.0", title: Docs 3.0, date: 2026-09-01, status: preview}
  - {version: "2.5", title: Docs 2.5, date: 2026-03-01, status: supported, default: true}
  - {version: "2.0", title: Docs 2.0, date: 2025-03-01, status: lts}
  - {version: "1.5", title: Docs 1.5, date: 2024-09-01, status: supported}
  - {version: "1.0", title: Docs 1.0, date: 2024-01-01, status: eol, end_of_support: 2025-12-31}
"""
ONE = """\
releases:
  - {version: "2.5", title: Docs 2.5, date: 2026-03-01, status: supported, default: true}
"""


def portal(root: Path, source: Path, pages: int, catalog: str) -> Path:
    shutil.rmtree(root, ignore_errors=True)
    docs = root / "docs"
    files = sorted(p for p in source.rglob("*.md") if p.name != "index.md")[:pages]
    (docs).mkdir(parents=True)
    (docs / "index.md").write_text("# Debian documentation\n\nHome.\n", encoding="utf-8")
    for number, file in enumerate(files):
        target = docs / file.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        front = ""
        if number % 10 == 3:
            front = '---\nversions: ">=2.0"\n---\n'
        elif number % 10 == 7:
            front = '---\nversions: "<3.0"\n---\n'
        target.write_text(front + file.read_text(encoding="utf-8"), encoding="utf-8")
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (root / "releases.yml").write_text(catalog, encoding="utf-8")
    return root / "mkdocs.yml"


def measure(site: Path, queries: list[str], all_releases: bool) -> dict:
    from playwright.sync_api import sync_playwright

    counter = Counter()
    handler = type("H", (Handler,), {"counter": counter, "cache": {}})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    sizes, requests, times, paths = [], [], [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        for query in queries:
            context = browser.new_context()
            page = context.new_page()
            page.goto(f"{base}2.5/")
            page.wait_for_load_state("networkidle")
            counter.take()
            started = time.perf_counter()
            box = page.locator(".md-search__input")
            box.click()
            if all_releases:
                toggle = page.locator(".supportal-search__releases input")
                toggle.wait_for(state="visible")
                toggle.check()
                box.click()
            box.fill(query)
            page.wait_for_function(
                "() => /matching/.test(document.querySelector('.md-search-result__meta')"
                ".textContent)"
            )
            page.wait_for_load_state("networkidle")
            times.append((time.perf_counter() - started) * 1000)
            taken = counter.take()
            sizes.append(sum(size for _, size in taken) / 1024)
            requests.append(len(taken))
            paths.append([path.split("/_supportal/search/")[-1] for path, _ in taken])
            context.close()
        browser.close()
    server.shutdown()
    return {
        "kb": summary(sizes, 1),
        "requests": summary(requests),
        "ms": summary(times),
        "per_query_kb": [round(s, 1) for s in sizes],
        "files": paths,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=400)
    parser.add_argument("--queries", type=int, default=20)
    args = parser.parse_args()
    source = WORK / "corpus-2000" / "docs"
    if not source.is_dir():
        raise SystemExit("run `bench/search/run.py --prepare --pages 2000` first (the corpus)")
    queries = [q for q, _ in json.loads((HERE / "queries.json").read_text())["queries"]]
    queries = queries[: args.queries]
    out = WORK / "releases"
    result: dict[str, object] = {"pages": args.pages, "queries": len(queries)}
    sites = {}
    for name, catalog in (("one", ONE), ("five", FIVE)):
        config = portal(out / name, source, args.pages, catalog)
        # The code of this checkout (not bench/builds' snapshot of it).
        seconds = timed(
            [str(BIN / "supportal"), "build", "-f", str(config), "-d", str(out / name / "site")],
            config.parent,
        )
        result[f"build_{name}"] = {"wall_s": round(seconds, 1), "cpu_s": round(CPU["last"], 1)}
        print(f"{name}: built in {seconds:.1f} s ({CPU['last']:.1f} s CPU)", flush=True)
        sites[name] = out / name / "site"
    for label, site, every in (
        ("one_release", sites["one"], False),
        ("five_releases", sites["five"], False),
        ("five_releases_all_toggle", sites["five"], True),
    ):
        figures = measure(site, queries, every)
        result[label] = figures
        print(f"{label}: {figures['kb']} KB, {figures['requests']} requests", flush=True)
    one = result["one_release"]["kb"]["median"]  # type: ignore[index]
    five = result["five_releases"]["kb"]["median"]  # type: ignore[index]
    result["growth_median"] = round(five / one - 1, 4)
    print(f"bytes of a first query, 1 → 5 releases: {result['growth_median']:+.1%} (median)")
    target = write_result("search-releases", result)
    print(f"written {target}")


if __name__ == "__main__":
    main()
