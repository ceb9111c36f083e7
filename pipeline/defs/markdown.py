"""Frames as markdown, for previews and check samples in the Dagster UI."""
import polars as pl


def markdown_table(frame: pl.DataFrame) -> str:
    """Rows as a markdown table (cells cut at 80 characters)."""
    if frame.height == 0:
        return "_(no rows)_"
    def cell(value) -> str:
        return str(value).replace("|", "\\|").replace("\n", " ")[:80]
    lines = ["| " + " | ".join(frame.columns) + " |", "|" + "---|" * frame.width]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in frame.iter_rows()]
    return "\n".join(lines)
