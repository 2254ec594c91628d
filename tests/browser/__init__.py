"""Real-browser tests of the lessons (JupyterLab, Notebook 7, Voila): run with `pytest -m browser`."""
