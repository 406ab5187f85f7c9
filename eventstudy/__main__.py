"""Allow ``python -m eventstudy``."""

import sys

from eventstudy.cli import main

if __name__ == "__main__":
    sys.exit(main())
