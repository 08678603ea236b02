"""``python -m corpus_utils.report``: the same as ``corpus-report``."""

import sys

from .runner import main

sys.exit(main())
