"""The meetings list filtered by board, by year and to the upcoming or past ones, chosen from the keyboard; and a
list's filter finding what the list shows (dates, kinds) as well as what the record keeps."""

from datetime import datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from stp_desk.domain.entities import Board, Footprint, Meeting
from stp_desk.ui.main_window import MainWindow


def _boards_and_meetings(window: MainWindow) -> dict[str, str]:
    record = window.record
    footprint = record.save(Footprint(name="Cheshire and Merseyside"))
    wirral = record.save(Board(footprint_id=footprint, name="Wirral HWB"))
    halton = record.save(Board(footprint_id=footprint, name="Halton HWB"))
    soon = (datetime.now() + timedelta(days=30)).strftime("%Y-%m-%dT14:00")
    return {
        "wirral-2024": record.save(Meeting(board_id=wirral, starts_at="2024-03-06T14:00", status="held")),
        "wirral-2025": record.save(Meeting(board_id=wirral, starts_at="2025-03-05T14:00", status="held")),
        "halton-2025": record.save(Meeting(board_id=halton, starts_at="2025-06-11T10:00", status="held")),
        "wirral-soon": record.save(Meeting(board_id=wirral, starts_at=soon)),
    }


def _shown(window: MainWindow) -> set[str]:
    model = window.meetings.list.model
    return {model.row(r)["id"] for r in range(model.rowCount())}


def test_meetings_filtered_by_board_year_and_upcoming_or_past(window: MainWindow) -> None:
    ids = _boards_and_meetings(window)
    QTest.qWaitForWindowActive(window)
    QTest.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    page = window.meetings
    assert _shown(window) == set(ids.values())
    assert [page.board_filter.itemText(i) for i in range(page.board_filter.count())] == [
        "All boards", "Halton HWB", "Wirral HWB"]
    assert [page.year_filter.itemText(i) for i in range(page.year_filter.count())][:1] == ["All years"]
    assert {"2024", "2025"} <= {page.year_filter.itemText(i) for i in range(page.year_filter.count())}

    QTest.keyClicks(page.board_filter, "Wirral")
    assert _shown(window) == {ids["wirral-2024"], ids["wirral-2025"], ids["wirral-soon"]}
    QTest.keyClicks(page.year_filter, "2025")
    assert _shown(window) == {ids["wirral-2025"]}
    assert window.meetings.list.count.text() == "1 shown"
    QTest.keyClick(page.year_filter, Qt.Key.Key_Home)  # back to "All years"
    QTest.keyClick(page.when_filter, Qt.Key.Key_Down)  # from "Upcoming and past" to "Upcoming"
    assert page.when_filter.currentText() == "Upcoming"
    assert _shown(window) == {ids["wirral-soon"]}
    QTest.keyClick(page.when_filter, Qt.Key.Key_Down)
    assert page.when_filter.currentText() == "Past"
    assert _shown(window) == {ids["wirral-2024"], ids["wirral-2025"]}
    QTest.keyClick(page.board_filter, Qt.Key.Key_Home)
    assert _shown(window) == {ids["wirral-2024"], ids["wirral-2025"], ids["halton-2025"]}
    # a meeting shown is always current (the one chosen before, while it is shown), so Return opens it
    assert window.meetings.list.current_id() in _shown(window)


def test_a_board_added_later_can_be_chosen(window: MainWindow) -> None:
    ids = _boards_and_meetings(window)
    QTest.qWaitForWindowActive(window)
    QTest.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    footprint = window.record.find(Footprint)[0].id or ""
    sefton = window.record.save(Board(footprint_id=footprint, name="Sefton HWB"))
    window.record.save(Meeting(board_id=sefton, starts_at="2023-01-11T10:00", status="held"))
    QTest.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(window.meetings.board_filter, "Sefton")
    assert len(_shown(window)) == 1 and ids  # only Sefton's
    assert "2023" in {window.meetings.year_filter.itemText(i) for i in range(window.meetings.year_filter.count())}


def test_the_range_of_start_times_for_a_year_and_upcoming_or_past() -> None:
    from stp_desk.ui.record_pages import meeting_range

    now = datetime(2025, 6, 11, 9, 30)
    assert meeting_range("", "", now) == (None, None)
    assert meeting_range("2025", "", now) == ("2025-01-01", "2026-01-01")
    assert meeting_range("", "upcoming", now) == ("2025-06-11T09:30", None)
    assert meeting_range("", "past", now) == (None, "2025-06-11T09:30")
    assert meeting_range("2025", "upcoming", now) == ("2025-06-11T09:30", "2026-01-01")
    assert meeting_range("2024", "past", now) == ("2024-01-01", "2025-01-01")
    low, high = meeting_range("2024", "upcoming", now)  # nothing: the range is empty, not the whole record
    assert low is not None and high is not None and low >= high


def test_ranges_are_checked_against_the_view(window: MainWindow) -> None:
    import pytest

    with pytest.raises(ValueError):
        window.record.store.page("meeting_list", ranges={"starts_at; DROP TABLE meetings": ("a", None)})


def test_the_list_says_when_each_agenda_went_out_or_is_due(window: MainWindow) -> None:
    """A clerk scanning the meetings sees, without opening each, which agendas left five clear days (s.100B(3)
    LGA 1972), which went out late, and which upcoming one must go out by when."""
    record = window.record
    board = record.save(Board(footprint_id=record.save(Footprint(name="Somerset")), name="Somerset HWB"))
    on_time = record.save(Meeting(board_id=board, starts_at="2024-04-04T10:00", status="held",
                                  agenda_published_on="2024-03-25"))
    late = record.save(Meeting(board_id=board, starts_at="2024-07-04T10:00", status="held",
                               agenda_published_on="2024-07-01"))
    soon = datetime.now() + timedelta(days=60)
    upcoming = record.save(Meeting(board_id=board, starts_at=soon.strftime("%Y-%m-%dT14:00")))
    QTest.qWaitForWindowActive(window)
    QTest.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    model = window.meetings.list.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert "Agenda" in headers
    column = headers.index("Agenda")
    shown = {model.row(r)["id"]: model.index(r, column).data() for r in range(model.rowCount())}
    assert shown[on_time] == "25 March 2024"
    assert shown[late] == "1 July 2024 (late)"
    assert shown[upcoming].startswith("Due by ")


def test_a_date_typed_into_the_filter_as_the_list_shows_it_finds_its_meetings(window: MainWindow) -> None:
    """The list shows 5 March 2025, 14:00; the record keeps 2025-03-05T14:00. Typed as shown, as a clerk writes a
    date (05/03/2025, 5 Mar 2025) or in part (March 2025, 5 March), the filter found nothing; it finds the meetings
    of that day or month. Words that are not a date still find what they name."""
    ids = _boards_and_meetings(window)
    QTest.qWaitForWindowActive(window)
    QTest.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    box = window.meetings.list.filter
    shown_text = window.meetings.list.model.data(window.meetings.list.model.index(
        next(r for r in range(window.meetings.list.model.rowCount())
             if window.meetings.list.model.row(r)["id"] == ids["wirral-2025"]), 0))
    assert shown_text == "5 March 2025, 14:00"
    for typed, found in (("5 March 2025, 14:00", {"wirral-2025"}), ("5 March 2025", {"wirral-2025"}),
                         ("05/03/2025", {"wirral-2025"}), ("5 mar 2025", {"wirral-2025"}),
                         ("March 2025", {"wirral-2025"}), ("6 March", {"wirral-2024"}),
                         ("June 2025", {"halton-2025"}), ("Halton", {"halton-2025"}),
                         ("31 February 2025", set())):
        box.clear()
        QTest.keyClicks(box, typed)
        assert _shown(window) == {ids[name] for name in found}, typed


def _typed_into(page: object, text: str, key: str) -> list[str]:
    """What a list page shows, by each row's `key`, once `text` is typed into its filter over what was there."""
    page.filter.selectAll()  # type: ignore[attr-defined]
    QTest.keyClicks(page.filter, text)  # type: ignore[attr-defined]
    model = page.model  # type: ignore[attr-defined]
    return sorted(model.row(r)[key] for r in range(model.rowCount()))


def test_a_kind_typed_as_the_list_shows_it_finds_its_rows(window: MainWindow) -> None:
    """The people list shows a person's kind as "Elected member" and "Member of the public"; the record keeps
    elected_member and public. Typed as shown they found no one; they find the people of that kind, beside those
    whose other columns hold the words."""
    from stp_desk.domain.entities import Person

    record = window.record
    record.save(Person(name="Cllr Jean Stapleton", kind="elected_member"))
    record.save(Person(name="Ruth Okafor", kind="public"))
    record.save(Person(name="Dr Sam Patel", kind="nhs", organisation="NHS Cheshire and Merseyside"))
    QTest.qWaitForWindowActive(window)
    QTest.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    people = window.boards.people

    def typed(text: str) -> list[str]:
        return _typed_into(people, text, "name")

    assert typed("elected member") == ["Cllr Jean Stapleton"]
    assert typed("member") == ["Cllr Jean Stapleton", "Ruth Okafor"]  # "Member of the public" too
    assert typed("NHS / CCG") == ["Dr Sam Patel"]
    assert typed("Cheshire") == ["Dr Sam Patel"]


def test_yes_and_no_find_the_rows_that_show_them_and_not_what_the_record_keeps(window: MainWindow) -> None:
    """The Evidence page's engagements show Minuted as Yes or No, kept as 1 or 0, in a column the filter does not
    search for what it keeps: "yes" and "no" find the rows that show them."""
    from stp_desk.domain.entities import Engagement, Footprint

    record = window.record
    footprint = record.save(Footprint(name="Cheshire and Merseyside"))
    record.save(Engagement(footprint_id=footprint, forum="Leaders' breakfast", held_on="2025-02-03",
                           topics="The plan's headlines", minuted=False))
    record.save(Engagement(footprint_id=footprint, forum="Cabinet briefing", held_on="2025-02-10",
                           topics="The plan's finances", minuted=True))
    QTest.qWaitForWindowActive(window)
    QTest.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    engagements = window.evidence.widget(0)

    def typed(text: str) -> list[str]:
        return _typed_into(engagements, text, "forum")

    assert typed("yes") == ["Cabinet briefing"]
    assert typed("no") == ["Leaders' breakfast"]
