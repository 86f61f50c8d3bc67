"""The registers a workspace keeps, declared once: columns, types, allowed values and keys.

docs/registers.md describes the same registers for people; a test keeps the two in step, and
another checks that each register's warehouse table has exactly these columns.
"""

from __future__ import annotations

from uppsikt.registers._spec import RegisterColumn as C
from uppsikt.registers._spec import RegisterSpec

PERIODICITIES = ("månad", "kvartal", "tertial", "delår", "halvår", "år")
BRIDGE_TYPES = ("ingående ram", "förändring", "utgående ram")

_LIGHT = "traffic light: 'enligt plan', 'delvis' or 'ej enligt plan'"

REGISTERS: dict[str, RegisterSpec] = {
    spec.name: spec
    for spec in (
        RegisterSpec(
            name="fullmaktigeuppdrag",
            title="Fullmäktigeuppdrag",
            description="assignments from the regional council and their status",
            columns=(
                C("id", "code", True, "short identifier of the assignment"),
                C("responsible", "text", True, "who reports on it"),
                C("assignment", "text", True, "the assignment as the council worded it"),
                C("status", "status", False, _LIGHT),
                C("comment", "text", False, "the month's comment"),
            ),
            key=("id",),
        ),
        RegisterSpec(
            name="clg_fokusomraden",
            title="Fokusområden (CLG)",
            description="the management group's focus areas and their sub-goals",
            columns=(
                C("id", "code", True, "short identifier of the sub-goal"),
                C("responsible", "text", True, "who reports on it"),
                C("area", "text", True, "focus area (område)"),
                C("sub_goal", "text", True, "sub-goal (delmål)"),
                C("activity", "text", False, "the month's activity"),
                C("status", "status", False, _LIGHT),
            ),
            key=("id",),
        ),
        RegisterSpec(
            name="utvecklingsportfolj",
            title="Utvecklingsportföljen",
            description="initiatives of the development portfolio with four traffic lights",
            columns=(
                C("initiative", "text", True, "name of the initiative, as printed"),
                C("time", "status", False, "Tid: " + _LIGHT),
                C("cost", "status", False, "Kostnad: " + _LIGHT),
                C("result", "status", False, "Resultat: " + _LIGHT),
                C("resources", "status", False, "Resurser: " + _LIGHT),
                C("project_manager", "text", False, "projektledare"),
                C("orderer", "text", False, "beställare"),
            ),
            key=("initiative",),
        ),
        RegisterSpec(
            name="programbudget",
            title="Programbudget",
            description="budget, forecast and actual of a programme's parts (kronor, cost "
            "positive); sum rows are named by other rows' parent and computed",
            columns=(
                C("program", "code", True, "programme identifier, e.g. fvis"),
                C("item", "text", True, "row label, as printed"),
                C("parent", "text", False, "the sum row this row adds into"),
                C("budget", "amount", False, "full-year budget, kronor"),
                C("forecast", "amount", False, "full-year forecast, kronor"),
                C("actual_ytd", "amount", False, "actual year to date, kronor"),
                C("forecast_version", "text", False, "forecast version, e.g. P1"),
            ),
            key=("program", "item"),
        ),
        RegisterSpec(
            name="fastighetsportfolj",
            title="Fastighetsportföljen",
            description="projects of the property portfolio with three traffic lights",
            columns=(
                C("project_number", "code", True, "project number, as printed"),
                C("project", "text", True, "project name"),
                C("project_manager", "text", False, "projektledare"),
                C("phase", "text", False, "phase, e.g. Pågår"),
                C("time", "status", False, "Tid: " + _LIGHT),
                C("budget", "status", False, "Budget: " + _LIGHT),
                C("resources", "status", False, "Resurs: " + _LIGHT),
            ),
            key=("project_number",),
        ),
        RegisterSpec(
            name="indikatorer",
            title="Mål och indikatorer",
            description="goals, sub-goals and indicators of the board's plan",
            columns=(
                C("id", "code", True, "short identifier of the indicator"),
                C("goal", "text", True, "goal (mål)"),
                C("sub_goal", "text", True, "sub-goal (delmål)"),
                C("indicator", "text", True, "indicator"),
                C("unit", "text", False, "unit printed after values, e.g. % or dagar"),
                C("decimals", "integer", False, "decimals printed (0-2, default 0)", (), 0, 2),
                C("base_year", "year", False, "base year"),
                C("base_value", "number", False, "outcome of the base year"),
                C("target_year", "year", False, "target year"),
                C("target_value", "number", False, "target value"),
                C("periodicity", "choice", False, "how often it is measured", PERIODICITIES),
                C("latest_period", "text", False, "when the latest outcome was measured"),
                C("latest_value", "number", False, "latest outcome"),
                C("status", "status", False, _LIGHT),
            ),
            key=("id",),
        ),
        RegisterSpec(
            name="risker",
            title="Risker",
            description="risks with probability and consequence on 1-4 scales",
            columns=(
                C("id", "code", True, "short identifier, printed in the risk matrix"),
                C("risk", "text", True, "description of the risk"),
                C("probability", "scale", True, "sannolikhet 1-4", (), 1, 4),
                C("consequence", "scale", True, "konsekvens 1-4", (), 1, 4),
                C("owner", "text", False, "risk owner"),
                C("measures", "text", False, "measures taken or planned"),
            ),
            key=("id",),
        ),
        RegisterSpec(
            name="investeringsplan",
            title="Investeringsplan",
            description="multi-year investment plan per area and year (kronor)",
            columns=(
                C("area", "text", True, "investment area, as printed"),
                C("year", "year", True, "plan year"),
                C("amount", "amount", True, "planned investment, kronor"),
            ),
            key=("area", "year"),
        ),
        RegisterSpec(
            name="budgetbrygga",
            title="Ramförändringar",
            description="next year's budget bridge: start frame, changes with reasons, end frame",
            columns=(
                C("item", "text", True, "row label, as printed"),
                C(
                    "type",
                    "choice",
                    True,
                    "'ingående ram', 'förändring' or 'utgående ram'",
                    BRIDGE_TYPES,
                ),
                C("amount", "amount", True, "kronor"),
                C("reason", "text", False, "why the frame changes"),
            ),
            key=("item",),
        ),
        RegisterSpec(
            name="objektforvaltning",
            title="Objektförvaltning",
            description="the effects each managed object (e.g. an IT system) gives towards "
            "the regional goals, one row per object and effect",
            columns=(
                C("object", "text", True, "the managed object, as printed"),
                C("effect", "text", True, "an effect the object gives"),
                C("regional_goal", "text", True, "the regional goal (regionmål) it serves"),
                C("area", "text", False, "the object's management area (förvaltningsområde)"),
                C("owner", "text", False, "objektägare"),
            ),
            key=("object", "effect"),
        ),
        RegisterSpec(
            name="arshjul",
            title="Årshjul",
            description="the year's recurring activities of environmental scanning and "
            "strategic planning, by month",
            columns=(
                C("month", "integer", True, "month of the year, 1-12", (), 1, 12),
                C("area", "text", True, "e.g. Omvärldsanalys, Strategisk planering, Budget"),
                C("activity", "text", True, "the activity, as printed in the wheel"),
                C("responsible", "text", False, "who leads it"),
            ),
            key=("month", "activity"),
        ),
    )
}
