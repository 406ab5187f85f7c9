"""Write the SYNTHETIC bad price files of tests/data/bad/ (seeded; run from anywhere).

Every ``synthetic_*.csv`` here is made up by this script: a seeded random walk
on real NYSE sessions, then broken on purpose. None of it is market data.

    python tests/data/bad/make_csv.py
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pandas_market_calendars as pmc

HERE = Path(__file__).resolve().parent
HEADER = "Date,Open,High,Low,Close,Adj Close,Volume"


def walk(start: str = "2017-10-02", end: str = "2019-03-29", seed: int = 7) -> pd.DataFrame:
    """Seeded SYNTHETIC bars on XNYS sessions (tz-naive dates)."""
    days = pd.DatetimeIndex(pmc.get_calendar("XNYS").valid_days(start, end)).tz_localize(None)
    rng = np.random.default_rng(seed)
    close = 40.0 * np.exp(np.cumsum(rng.normal(0.0003, 0.015, len(days))))
    return pd.DataFrame({"Open": close * 0.998, "High": close * 1.01, "Low": close * 0.99,
                         "Close": close, "Adj Close": close,
                         "Volume": rng.integers(1_000_000, 5_000_000, len(days))},
                        index=pd.Index(days.strftime("%Y-%m-%d"), name="Date"))


def write(name: str, frame: pd.DataFrame) -> None:
    frame.to_csv(HERE / name, float_format="%.6f", lineterminator="\n")


def main() -> None:
    base = walk()
    write("synthetic_ok.csv", base)
    (HERE / "synthetic_empty.csv").write_text(HEADER + "\n")
    (HERE / "synthetic_zero_bytes.csv").write_text("")
    (HERE / "synthetic_not_yahoo.csv").write_text("when,price\n2018-12-03,10\n")
    (HERE / "synthetic_bad_date.csv").write_text(
        HEADER + "\n2018-12-03,1,1,1,1,1,100\n2018-13-45,1,1,1,1,1,100\n")
    nan = base.copy().astype(object)
    nan.iloc[300, :5] = "null"
    write("synthetic_nan_rows.csv", nan)
    zero = base.copy()
    zero.iloc[200, 3:5] = 0.0
    write("synthetic_zero_price.csv", zero)
    neg = base.copy()
    neg.iloc[250, 0:5] = -3.5
    write("synthetic_negative_price.csv", neg)
    dup = pd.concat([base.iloc[:100], base.iloc[99:100], base.iloc[100:]])
    write("synthetic_duplicate_dates.csv", dup)
    unsorted = base.iloc[list(range(50)) + [51, 50] + list(range(52, len(base)))]
    write("synthetic_unsorted_dates.csv", unsorted)
    stale = base.copy()
    stale.loc[:, ["Open", "High", "Low", "Close", "Adj Close"]] = 25.0
    stale["Volume"] = 0
    write("synthetic_stale.csv", stale)
    split = base.copy()
    cut = list(split.index).index("2018-12-03")  # prices halve on day 0, unadjusted
    split.iloc[cut:, :5] = split.iloc[cut:, :5] / 2.0
    write("synthetic_split.csv", split)
    write("synthetic_old_benchmark.csv", walk("2014-01-02", "2015-06-30", seed=11))


if __name__ == "__main__":
    main()
