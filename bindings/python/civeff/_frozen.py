# SPDX-License-Identifier: Apache-2.0
"""The engine's results in Python (Advice, WhatIf): immutable, with texts in both
languages written by the engine."""

from __future__ import annotations

from typing import Any

__all__: list[str] = []

LANGUAGES = ("nl", "en")


class _Frozen:
    """A slotted object whose attributes are set once, by ``object.__setattr__``
    in its factory, and never again."""

    __slots__ = ()

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")


class _Rendered(_Frozen):
    """A result whose text the engine writes on demand, once per language. Subclasses
    declare the slots ``_impl`` (the engine's object; None once unpickled, when
    ``_texts`` holds both languages), ``_language`` and ``_texts``."""

    __slots__ = ()
    _impl: Any
    _language: str
    _texts: dict[str, str]

    def text(self, lang: str | None = None) -> str:
        """The command's text in ``lang`` (``"nl"`` or ``"en"``; default the
        ruleset's ``language``)."""
        lang = self._language if lang is None else lang
        if lang not in LANGUAGES:
            raise ValueError(f"lang: expected 'nl' or 'en', got {lang!r}")
        cached = self._texts.get(lang)
        if cached is None:
            assert self._impl is not None, f"an unpickled {type(self).__name__} keeps both texts"
            cached = self._impl.to_text(lang)
            self._texts[lang] = cached
        return cached

    def __str__(self) -> str:
        return self.text()
