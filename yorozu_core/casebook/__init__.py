"""事例集 (case studies): the exchange file format, similar-case retrieval and draft composition.

Django-free: ``exchange`` reads and writes the versioned JSON format, ``similar`` ranks case studies
against a new 相談票 with the Japanese retrieval core, ``draft`` turns a finished case's figures into
the text of the national 事例 shape (概要・課題・解決の手法・成果・継続性・運用期間).
"""
