"""Related pages: another page scores by its best section for each of a page's key terms."""

from __future__ import annotations

from supportal.search.corpus import SLOTS, PageRecord, build_corpus
from supportal.search.exporter import postings
from supportal.search.extract import Section
from supportal.search.related import Scorer, related_pages

BOOSTS = {"title": 12.0, "heading": 3.0, "alt": 8.0, "body": 1.0}
FILLER = ["backup schedule", "login page colours", "printer driver", "keyboard layout",
          "invoice export", "mail relay", "disk quota", "audit trail", "font cache"]


TITLES = iter(["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel",
               "India", "Juliett", "Kilo", "Lima", "Mike", "November", "Oscar", "Papa"] * 8)


def _page(url: str, *texts: str, phrasings: list[str] | None = None) -> PageRecord:
    """A page whose title and headings share no word with other pages' text."""
    sections = [Section(f"s{n}" if n else "", "", text) for n, text in enumerate(texts)]
    return PageRecord(url, next(TITLES), "page", sections, phrasings or [])


def _related(records: list[PageRecord], count: int = 3) -> dict[str, list[str]]:
    corpus = build_corpus(records, ["page"])
    scorer = Scorer(corpus, postings(corpus), 1.2, 0.75)
    found = related_pages(corpus, scorer, count, BOOSTS, SLOTS)
    urls = [p.url for p in corpus.pages]
    return {urls[page]: [urls[o] for o in others] for page, others in found.items()}


def test_key_terms_found_in_different_sections_of_another_page_add_up() -> None:
    records = [
        _page("cluster", "zookeeper quorum election", "kafka partition rebalancing"),
        _page("split", "zookeeper quorum election", "other words", "kafka partition rebalancing"),
        _page("zookeeper", "zookeeper quorum election, zookeeper quorum election"),
        _page("kafka", "a kafka partition"),
        *(_page(f"filler{n}", text) for n, text in enumerate(FILLER)),
    ]
    related = _related(records)
    # "split" has every key term of "cluster", though never two in one section; one section of
    # "zookeeper" scores higher than any one section of "split"
    assert related["cluster"] == ["split", "zookeeper", "kafka"]
    assert related["split"][0] == "cluster"
    assert all(page not in others for page, others in related.items())


def test_faq_phrasings_do_not_make_pages_related() -> None:
    records = [
        _page("faq", "restart the agent", phrasings=["zookeeper quorum election"]),
        _page("cluster", "zookeeper quorum election"),
        _page("agent", "restart the agent daemon"),
        *(_page(f"filler{n}", text) for n, text in enumerate(FILLER)),
    ]
    related = _related(records, count=1)
    assert related["faq"] == ["agent"]
    assert related["cluster"] != ["faq"]


def test_no_related_pages_when_turned_off() -> None:
    assert _related([_page("a", "zookeeper"), _page("b", "zookeeper")], count=0) == {}


def test_a_key_term_counts_for_its_strongest_pages_only(monkeypatch) -> None:  # noqa: ANN001
    records = [
        _page("cluster", "zookeeper quorum election"),
        _page("strong", "zookeeper quorum election zookeeper quorum election"),
        _page("weak", "a long text that mentions zookeeper once " + "filler words " * 30),
        *(_page(f"filler{n}", text) for n, text in enumerate(FILLER)),
    ]
    assert "weak" in _related(records, count=3)["cluster"]
    monkeypatch.setattr("supportal.search.related.TERM_PAGES", 2)
    # "zookeeper" is on three pages; with two counted, "weak" (its weakest) gets nothing
    assert _related(records, count=3)["cluster"] == ["strong"]
