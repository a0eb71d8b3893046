"""openai-python's names, read from the reference install (`.ref-venv`) and committed as data.

The generator reads the committed maps in spec/ (never `.ref-venv`), so `make gen` and
`make check` work without the reference; `make names` refreshes the maps from it.
"""
