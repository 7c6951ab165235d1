"""Tools for the national knowledge-centre portal: guideline model, validation, search and bundling."""

__version__ = "0.1.0"
