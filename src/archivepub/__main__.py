"""``python -m archivepub``: the command line."""

import sys

from archivepub.cli import main

sys.exit(main())
