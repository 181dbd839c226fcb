"""The admission webhook's library entry point: ``review(request) -> response``.

A public name kept stable for webhook authors; the implementation lives in
:mod:`imagetag_lint.serving.admission`, beside the HTTPS server that uses it.
"""

from __future__ import annotations

from .serving.admission import review

__all__ = ["review"]
