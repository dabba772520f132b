"""Make resources/house-style.docx, the default template, from the house style in stp_desk/exports/style.py.

Run after changing the house style:  .venv/bin/python resources/make_house_style.py
The program builds the same style in code when the file is missing, so the two never disagree for long.
"""

from pathlib import Path

from stp_desk.exports.style import house_style

if __name__ == "__main__":
    target = Path(__file__).resolve().parent / "house-style.docx"
    house_style().save(str(target))
    print(f"Wrote {target}")
