"""Find, run and check the examples published in the knowledge base."""
