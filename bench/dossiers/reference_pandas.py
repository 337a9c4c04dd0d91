"""The service indicators the way a data analyst would compute them with pandas: the CSV read as
text, dates parsed with their formats, invalid rows dropped, then one groupby per indicator.
Deliberately untuned: the benchmark's plain reference. The rules are `reference_duckdb`'s.
"""

from collections.abc import Callable, Mapping
from pathlib import Path

import pandas as pd

from chiso.vietnamese.text import search_key

from .reference_duckdb import (
    CHANNELS,
    COLUMNS,
    DMY_DATE,
    FLAGS,
    ISO_DATE,
    TIME,
    Kind,
    Result,
    flag,
)


def compute_csv(path: Path, unit_codes: Mapping[str, str], kind: Kind = "dossiers") -> Result:
    """The indicators of an export; `unit_codes` maps the `search_key` of a name to a unit."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    raw.columns = COLUMNS[kind]
    raw = raw.fillna("")
    text = {column: raw[column].str.strip() for column in raw.columns}
    frame = pd.DataFrame(
        {
            "code": text["code"],
            "unit": _each_distinct(raw["unit"], lambda name: unit_codes.get(search_key(name))),
            "received": _dates(text["received"]),
            "due": _dates(text["due"]),
        }
    )
    ok = (frame.code != "") & frame.unit.notna() & frame.received.notna() & frame.due.notna()
    optional = ["finished", "returned"] if kind == "dossiers" else ["answered"]
    for column in optional:
        frame[column] = _dates(text[column])
        ok &= (text[column] == "") | (frame[column] >= frame.received)
    if kind == "dossiers":
        frame["procedure"] = text["procedure"]
        frame["channel"] = _each_distinct(
            raw["channel"], lambda name: CHANNELS.get(search_key(name))
        )
        ok &= (frame.procedure != "") & frame.channel.notna()
        for column in FLAGS:
            frame[column] = _each_distinct(raw[column], flag)
            ok &= frame[column].notna()
    # Among valid rows, the last of a code in the file is the dossier's latest state.
    records = frame[ok].drop_duplicates("code", keep="last")
    monthly = _dossier_months(records) if kind == "dossiers" else _feedback_months(records)
    return Result(len(records), int((~ok).sum()), _by_period(monthly))


def _each_distinct(column: pd.Series, read: Callable[[str], object]) -> pd.Series:
    """`read` of each value, computed once per distinct value."""
    return column.map({value: read(value) for value in column.unique()})


def _dates(column: pd.Series) -> pd.Series:
    """The calendar date of each accepted date text (d/m/yyyy or yyyy-mm-dd, then an optional
    time); NaT for anything else."""
    dates = pd.Series(pd.NaT, index=column.index, dtype="datetime64[us]")
    day_first = column.str.fullmatch(f"{DMY_DATE}(?: {TIME})?")
    dates[day_first] = pd.to_datetime(
        column[day_first].str.split(" ").str[0], format="%d/%m/%Y", errors="coerce"
    )
    iso = column.str.fullmatch(f"{ISO_DATE}(?:[ T]{TIME})?")
    dates[iso] = pd.to_datetime(column[iso].str.slice(0, 10), format="%Y-%m-%d", errors="coerce")
    return dates.where(dates.dt.year >= 1)


def _dossier_months(records: pd.DataFrame) -> pd.DataFrame:
    finished = records[records.finished.notna()]
    late = finished[finished.finished > finished.due]
    paying = records[records.fee.astype(bool)]
    returned = records[records.returned.notna()]
    return pd.concat(
        [
            _monthly(finished, "finished", "on_time", finished.finished <= finished.due),
            _monthly(late, "finished", "apology_letter", late.apology),
            _monthly(records, "received", "online_full_process", records.channel == "online_full"),
            _monthly(records, "received", "digitised", records.digitised),
            _monthly(paying, "received", "paid_online", paying.paid_online),
            _monthly(returned, "returned", "returned_on_time", returned.returned <= returned.due),
        ]
    )


def _feedback_months(records: pd.DataFrame) -> pd.DataFrame:
    handled = records.answered.notna() & (records.answered <= records.due)
    return _monthly(records, "received", "feedback_handled", handled)


def _monthly(
    records: pd.DataFrame, month_of: str, indicator: str, counted: pd.Series
) -> pd.DataFrame:
    """Per unit and month of the `month_of` date: how many records, and how many counted."""
    frame = pd.DataFrame(
        {
            "unit": records.unit,
            "year": records[month_of].dt.year,
            "month": records[month_of].dt.month,
            "numerator": counted.astype(bool).astype(int),
        }
    )
    monthly = frame.groupby(["unit", "year", "month"], as_index=False).agg(
        numerator=("numerator", "sum"), denominator=("numerator", "size")
    )
    monthly["indicator"] = indicator
    return monthly


def _by_period(monthly: pd.DataFrame) -> list[dict]:
    """Monthly counts summed into each month, quarter, half and year."""
    year = monthly.year.astype(str).str.zfill(4)
    periods = [
        year + "-" + monthly.month.astype(str).str.zfill(2),
        year + "-Q" + ((monthly.month + 2) // 3).astype(str),
        year + "-H" + ((monthly.month + 5) // 6).astype(str),
        year,
    ]
    expanded = pd.concat([monthly.assign(period=period) for period in periods])
    totals = expanded.groupby(["unit", "period", "indicator"], as_index=False)[
        ["numerator", "denominator"]
    ].sum()
    totals = totals[totals.denominator > 0].sort_values(["unit", "period", "indicator"])
    return [
        {
            "unit": row.unit,
            "period": row.period,
            "indicator": row.indicator,
            "numerator": int(row.numerator),
            "denominator": int(row.denominator),
        }
        for row in totals.itertuples()
    ]
