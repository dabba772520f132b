"""The Qt binding under us keeps Python's reference counts straight (PySide6 6.12.0 did not)."""

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    changed = Signal()


def test_emitting_a_signal_leaves_true_alive() -> None:
    emitter = _Emitter()
    emitter.changed.connect(lambda: None)
    before = sys.getrefcount(True)
    for _ in range(100):
        emitter.changed.emit()
    assert sys.getrefcount(True) >= before
