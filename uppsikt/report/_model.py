"""The report model: plain, immutable data that every renderer draws from.

Computing ends here; drawing starts here. The JSON form of :class:`Report` is the contract
between the two, so a stored report can be re-rendered without the warehouse. Amounts are
unrounded; each cell also carries its Swedish ``display`` text.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

SCHEMA_VERSION = 1

# Exact in Python, a JSON number on the wire (amounts have at most 2 decimals and < 1e16).
Number = Annotated[Decimal, PlainSerializer(float, return_type=float, when_used="json")]
ColumnKind = Literal["amount", "percent", "pp", "count", "text", "status"]
AmountUnit = Literal["kr", "tkr", "mkr"]
# A traffic light. A status cell's ``value`` is one of these and its ``display`` the Swedish
# label the register uses ("Enligt plan", "Delvis", ...): colour is never the only signal.
Status = Literal["good", "warning", "bad", "neutral"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Cell(_Frozen):
    """A value and how it is printed; ``lineage`` says how a computed value was made.

    ``note`` is a footnote mark (e.g. "*" for a value suppressed for privacy) explained in
    the table's ``notes``.
    """

    value: Number | str | None
    display: str
    lineage: dict[str, Any] | None = None
    note: str | None = None


class Column(_Frozen):
    id: str
    label: str
    kind: ColumnKind
    group: str | None = None
    decimals: int = 0


class Row(_Frozen):
    label: str
    level: int = 0
    emphasis: bool = False
    cells: list[Cell]
    unit: str | None = Field(default=None, description="unit code the row is computed for")
    line: str | None = Field(default=None, description="line or group the row sums")
    group: str | None = Field(
        default=None,
        description="the row's group, printed before the label in a column of its own and "
        "once per run of rows (the care level of 'Primärvård | Läkare')",
    )


class TableBlock(_Frozen):
    type: Literal["table"] = "table"
    id: str
    title: str
    subtitle: str | None = None
    unit: AmountUnit | None = None
    unit_caption: str | None = None
    columns: list[Column]
    rows: list[Row]
    notes: list[str] = []

    def column_index(self, ident: str) -> int:
        for index, column in enumerate(self.columns):
            if ident in (column.id, column.label):
                return index
        raise KeyError(ident)

    def row_index(self, ident: str) -> int:
        """A row by its label, its unit code, "group/label" ("Sjukhusvård/Läkare") or its
        number from 1; the first match wins."""
        for index, row in enumerate(self.rows):
            grouped = f"{row.group}/{row.label}" if row.group else None
            if ident in (row.label, row.unit, grouped):
                return index
        if ident.isdigit() and 1 <= int(ident) <= len(self.rows):
            return int(ident) - 1
        raise KeyError(ident)


class Series(_Frozen):
    name: str
    values: list[Number | None]
    display: list[str]
    kind: Literal["line", "column", "bar"] | None = None
    axis: Literal["primary", "secondary"] = "primary"
    value_kind: ColumnKind = "amount"


class ChartBlock(_Frozen):
    """A declarative chart: renderers draw it natively (PPTX) or as SVG (HTML, PDF).

    A ``doughnut`` draws each series as a ring (the first innermost) of one segment per
    category, clockwise from twelve o'clock, sized by its value and labelled with the
    category and the display text, each "; "-separated item on a line of its own; a segment
    with an empty display is drawn pale.
    """

    type: Literal["chart"] = "chart"
    id: str
    title: str
    kind: Literal["line", "column", "bar", "combo", "doughnut"]
    unit: AmountUnit | None = None
    categories: list[str]
    series: list[Series]
    target: Number | None = None
    target_label: str | None = None


class Tile(_Frozen):
    label: str
    value: Number | None
    display: str
    change_display: str | None = None
    status: Status | None = None


class TilesBlock(_Frozen):
    type: Literal["tiles"] = "tiles"
    id: str
    title: str
    tiles: list[Tile]


class StatusTableBlock(_Frozen):
    """A table whose status cells are traffic lights that also carry a text label."""

    type: Literal["status_table"] = "status_table"
    id: str
    title: str
    columns: list[Column]
    rows: list[Row]


class TextBlock(_Frozen):
    """Markdown; ``figures`` are the computed figures the text quotes, by placeholder name,
    each with its value, display and lineage as a table cell has them."""

    type: Literal["text"] = "text"
    id: str
    title: str
    markdown: str
    figures: dict[str, Cell] = Field(default_factory=dict)


Block = Annotated[
    TableBlock | ChartBlock | TilesBlock | StatusTableBlock | TextBlock,
    Field(discriminator="type"),
]


class Section(_Frozen):
    id: str
    title: str
    blocks: list[Block]


class Source(_Frozen):
    """An import batch whose rows the report was computed from."""

    batch_id: int
    kind: str
    source: str
    file_name: str
    file_hash: str
    imported_at: datetime
    imported_by: str
    row_count: int
    first_period: str | None = None
    last_period: str | None = None


class Report(_Frozen):
    schema_version: int = SCHEMA_VERSION
    title: str
    organisation: str
    period: str
    period_label: str
    generated_at: datetime
    software_version: str
    sections: list[Section]
    sources: list[Source]
    queries: dict[str, str] = Field(description="SQL of each query named in cell lineage")

    def table(self, table_id: str) -> TableBlock:
        for block in self.blocks():
            if block.id == table_id and isinstance(block, TableBlock):
                return block
        raise KeyError(table_id)

    def blocks(self) -> list[Block]:
        return [b for s in self.sections for b in s.blocks]


def report_json_schema() -> dict[str, Any]:
    """JSON Schema of the serialised report."""
    schema = Report.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://uppsikt.example/report.schema.v{SCHEMA_VERSION}.json"
    return schema
