"""Every code a layer reports by itself, named once: input problems, schema failures, suppressions.

Semantic rules carry their code in their ``@rule`` declaration; the codes here belong
to layers that produce findings on their own (``loading``, ``checking.validation``,
``checking.suppressions``, ``checking.engine``), and the rules in ``rules.input_problems``,
``rules.schema_failures`` and ``rules.directives`` document them.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final


# Input: what goes wrong before there is an object to check.
SYNTAX: Final = "ITL001"
DUPLICATE_KEY: Final = "ITL002"
UNSAFE_TAG: Final = "ITL003"
INVALID_KEY: Final = "ITL004"
LIMIT: Final = "ITL005"
ENCODING: Final = "ITL006"

# Schema: one code per kind of JSON Schema failure.
TYPE: Final = "ITL101"
UNKNOWN_FIELD: Final = "ITL102"
REQUIRED: Final = "ITL103"
FORMAT: Final = "ITL104"
RANGE: Final = "ITL105"
VALUE: Final = "ITL106"
OTHER: Final = "ITL107"

# The engine: a header kubectl refuses on a document meant for the image API.
UNKNOWN_KIND: Final = "ITL230"

# The linter's own directives.
UNUSED_SUPPRESSION: Final = "ITL901"
# Made where the engine opens a Template (``rules.templates``).
UNDECLARED_PARAMETER: Final = "ITL360"
