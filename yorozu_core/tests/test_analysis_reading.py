"""Loading CSV/TSV/xlsx into Parquet: encodings, errors that name the row and column, nothing half-written."""

from __future__ import annotations

import io
from pathlib import Path

import duckdb
import pytest

from yorozu_core.analysis.errors import DatasetError
from yorozu_core.analysis.reading import load_file, sheet_names

HEADER = "年代,満足度,ご意見\n"
BODY = '20代,満足,駐車場が狭い\n30代,不満,"読み聞かせ、楽しかった"\n'


def _rows(path: Path) -> list[tuple[object, ...]]:
    return duckdb.execute("SELECT * FROM read_parquet(?) ORDER BY _row", [str(path)]).fetchall()


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp932", b"")],
    ids=["utf8", "bom", "cp932"],
)
def test_it_reads_each_csv_encoding_to_the_same_rows(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    source = tmp_path / "survey.csv"
    source.write_bytes(prefix + (HEADER + BODY).encode(encoding))
    result = load_file(source, tmp_path / "out.parquet", kind="csv", name="survey.csv")
    assert result.headers == ("年代", "満足度", "ご意見")
    assert result.row_count == 2
    assert result.encoding == {"cp932": "cp932", "utf-8": "utf-8-sig" if prefix else "utf-8"}[encoding]
    assert _rows(tmp_path / "out.parquet") == [
        (2, "20代", "満足", "駐車場が狭い"),
        (3, "30代", "不満", "読み聞かせ、楽しかった"),
    ]


def test_it_reads_tsv_and_keeps_file_line_numbers_across_blank_lines(tmp_path: Path) -> None:
    source = tmp_path / "gate.tsv"
    source.write_text("時刻\t町丁目\n10:00\t本町\n\n11:00\t桜台\n", encoding="utf-8")
    load_file(source, tmp_path / "out.parquet", kind="tsv", name="gate.tsv")
    assert _rows(tmp_path / "out.parquet") == [(2, "10:00", "本町"), (4, "11:00", "桜台")]


def test_empty_cells_become_missing_values(tmp_path: Path) -> None:
    source = tmp_path / "a.csv"
    source.write_text("a,b\n1,\n,2\n", encoding="utf-8")
    load_file(source, tmp_path / "out.parquet", kind="csv", name="a.csv")
    assert _rows(tmp_path / "out.parquet") == [(2, "1", None), (3, None, "2")]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            HEADER + "20代,満足\n",
            "「a.csv」の2行目は列が2個しかありません（見出しは3列）。「ご意見」列から後が足りません。",
        ),
        (HEADER + BODY + "40代,満足,よい,余分\n", "「a.csv」の4行目は列が4個あります（見出しは3列）。"),
        ("年代,満足度,年代\n20代,満足,20代\n", "見出し「年代」が1列目と3列目で重複しています"),
        ("年代,,ご意見\n20代,満足,x\n", "1行目の2列目に見出しがありません"),
        ("年代,満足度\n", "見出し行の下のデータがありません"),
        ("", "データがありません（空のファイルです）"),
    ],
    ids=["short-row", "long-row", "duplicate-header", "empty-header", "no-data", "empty"],
)
def test_bad_files_name_the_row_and_column_and_write_nothing(
    tmp_path: Path, content: str, message: str
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    source = work / "a.csv"
    source.write_text(content, encoding="utf-8")
    target = work / "out.parquet"
    with pytest.raises(DatasetError, match=message.replace("（", r"\（").replace("）", r"\）")):
        load_file(source, target, kind="csv", name="a.csv")
    assert list(work.iterdir()) == [source]


def test_a_broken_encoding_names_its_line(tmp_path: Path) -> None:
    source = tmp_path / "a.csv"
    source.write_bytes(b"a,b\n1,2\n" + b"3,\x81\xff\xfe\n")
    with pytest.raises(DatasetError, match="「a.csv」の3行目の文字コードが読めません"):
        load_file(source, tmp_path / "out.parquet", kind="csv", name="a.csv")


def _xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_it_reads_the_chosen_sheet_of_an_xlsx_with_calamine(tmp_path: Path) -> None:
    import datetime as dt

    source = _xlsx(tmp_path / "a.xlsx", {
        "表紙": [["アンケート集計"]],
        "回答": [["年齢", "満足度", "回答日"], [34, "満足", dt.datetime(2026, 10, 17, 10, 30)], [41.0, "不満", None]],
    })  # fmt: skip
    assert sheet_names(source) == ["表紙", "回答"]
    result = load_file(source, tmp_path / "out.parquet", kind="xlsx", name="a.xlsx", sheet="回答")
    assert result.sheet == "回答" and result.headers == ("年齢", "満足度", "回答日")
    assert _rows(tmp_path / "out.parquet") == [
        (2, "34", "満足", "2026-10-17 10:30:00"),
        (3, "41", "不満", None),
    ]


def test_an_xlsx_without_data_or_sheet_is_refused(tmp_path: Path) -> None:
    source = _xlsx(tmp_path / "a.xlsx", {"回答": [["年齢", "満足度"]]})
    with pytest.raises(DatasetError, match="見出し行の下のデータがありません"):
        load_file(source, tmp_path / "out.parquet", kind="xlsx", name="a.xlsx")
    with pytest.raises(DatasetError, match="シート「集計」がありません（あるシート: 回答）"):
        load_file(source, tmp_path / "out.parquet", kind="xlsx", name="a.xlsx", sheet="集計")
    broken = tmp_path / "b.xlsx"
    broken.write_bytes(io.BytesIO(b"PK\x03\x04 not really").getvalue())
    with pytest.raises(DatasetError, match="表計算ファイルとして読めません"):
        load_file(broken, tmp_path / "out.parquet", kind="xlsx", name="b.xlsx")
