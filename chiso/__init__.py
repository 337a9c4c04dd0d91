"""chiso: plan, track, measure and report the work behind PAR INDEX, SIPAS and PAPI."""
