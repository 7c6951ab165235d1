"""The rules of `kc validate`, one module per family, each yielding findings."""
