"""Configuration: configuration files and command-line options, to ``Settings`` per file.

Only the command line uses it; the Python API and the webhook take ``Settings``
directly. Every key is checked where it is read, against the layers that own
its values.

May import the foundation modules, ``openshift`` (kind names), ``checking`` (rule
selection) and ``reporting`` (format names); nothing imports it but the command line.
"""
