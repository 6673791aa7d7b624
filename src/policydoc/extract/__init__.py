"""Extractors: one module per concern, each an ordered set of strategies over a structured Document.

``header`` (GB/T 9704 fields), ``doc_number`` and ``dates`` (value parsers), ``citations``, ``region``,
``joint_meeting``, ``news``. Their pipeline components are registered in ``components``, which the
pipeline imports, so that importing a value parser never pulls in the whole stage graph.
"""
