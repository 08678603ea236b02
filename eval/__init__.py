"""The project's own evaluation: hand-coded gold files for the seeds and the scores against them.

``python -m eval.run`` (``make evaluate``) runs the study's claims, phrase-family and recycled-passage
steps on ``seeds/`` with the notebooks' default parameters and prints precision and recall against
``eval/claims.csv``, ``eval/families.csv`` and ``eval/passages.csv``, and whether the targets are met.
"""
