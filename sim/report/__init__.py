"""Reports: JSON-ready sections, Markdown, result folders with their manifest."""
