"""`python -m hybridlint.server`: the language server on stdio."""

import sys

from . import main

sys.exit(main())
