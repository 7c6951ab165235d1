"""The offline edition: what goes in, how it is checked, how it is hosted."""
