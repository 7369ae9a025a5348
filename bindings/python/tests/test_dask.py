# SPDX-License-Identifier: Apache-2.0
"""civeff.dask.evaluate on a real two-process LocalCluster: the Ruleset travels by
pickle, each worker reloads it, and the answer equals the in-process one."""

from __future__ import annotations

import faulthandler
import logging

import civeff
import pandas as pd
import pytest
from civeff.frame import as_text_columns
from conftest import AS_OF

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")
import civeff.dask  # noqa: E402  (after the importorskip)


def population(n: int) -> pd.DataFrame:
    units = ["LE-medicatie", "K1006", "B1-K1", "LE-wondzorg-1", "LE-wondzorg-2", "BHV", "KD-wondzorg", None]
    rows = []
    for i in range(n):
        for k in range(1 + i % 4):
            rows.append(
                {
                    "person": f"p{(i * 7919) % n:05d}",  # not sorted
                    "unit": units[(i + k) % len(units)],
                    "date": f"20{18 + (i + k) % 6}-0{1 + k}-15",
                    "marks": "mbo-certificaat" if (i + k) % 3 == 0 else None,
                    "exam": "true" if (i + k) % 2 == 0 else "false",
                    "points": float((i + k) % 7),
                    "person.role": "verpleegkundige" if i % 2 else "verzorgende",
                }
            )
    return pd.DataFrame(rows)


def sort(df: pd.DataFrame) -> pd.DataFrame:
    return df.sort_values(["person", "diploma"]).reset_index(drop=True)


def test_meta_matches_the_real_output(rs: civeff.Ruleset) -> None:
    ddf = dd.from_pandas(population(50), npartitions=3)
    out = civeff.dask.evaluate(rs, ddf, as_of=AS_OF)
    computed = out.compute(scheduler="sync")
    assert list(out.columns) == list(computed.columns)
    assert out.dtypes.to_dict() == computed.dtypes.to_dict()
    pd.testing.assert_frame_equal(
        sort(computed), as_text_columns(rs.evaluate_frame(population(50), as_of=AS_OF))
    )


def test_shuffle_keeps_persons_whole(rs: civeff.Ruleset) -> None:
    df = population(60)
    # Split persons across partitions on purpose: without the shuffle they would be cut in two.
    ddf = dd.from_pandas(df.sample(frac=1, random_state=1), npartitions=5, sort=False)
    out = civeff.dask.evaluate(rs, ddf, as_of=AS_OF).compute(scheduler="sync")
    assert not out.duplicated(["person", "diploma"]).any()
    pd.testing.assert_frame_equal(sort(out), as_text_columns(rs.evaluate_frame(df, as_of=AS_OF)))


@pytest.mark.filterwarnings(
    # distributed's own noise on a slow or busy machine, not ours: a slow disk for
    # the workers' scratch space, and sockets still closing when the cluster shuts down.
    "ignore:Creating scratch directories is taking a surprisingly long time:UserWarning",
    "ignore:unclosed <socket.socket:ResourceWarning",
)
def test_local_cluster_two_processes(rs_scenario: civeff.Ruleset) -> None:
    df = population(400)
    expected = as_text_columns(rs_scenario.evaluate_frame(df, as_of=AS_OF))
    # A hard stop for a cluster that hangs (a worker that never starts): dump the
    # stacks and end the run rather than block CI. The waits below time out earlier.
    faulthandler.dump_traceback_later(300, exit=True)
    try:
        with (
            distributed.LocalCluster(
                n_workers=2,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=":0",
                silence_logs=logging.ERROR,
            ) as cluster,
            distributed.Client(cluster, timeout="60s") as client,
        ):
            client.wait_for_workers(2, timeout=120)
            ddf = dd.from_pandas(df, npartitions=4)
            result = client.compute(civeff.dask.evaluate(rs_scenario, ddf, as_of=AS_OF)).result(timeout=120)
            # Each worker process imported civeff and unpickled the Ruleset itself.
            loaded = client.run(
                lambda: sorted(m for m in __import__("sys").modules if m.startswith("civeff"))
            )
            assert len(loaded) == 2
            assert all("civeff._core" in modules for modules in loaded.values())
    finally:
        faulthandler.cancel_dump_traceback_later()
    pd.testing.assert_frame_equal(sort(result), expected)
