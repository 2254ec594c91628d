"""A whole class on a real JupyterHub on loopback (run with `pytest -m hub`)."""
