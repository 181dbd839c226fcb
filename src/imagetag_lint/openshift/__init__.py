"""The OpenShift image API as the server reads it: kinds, schemas, type graph, Go checks.

Which documents are linted and as which type, the packaged JSON Schemas and the
type graph read from them, and dependency-free ports of the server's own code
(metadata, pull specs, times, template parameters) with its messages verbatim.

May import the foundation modules only, so the schema layer and every rule share
one reading of the API and none of it depends on how objects were loaded.
"""
