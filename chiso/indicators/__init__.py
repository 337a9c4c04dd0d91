"""The indicator catalog: pure definitions of the service indicators, below plans and metrics."""
