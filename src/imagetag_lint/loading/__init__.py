"""Loading: which files a run reads, and their text as documents that keep every position.

Text becomes ``SourceDocument``s the way kubectl reads YAML (or JSON), each with a
``Locator`` that finds a JSON pointer in the text again; template sources that are
not manifests yet are recognised before they are parsed. What is wrong with the
input is a value (``LoadProblem``, ``LoadFailure``, ``InputError``), never an exception.

May import the foundation modules (``codes``, ``diagnostics``, ``pointers``,
``settings``) and nothing else of the package: reading text needs no knowledge of
the OpenShift API, the rules or the engine.
"""
