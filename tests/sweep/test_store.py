"""The sweep table store: Parquet chunks and the CSV copy."""

from __future__ import annotations


def test_csv_copy_reads_back_with_the_dtypes_of_the_table(tmp_path):
    """Whole-valued floats keep their decimal point, so pandas infers float64 from the CSV
    as it does from the Parquet table; every float round-trips exactly."""
    import pandas as pd
    import pyarrow as pa

    from sim.sweep.store import write_csv_atomically

    values = [4.0, -3.0, 0.1, 1 / 3, 1e20, 5e-324, 1.7976931348623157e308, None]
    table = pa.table(
        {
            "sanction": pa.array(values, pa.float64()),
            "count": pa.array(range(len(values)), pa.int64()),
            "regime": pa.array(["treaty", "a, b"] * 4),
        }
    )
    write_csv_atomically(table, tmp_path / "results.csv")
    back = pd.read_csv(tmp_path / "results.csv")
    expected = table.to_pandas()
    assert dict(back.dtypes) == dict(expected.dtypes)
    pd.testing.assert_frame_equal(back, expected, check_exact=True)
