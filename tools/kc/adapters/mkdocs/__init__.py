"""The MkDocs adapter: a thin plugin over the plain modules of `kc`."""
