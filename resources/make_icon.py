"""Make resources/stp-desk.ico from resources/stp-desk.svg with Qt alone (QtSvg renders, PNG entries in the .ico).

Run from the repository: `.venv/bin/python resources/make_icon.py`. Windows shows the 16-256 px images it holds.
"""

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

HERE = Path(__file__).resolve().parent
SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)


def render_png(renderer: QSvgRenderer, size: int) -> bytes:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico(images: list[tuple[int, bytes]]) -> bytes:
    """An ICO file: the header, one directory entry per image, then the PNG data (Windows Vista and later)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, png in images:
        side = 0 if size >= 256 else size  # 0 means 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset + len(blobs))
        blobs += png
    return header + entries + blobs


def main(svg: Path = HERE / "stp-desk.svg", target: Path = HERE / "stp-desk.ico") -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        print(f"{svg} is not a valid SVG image.", file=sys.stderr)
        return 2
    data = ico([(size, render_png(renderer, size)) for size in SIZES])
    target.write_bytes(data)
    print(f"Wrote {target} ({len(SIZES)} sizes, {len(data)} bytes).")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
