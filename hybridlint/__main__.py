"""`python -m hybridlint`: the same as the `hybridlint` command."""

import sys

from .cli import main

sys.exit(main())
