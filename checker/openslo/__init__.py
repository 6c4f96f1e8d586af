"""OpenSLO v1: a standard's measurable requirements as SLO/SLI documents, and back as a draft.

Why: monitoring tools (Nobl9, Sloth, OpenSLO-aware dashboards) watch SLOs continuously, while
servcheck judges recorded events after the fact. Exporting the requirements a monitoring tool can
watch lets one definition serve both; importing OpenSLO documents gives a writer a draft standard
to start from. Neither side can say everything the other says, so every translation returns the
list of what it could not carry (:class:`~checker.openslo.losses.Loss`), never dropping anything
silently.

Modules: :mod:`~checker.openslo.mapping` (periods ↔ time windows, targets ↔ fractions),
:mod:`~checker.openslo.validate` (servcheck's OpenSLO v1 JSON Schema), :mod:`~checker.openslo.export`
(standard → documents), :mod:`~checker.openslo.importing` (documents → draft standard),
:mod:`~checker.openslo.inputs` (the standard and its rule library, lint-gated). See docs/openslo.md.
"""
