# SPDX-License-Identifier: Apache-2.0
"""The immutability of the engine's results in Python (Advice, WhatIf)."""

from __future__ import annotations

__all__: list[str] = []


class _Frozen:
    """A slotted object whose attributes are set once, by ``object.__setattr__``
    in its factory, and never again."""

    __slots__ = ()

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")
