"""Index frameworks (PAR INDEX, SIPAS, PAPI, PCI), versioned by year, and their component trees."""
