"""The warehouse as of a batch: the same views, with later batches not in force."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from uppsikt.errors import UppsiktError
from uppsikt.publish import Configuration, build_with, report_hash
from uppsikt.warehouse import as_of, last_batch_id

from .conftest import Env
from .test_publish import CORRECTED_JULY, DEFINITION

JULY = date(2024, 7, 1)
NEW_UNITS = """unit,name,parent,level
R,Region Test,,region
A,Nämnd A,R,nämnd
A1,Enhet A1 (ny),A,enhet
A2,Enhet A2,A,enhet
B,Nämnd B,R,nämnd
"""


def test_views_see_only_batches_up_to_n_and_are_restored(data_env: Env) -> None:
    data_env.imp(CORRECTED_JULY, "ledger")  # batch 6 replaces batch 3 for 2024-07 only
    con = data_env.connect()
    july = "SELECT sum(amount), min(batch_id) FROM ledger_current WHERE period = '2024-07-01'"
    assert con.execute(july).fetchone() == (D("630.00"), 6)
    assert last_batch_id(con) == 6
    with as_of(con, 5):
        # The July rows of LEDGER: 90 - 30 + 40 + 25 + 500.
        assert con.execute(july).fetchone() == (D("625.00"), 3)
        assert con.execute("SELECT count(*) FROM budget_current").fetchone()[0] == 24
    with as_of(con, 2):
        assert con.execute("SELECT count(*) FROM ledger_current").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM units_current").fetchone()[0] == 5
    assert con.execute(july).fetchone() == (D("630.00"), 6)


def test_the_stored_view_is_back_after_an_error_and_as_of_does_not_nest(data_env: Env) -> None:
    con = data_env.connect()
    with pytest.raises(RuntimeError), as_of(con, 1):
        raise RuntimeError("boom")
    assert con.execute("SELECT count(*) FROM ledger_current").fetchone()[0] == 20
    with as_of(con, 3), pytest.raises(UppsiktError, match="already looking"), as_of(con, 2):
        pass


def test_a_report_as_of_batch_n_equals_the_report_built_before_batch_n_plus_1(
    data_env: Env,
) -> None:
    (data_env.ws.root / "report.yaml").write_text(DEFINITION, encoding="utf-8")
    config = Configuration.load(data_env.ws.root)
    con = data_env.connect()
    before = build_with(con, config, JULY)
    n = last_batch_id(con)
    con.close()
    data_env.imp(CORRECTED_JULY, "ledger")
    data_env.imp(NEW_UNITS, "units")
    con = data_env.connect()
    now = build_with(con, config, JULY)
    with as_of(con, n):
        then = build_with(con, config, JULY)
    assert report_hash(then) == report_hash(before)
    assert then.sources == before.sources
    assert report_hash(now) != report_hash(before)
    assert [s.batch_id for s in now.sources] == [2, 3, 4, 5, 6, 7]  # 7 replaced units 1
    assert [s.batch_id for s in then.sources] == [1, 2, 3, 4, 5]
