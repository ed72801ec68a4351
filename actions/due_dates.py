"""Due-date change requests: an owner asks for a new date with a reason, a manager decides."""
