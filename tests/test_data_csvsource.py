"""``CsvSource`` refuses bad cells itself, naming file, row, column and value.

Library users call :class:`eventstudy.data.CsvSource` directly, so the row-level
checks must not live only in the pipeline. The files here are tiny SYNTHETIC
CSVs written by hand in each test (made-up prices, labelled synthetic); the
expected row numbers are counted by hand (the header is line 1).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from eventstudy.data import CsvSource
from eventstudy.exceptions import PriceValidationError

# SYNTHETIC wide file: made-up prices for two made-up tickers
WIDE = """date,AAA,BBB
2018-01-02,10,20
2018-01-03,10.5,
2018-01-04,11,21
2018-01-05,11.5,22
"""


def _file(tmp_path: Path, text: str, name: str = "prices.csv") -> Path:
    p = tmp_path / name
    p.write_text(text)
    return p


def _err(path: Path, ticker: str = "AAA", ticker_arg: str | None = None) -> PriceValidationError:
    with pytest.raises(PriceValidationError) as info:
        CsvSource(path, ticker=ticker_arg).fetch(ticker, "2018-01-01", "2018-12-31")
    return info.value


def test_wide_bad_date_names_file_row_column_value(tmp_path: Path) -> None:
    p = _file(tmp_path, WIDE.replace("2018-01-04", "2018-13-45"))
    e = _err(p)
    assert f"{p}: row 4: column 'date': '2018-13-45' is not a date" in str(e)
    assert e.hint == "write dates as YYYY-MM-DD, one row per date"
    # dates like 04/01/2018 are refused too, not guessed
    e = _err(_file(tmp_path, WIDE.replace("2018-01-05", "05/01/2018"), "dmy.csv"))
    assert "row 5: column 'date': '05/01/2018' is not a date" in str(e)


def test_wide_text_cell_is_an_error_not_a_missing_price(tmp_path: Path) -> None:
    p = _file(tmp_path, WIDE.replace("11,21", "11,21 USD"))
    src = CsvSource(p)
    # the clean column is served; the empty BBB cell on 2018-01-03 stays missing
    aaa = src.fetch("AAA", "2018-01-01", "2018-12-31")
    assert aaa["Close"].tolist() == [10.0, 10.5, 11.0, 11.5]
    with pytest.raises(PriceValidationError) as info:
        src.fetch("BBB", "2018-01-01", "2018-12-31")
    assert f"{p}: row 4: column 'BBB': '21 USD' is not a number" in str(info.value)
    assert "leave the cell empty when there is no price that day" in info.value.hint
    with pytest.raises(PriceValidationError, match="'BBB': '21 USD'"):
        src.check()  # every column


def test_wide_empty_cells_stay_missing(tmp_path: Path) -> None:
    src = CsvSource(_file(tmp_path, WIDE))
    bbb = src.fetch("BBB", "2018-01-01", "2018-12-31")
    assert list(bbb.index.strftime("%Y-%m-%d")) == ["2018-01-02", "2018-01-04", "2018-01-05"]
    np.testing.assert_array_equal(bbb["Adj Close"].to_numpy(), [20.0, 21.0, 22.0])


def test_wide_non_positive_and_duplicate_dates(tmp_path: Path) -> None:
    e = _err(_file(tmp_path, WIDE.replace("10.5,", "-10.5,"), "neg.csv"))
    assert "row 3: column 'AAA': price -10.5 is not positive" in str(e)
    e = _err(_file(tmp_path, WIDE.replace("2018-01-05", "2018-01-02"), "dup.csv"))
    assert "rows 2, 5: the date 2018-01-02 appears more than once" in str(e)
    assert e.hint == "keep one row per date"


def test_wide_unreadable_and_not_a_layout(tmp_path: Path) -> None:
    e = _err(_file(tmp_path, "", "empty.csv"))
    assert "empty.csv: cannot read as CSV" in str(e)
    e = _err(_file(tmp_path, "when,AAA\n2018-01-02,1\n", "nodate.csv"))
    assert "neither the wide layout" in str(e) and "Yahoo layout" in str(e)


# SYNTHETIC Yahoo-layout file for a made-up ticker
YAHOO = """Date,Open,High,Low,Close,Adj Close,Volume
2018-01-02,10,10.5,9.5,10,9.9,1000
2018-01-03,10,10.5,9.5,10.2,10.1,1100
2018-01-04,10,10.5,9.5,10.4,10.3,1200
"""


def test_yahoo_layout_text_cell_and_bad_date(tmp_path: Path) -> None:
    p = _file(tmp_path, YAHOO.replace("10.2,10.1", "10.2,#REF!"), "ZZZ.csv")
    e = _err(p, "ZZZ")
    assert f"{p}: row 3: column 'Adj Close': '#REF!' is not a number" in str(e)
    p = _file(tmp_path, YAHOO.replace("2018-01-04", "2018-01-32"), "YYY.csv")
    e = _err(p, "YYY")
    assert "row 4: Date value '2018-01-32' is not a valid date (not YYYY-MM-DD)" in str(e)
    p = _file(tmp_path, YAHOO.replace("1100", "many"), "XXX.csv")
    assert "row 3: column 'Volume': 'many' is not a number" in str(_err(p, "XXX"))
    ok = CsvSource(_file(tmp_path, YAHOO, "OK.csv")).fetch("OK", "2018-01-01", "2018-12-31")
    assert ok["Adj Close"].tolist() == [9.9, 10.1, 10.3]
