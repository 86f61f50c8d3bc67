"""Commentary: stored as batches with history, read as of any batch, checked on the way in,
drawn by the commentary block, and driven from the command line."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from uppsikt.audit import read_log
from uppsikt.cli import app
from uppsikt.commentary import (
    MAX_CHARS,
    comment_history,
    current_comment,
    current_comments,
    list_comments,
    normalise_text,
    read_comment_folder,
    read_text_file,
    save_comments,
)
from uppsikt.config import ReportDefinition, parse_model
from uppsikt.demo._commentary_data import DEMO_COMMENTARY, write_commentary_demo
from uppsikt.errors import InputErrors
from uppsikt.report import build_report

from .conftest import Env, write

runner = CliRunner()
JULY = date(2024, 7, 1)
DEMO_DEFINITION = Path(__file__).resolve().parents[1] / "uppsikt/demo/commentary_report.yaml"


def save(env: Env, texts: dict[str, str], author: str = "anna", **kw: object):
    con = env.connect()
    try:
        return save_comments(con, JULY, texts, file_name="test.md", author=author, **kw)
    finally:
        con.close()


# -- storing and reading --------------------------------------------------------------------


def test_save_is_a_batch_with_author_time_hash_and_parts(env: Env) -> None:
    result = save(env, {"rs_analys": "Text A", "sommaren": "- Bra sommar"})
    assert (result.status, result.batch_id, result.saved) == ("saved", 1, ["rs_analys", "sommaren"])
    assert env.query("SELECT kind, source, file_name, imported_by, row_count FROM batches") == [
        ("commentary", "commentary", "test.md", "anna", 2)
    ]
    assert env.query("SELECT kind, period, part FROM batch_periods ORDER BY part") == [
        ("commentary", JULY, "rs_analys"),
        ("commentary", JULY, "sommaren"),
    ]
    con = env.connect()
    comment = current_comment(con, JULY, "rs_analys")
    assert comment is not None
    assert (comment.markdown, comment.author, comment.batch_id) == ("Text A", "anna", 1)
    assert comment.text_hash == hashlib.sha256(b"Text A").hexdigest()
    assert isinstance(comment.written_at, datetime)


def test_saving_the_same_text_again_changes_nothing(env: Env) -> None:
    save(env, {"rs_analys": "Text A"})
    again = save(env, {"rs_analys": "Text A"}, author="bo")
    assert (again.status, again.batch_id, again.saved, again.unchanged) == (
        "unchanged",
        1,
        [],
        ["rs_analys"],
    )
    assert env.query("SELECT count(*) FROM batches") == [(1,)]


def test_a_new_text_supersedes_only_its_key_and_history_is_kept(env: Env) -> None:
    save(env, {"rs_analys": "Första", "sommaren": "Sommar"})
    second = save(env, {"rs_analys": "Andra", "sommaren": "Sommar"}, author="bo")
    assert (second.batch_id, second.saved, second.unchanged, second.superseded) == (
        2,
        ["rs_analys"],
        ["sommaren"],
        [1],
    )
    con = env.connect()
    assert [(c.key, c.markdown, c.author, c.batch_id) for c in current_comments(con, JULY)] == [
        ("rs_analys", "Andra", "bo", 2),
        ("sommaren", "Sommar", "anna", 1),
    ]
    history = comment_history(con, JULY, "rs_analys")
    assert [(c.markdown, c.author, c.batch_id, c.in_force) for c in history] == [
        ("Första", "anna", 1, False),
        ("Andra", "bo", 2, True),
    ]
    assert env.query("SELECT count(*) FROM commentary") == [(3,)]  # nothing overwritten


def test_texts_as_of_an_earlier_batch(env: Env) -> None:
    save(env, {"rs_analys": "Första", "sommaren": "Sommar"})
    save(env, {"rs_analys": "Andra"})
    save(env, {"rs_analys": "Tredje", "sommaren": "Höst"})
    con = env.connect()
    con.execute("CREATE TEMP VIEW current_batch_periods AS SELECT * FROM active_batch_periods(2)")
    assert [(c.key, c.markdown) for c in current_comments(con, JULY)] == [
        ("rs_analys", "Andra"),
        ("sommaren", "Sommar"),
    ]
    assert [(c.markdown, c.in_force) for c in comment_history(con, JULY, "rs_analys")] == [
        ("Första", False),
        ("Andra", True),
    ]
    con.execute("DROP VIEW temp.main.current_batch_periods")
    assert [c.markdown for c in current_comments(con, JULY)] == ["Tredje", "Höst"]


def test_list_comments_over_periods(env: Env) -> None:
    save(env, {"rs_analys": "Juli"})
    con = env.connect()
    save_comments(con, date(2024, 6, 1), {"rs_analys": "Juni"}, file_name="x", author="c")
    assert [(c.period, c.markdown) for c in list_comments(con)] == [
        (date(2024, 6, 1), "Juni"),
        (JULY, "Juli"),
    ]
    assert [c.markdown for c in list_comments(con, JULY)] == ["Juli"]


# -- checking the text ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("Text", "Text"),
        ("\ufeffText", "Text"),
        ("Rad 1\r\nRad 2\r\n", "Rad 1\nRad 2"),
        ("\n  \nText\n\n", "Text"),
        ("  - punkt\n    - under", "  - punkt\n    - under"),
        ("Åäö – 5,5 %", "Åäö – 5,5 %"),
    ],
)
def test_texts_are_normalised(raw: str, stored: str) -> None:
    assert normalise_text(raw, "t.md") == stored


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1))
def test_normalising_twice_changes_nothing(text: str) -> None:
    try:
        once = normalise_text(text, "t.md")
    except InputErrors:
        return
    assert normalise_text(once, "t.md") == once


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"Rad ett\nRad \xe5tta\n",
            "t.md, row 2: the text is not UTF-8 (byte 5 of the line cannot be read); "
            "save the file as UTF-8 (value: '0xe5')",
        ),
        (
            b"Ok\n\nR\x07d\n",
            "t.md, row 3: the text contains a control character; remove it (value: 'U+0007')",
        ),
        (
            b" \n\t\n",
            "t.md: the text is empty; write the comment (a key with no text is not stored)",
        ),
        (
            b"x" * (MAX_CHARS + 1),
            "t.md: the text has 20001 characters; a comment may have at most 20000",
        ),
    ],
)
def test_bad_text_files_are_refused_with_a_clear_message(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "t.md"
    path.write_bytes(content)
    with pytest.raises(InputErrors) as caught:
        read_text_file(path)
    assert [str(p).replace(str(tmp_path) + "/", "") for p in caught.value.problems] == [message]


def test_a_folder_is_read_whole_or_refused_naming_every_file(tmp_path: Path) -> None:
    folder = tmp_path / "2024-07"
    write(folder / "rs_analys.md", "Analys\n")
    write(folder / "notes.txt", "ignored")
    assert read_comment_folder(folder) == {"rs_analys": "Analys"}
    write(folder / "Sommaren.md", "Text")
    write(folder / "tom.md", "")
    with pytest.raises(InputErrors) as caught:
        read_comment_folder(folder)
    assert str(caught.value).replace(str(tmp_path) + "/", "").splitlines() == [
        "2024-07: 2 problem(s) found; nothing was imported.",
        "  2024-07/Sommaren.md: a comment key is lower-case letters a-z, digits and underscores,"
        " e.g. rs_analys (value: 'Sommaren')",
        "  2024-07/tom.md: the text is empty; write the comment (a key with no text is not stored)",
    ]
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputErrors) as caught:
        read_comment_folder(empty)
    assert [p.reason for p in caught.value.problems] == [
        "the folder has no .md files; write one KEY.md per comment"
    ]


# -- the commentary block ------------------------------------------------------------------


DEFINITION = {
    "title": "T",
    "sections": [
        {
            "id": "s",
            "title": "S",
            "blocks": [
                {"type": "commentary", "id": "rs_analys", "title": "Analys {month}"},
                {
                    "type": "commentary",
                    "id": "sommar_block",
                    "key": "sommaren",
                    "title": "Sommaren",
                    "fallback": "Inget nytt i {month}.",
                },
                {"type": "commentary", "id": "krav", "title": "Krav", "required": True},
                {"type": "commentary", "id": "valfri", "title": "Valfri"},
            ],
        }
    ],
}


def _build(env: Env, definition: dict | ReportDefinition):
    if isinstance(definition, dict):
        definition = parse_model(ReportDefinition, definition, "test")
    con = env.connect()
    return build_report(
        con, definition=definition, catalog=env.catalog, organisation="Region Test", period=JULY
    )


def test_blocks_show_the_text_the_fallback_or_a_visible_note(data_env: Env) -> None:
    save(data_env, {"rs_analys": "**Analys/kommentar:** stabil nivå"})
    report = _build(data_env, DEFINITION)
    blocks = {b.id: (b.type, b.title, b.markdown) for b in report.blocks()}  # type: ignore[union-attr]
    assert blocks == {
        "rs_analys": ("text", "Analys juli", "**Analys/kommentar:** stabil nivå"),
        "sommar_block": ("text", "Sommaren", "Inget nytt i juli."),
        "krav": ("text", "Krav", "*Kommentar saknas för juli 2024.*"),
        "valfri": ("text", "Valfri", "*Ingen kommentar för juli 2024.*"),
    }
    save(data_env, {"sommaren": "- Bra sommar"})
    report = _build(data_env, DEFINITION)
    assert report.blocks()[1].markdown == "- Bra sommar"  # type: ignore[union-attr]


def test_a_key_must_be_an_identifier() -> None:
    bad = {**DEFINITION}
    bad["sections"] = [
        {
            "id": "s",
            "title": "S",
            "blocks": [{"type": "commentary", "id": "a", "title": "A", "key": "Rs-Analys"}],
        }
    ]
    with pytest.raises(Exception, match="key"):
        parse_model(ReportDefinition, bad, "test")


def test_the_demo_texts_fill_the_demo_blocks(data_env: Env, tmp_path: Path) -> None:
    written = write_commentary_demo(tmp_path / "demo")
    assert [(p.name, k, m) for p, k, m in written][:2] == [
        ("kapitalforvaltning_forundersokning.md", "kapitalforvaltning_forundersokning", "2024-07"),
        ("kapitalforvaltning_atgarder.md", "kapitalforvaltning_atgarder", "2024-07"),
    ]
    folder = written[0][0].parent
    texts = read_comment_folder(folder)
    assert texts == DEMO_COMMENTARY
    con = data_env.connect()
    save_comments(con, JULY, texts, file_name=folder.name, author="demo")
    definition = data_env.ws.report_definition(DEMO_DEFINITION)
    keys = [b.comment_key for s in definition.sections for b in s.blocks]  # type: ignore[union-attr]
    assert [k for k in keys if k in DEMO_COMMENTARY] == list(DEMO_COMMENTARY)  # seed order
    # Texts that quote the report's figures ({{table | row | column}}) need those tables,
    # which this commentary-only definition lacks: tests/test_golden.py builds them in full.
    plain = {b.id for s in definition.sections for b in s.blocks}
    plain -= {k for k, text in DEMO_COMMENTARY.items() if "{{" in text}
    con = data_env.connect()
    report = build_report(
        con,
        definition=definition,
        catalog=data_env.catalog,
        organisation="Region Test",
        period=JULY,
        only_blocks=plain,
    )
    shown = {b.id: b.markdown for b in report.blocks()}  # type: ignore[union-attr]
    assert "sjukfranvaro_region_kommentar" not in shown
    assert shown["sommaren"].startswith("- För alla förvaltningar utom HSF har sommaren varit")
    assert shown["vardgaranti_not"] == (
        "Bup förstabesök och behandling ingår **inte** i vårdgarantiuppföljningen\n\n"
        "**Redovisning enligt SKR**"
    )
    titles = {b.id: b.title for b in report.blocks()}
    assert titles["avtalsrorelse"] == "Avtalsrörelse 2024"


# -- the command line ----------------------------------------------------------------------


def invoke(env: Env, *args: str):
    return runner.invoke(app, [*args, "-w", str(env.ws.root)], env={"UPPSIKT_USER": "kia"})


def test_cli_set_show_history_list_and_audit(env: Env, tmp_path: Path) -> None:
    result = invoke(env, "comment", "set", "rs_analys", "--period", "2024-07", "--text", "Första")
    assert result.exit_code == 0, result.output
    assert "Saved 1 comment(s) for 2024-07 as batch 1: rs_analys." in result.output
    assert "warning: no commentary block in report.yaml uses the key 'rs_analys'" in result.output
    text_file = write(tmp_path / "analys.md", "Andra\r\n- punkt\r\n")
    result = invoke(env, "comment", "set", "rs_analys", "-p", "2024-07", "--file", str(text_file))
    assert "as batch 2" in result.output and "Replaces the text(s) of batch(es) 1." in result.output
    result = invoke(env, "comment", "set", "rs_analys", "-p", "2024-07", "-f", str(text_file))
    assert "rs_analys already in force (batch 2); nothing changed." in result.output

    shown = json.loads(invoke(env, "comment", "show", "-p", "2024-07", "--json").output)
    assert [(c["key"], c["author"], c["batch_id"], c["markdown"]) for c in shown] == [
        ("rs_analys", "kia", 2, "Andra\n- punkt")
    ]
    history = json.loads(
        invoke(env, "comment", "history", "rs_analys", "-p", "2024-07", "--json").output
    )
    assert [(h["markdown"], h["in_force"]) for h in history] == [
        ("Första", False),
        ("Andra\n- punkt", True),
    ]
    listed = json.loads(invoke(env, "comment", "list", "--json").output)
    assert [(r["period"], r["key"], r["batch_id"]) for r in listed] == [("2024-07", "rs_analys", 2)]
    entries = [e for e in read_log(env.ws.root) if e.action == "commentary"]
    assert [(e.subject, e.details["status"], e.details["batch_id"]) for e in entries] == [
        ("2024-07 rs_analys", "saved", 1),
        ("2024-07 rs_analys", "saved", 2),
        ("2024-07 rs_analys", "unchanged", 2),
    ]
    assert entries[1].content_hash == history[1]["text_hash"]


def test_cli_import_export_round_trip(env: Env, tmp_path: Path) -> None:
    written = write_commentary_demo(tmp_path / "in")
    result = invoke(env, "comment", "import", str(written[0][0].parent), "--period", "2024-07")
    assert result.exit_code == 0, result.output
    assert f"Saved {len(DEMO_COMMENTARY)} comment(s) for 2024-07 as batch 1" in result.output
    out = tmp_path / "out"
    result = invoke(env, "comment", "export", "--period", "2024-07", "--out", str(out))
    assert f"Wrote {len(DEMO_COMMENTARY)} comment(s) for 2024-07" in result.output
    for path, _, _ in written:
        assert (out / path.name).read_bytes() == path.read_bytes()


def test_cli_errors(env: Env) -> None:
    result = invoke(env, "comment", "set", "Rs", "-p", "2024-07", "--text", "x")
    assert result.exit_code == 1
    assert str(result.exception) == (
        "'Rs' is not a comment key: use lower-case letters a-z, digits and underscores, "
        "e.g. rs_analys"
    )
    result = invoke(env, "comment", "set", "rs", "-p", "2024-07")
    assert result.exit_code == 2
    assert "give the text with either --file or --text" in result.output
    result = invoke(env, "comment", "show", "-p", "2024-07", "rs")
    assert str(result.exception) == "no comment 'rs' for 2024-07"
