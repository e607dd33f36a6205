"""Use-cases: load from the database, call the engine, write. They flush, never commit."""
