"""Search benchmark: Supportal vs Pagefind vs Material's built-in search on real documentation.

    nice -n 10 .venv/bin/python bench/search/run.py --pages 10000

Steps (each prints what it measures; results go to bench/results/search-<pages>.json):
1. fetch Debian doc packages (`apt-get download`) into bench/work/search/ and unpack them;
2. convert about PAGES pages to Markdown (convert.py) and build them with MkDocs + Material,
   once with Material's search plugin and once without (the HTML the other two index);
3. index the built HTML with Supportal (the plugin's own indexer) and with Pagefind
   (`pagefind[bin]` in a separate venv, bench/work/search/venv), timing each and its peak RSS;
4. in headless Chromium, through a local server that gzips text like a static host and counts
   bytes: cold first query (bytes, requests, time to results) unthrottled and on Slow-4G, a later
   query in the same tab, and MRR@10 over the query set (queries.json + page-title queries).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
WORK = REPO / "bench" / "work" / "search"
RESULTS = REPO / "bench" / "results"
PACKAGES = [
    "python3.11-doc",
    "postgresql-doc-15",
    "python-django-doc",
    "openjdk-17-doc",
    "openjdk-17-jre-headless",
]
SLOW_4G = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1_600_000 / 8,
    "uploadThroughput": 750_000 / 8,
}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

sys.path.insert(0, str(HERE))
from convert import build_corpus  # noqa: E402


def log(message: str) -> None:
    print(message, flush=True)  # noqa: T201 - a benchmark prints its figures


def timed(command: list[str], **kwargs: object) -> tuple[float, float]:
    """Run a command; (wall seconds, peak RSS in MB). The RSS is the peak of the sum over the
    command and its child processes, sampled every 50 ms (Supportal's indexer forks a child
    for whoosh; GNU time would report only the larger of the two). Pages shared after the
    fork count twice; a peak shorter than 50 ms can be missed."""
    started = time.perf_counter()
    process = subprocess.Popen(command, **kwargs)
    peak = 0
    while process.poll() is None:
        peak = max(peak, _tree_rss_kb(process.pid))
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, command)
    return seconds, peak / 1024


def _tree_rss_kb(pid: int) -> int:
    """Resident kilobytes of a process and all its descendants (0 once it has gone)."""
    total = 0
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                total += _tree_rss_kb(int(child))
    except (FileNotFoundError, ProcessLookupError, ValueError):
        pass
    return total


# 1-2. corpus ---------------------------------------------------------------------------------


def fetch() -> Path:
    debroot = WORK / "debroot"
    if (debroot / "usr/share/doc/python3.11-doc").is_dir():
        return debroot
    debs = WORK / "debs"
    debs.mkdir(parents=True, exist_ok=True)
    subprocess.run(["apt-get", "download", *PACKAGES], cwd=debs, check=True)
    for deb in sorted(debs.glob("*.deb")):
        subprocess.run(["dpkg-deb", "-x", str(deb), str(debroot)], check=True)
    return debroot


MKDOCS = """\
site_name: Search benchmark corpus
site_url: https://bench.example/
docs_dir: docs
use_directory_urls: false
theme:
  name: material
  font: false
plugins: {plugins}
markdown_extensions:
  - attr_list
  - toc
nav:
  - index.md
not_in_nav: |
  /**/*.md
validation:
  links:
    not_found: ignore
    anchors: ignore
"""


def corpus(pages: int, queries: list[list[str]]) -> tuple[Path, int]:
    out = WORK / f"corpus-{pages}"
    if not (out / "docs" / "index.md").is_file():
        shutil.rmtree(out, ignore_errors=True)
        written = build_corpus(fetch(), out, pages, {answer for _, answer in queries})
        log(f"corpus: {written} pages converted from Debian doc packages into {out}")
    return out, len(list((out / "docs").rglob("*.md")))


def mkdocs_build(out: Path, name: str, plugins: str) -> tuple[Path, float, float]:
    site = out / name
    config = out / f"{name}.yml"
    config.write_text(MKDOCS.format(plugins=plugins), encoding="utf-8")
    measured = out / f"{name}.time.json"
    if (site / "index.html").is_file() and measured.is_file():
        seconds, rss = json.loads(measured.read_text())
        return site, seconds, rss  # built by an earlier run
    seconds, rss = timed(
        [str(REPO / ".venv/bin/mkdocs"), "build", "-q", "-f", str(config), "-d", str(site)]
    )
    measured.write_text(json.dumps([seconds, rss]))
    return site, seconds, rss


# 3. indexes ----------------------------------------------------------------------------------

SUPPORTAL_INDEX = """
import sys, time
from pathlib import Path
from supportal.search.built import BuiltPage, read_built_pages
from supportal.search.release_index import Settings, index_release
site, out, related = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
started = time.perf_counter()
built = []
for file in sorted(site.rglob("*.html")):
    url = file.relative_to(site).as_posix()
    if url.startswith(("assets/", "search/", "pagefind/", "supportal-")) or url == "404.html":
        continue
    kind = url.split("/", 1)[0] if "/" in url else "page"
    built.append(BuiltPage(url, str(file), "", kind))
records = read_built_pages(built).records  # what the plugin's on_post_build reads
parsed = time.perf_counter() - started
types = [(t, t) for t in ("python", "postgresql", "django", "jdk", "page")]
from supportal.search.config import SearchConfig
boosts = SearchConfig.boosts.default  # the plugin's defaults
index_release(records, Settings(types=types, boosts=boosts, related=related),
              {"version": "bench", "title": "bench"}, out, Path(sys.argv[4]))
total = time.perf_counter() - started
print(f"{len(records)} pages; HTML parsing {parsed:.1f} s; total {total:.1f} s")
"""


def folder_size(folder: Path) -> tuple[int, int]:
    files = [f for f in folder.rglob("*") if f.is_file()]
    return len(files), sum(f.stat().st_size for f in files)


def index_supportal(site: Path, related: int) -> dict:
    out = site / "supportal-search"
    cache = WORK / "supportal-whoosh"
    seconds, rss = timed(
        [
            str(REPO / ".venv/bin/python"),
            "-c",
            SUPPORTAL_INDEX,
            str(site),
            str(out),
            str(related),
            str(cache),
        ]
    )
    engine = REPO / "plugins/supportal/search/assets/engine.js"
    (site / "supportal-bench").mkdir(exist_ok=True)
    shutil.copy(engine, site / "supportal-bench" / "engine.js")
    files, size = folder_size(out)
    head = json.loads((out / "head.json").read_text())
    return {
        "build_s": round(seconds, 1),
        "peak_rss_mb": round(rss),
        "files": files,
        "bytes": size,
        "shards": len(head["shards"]),
        "related_pages": related,
    }


def index_pagefind(site: Path) -> dict:
    python = WORK / "venv" / "bin" / "python"
    if not python.is_file():
        subprocess.run([sys.executable, "-m", "venv", str(WORK / "venv")], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "pagefind[bin]"], check=True)
    shutil.rmtree(site / "pagefind", ignore_errors=True)
    seconds, rss = timed(
        [str(python), "-m", "pagefind", "--site", str(site)], stdout=subprocess.DEVNULL
    )
    files, size = folder_size(site / "pagefind")
    return {"build_s": round(seconds, 1), "peak_rss_mb": round(rss), "files": files, "bytes": size}


# 4. browser ----------------------------------------------------------------------------------


class Counter:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests: list[tuple[str, int]] = []

    def add(self, path: str, size: int) -> None:
        with self.lock:
            self.requests.append((path, size))

    def take(self) -> list[tuple[str, int]]:
        with self.lock:
            taken, self.requests = self.requests, []
        return taken


COMPRESSIBLE = (".json", ".js", ".html", ".css", ".svg", ".wasm")


class Handler(SimpleHTTPRequestHandler):
    counter: Counter
    cache: dict[str, bytes] = {}

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path):
            self.send_error(404)
            return
        body = Path(path).read_bytes()
        gz = path.endswith(COMPRESSIBLE) and "gzip" in self.headers.get("Accept-Encoding", "")
        if gz:
            if path not in self.cache:
                self.cache[path] = gzip.compress(body, 6)
            body = self.cache[path]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        if gz:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        self.wfile.write(body)
        self.counter.add(self.path.split("?")[0], len(body))


HARNESS = {
    # engine.js is imported statically, as search.js (Supportal's header UI, loaded with every
    # page) imports it: it is part of the page, not of the first query.
    "supportal": """<!doctype html><meta charset=utf-8><title>supportal</title><script type=module>
import { SearchIndex } from "./supportal-bench/engine.js";
window.runQuery = async (q) => {
  window.__ix = window.__ix || new SearchIndex(new URL("supportal-search/", location.href));
  const r = await window.__ix.search(q);
  const pages = [];
  for (const h of r.hits) {
    if (!pages.includes(h.page)) pages.push(h.page);
    if (pages.length === 10) break;
  }
  // As the header search draws them: from the cards of the query's term shards, else fragments.
  const shown = await Promise.all(pages.slice(0, 5).map((p) => window.__ix.result(p, r.plan)));
  return pages.map((p, i) => (shown[i] ? shown[i].u : String(p)));
};
window.pageUrls = async (q) => {
  const r = await window.__ix.search(q);
  const pages = [];
  for (const h of r.hits) {
    if (!pages.includes(h.page)) pages.push(h.page);
    if (pages.length === 10) break;
  }
  return Promise.all(pages.map(async (p) => (await window.__ix.fragment(p)).u));
};
</script>""",
    "pagefind": """<!doctype html><meta charset=utf-8><title>pagefind</title><script type=module>
window.runQuery = async (q) => {
  window.__pf = window.__pf || await import("./pagefind/pagefind.js");
  const r = await window.__pf.search(q);
  const data = await Promise.all(r.results.slice(0, 5).map((x) => x.data()));
  return data.map((d) => d.url);
};
window.pageUrls = async (q) => {
  const r = await window.__pf.search(q);
  return (await Promise.all(r.results.slice(0, 10).map((x) => x.data()))).map((d) => d.url);
};
</script>""",
    "material": """<!doctype html><meta charset=utf-8><title>material</title><script type=module>
const WORKER = "WORKER_URL";
function ask(worker, message, want) {
  return new Promise((resolve) => {
    const on = (event) => {
      if (event.data.type !== want) return;
      worker.removeEventListener("message", on);
      resolve(event.data);
    };
    worker.addEventListener("message", on);
    worker.postMessage(message);
  });
}
window.runQuery = async (q) => {
  if (!window.__w) {
    const index = await (await fetch("search/search_index.json")).json();
    index.options = { suggest: false };  // what Material's setupSearchIndex adds
    window.__w = new Worker(WORKER);
    await ask(window.__w, { type: 0, data: index }, 1);
  }
  const result = await ask(window.__w, { type: 2, data: q }, 3);
  return result.data.items.slice(0, 5).map((group) => group[0].location);
};
window.pageUrls = async (q) => {
  const result = await ask(window.__w, { type: 2, data: q }, 3);
  return result.data.items.slice(0, 10).map((group) => group[0].location.split("#")[0]);
};
</script>""",
}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def summary(values: list[float], digits: int = 0) -> dict:
    return {
        "median": round(statistics.median(values), digits),
        "p95": round(percentile(values, 0.95), digits),
        "n": len(values),
    }


def normalise(url: str) -> str:
    url = url.split("#")[0].split("?")[0].lstrip("/")
    url = re.sub(r"^\./", "", url)
    return re.sub(r"(\.html|/)$", "", url)


def browser_runs(
    site: Path,
    engines: list[str],
    queries: list[str],
    cold: dict[str, int],
    mrr_sets: dict[str, list[list[str]]],
) -> dict:
    from playwright.sync_api import sync_playwright

    worker = next((site / "assets/javascripts/workers").glob("search.*.min.js")).name
    for name, html in HARNESS.items():
        (site / f"bench-{name}.html").write_text(
            html.replace("WORKER_URL", f"assets/javascripts/workers/{worker}"), encoding="utf-8"
        )
    counter = Counter()
    handler = type("H", (Handler,), {"counter": counter, "cache": {}})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    results: dict[str, dict] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        for engine in engines:
            figures: dict[str, object] = {}
            for profile in ("desktop", "slow4g"):
                bytes_, requests, times, later_t, later_b = [], [], [], [], []
                for q_index, query in enumerate(queries[: cold[engine]]):
                    context = browser.new_context()
                    page = context.new_page()
                    if profile == "slow4g":
                        cdp = context.new_cdp_session(page)
                        cdp.send("Network.enable")
                        cdp.send("Network.emulateNetworkConditions", SLOW_4G)
                    page.goto(f"{base}bench-{engine}.html")
                    page.wait_for_function("typeof window.runQuery === 'function'")
                    counter.take()
                    started = time.perf_counter()
                    page.evaluate("(q) => window.runQuery(q)", query)
                    times.append((time.perf_counter() - started) * 1000)
                    taken = counter.take()
                    bytes_.append(sum(size for _, size in taken) / 1024)
                    requests.append(len(taken))
                    follow = queries[(q_index + 7) % len(queries)]
                    started = time.perf_counter()
                    page.evaluate("(q) => window.runQuery(q)", follow)
                    later_t.append((time.perf_counter() - started) * 1000)
                    later_b.append(sum(size for _, size in counter.take()) / 1024)
                    context.close()
                figures[profile] = {
                    "first_query_kb": summary(bytes_, 1),
                    "requests": summary(requests),
                    "time_to_results_ms": summary(times),
                    "later_query_ms": summary(later_t),
                    "later_query_kb": summary(later_b, 1),
                }
                got = figures[profile]
                log(
                    f"  {engine:<9} {profile:<7} first query {got['first_query_kb']} KB, "
                    f"{got['requests']} requests, {got['time_to_results_ms']} ms; "
                    f"later {got['later_query_ms']} ms"
                )
            context = browser.new_context()
            page = context.new_page()
            page.goto(f"{base}bench-{engine}.html")
            page.wait_for_function("typeof window.runQuery === 'function'")
            page.evaluate("(q) => window.runQuery(q)", queries[0])
            for set_name, pairs in mrr_sets.items():
                reciprocal, found = [], 0
                for query, answer in pairs:
                    urls = [normalise(u) for u in page.evaluate("(q) => window.pageUrls(q)", query)]
                    rank = next((i + 1 for i, u in enumerate(urls) if u == answer), None)
                    reciprocal.append(1 / rank if rank else 0.0)
                    found += rank is not None
                figures[f"mrr10_{set_name}"] = round(statistics.mean(reciprocal), 3)
                figures[f"found10_{set_name}"] = f"{found}/{len(pairs)}"
                log(
                    f"  {engine:<9} MRR@10 {set_name}: {figures[f'mrr10_{set_name}']} "
                    f"({found}/{len(pairs)} in top 10)"
                )
            context.close()
            results[engine] = figures
        browser.close()
    server.shutdown()
    return results


def title_queries(site: Path, count: int) -> list[list[str]]:
    """Known-item queries: the <h1> of `count` random pages (seeded), answer that page."""
    from supportal.search.extract import extract_page

    pages = sorted(
        p
        for p in site.rglob("*.html")
        if not p.relative_to(site).as_posix().startswith(("assets/", "bench-", "404"))
    )
    rng = random.Random(8)
    chosen, seen = [], set()
    for file in rng.sample(pages, min(len(pages), count * 3)):
        page = extract_page(file.read_text(encoding="utf-8"))
        if page and page.title and page.title not in seen and len(chosen) < count:
            seen.add(page.title)
            chosen.append([page.title, normalise(file.relative_to(site).as_posix())])
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument(
        "--cold", type=int, default=20, help="cold queries per engine (Material: a fifth)"
    )
    parser.add_argument("--titles", type=int, default=200, help="page-title queries for MRR")
    parser.add_argument("--related", type=int, default=0, help="related pages per page (Supportal)")
    parser.add_argument("--skip-material-browser", action="store_true")
    parser.add_argument(
        "--prepare", action="store_true", help="only convert the corpus and run the MkDocs builds"
    )
    parser.add_argument(
        "--index-only", action="store_true",
        help="only build Supportal's and Pagefind's indexes, side by side (no browser runs)",
    )
    args = parser.parse_args()
    queries = json.loads((HERE / "queries.json").read_text())["queries"]
    out, pages = corpus(args.pages, queries)
    log(f"corpus: {pages} Markdown pages")
    plain, plain_s, plain_rss = mkdocs_build(out, "site-plain", "[]")
    log(f"mkdocs build without search: {plain_s:.1f} s, {plain_rss:.0f} MB")
    material, material_s, material_rss = mkdocs_build(out, "site-material", "[search]")
    log(f"mkdocs build with Material search: {material_s:.1f} s, {material_rss:.0f} MB")
    if args.prepare:
        return
    index_file = material / "search" / "search_index.json"
    raw = index_file.read_bytes()
    material_index = {
        "build_s_including_mkdocs": round(material_s, 1),
        "build_s_without_search": round(plain_s, 1),
        "peak_rss_mb": round(material_rss),
        "bytes": len(raw),
        "gzip_bytes": len(gzip.compress(raw, 6)),
    }
    log(f"material index: {material_index}")
    supportal = index_supportal(material, args.related)
    log(f"supportal index: {supportal}")
    pagefind = index_pagefind(material)
    log(f"pagefind index: {pagefind}")
    if args.index_only:
        RESULTS.mkdir(parents=True, exist_ok=True)
        target = RESULTS / f"search-index-{pages}.json"
        indexes = {"supportal": supportal, "pagefind": pagefind, "material": material_index}
        target.write_text(json.dumps({"pages": pages, "index": indexes}, indent=2) + "\n")
        log(f"written {target}")
        return
    titles = title_queries(plain, args.titles)
    engines = ["supportal", "pagefind"] + ([] if args.skip_material_browser else ["material"])
    cold = {"supportal": args.cold, "pagefind": args.cold, "material": max(3, args.cold // 5)}
    browser = browser_runs(
        material, engines, [q for q, _ in queries], cold, {"tasks": queries, "titles": titles}
    )
    result = {
        "pages": pages,
        "chromium": subprocess.run(
            ["chromium", "--version"], capture_output=True, text=True
        ).stdout.strip(),
        "cpu_count": os.cpu_count(),
        "slow4g": SLOW_4G,
        "index": {"supportal": supportal, "pagefind": pagefind, "material": material_index},
        "browser": browser,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    target = RESULTS / f"search-{pages}.json"
    target.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    log(f"written {target}")


if __name__ == "__main__":
    main()
