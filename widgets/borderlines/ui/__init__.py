"""Every widget a lesson shows (ipywidgets; plotly figures as plain JSON, never plotly).

Lessons import them through the package (``from borderlines import Quiz``), which
imports each on first use.
"""
