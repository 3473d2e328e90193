"""Care Commons policy, in pure Python.

Nothing here imports Django, reads the clock or settings, or does I/O. Dates, rates and
limits arrive as parameters; results are frozen dataclasses that carry their reasons.
"""
