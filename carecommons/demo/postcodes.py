"""A small fictional postcode file for Ashby Vale, the demo's made-up area, in the ONS Postcode Directory's layout.

The postcode area "AV" does not exist: no real letter goes to these postcodes. Districts AV1 to AV9 lie on a three by
three grid around the demo area's centre (52.60, -1.20, as `market.synthetic.AREAS` and the settings' `AREA_CENTRE`
have it), about 3.5 miles apart; each district has sectors 1 to 9, and each sector four units (AA and three more
drawn from a generator with a fixed seed). The same seed always gives the same file, byte for byte: the copy the
demo loads (`demo/data/ashby-vale-postcodes-fictional.csv`, by `make demo`) is checked against this by a test.
"""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

CENTRE = (52.60, -1.20)
FILE = Path(__file__).parent / "data" / "ashby-vale-postcodes-fictional.csv"
UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters a postcode's last two characters may use


def fictional_postcodes_csv(seed: int = 20261206) -> str:
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["pcd", "pcd2", "pcds", "lat", "long"])
    lat0, lon0 = CENTRE
    for district in range(1, 10):
        row, col = divmod(district - 1, 3)
        d_lat, d_lon = lat0 + (1 - row) * 0.05, lon0 + (col - 1) * 0.08
        for sector in range(1, 10):
            s_lat, s_lon = d_lat + rng.uniform(-0.02, 0.02), d_lon + rng.uniform(-0.03, 0.03)
            units = ["AA", *sorted({a + b for a, b in (rng.sample(UNIT_LETTERS, 2) for _ in range(3))} - {"AA"})]
            for unit in units:
                outward, inward = f"AV{district}", f"{sector}{unit}"
                writer.writerow([f"{outward:<4}{inward}", f"{outward:<5}{inward}", f"{outward} {inward}",
                                 f"{s_lat + rng.uniform(-0.003, 0.003):.6f}", f"{s_lon + rng.uniform(-0.004, 0.004):.6f}"])
    return out.getvalue()


if __name__ == "__main__":  # python -m carecommons.demo.postcodes > carecommons/demo/data/ashby-vale-postcodes-fictional.csv
    print(fictional_postcodes_csv(), end="")
