"""The `ttx` command line."""
