"""hybridlint: catches tf.function (hybridization) hazards and fixes them."""

__version__ = "0.1.0"

# Rule pages are generated into docs/rules/ of the repository; diagnostics link there.
DOCS_BASE_URL = "https://github.com/hybridlint/hybridlint/blob/main/docs/rules"
