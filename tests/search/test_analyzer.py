"""The analyzer: tokens, parts, folding, stems, no stop words."""

from __future__ import annotations

from supportal.search.analyzer import fold, query_words, surfaces, term_of, tokens


def test_compound_tokens_are_indexed_whole_and_by_part() -> None:
    assert list(surfaces("os.path ConcurrentHashMap snake_case 3.11.2 HTMLParser")) == [
        "os.path",
        "os",
        "path",
        "concurrenthashmap",
        "concurrent",
        "hash",
        "map",
        "snake_case",
        "snake",
        "case",
        "3.11.2",
        "3",
        "11",
        "2",
        "htmlparser",
        "html",
        "parser",
    ]


def test_sentence_punctuation_is_not_part_of_a_word() -> None:
    assert list(surfaces("Run kvctl. Then restart, (agent) 'quoted' end.")) == [
        "run",
        "kvctl",
        "then",
        "restart",
        "agent",
        "quoted",
        "end",
    ]


def test_folding_drops_accents_and_case() -> None:
    assert fold("Réplica") == "replica"
    assert fold("ÉTÉ") == "ete"
    assert list(surfaces("Naïve café")) == ["naive", "cafe"]


def test_code_words_are_kept_no_stop_words() -> None:
    words = list(surfaces("if for in is not None and or the a"))
    assert words == ["if", "for", "in", "is", "not", "none", "and", "or", "the", "a"]
    assert [term_of(w) for w in words] == words


def test_porter2_not_whoosh_porter() -> None:
    # whoosh.lang.porter gives runn, deprecat, omitt (research/search.md §4.4)
    assert term_of("running") == "run"
    assert term_of("deprecated") == "deprec"
    assert term_of("omitted") == "omit"
    assert term_of("backups") == "backup"


def test_non_words_are_their_own_term() -> None:
    assert term_of("os.path") == "os.path"
    assert term_of("3.11.2") == "3.11.2"
    assert term_of("snake_case") == "snake_case"
    assert term_of("md5") == "md5"


def test_underscores_around_a_word_and_long_tokens() -> None:
    assert list(surfaces("__init__ _private")) == ["init", "private"]
    assert list(surfaces("x" * 65 + " ok")) == ["ok"]
    long = "org.example." + "Very" * 14 + "LongName"
    assert list(surfaces(long)) == ["org", "example", *["very"] * 14, "long", "name"]


def test_query_words_keep_parts_as_alternatives() -> None:
    assert query_words("os.path join") == [["os.path", "os", "path"], ["join"]]
    assert [t.whole for t in tokens("¿Qué? kvctl")] == ["que", "kvctl"]
