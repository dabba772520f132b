"""The demo record's sizes and councils, kept apart from the demo maker so the command line names them without
loading it.

Each size is the number of copies of the ten years of national history (5,172 meetings) added to the small record:
`large` proves the program stays fast on far more than any board keeps, `huge` (four times `large`) that it stays
as fast as the record grows (docs/performance.md).
"""

SIZES: dict[str, int] = {"small": 0, "large": 1, "huge": 4}

# The councils that lead the demo footprint's boards (`stp_desk.demo._BOARDS`): each can be made as its own part.
COUNCILS: tuple[str, ...] = ("Blackpool Council", "Lancashire County Council")
