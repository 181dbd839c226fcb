"""Checking: objects against the schemas and the rules, and a run over many files.

The engine runs the validity gate, the schema layer and the rules the selection
enables over every linted object, drops what a template placeholder excuses,
places each finding with the document's locator and applies suppression comments;
the runner lints the files of a run, in several processes when asked.

May import the foundation modules, ``loading``, ``openshift`` and ``rules``; never
``configuration``, ``reporting``, ``serving`` or the entry points that use it.
"""
