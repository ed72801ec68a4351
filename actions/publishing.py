"""What the public sees of an action and when an inspection may be published."""
