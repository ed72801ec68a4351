"""Documents a council takes to Ofsted and to its committees: the statement of action and the
progress report, as Word and PDF, built from the tracked actions."""
