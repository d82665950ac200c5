"""Scale: the same stages on a Dask cluster (workers compute, one writer stores)."""
