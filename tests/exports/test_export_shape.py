"""The structure that keeps exports fast on a large record (issue 6), asserted without timing anything.

python-docx finds a style by name by scanning every style of the document (and again for the default style), so a
document must look each style name up once, not once per paragraph or table cell. The speed itself is measured by
`python -m bench` (docs/performance.md).
"""

from collections.abc import Callable, Iterator

import pytest
from docx.styles.styles import Styles

from stp_desk.exports.style import open_document, para, table


@pytest.fixture
def lookups(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The style names python-docx is asked to find while the test runs."""
    seen: list[str] = []
    original: Callable[..., object] = Styles._get_style_id_from_name

    def counting(self: Styles, name: str, kind: object) -> object:
        seen.append(name)
        return original(self, name, kind)

    monkeypatch.setattr(Styles, "_get_style_id_from_name", counting)
    yield seen


def _document(rows: int) -> None:
    document = open_document()
    for n in range(rows):
        para(document, f"Item {n}", "Heading 2")
        para(document, f"Minute {n}\nsecond line")
        para(document, "Resolved", "Resolution")
    table(document, ["Item", "Action", "Owner"], [[str(n), f"Action {n}\non two lines", "Clerk"] for n in range(rows)],
          [2.0, 8.0, 4.0], bold_first=True, shade={(0, 1): "EEEEEE"})
    table(document, ["Member", "Present"], [[f"Member {n}", "P"] for n in range(rows)])


def test_style_lookups_do_not_grow_with_the_document(lookups: list[str]) -> None:
    _document(3)
    few = len(lookups)
    lookups.clear()
    _document(60)
    assert len(lookups) == few, sorted(set(lookups))
    assert sorted(lookups) == sorted(set(lookups)), "a style name was looked up twice in one document"
