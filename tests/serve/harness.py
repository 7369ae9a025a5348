# SPDX-License-Identifier: Apache-2.0
"""What the `civeff serve` tests share: a server on a free port, HTTP with urllib,
and the command line to compare with. Run from the repository root (CTest does).
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RULES = "rules/nl-zorg"
AS_OF = "2026-11-01"  # the personas' date (examples/portfolios/check.sh)


class Failure(Exception):
    pass


def expect(condition, message, *context):
    if not condition:
        raise Failure("\n".join([message, *[str(c) for c in context]]))


@dataclass
class Reply:
    status: int
    headers: dict
    body: bytes

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def codes(self):
        """The codes of an error body's diagnostics."""
        return [d["code"] for d in self.json()["diagnostics"]]


class Server:
    """`civeff serve ARGS --port 0` for a `with` block: the URL it prints, then SIGTERM."""

    def __init__(self, civeff: str, *options: str, ruleset: str = RULES):
        self.civeff = civeff
        self.args = [ruleset, *options]
        self.log = tempfile.TemporaryFile()
        self.process = None
        self.url = ""
        self.stderr = ""
        self.exit_code = None

    def __enter__(self) -> Server:
        self.process = subprocess.Popen(
            [self.civeff, "serve", *self.args, "--port", "0"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=self.log,
        )
        line = self.process.stdout.readline().decode("utf-8")
        m = re.search(r"listening on (http://\S+?)/?$", line.strip())
        if not m:
            self.process.kill()
            self.process.wait()
            self.log.seek(0)
            raise Failure(
                f"civeff serve did not start: {line!r}\n{self.log.read().decode('utf-8', 'replace')}"
            )
        self.url = m.group(1)
        return self

    def stop(self, sig=signal.SIGTERM) -> int:
        if self.exit_code is None:
            self.process.send_signal(sig)
            self.exit_code = self.process.wait(timeout=60)
            self.process.stdout.close()
            self.log.seek(0)
            self.stderr = self.log.read().decode("utf-8", "replace")
            self.log.close()
        return self.exit_code

    def __exit__(self, *exc):
        code = self.stop()
        if exc[0] is None:
            expect(code == 0, f"civeff serve exited {code} on SIGTERM", self.stderr)
            expect("civeff serve: stopped (SIGTERM)" in self.stderr, "no stop message", self.stderr)

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        timeout: float = 120,
        content_type: str = "application/json",
    ) -> Reply:
        req = urllib.request.Request(self.url + path, data=body, method=method)
        if body is not None:
            req.add_header("Content-Type", content_type)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                return Reply(r.status, dict(r.headers), r.read())
        except urllib.error.HTTPError as e:
            return Reply(e.code, dict(e.headers), e.read())

    def get(self, path: str) -> Reply:
        return self.request("GET", path)

    def post(self, path: str, body) -> Reply:
        data = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
        return self.request("POST", path, data)


def cli(civeff: str, *args) -> str:
    """The standard output of a civeff command that must succeed, run from the repository root."""
    r = subprocess.run([civeff, *map(str, args)], cwd=ROOT, capture_output=True, check=False)
    expect(r.returncode == 0, f"civeff {' '.join(map(str, args))}: exit {r.returncode}", r.stderr.decode())
    return r.stdout.decode("utf-8")


def personas() -> list[Path]:
    """examples/portfolios/*.json without the results, advice and what-ifs next to them."""
    return sorted(
        p
        for p in (ROOT / "examples" / "portfolios").glob("*.json")
        if not p.name.endswith((".result.json", ".advice.json", ".whatif.json"))
    )
