"""Exports: the contract's document JSON, tables as JSONL/CSV/Parquet, the
actor network as GraphML."""
