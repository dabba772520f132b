"""Every way in and out of a record that is not a Word document: the JSON dump (`dump`), members spreadsheets
(`spreadsheet`), ModernGov's web-service replies (`moderngov`), Popolo JSON (`popolo`) and iCalendar (`calendar`).

Interop reads and writes through the domain's `Record`; nothing here imports Qt.
"""
