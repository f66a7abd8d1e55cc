"""Parsers that split a regulation by its own structure (条・項・号, 附則) into retrieval chunks."""
