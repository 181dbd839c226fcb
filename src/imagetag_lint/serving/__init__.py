"""Serving: the admission webhook, as a library call (``review``) and as an HTTPS server.

May import the foundation modules, ``openshift`` and ``checking``. The command line
starts the server (``imagetag-lint serve``); ``imagetag_lint.admission`` re-exports
``review`` under its public name.
"""
