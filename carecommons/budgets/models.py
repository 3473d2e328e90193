"""Personal budgets. The first part here is the personal assistants' pay calculator, which stores nothing."""
