"""What is built from the course, never imported by a lesson kernel: the answer key, the
printable pack (HTML and PDF) and the JupyterLite site.
"""
