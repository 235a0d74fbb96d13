"""Trees through the real MkDocs pipeline: rendering, errors stopping builds, --strict on
warnings, the YAML form, known issues from supportal/reading, the node registry, escaping."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from click.testing import CliRunner
from supportal.cli.main import cli

from ..harness import PORTAL_HEAD, REPO, assert_strict_build_stops, build_portal, make_portal

CONFIG = PORTAL_HEAD + """\
plugins:
  - supportal/releases
  - supportal/troubleshooting
markdown_extensions:
  - admonition
nav:
  - index.md
  - Guides:
    - guide.md
    - generated.md
"""

GUIDE = """\
---
tree: guide
title: Agent offline
start: running
escalation: 2
---

# Agent offline

Intro paragraph.

## Is the agent running? {#running .question}

!!! tip
    Run `kvagent status`.

- [Yes](#net)
- [No](#start)
- [Read the manual](manual.md#ports)

## Start it {#start .step}

- [Works now](#fixed)
- [Still down](#running){: .retry}

## Network {#net .step}

- [Blocked port fixed](#fixed)
- [Still offline](#help)

## Fixed {#fixed .resolved}

Done.

## Get help {#help .escalate collect="agent_version:Agent version"}

Support will help.
"""

MANUAL = """\
# Manual

## Ports

Port 8443.
"""

YAML_TREE = """\
tree: generated
title: Generated guide
start: first
nodes:
  first:
    kind: question
    title: First?
    body: Some *body*.
    answers:
      - {label: Done, goto: done}
      - {label: Other guide, goto: "guide.md#start"}
  done:
    kind: resolved
    title: All done
"""


def portal(
    tmp_path: Path,
    pages: dict[str, str] | None = None,
    *,
    config: str = CONFIG,
    support: str | None = None,
    extra: dict[str, str] | None = None,
) -> Path:
    files = {
        "support.yml": support if support is not None else (REPO / "support.yml").read_text("utf-8")
    }
    files.update(extra if extra is not None else {"docs/generated.tree.yml": YAML_TREE})
    base = {"index.md": "# Home\n", "guide.md": GUIDE, "manual.md": MANUAL}
    return make_portal(tmp_path, {**base, **(pages or {})}, config=config, extra_files=files)


def test_a_tree_page_renders_as_wizard_over_the_full_tree(tmp_path: Path) -> None:
    result = build_portal(portal(tmp_path), strict=True)
    assert result.ok, result.messages()
    page = result.page("guide/")
    assert 'data-supportal-tree="guide"' in page
    # every node is on the page, anchored, in order (the no-JS and print rendering)
    ids = re.findall(r'data-supportal-node="([a-z0-9-]+)"', page)
    assert ids == ["running", "start", "net", "fixed", "help"]
    for node in ids:
        assert f'<h2 id="{node}"' in page
    # node bodies are ordinary Markdown (admonitions work); the heading attributes are gone
    assert '<div class="admonition tip">' in page
    assert ".question}" not in page
    # answers link to anchors, manual pages (relative URLs) and carry their URL keys
    assert 'href="#net" data-answer="yes" data-target-kind="node" data-target-node="net"' in page
    assert 'href="../manual/#ports" data-answer="read-the-manual" data-target-kind="page"' in page
    # the escalation panel: tier 2 channels, ticket link, report, fields
    assert "Tier 2: Technical support engineers" in page
    assert 'href="tel:+493055501200"' in page
    assert 'data-supportal-field="agent_version"' in page
    assert "Mermaid" in page and "flowchart TD" in page
    assert "assets/supportal/troubleshooting/trees.js" in page
    assert (result.site_dir / "assets/supportal/troubleshooting/ticket.js").exists()


def test_the_no_js_ticket_link_is_prefilled_and_encoded(tmp_path: Path) -> None:
    result = build_portal(portal(tmp_path), strict=True)
    page = result.page("guide/")
    href = html.unescape(re.search(r'data-supportal-ticket href="([^"]+)"', page).group(1))
    query = parse_qs(urlsplit(href).query)
    assert query["tf_subject"] == ["Agent offline: Get help"]
    body = query["tf_description"][0]
    assert "Release: 2.0" in body
    assert "Page: https://docs.example.com/guide/" in body
    assert "Guide: guide (revision " in body


def test_the_yaml_form_builds_the_same_kind_of_page(tmp_path: Path) -> None:
    result = build_portal(portal(tmp_path), strict=True)
    assert result.ok, result.messages()
    page = result.page("generated/")
    assert 'data-supportal-tree="generated"' in page
    assert re.findall(r'data-supportal-node="([a-z0-9-]+)"', page) == ["first", "done"]
    assert "<em>body</em>" in page
    assert 'href="../guide/#start"' in page
    assert not (result.site_dir / "generated.tree.yml").exists()


def test_errors_stop_the_build_with_located_messages(tmp_path: Path) -> None:
    broken = GUIDE.replace("- [No](#start)", "- [No](#strat)").replace(
        "start: running", "start: runing"
    )
    result = build_portal(portal(tmp_path, {"guide.md": broken}))
    assert not result.ok
    assert result.messages() == [
        "docs/guide.md:18: answer 'No' links to unknown node 'strat'. Expected one of: running, start, net, "
        "fixed, help. Did you mean 'start'?",
        "docs/guide.md:4: unknown start node 'runing'. Expected one of: running, start, net, fixed, help. "
        "Did you mean 'running'?",
        "2 authoring errors (listed above) stop the build.",
    ]


def test_warnings_fail_strict_builds(tmp_path: Path) -> None:
    looping = GUIDE.replace("- [Still down](#running){: .retry}", "- [Still down](#running)")
    config = portal(tmp_path, {"guide.md": looping})
    relaxed = build_portal(config)
    assert relaxed.ok
    assert relaxed.warnings == [
        "docs/guide.md:12: cycle running → start → running: if it is an intended retry loop, mark the "
        "answer that goes back with {: .retry}",
    ]
    assert not build_portal(config, strict=True).ok


def test_yaml_form_errors_are_located_in_the_yaml_file(tmp_path: Path) -> None:
    bad = YAML_TREE.replace("goto: done}", "goto: dnoe}").replace("kind: resolved", "kind: resolve")
    result = build_portal(portal(tmp_path, extra={"docs/generated.tree.yml": bad}))
    assert not result.ok
    assert result.errors[:2] == [
        "docs/generated.tree.yml:13: unknown node kind 'resolve'. Expected one of: question, step, "
        "resolved, escalate, known-issue, goto. Did you mean 'resolved'?",
        "docs/generated.tree.yml:10: answer 'Done' links to unknown node 'dnoe'. Expected one of: first.",
    ]


def test_a_retry_that_is_not_a_boolean_is_an_error(tmp_path: Path) -> None:
    # `retry: maybe` quietly meant "no" before.
    bad = YAML_TREE.replace("{label: Done, goto: done}", "{label: Done, goto: done, retry: maybe}")
    result = build_portal(portal(tmp_path, extra={"docs/generated.tree.yml": bad}), strict=True)
    assert not result.ok
    assert result.errors == [
        "docs/generated.tree.yml:10: answer 'Done' of node 'first': `retry` must be true or false, "
        "not 'maybe' (true marks an intended loop back)",
        "1 authoring error (listed above) stops the build.",
    ]


def test_a_yaml_tree_outside_the_release_is_left_out(tmp_path: Path) -> None:
    limited = "versions: '<2.0'\n" + YAML_TREE
    result = build_portal(portal(tmp_path, extra={"docs/generated.tree.yml": limited}), strict=True)
    assert result.ok, result.messages()
    assert not (result.site_dir / "generated").exists()


def test_a_page_where_a_yaml_tree_page_goes_is_an_error(tmp_path: Path) -> None:
    result = build_portal(portal(tmp_path, {"generated.md": "# Mine\n"}), strict=True)
    message = (
        "docs/generated.tree.yml: this tree's page is docs/generated.md, which exists already: "
        "rename the tree file or that page"
    )
    assert result.errors == [message, "1 authoring error (listed above) stops the build."]
    assert_strict_build_stops(tmp_path / "mkdocs.yml", message)


def test_a_page_published_where_a_yaml_tree_page_goes_is_an_error(tmp_path: Path) -> None:
    result = build_portal(portal(tmp_path, {"generated/index.md": "# Mine\n"}), strict=True)
    message = (
        "docs/generated/index.md: published at the same address as generated.md, the page of "
        "docs/generated.tree.yml (supportal/troubleshooting): rename or move this file"
    )
    assert result.errors == [message, "1 authoring error (listed above) stops the build."]
    assert_strict_build_stops(tmp_path / "mkdocs.yml", message)


def test_another_plugins_page_where_a_yaml_tree_page_goes_is_an_error(tmp_path: Path) -> None:
    # The message said "generated.md exists already: rename the page", a page nobody wrote.
    config = CONFIG.replace(
        "  - supportal/troubleshooting\n",
        "  - supportal/reading:\n      known_issues_page: generated.md\n"
        "  - supportal/troubleshooting\n",
    )
    result = build_portal(portal(tmp_path, config=config), strict=True)
    assert result.errors == [
        "docs/generated.tree.yml: this tree's page is generated.md, a page supportal/reading "
        "generates already (mkdocs.yml:9): rename the tree file, or set supportal/reading's "
        "option for that page to another path",
        "1 authoring error (listed above) stops the build.",
    ]


def test_a_bad_support_desk_stops_the_build(tmp_path: Path) -> None:
    result = build_portal(portal(tmp_path, support="tiers:\n  1:\n    name: Desk\n"))
    assert not result.ok
    assert result.errors[0] == (
        "support.yml:2: tier 1 needs `channels`: a list of phone, email, chat or portal entries"
    )


def test_escalation_without_support_yml(tmp_path: Path) -> None:
    config = portal(tmp_path)
    (config.parent / "support.yml").unlink()
    result = build_portal(config)
    assert result.errors[0] == (
        "docs/guide.md:35: escalate node 'help' needs a support desk, but support.yml was not found "
        "(see the support-desk docs)"
    )


def test_node_registry_records_ids_and_warns_on_removed_ones(tmp_path: Path) -> None:
    config = portal(tmp_path)
    assert build_portal(config, strict=True).ok
    registry = (tmp_path / "trees.lock.yml").read_text("utf-8")
    assert "guide:\n  '2.0': [fixed, help, net, running, start]" in registry
    renamed = GUIDE.replace("{#net .step}", "{#network .step}").replace("(#net)", "(#network)")
    (tmp_path / "docs/guide.md").write_text(renamed, "utf-8")
    result = build_portal(config)
    assert result.warnings == [
        "docs/guide.md:2: node 'net' was published before and is gone, so share links that pass through "
        "it break: add 'aliases: {net: <current node id>}'",
    ]
    assert not build_portal(config, strict=True).ok
    aliased = renamed.replace("escalation: 2", "escalation: 2\naliases: {net: network}")
    (tmp_path / "docs/guide.md").write_text(aliased, "utf-8")
    fixed = build_portal(config, strict=True)
    assert fixed.ok, fixed.messages()
    assert 'data-aliases="{&#34;net&#34;: &#34;network&#34;}"' in fixed.page("guide/")


def test_check_compares_with_the_registry_but_never_writes_it(tmp_path: Path) -> None:
    # A draft id that was only checked was never published: renaming it must not need an alias.
    draft = GUIDE.replace("{#net .step}", "{#draft-fix .step}").replace("(#net)", "(#draft-fix)")
    config = portal(tmp_path, {"guide.md": draft})
    lock = tmp_path / "trees.lock.yml"
    outcome = CliRunner().invoke(cli, ["check", "-f", str(config)])
    assert outcome.exit_code == 0, outcome.output
    assert not lock.exists()
    renamed = GUIDE.replace("{#net .step}", "{#fix .step}").replace("(#net)", "(#fix)")
    (tmp_path / "docs/guide.md").write_text(renamed, "utf-8")
    built = build_portal(config, strict=True)
    assert built.ok, built.messages()
    assert "guide:\n  '2.0': [fix, fixed, help, running, start]" in lock.read_text("utf-8")
    # What a build published, check still guards, and leaves the file as it was.
    recorded = lock.read_text("utf-8")
    (tmp_path / "docs/guide.md").write_text(GUIDE, "utf-8")
    outcome = CliRunner().invoke(cli, ["check", "-f", str(config)])
    assert outcome.exit_code == 1
    assert outcome.output.splitlines()[0] == (
        "docs/guide.md:2: node 'fix' was published before and is gone, so share links that pass "
        "through it break: add 'aliases: {fix: <current node id>}' [2.0]"
    )
    assert lock.read_text("utf-8") == recorded


def test_a_broken_registry_is_reported_at_its_lines(tmp_path: Path) -> None:
    # A merge conflict resolved by hand: one tree lost its releases, one release its list.
    lock = "# header\nguide: [net]\nother:\n  '2.0': fix\n"
    config = portal(tmp_path, extra={"trees.lock.yml": lock})
    result = build_portal(config, strict=True)
    assert not result.ok
    assert result.errors == [
        "trees.lock.yml:2: tree 'guide': expected release → node ids",
        "trees.lock.yml:4: tree 'other', release 2.0: expected a list of node ids",
        "2 authoring errors (listed above) stop the build.",
    ]


def test_builds_that_overlap_keep_each_others_ids(tmp_path: Path) -> None:
    # As `supportal build -j` runs them: both read the registry, then each records its release.
    from supportal.troubleshooting.registry import NodeRegistry

    file = tmp_path / "trees.lock.yml"
    first, second = NodeRegistry(file, "trees.lock.yml"), NodeRegistry(file, "trees.lock.yml")
    assert first.record("2.0", [("guide", {"start", "fixed"})])
    assert second.record("1.0", [("guide", {"start"})])
    assert not second.record("2.0", [("guide", {"fixed"})])  # already there: file untouched
    assert NodeRegistry(file, "trees.lock.yml").data == {
        "guide": {"1.0": {"start"}, "2.0": {"fixed", "start"}}
    }


def test_a_parallel_build_records_every_release(tmp_path: Path) -> None:
    config = portal(tmp_path)
    site = str(tmp_path / "site")
    outcome = CliRunner().invoke(
        cli, ["build", "-f", str(config), "-j", "2", "--no-cache", "-d", site]
    )
    assert outcome.exit_code == 0, outcome.output
    ids = "[fixed, help, net, running, start]"
    assert f"guide:\n  '1.0': {ids}\n  '2.0': {ids}\n" in (tmp_path / "trees.lock.yml").read_text()


def test_mkdocs_serve_previews_do_not_write_the_registry(tmp_path: Path) -> None:
    from mkdocs.commands.build import build
    from supportal.cli.host import load_release_config

    config = load_release_config(portal(tmp_path), None, site_dir=tmp_path / "site")
    config.plugins.on_startup(command="serve", dirty=False)  # as `mkdocs serve` starts
    build(config, serve_url="http://127.0.0.1:8000/")
    assert not (tmp_path / "trees.lock.yml").exists()
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    assert (tmp_path / "trees.lock.yml").exists()


def test_titles_and_labels_cannot_inject_markup(tmp_path: Path) -> None:
    evil = GUIDE.replace("- [Yes](#net)", '- [Yes <img src=x onerror=alert(1)>"](#net)').replace(
        "title: Agent offline", 'title: "Agent <script>alert(1)</script> \\" offline"'
    )
    result = build_portal(portal(tmp_path, {"guide.md": evil}), strict=True)
    assert result.ok, result.messages()
    full = result.page("guide/")
    page = full[full.index("<article") : full.index("</article>")]
    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page
    assert 'data-title="Agent &lt;script&gt;alert(1)&lt;/script&gt; &#34; offline"' in page
    assert "Yes &lt;img src=x onerror=alert(1)&gt;&#34;</a>" in page
    href = html.unescape(re.search(r'data-supportal-ticket href="([^"]+)"', page).group(1))
    assert "<" not in href and '"' not in href and " " not in href


KEY_ERROR_TREE = GUIDE.replace(
    "- [Still offline](#help)", "- [Still offline](#help)\n- [Key error](#ki)"
) + ("\n## Key not loaded {#ki .known-issue ref=KV-1042}\n\nKnown.\n")


def known_issue_portal(tmp_path: Path, workaround: str) -> Path:
    """A portal with the reading plugin, known issue KV-1042 and KEY_ERROR_TREE as guide.md."""
    config_text = CONFIG.replace(
        "  - supportal/releases\n", "  - supportal/releases\n  - supportal/reading\n"
    )
    known = (
        "issues:\n"
        "  - id: KV-1042\n"
        "    title: Restores fail after a restart\n"
        "    affects: '>=2.0'\n"
        "    workaround: |\n"
        f"      {workaround}\n"
    )
    return portal(
        tmp_path,
        {"guide.md": KEY_ERROR_TREE},
        config=config_text,
        extra={"known_issues.yml": known, "docs/generated.tree.yml": YAML_TREE},
    )


def test_known_issues_come_from_the_reading_plugin(tmp_path: Path) -> None:
    tree = KEY_ERROR_TREE
    config = known_issue_portal(tmp_path, "Run `kvctl keys reload`.")
    result = build_portal(config, strict=True)
    assert result.ok, result.messages()
    page = result.page("guide/")
    assert "Known issue KV-1042: Restores fail after a restart" in page
    # `workaround:` is Markdown, rendered as on the known-issues page (it was flattened to text).
    assert "<p><strong>Workaround:</strong> Run <code>kvctl keys reload</code>.</p>" in page
    assert re.search(r'<a href="\.\./known-issues/#kv-1042">Read the known issue KV-1042</a>', page)
    wrong = tree.replace("ref=KV-1042", "ref=KV-1024")
    (tmp_path / "docs/guide.md").write_text(wrong, "utf-8")
    failed = build_portal(config)
    assert failed.errors[0] == (
        "docs/guide.md:40: unknown known issue 'KV-1024'. Expected one of: KV-1042. Did you mean 'KV-1042'?"
    )


def test_known_issue_nodes_without_the_reading_plugin_warn(tmp_path: Path) -> None:
    tree = GUIDE.replace(
        "- [Still offline](#help)", "- [Still offline](#help)\n- [Key error](#ki)"
    ) + ("\n## Key not loaded {#ki .known-issue ref=KV-1042}\n")
    config = portal(tmp_path, {"guide.md": tree})
    result = build_portal(config)
    assert result.ok
    assert result.warnings == [
        "docs/guide.md:40: known issue 'KV-1042' cannot be checked or shown: enable the supportal/reading "
        "plugin (it provides known issues)",
    ]
    assert not build_portal(config, strict=True).ok


def test_supportal_check_reports_tree_problems(tmp_path: Path) -> None:
    broken = GUIDE.replace("- [No](#start)", "- [No](#strat)")
    config = portal(tmp_path, {"guide.md": broken})
    outcome = CliRunner().invoke(cli, ["check", "-f", str(config)])
    assert outcome.exit_code != 0
    assert (
        "docs/guide.md:18: answer 'No' links to unknown node 'strat'. Expected one of: running, start, "
        "net, fixed, help. Did you mean 'start'?"
    ) in outcome.output


def test_a_missing_mermaid_script_is_a_config_error(tmp_path: Path) -> None:
    config_text = CONFIG.replace(
        "  - supportal/troubleshooting\n",
        "  - supportal/troubleshooting:\n      mermaid_script: vendor/mermaid.js\n",
    )
    result = build_portal(portal(tmp_path, config=config_text))
    assert not result.ok
    assert result.errors[0] == (
        "mkdocs.yml:9: supportal/troubleshooting: mermaid_script 'vendor/mermaid.js' "
        "is not a file (a local copy of mermaid.min.js)"
    )


def test_a_local_mermaid_is_shipped_and_announced_on_every_page(tmp_path: Path) -> None:
    config_text = CONFIG.replace(
        "  - supportal/troubleshooting\n",
        "  - supportal/troubleshooting:\n      mermaid_script: vendor/mermaid.min.js\n",
    )
    config = portal(
        tmp_path,
        config=config_text,
        extra={
            "vendor/mermaid.min.js": "window.mermaid = {};\n",
            "docs/generated.tree.yml": YAML_TREE,
        },
    )
    result = build_portal(config, strict=True)
    assert result.ok, result.messages()
    page = result.page("guide/")
    assert '<pre class="mermaid"><code>flowchart TD' in page
    # mermaid-loader.js loads the copy when a diagram is drawn (the overview: when opened)
    assert (result.site_dir / "assets/supportal/troubleshooting/vendor/mermaid.min.js").is_file()
    for html in (page, result.page("")):
        assert '<meta name="supportal-mermaid" content="local"></head>' in html
        assert "vendor/mermaid.min.js" not in html


def test_release_badges_do_not_split_answer_lists(tmp_path: Path) -> None:
    config_text = CONFIG.replace("  - supportal/releases\n", "  - supportal/releases\n  - supportal/reading\n")
    tree = GUIDE.replace("- [No](#start)\n", "/// versions | >=2.0\n- [No](#start)\n///\n")
    result = build_portal(portal(tmp_path, {"guide.md": tree}, config=config_text), strict=True)
    assert result.ok, result.messages()
    page = result.page("guide/")
    section = page[page.index('data-supportal-node="running"') : page.index('data-supportal-node="start"')]
    assert section.count("<a ") == 3  # the three answers, all in the answer list
    assert '<ul class="supportal-answers"' in section
    assert 'data-answer="no"' in section


def test_anchors_are_the_ones_this_release_publishes(tmp_path: Path) -> None:
    manual = MANUAL + "\n/// versions | <2.0\n## Old ports\n///\n\n```bash\n# not-a-heading\n```\n"
    guide = GUIDE.replace("(manual.md#ports)", "(manual.md#old-ports)")
    result = build_portal(portal(tmp_path, {"guide.md": guide, "manual.md": manual}))
    assert result.errors[0] == (
        "docs/guide.md:19: answer 'Read the manual' links to unknown anchor '#old-ports' of 'manual.md'. "
        "Did you mean 'ports'?"
    )
    coded = GUIDE.replace("(manual.md#ports)", "(manual.md#not-a-heading)")
    (tmp_path / "docs/guide.md").write_text(coded, "utf-8")
    assert build_portal(tmp_path / "mkdocs.yml").errors[0].startswith(
        "docs/guide.md:19: answer 'Read the manual' links to unknown anchor '#not-a-heading'"
    )


def test_a_portal_without_trees_still_ships_the_script_it_loads(tmp_path: Path) -> None:
    no_nav = CONFIG.split("nav:")[0]
    config = portal(tmp_path, {"guide.md": "# Not a tree\n"}, config=no_nav, extra={})
    result = build_portal(config, strict=True)
    assert result.ok, result.messages()
    assert "assets/supportal/troubleshooting/trees.js" in result.page("")
    assert (result.site_dir / "assets/supportal/troubleshooting/trees.js").exists()
    assert not (result.site_dir / "assets/supportal/troubleshooting/vendor/mermaid.min.js").exists()


def test_supportal_serve_previews_do_not_write_the_registry(tmp_path: Path) -> None:
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    config = portal(tmp_path)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "supportal.cli", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=config.parent, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(300):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/2.0/guide/", timeout=5):
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("the preview server did not answer")
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert not (tmp_path / "trees.lock.yml").exists()


def test_a_known_issue_workaround_links_where_the_known_issues_page_does(tmp_path: Path) -> None:
    # Written for the known-issues page (here support/known-issues.md): its relative links
    # must lead to the same places from the tree page.
    config = known_issue_portal(
        tmp_path,
        "Open the [ports](../manual.md#ports), [the issue](#kv-1042), "
        "[the form](../forms/open.html?kind=key) or [the vendor](https://example.com/k).",
    )
    text = config.read_text("utf-8").replace(
        "  - supportal/reading\n",
        "  - supportal/reading:\n      known_issues_page: support/known-issues.md\n",
    )
    config.write_text(text, "utf-8")
    (tmp_path / "docs/forms").mkdir()
    (tmp_path / "docs/forms/open.html").write_text("<p>Form</p>", "utf-8")
    result = build_portal(config, strict=True)
    assert result.ok, result.messages()
    known = result.page("support/known-issues/")
    assert '<a href="../../manual/#ports">ports</a>' in known
    assert '<a href="../../forms/open.html?kind=key">the form</a>' in known
    page = result.page("guide/")
    assert (
        '<p><strong>Workaround:</strong> Open the <a href="../manual/#ports">ports</a>, '
        '<a href="../support/known-issues/#kv-1042">the issue</a>, '
        '<a href="../forms/open.html?kind=key">the form</a> or '
        '<a href="https://example.com/k">the vendor</a>.</p>'
    ) in page


def test_a_known_issue_workaround_is_markdown_with_text_escaped(tmp_path: Path) -> None:
    config = known_issue_portal(tmp_path, "If a < b & c, run **kvctl** `keys <reload>`.")
    result = build_portal(config, strict=True)
    assert result.ok, result.messages()
    assert (
        "<p><strong>Workaround:</strong> If a &lt; b &amp; c, run <strong>kvctl</strong> "
        "<code>keys &lt;reload&gt;</code>.</p>"
    ) in result.page("guide/")


def test_a_max_depth_below_one_is_a_config_error(tmp_path: Path) -> None:
    # max_depth: -1 was accepted and warned about every outcome ("limit -1").
    config_text = CONFIG.replace(
        "  - supportal/troubleshooting\n", "  - supportal/troubleshooting:\n      max_depth: -1\n"
    )
    result = build_portal(portal(tmp_path, config=config_text))
    line = config_text.splitlines().index("      max_depth: -1")  # the plugin's line, 1-based
    assert result.errors == [
        f"mkdocs.yml:{line}: Config value 'plugins': Plugin 'supportal/troubleshooting' option "
        "'max_depth': Expected a whole number of at least 1, not -1"
    ]
