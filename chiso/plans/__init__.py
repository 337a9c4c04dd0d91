"""Plans and their tasks, deadlines and targets, cascading from the province to the divisions."""
