"""Settings every command needs, kept free of heavy imports.

``czt-kg`` reads these while building its argument parser; importing rdflib (through
:mod:`graph.vocab`) for one string cost every command ~0.15 s of start-up.
"""

#: Base of every IRI the project mints (entities, documents, assertions), unless --base says otherwise.
DEFAULT_BASE = "https://w3id.org/czt-kg/"
