"""Validation of the trees of one release: targets, graph shape, tests, escalation budgets.

Plain Python. The plugin gives it every tree of the release, an index of the release's pages,
the known issues (when the reading plugin is enabled) and the support desk.
"""

from __future__ import annotations

import posixpath
from collections import deque
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import urlsplit

from ..core.problems import Problems, expected, suggest
from ..core.supportdesk import SupportDesk
from .knownissues import KnownIssueSource
from .model import ASKING, KIND_LABELS, Answer, DecisionTree, Node
from .report import Step, report_values

MAX_ANSWERS = 7
KNOWN_ISSUE_PREFIX = "known-issue:"
"""An answer target `known-issue:KV-1042` ends the guide at that known issue."""
_PATH_SEARCH_LIMIT = 20000  # simple paths explored per tree for the longest-path budget check


class PageIndex(Protocol):
    """The pages of the release being built (docs_dir paths such as `manuals/agents.md`)."""

    def exists(self, src_uri: str) -> bool: ...

    def anchors(self, src_uri: str) -> set[str]: ...

    def outside_release(self, src_uri: str) -> str | None:
        """For a page that exists but is not part of this release: its `versions` range."""
        ...


@dataclass
class Target:
    """Where an answer leads, resolved."""

    kind: str
    """`node` (same tree), `tree` (another tree's node), `page` (a manual page) or `external`."""
    node: str | None = None
    tree: DecisionTree | None = None
    src_uri: str | None = None
    anchor: str | None = None


@dataclass
class Settings:
    max_depth: int = 8
    release: str = ""
    page_url: Callable[[DecisionTree], str] = lambda tree: ""
    """Absolute URL of a tree's page (used in reports)."""
    product: str = ""
    desk_path: str = "support.yml"


@dataclass
class ForestCheck:
    """Validates the trees of one release and remembers how every answer resolved."""

    trees: Mapping[str, DecisionTree]
    """By src_uri."""
    pages: PageIndex
    known_issues: KnownIssueSource | None
    desk: SupportDesk | None
    settings: Settings = field(default_factory=Settings)
    registry: Mapping[str, Iterable[str]] | None = None
    """Node ids published before, by tree id (from the node registry file)."""
    desk_unread: bool = False
    """support.yml has errors, reported with it: escalations are not checked against it."""
    known_issues_unread: bool = False
    """The known-issues file has errors, reported with it: known-issue links go unchecked
    (each issue it failed to read would look unknown)."""
    unread_pages: Collection[str] = frozenset()
    """Pages whose front matter has errors, reported with them: links to their anchors (or
    to the nodes of a tree among them) go unchecked."""
    targets: dict[tuple[str, int], Target] = field(default_factory=dict)
    """(tree src_uri, id(answer)) → resolved target, for rendering."""

    def run(self, problems: Problems) -> None:
        by_id: dict[str, DecisionTree] = {}
        for tree in self.trees.values():
            if tree.id and tree.id in by_id:
                problems.error(
                    tree.path,
                    tree.line_of("tree"),
                    f"duplicate tree id '{tree.id}' (also {by_id[tree.id].path})",
                )
            elif tree.id:
                by_id[tree.id] = tree
        # Resolve every answer of every tree first: scenarios walk across trees.
        graphs = {src: self._check_nodes(tree, problems) for src, tree in self.trees.items()}
        for src, tree in self.trees.items():
            self._check_graph(tree, *graphs[src], problems)

    def target_of(self, tree: DecisionTree, answer: Answer) -> Target | None:
        return self.targets.get((tree.src_uri, id(answer)))

    def page_url_of(self, tree: DecisionTree) -> str:
        return self.settings.page_url(tree)

    # --- one tree -------------------------------------------------------------------------

    def _check_nodes(
        self, tree: DecisionTree, problems: Problems
    ) -> tuple[dict[str, list[str]], set[str]]:
        """Per-node rules; returns the in-tree edges and the nodes with answers leaving the tree."""
        edges: dict[str, list[str]] = {n: [] for n in tree.nodes}
        exits: set[str] = set()
        for node in tree.nodes.values():
            self._check_answers(tree, node, problems)
            for answer in node.answers:
                target = self._resolve(tree, node, answer, problems)
                if target is None:
                    exits.add(node.id)  # already reported; do not also call it a trap
                    continue
                self.targets[(tree.src_uri, id(answer))] = target
                if target.kind == "node" and target.node is not None:
                    edges[node.id].append(target.node)
                else:
                    exits.add(node.id)
            self._check_node(tree, node, problems)
        self._check_aliases(tree, problems)
        return edges, exits

    def _check_graph(
        self, tree: DecisionTree, edges: dict[str, list[str]], exits: set[str], problems: Problems
    ) -> None:
        path = tree.path
        start_ok = tree.start is not None and tree.start in tree.nodes
        if tree.start is not None and not start_ok and tree.nodes:
            problems.error(
                path,
                tree.line_of("start"),
                f"unknown start node '{tree.start}'. {expected(tree.start, tree.nodes)}",
            )
        if not start_ok:
            return
        assert tree.start is not None
        depth = _bfs(tree.start, edges)
        for node in tree.nodes.values():
            if node.id not in depth:
                problems.error(
                    path,
                    node.line,
                    f"node '{node.id}' cannot be reached from the start node '{tree.start}': "
                    "link to it from an answer, or remove it",
                )
        can_exit = _reverse_reach({n.id for n in tree.nodes.values() if n.terminal} | exits, edges)
        for node in tree.nodes.values():
            if node.id in depth and node.answers and node.id not in can_exit:
                problems.error(
                    path,
                    node.line,
                    f"trap: no resolution, escalation or known issue can be reached from "
                    f"{KIND_LABELS[node.kind]} '{node.id}' (its answers only lead back into "
                    "the same questions)",
                )
        self._check_cycles(tree, edges, can_exit, depth, problems)
        for node in tree.nodes.values():
            if node.terminal and depth.get(node.id, 0) > self.settings.max_depth:
                problems.warning(
                    path,
                    node.line,
                    f"'{node.id}' is {depth[node.id]} answers from the start at the "
                    f"shortest (limit {self.settings.max_depth}): split the guide or "
                    "shorten the path",
                )
        self._check_scenarios(tree, problems)
        self._check_registry(tree, problems)
        self._check_budgets(tree, edges, problems)

    def _check_answers(self, tree: DecisionTree, node: Node, problems: Problems) -> None:
        path = tree.path
        labels: dict[str, int | None] = {}
        slugs: dict[str, str] = {}
        for answer in node.answers:
            if answer.text in labels:
                problems.error(
                    path,
                    answer.line,
                    f"duplicate answer '{answer.text}' in node '{node.id}' "
                    f"(first at line {labels[answer.text]})",
                )
                continue
            labels[answer.text] = answer.line
            if not answer.slug:
                problems.error(
                    path,
                    answer.line,
                    f"answer '{answer.label}' needs letters or digits: they make its URL key",
                )
            elif answer.slug in slugs:
                problems.error(
                    path,
                    answer.line,
                    f"answers '{slugs[answer.slug]}' and '{answer.text}' of node '{node.id}' "
                    f"have the same URL key '{answer.slug}': reword one",
                )
            else:
                slugs[answer.slug] = answer.text
        if node.kind in ASKING and len(node.answers) > MAX_ANSWERS:
            problems.warning(
                path,
                node.line,
                f"{node.kind} '{node.id}' has {len(node.answers)} answers: more than "
                f"{MAX_ANSWERS} are hard to choose from; split it into two questions",
            )

    def _check_node(self, tree: DecisionTree, node: Node, problems: Problems) -> None:
        path = tree.path
        if node.kind in ASKING and not node.answers:
            problems.error(
                path,
                node.line,
                f"{node.kind} '{node.id}' has no answers: end it with a list of links "
                "such as '- [Yes](#next-node)'",
            )
        if node.terminal and node.answers:
            problems.error(
                path,
                node.answers[0].line,
                f"{KIND_LABELS[node.kind]} '{node.id}' ends the guide and cannot have answers: "
                "remove the list of links, or make it a step",
            )
        if node.kind == "escalate":
            self._check_escalation(tree, node, problems)
        if node.kind == "known-issue" and node.ref:
            self._check_known_issue(tree, node, problems)

    def _check_escalation(self, tree: DecisionTree, node: Node, problems: Problems) -> None:
        path = tree.path
        tier = node.tier or tree.tier
        if self.desk_unread:
            return
        if self.desk is None:
            problems.error(
                path,
                node.line,
                f"escalate node '{node.id}' needs a support desk, but "
                f"{self.settings.desk_path} was not found (see the support-desk docs)",
            )
            return
        if tier is None:
            problems.error(
                path,
                node.line,
                f"escalate node '{node.id}' has no tier: add tier=N to the heading or "
                "'escalation: N' to the front matter",
            )
            return
        if tier not in self.desk.tiers:
            tiers = [str(t) for t in sorted(self.desk.tiers)]
            problems.error(
                path,
                node.line,
                f"escalate node '{node.id}': tier {tier} is not in {self.desk.path}. "
                f"{expected(str(tier), tiers)}",
            )
            return
        ticket = node.ticket or tree.ticket
        if ticket is not None and ticket not in self.desk.tickets:
            problems.error(
                path,
                node.line if node.ticket else tree.line_of("escalation"),
                f"unknown ticket template '{ticket}' (escalate node '{node.id}'). "
                f"{expected(ticket, self.desk.tickets)}",
            )

    def _check_known_issue(self, tree: DecisionTree, node: Node, problems: Problems) -> None:
        assert node.ref is not None
        self._known_issue_found(tree.path, node.line, node.ref, problems)

    def _known_issue_found(self, path: str, line: int | None, ref: str, problems: Problems) -> bool:
        """Whether `ref` can be shown; reports why not (or why it does not fit the release)."""
        if self.known_issues_unread:
            return False
        if self.known_issues is None:
            problems.warning(
                path,
                line,
                f"known issue '{ref}' cannot be checked or shown: enable the "
                "supportal/reading plugin (it provides known issues)",
            )
            return False
        issue = self.known_issues.get(ref)
        if issue is None:
            ids = list(self.known_issues.ids())
            problems.error(path, line, f"unknown known issue '{ref}'. {expected(ref, ids)}" if ids
                           else f"unknown known issue '{ref}': the portal has no known issues "
                           "(supportal/reading's 'known_issues' file is missing or lists none)")
            return False
        release = self.settings.release
        if release and release not in issue.affects:
            problems.warning(
                path,
                line,
                f"known issue '{ref}' does not affect release {release} (it affects "
                f"{issue.affects}): limit this branch with a '/// versions' block",
            )
        return True

    def _check_aliases(self, tree: DecisionTree, problems: Problems) -> None:
        for old, new in tree.aliases.items():
            if old in tree.nodes:
                problems.error(
                    tree.path,
                    tree.line_of("aliases"),
                    f"alias '{old}' is also a current node id: remove the alias",
                )
            elif new not in tree.nodes:
                problems.error(
                    tree.path,
                    tree.line_of("aliases"),
                    f"alias '{old}' points to unknown node '{new}'. {expected(new, tree.nodes)}",
                )

    # --- targets --------------------------------------------------------------------------

    def _resolve(
        self, tree: DecisionTree, node: Node, answer: Answer, problems: Problems
    ) -> Target | None:
        target_text, label, line = answer.target, answer.text, answer.line
        where = f"answer '{label}'" if node.kind != "goto" else f"goto node '{node.id}'"
        path = tree.path
        if target_text.startswith("#"):
            wanted = target_text[1:]
            if wanted in tree.nodes:
                return Target(kind="node", node=wanted)
            problems.error(
                path,
                line,
                f"{where} links to unknown node '{wanted}'. {expected(wanted, tree.nodes)}",
            )
            return None
        if target_text.startswith(KNOWN_ISSUE_PREFIX):
            ref = target_text[len(KNOWN_ISSUE_PREFIX) :]
            if self._known_issue_found(path, line, ref, problems):
                return Target(kind="known-issue", anchor=ref)
            return None
        parts = urlsplit(target_text)
        if parts.scheme or parts.netloc:
            if parts.scheme in ("http", "https", "mailto"):
                return Target(kind="external")
            problems.error(
                path,
                line,
                f"{where} links to '{target_text}': use a relative page path, "
                "an #anchor, known-issue:<id> or an http(s) URL",
            )
            return None
        if target_text.startswith("/"):
            problems.error(
                path,
                line,
                f"{where} links to '{target_text}': write the path relative to this page",
            )
            return None
        src = posixpath.normpath(posixpath.join(posixpath.dirname(tree.src_uri), parts.path))
        anchor = parts.fragment or None
        other = self.trees.get(src)
        if other is not None:
            if anchor is None:
                return Target(kind="tree", tree=other, node=other.start, src_uri=src)
            if anchor in other.nodes:
                return Target(kind="tree", tree=other, node=anchor, src_uri=src, anchor=anchor)
            if anchor in other.aliases:
                problems.error(
                    path,
                    line,
                    f"{where} links to '{anchor}' of tree '{other.id}', which was "
                    f"renamed: link to '#{other.aliases[anchor]}'",
                )
                return None
            problems.error(
                path,
                line,
                f"{where} links to unknown node '{anchor}' of tree '{other.id}'. "
                f"{expected(anchor, other.nodes)}",
            )
            return None
        if not self.pages.exists(src):
            outside = self.pages.outside_release(src)
            if outside is not None:
                problems.error(
                    path,
                    line,
                    f"{where} links to '{target_text}', which is not published in "
                    f"release {self.settings.release} (its versions: {outside}): limit this "
                    "answer with a '/// versions' block",
                )
            else:
                problems.error(
                    path,
                    line,
                    f"{where} links to '{target_text}', but there is no page '{src}' in the docs",
                )
            return None
        if anchor is not None and src not in self.unread_pages:
            anchors = self.pages.anchors(src)
            if anchor not in anchors:
                problems.error(
                    path,
                    line,
                    f"{where} links to unknown anchor '#{anchor}' of '{src}'."
                    f"{suggest(anchor, anchors)}",
                )
                return None
        return Target(kind="page", src_uri=src, anchor=anchor)

    # --- cycles, tests, registry, budgets -------------------------------------------------

    def _check_cycles(
        self,
        tree: DecisionTree,
        edges: dict[str, list[str]],
        can_exit: set[str],
        depth: dict[str, int],
        problems: Problems,
    ) -> None:
        order = list(tree.nodes)
        for component in _strongly_connected(order, edges):
            members = set(component)
            looping = len(component) > 1 or component[0] in edges[component[0]]
            if not looping or not members <= can_exit or not members & set(depth):
                continue
            acknowledged = any(
                answer.retry
                for node_id in component
                for answer in tree.nodes[node_id].answers
                if (t := self.targets.get((tree.src_uri, id(answer))))
                and t.kind == "node"
                and t.node in members
            )
            if acknowledged:
                continue
            ordered = sorted(component, key=order.index)
            first = tree.nodes[ordered[0]]
            problems.warning(
                tree.path,
                first.line,
                f"cycle {' → '.join([*ordered, ordered[0]])}: if it is an intended retry loop, "
                "mark the answer that goes back with {: .retry}",
            )

    def _check_scenarios(self, tree: DecisionTree, problems: Problems) -> None:
        for scenario in tree.scenarios:
            message = self._walk(tree, scenario.answers, scenario.expect)
            if message:
                problems.error(tree.path, scenario.line, f"test {scenario.number} fails: {message}")

    def _walk(self, tree: DecisionTree, answers: list[str], expect: str) -> str | None:
        if tree.start is None or tree.start not in tree.nodes:
            return "the tree has no valid start node"
        current_tree, current = tree, tree.start
        for step, given in enumerate(answers, 1):
            node = current_tree.nodes[current]
            expected_node = None
            label = given
            if "=" in given and given.split("=", 1)[0].strip() in current_tree.nodes:
                expected_node, label = (p.strip() for p in given.split("=", 1))
            if expected_node is not None and expected_node != current:
                return f"answer {step} is for '{expected_node}', but the guide is at '{current}'"
            match = next(
                (
                    a
                    for a in node.answers
                    if a.text.lower() == label.strip().lower() or a.slug == label.strip().lower()
                ),
                None,
            )
            if match is None:
                choices = [a.text for a in node.answers]
                if not choices:
                    return (
                        f"answer {step} '{label}': '{current}' has no answers (it ends the guide)"
                    )
                return (
                    f"answer {step} '{label}' is not an answer of '{current}'. "
                    f"{expected(label, choices)}"
                )
            target = self.targets.get((current_tree.src_uri, id(match)))
            if target is None:
                return f"answer {step} '{label}' of '{current}' leads nowhere (see the error above)"
            if target.kind == "node" and target.node is not None:
                current = target.node
            elif target.kind == "tree" and target.tree is not None and target.node is not None:
                current_tree, current = target.tree, target.node
            else:
                rest = len(answers) - step
                where = target.src_uri or match.target
                if rest:
                    return (
                        f"answer {step} '{label}' leaves the guide for '{where}' "
                        f"with {rest} answers left"
                    )
                return (
                    None
                    if expect in (match.target, where)
                    else (
                        f"expected to end at '{expect}', but the answers lead to the page '{where}'"
                    )
                )
        assert current is not None
        reached = current if current_tree is tree else f"{current_tree.id}#{current}"
        if expect != reached:
            return f"expected to end at '{expect}', but the answers end at '{reached}'"
        return None

    def _check_registry(self, tree: DecisionTree, problems: Problems) -> None:
        if not self.registry or not tree.id:
            return
        for old in sorted(
            set(self.registry.get(tree.id, ())) - set(tree.nodes) - set(tree.aliases)
        ):
            problems.warning(
                tree.path,
                tree.line_of("aliases"),
                f"node '{old}' was published before and is gone, so share links that "
                f"pass through it break: add 'aliases: {{{old}: <current node id>}}'",
            )

    def _check_budgets(
        self, tree: DecisionTree, edges: dict[str, list[str]], problems: Problems
    ) -> None:
        if self.desk is None or tree.start is None:
            return
        longest = _longest_paths(tree, edges, self.targets)
        for node in tree.nodes.values():
            if node.kind != "escalate" or node.id not in longest:
                continue
            tier = node.tier or tree.tier
            name = (
                node.ticket
                or tree.ticket
                or (self.desk.tiers[tier].ticket if tier in self.desk.tiers else None)
            )
            template = self.desk.tickets.get(name) if name else None
            if template is None:
                continue
            steps = longest[node.id]
            fields = [(node.field_label(f), "x" * 40) for f in node.collect]
            values = report_values(
                tree,
                node,
                steps,
                release=self.settings.release,
                page_url=self.page_url_of(tree),
                product=self.settings.product,
                tier=tier,
                fields=fields,
            )
            length = template.length(values)
            if length > template.budget:
                problems.warning(
                    tree.path,
                    node.line,
                    f"escalation '{node.id}': the longest path ({len(steps)} answers) makes "
                    f"a {length}-character '{template.name}' ticket URL, over its budget of "
                    f"{template.budget}: the report in it gets cut (Copy report still has all)",
                )


def _bfs(start: str, edges: Mapping[str, list[str]]) -> dict[str, int]:
    depth = {start: 0}
    queue = deque([start])
    while queue:
        current = queue.popleft()
        for nxt in edges.get(current, ()):
            if nxt not in depth:
                depth[nxt] = depth[current] + 1
                queue.append(nxt)
    return depth


def _reverse_reach(seeds: set[str], edges: Mapping[str, list[str]]) -> set[str]:
    incoming: dict[str, list[str]] = {n: [] for n in edges}
    for source, targets in edges.items():
        for target in targets:
            incoming.setdefault(target, []).append(source)
    seen = set(seeds)
    queue = deque(seeds)
    while queue:
        current = queue.popleft()
        for previous in incoming.get(current, ()):
            if previous not in seen:
                seen.add(previous)
                queue.append(previous)
    return seen


def _strongly_connected(order: list[str], edges: Mapping[str, list[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative (trees can be long)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    result: list[list[str]] = []
    counter = 0
    for root in order:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, child = work.pop()
            if child == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            targets = edges.get(node, [])
            if child < len(targets):
                work.append((node, child + 1))
                nxt = targets[child]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                result.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return result


def _longest_paths(
    tree: DecisionTree, edges: Mapping[str, list[str]], targets: Mapping[tuple[str, int], Target]
) -> dict[str, list[Step]]:
    """For each node, the simple path from the start with the longest report text."""
    assert tree.start is not None
    best: dict[str, list[Step]] = {}
    best_len: dict[str, int] = {}
    budget = _PATH_SEARCH_LIMIT
    stack: list[tuple[str, list[Step], frozenset[str]]] = [
        (tree.start, [], frozenset({tree.start}))
    ]
    while stack and budget > 0:
        budget -= 1
        current, steps, seen = stack.pop()
        size = sum(len(s.question) + len(s.answer) + 8 for s in steps)
        if size >= best_len.get(current, -1):
            best[current], best_len[current] = steps, size
        node = tree.nodes[current]
        for answer in node.answers:
            target = targets.get((tree.src_uri, id(answer)))
            if (
                target is None
                or target.kind != "node"
                or target.node in seen
                or target.node is None
            ):
                continue
            stack.append(
                (target.node, [*steps, Step(node.text, answer.text)], seen | {target.node})
            )
    return best
