"""A student's work and the teacher's view of it: the work store, ``start_lesson``, the
hand-in and the class summary. No UI library is imported.
"""
