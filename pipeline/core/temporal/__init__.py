"""Temporal tagging: find TIMEX3 expressions in English text and normalize them.

The entry point is `pipeline.core.temporal.tagger.tag(text, dct, doc_type)`; the rule tables live in
`resources/en/` (one TSV per family) and are loaded by `lexicon`.
"""
