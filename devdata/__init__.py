"""Data for trying the application out and for measuring it: the demo district and the scale generator.

Not domain code: nothing in accounts, admissions, reports or core imports this app; only its management
commands, the tests and bench/ do. It writes through the domain's public names (admissions.models,
admissions.services, core.bulk) like any other client.
"""
