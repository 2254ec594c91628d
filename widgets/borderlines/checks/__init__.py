"""The content check: every text the course shows, against the report and the wording
rules of ``seeds/wording.yaml`` (``python -m borderlines check``). A teacher's and CI's
tool; a lesson kernel never imports it.
"""
