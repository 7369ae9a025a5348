# SPDX-License-Identifier: Apache-2.0
"""Why a person got their outcome: :class:`Explanation` (SPEC §12).

>>> e = rs.explain(portfolio, as_of="2026-06-01")   # doctest: +SKIP
>>> print(e)                        # the text of `civeff explain`  # doctest: +SKIP
>>> e.to_dict()["diplomas"]["25656"]["requires"]   # the JSON, as Python data  # doctest: +SKIP
>>> e                               # in Jupyter: a table and a tree per diploma  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as _dt
import html
import json
from typing import Any

from . import _core

__all__ = ["Explanation"]


class Explanation:
    """One evaluation with its reasons, as :meth:`civeff.Ruleset.explain` returns it.

    ``to_dict()`` is the JSON of ``civeff explain --format json`` (documented in
    ``docs/language.md``, "Explanations") and ``str()`` its text, both written by
    the engine, so the faces agree to the byte. It agrees exactly with
    :meth:`civeff.Ruleset.evaluate`: the same evaluator, run with a trace.
    """

    __slots__ = ("_impl", "_json", "_texts")
    _impl: _core.Explanation | None  # None once unpickled: the JSON and texts are kept instead
    _json: str | None
    _texts: dict[str, str]

    def __init__(self, *args: object, **kwargs: object) -> None:
        raise TypeError("Explanation objects come from Ruleset.explain(...)")

    @classmethod
    def _create(
        cls, impl: _core.Explanation | None, json_text: str | None, texts: dict[str, str]
    ) -> Explanation:
        self = object.__new__(cls)
        object.__setattr__(self, "_impl", impl)
        object.__setattr__(self, "_json", json_text)
        object.__setattr__(self, "_texts", texts)
        return self

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Explanation is immutable")

    def __reduce__(self) -> tuple[Any, ...]:
        # The engine's object stays in C++; a pickle carries its JSON and texts.
        texts = {"": self._text("")}
        for diploma in self.to_dict()["diplomas"]:
            texts[diploma] = self._text(diploma)
        return (_restore, (self.to_json(), texts))

    # ------------------------------------------------------------ the engine's forms

    def to_json(self) -> str:
        """The JSON text, exactly as ``civeff explain --format json`` prints it."""
        if self._json is None:
            assert self._impl is not None, "an unpickled Explanation keeps its JSON"
            object.__setattr__(self, "_json", self._impl.to_json())
        assert self._json is not None
        return self._json

    def to_dict(self) -> dict[str, Any]:
        """The JSON as Python data (a new copy each call): ``person``, ``as_of``,
        ``ruleset``, ``version``, ``achievements``, ``credited``, ``not_credited``,
        ``diplomas``."""
        data: dict[str, Any] = json.loads(self.to_json())
        return data

    def text(self, diploma: str | None = None) -> str:
        """The text of ``civeff explain``; ``diploma`` limits it to one diploma (``--diploma``)."""
        if diploma is None:
            return self._text("")
        if not isinstance(diploma, str):
            raise TypeError(f"diploma: expected a diploma id (str), got {type(diploma).__name__}")
        if diploma not in self.diplomas:
            known = ", ".join(self.diplomas)
            raise KeyError(f"no diploma {diploma!r} in this ruleset (diplomas: {known})")
        return self._text(diploma)

    def _text(self, diploma: str) -> str:
        cached = self._texts.get(diploma)
        if cached is None:
            assert self._impl is not None, "an unpickled Explanation keeps every text"
            cached = self._impl.to_text(diploma)
            self._texts[diploma] = cached
        return cached

    def __str__(self) -> str:
        return self.text()

    # ------------------------------------------------------------ conveniences

    @property
    def person(self) -> str:
        return str(self.to_dict()["person"]) if self._impl is None else self._impl.person

    @property
    def as_of(self) -> _dt.date:
        return _dt.date.fromisoformat(self.to_dict()["as_of"])

    @property
    def diplomas(self) -> tuple[str, ...]:
        """The ruleset's diploma ids, sorted."""
        if self._impl is None:
            return tuple(self.to_dict()["diplomas"])
        return tuple(self._impl.diplomas)

    def __repr__(self) -> str:
        data = self.to_dict()
        statuses = ", ".join(f"{d}: {v['status']}" for d, v in data["diplomas"].items())
        return f"<civeff.Explanation person={data['person']!r} as_of={data['as_of']} {{{statuses}}}>"

    def _repr_html_(self) -> str:
        return _html(self.to_dict())


def _restore(json_text: str, texts: dict[str, str]) -> Explanation:
    return Explanation._create(None, json_text, dict(texts))


# ---------------------------------------------------------------- HTML for Jupyter

_STYLE = (
    "<style>.civeff-x ul{list-style:none;margin:0;padding-left:1.2em}"
    ".civeff-x .ok{color:#1a7f37}.civeff-x .no{color:#cf222e}.civeff-x .off{color:#6e7781}"
    ".civeff-x td,.civeff-x th{text-align:left;padding:0 .6em;vertical-align:top}"
    ".civeff-x code{font-size:90%}</style>"
)


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _number(value: float) -> str:
    # As the engine prints numbers: integers without a fraction.
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _decided_by(level: dict[str, Any]) -> str:
    source = level["decided_by"]
    if "mark" in source:
        case = source.get("case")
        return f"mark {_esc(source['mark'])}" + ("" if case is None else f", case {case}")
    if "unit" in source:
        return f"unit {_esc(source['unit'])}"
    return "the scale's default"


def _achievements(data: dict[str, Any]) -> str:
    scales = sorted({s for a in data["achievements"] for s in a.get("levels", {})})
    head = "".join(f"<th>{_esc(s)}</th>" for s in scales)
    rows = []
    for a in data["achievements"]:
        name = a.get("unit") or a.get("title") or ""
        cells = [f"<td>#{a['index']}</td><td>{_esc(name)}</td><td>{_esc(a['date'])}</td>"]
        if not a["counted"]:
            cells.append(
                f"<td colspan='{max(len(scales), 1)}' class='off'>not counted: {_esc(a['not_counted'])}</td>"
            )
        else:
            for s in scales:
                level = a["levels"].get(s)
                if level is None:
                    cells.append("<td></td>")
                    continue
                shown = "(no level)" if level["level"] is None else _esc(level["level"])
                lapsed = "".join(
                    f"<br><span class='off'>{_esc(x['mark'])} lapsed {_esc(x['on'])}</span>"
                    for x in level["lapsed"]
                )
                cells.append(
                    f"<td><b>{shown}</b> <span class='off'>&larr; {_decided_by(level)}</span>{lapsed}</td>"
                )
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><tr><th></th><th>unit</th><th>date</th>{head}</tr>{''.join(rows)}</table>"


def _derivation(d: dict[str, Any]) -> str:
    via = d["via"]
    text = f"{_esc(d['unit'])} {_esc(d['date'])} via {_esc(via)}"
    if "achievement" in d:
        text += f" #{d['achievement']}"
    if d.get("sources"):
        text += "<ul>" + "".join(f"<li>{_derivation(s)}</li>" for s in d["sources"]) + "</ul>"
    return text


def _reason(r: dict[str, Any]) -> str:
    parts = [_esc(r["reason"])]
    if "achievement" in r:
        parts.append(f"achievement #{r['achievement']}")
    if "equivalence" in r:
        parts.append(_esc(r["equivalence"]))
    if r.get("missing_sources"):
        parts.append("missing " + ", ".join(_esc(s) for s in r["missing_sources"]))
    if "on" in r:
        parts.append(f"on {_esc(r['on'])}")
    return " &middot; ".join(parts)


def _node(n: dict[str, Any], data: dict[str, Any]) -> str:
    if n.get("left_out"):
        mark = "<span class='off'>&ndash;</span>"
    else:
        mark = "<span class='ok'>&#10003;</span>" if n["holds"] else "<span class='no'>&#10007;</span>"
    name = _esc(n["id"]) if n["id"] is not None else ""
    label = f"{mark} <b>{name}</b> <span class='off'>{_esc(n['form'])}</span>"
    if "value" in n and "min" in n:
        label += f" {_number(n['value'])} of {_number(n['min'])}"
    elif "n_holding" in n:
        label += f" {n['n_holding']} of {n['n']}"
    if n["form"] != "unit" and not n.get("left_out"):
        label += f" &middot; progress {_number(n['progress'])}"
    if "guard" in n:
        label += f" <span class='off'>when {_esc(n['guard'])}</span>"
    if n.get("left_out"):
        label += " <span class='off'>(left out: its guard is false)</span>"
    if "where" in n:
        label += f" <code class='off'>{_esc(n['where'])}</code>"
    unit = n.get("unit")
    if unit is not None:
        credited = data["credited"].get(unit)
        if credited is not None:
            label += f"<ul><li class='off'>credited {_derivation(credited['derivation'])}</li></ul>"
        else:
            reasons = data["not_credited"].get(unit, [])
            label += (
                "<ul>"
                + "".join(f"<li class='off'>not credited: {_reason(r)}</li>" for r in reasons)
                + "</ul>"
            )
    children = n.get("children")
    if children:
        label += "<ul>" + "".join(f"<li>{_node(c, data)}</li>" for c in children) + "</ul>"
    return label


def _html(data: dict[str, Any]) -> str:
    parts = [
        _STYLE,
        "<div class='civeff-x'>",
        f"<p><b>{_esc(data['person'])}</b> as of {_esc(data['as_of'])} "
        f"<span class='off'>({_esc(data['ruleset'])} {_esc(data['version'])})</span></p>",
    ]
    for diploma, d in data["diplomas"].items():
        css = "ok" if d["status"] == "complete" else "no"
        status = f"<span class='{css}'>{_esc(d['status'])}</span>"
        summary = f"<b>{_esc(diploma)}</b> {status}, progress {_number(d['progress'])}"
        if d["missing"]:
            summary += " &middot; missing " + ", ".join(_esc(m) for m in d["missing"])
        body = "<ul><li>" + _node(d["requires"], data) + "</li></ul>" if d.get("requires") else ""
        parts.append(f"<details><summary>{summary}</summary>{body}</details>")
    parts.append("<details><summary>Achievements</summary>" + _achievements(data) + "</details>")
    parts.append("</div>")
    return "".join(parts)
