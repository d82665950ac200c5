"""The shells over the library: CLI, REST API and web page (the only modules
allowed to print)."""
