"""The fictional demo area (`demo_area`) and the benchmarks (`bench`, `market_bench`, `match_bench`, `pb_bench`).

The top layer: it may import every app; no app imports it. Each app makes its own part of the demo in its
`demo.py`; `demo_area` calls them in order with one seeded generator.
"""
