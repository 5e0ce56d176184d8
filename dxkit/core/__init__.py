"""The core: a framework as data, its rule types, the engine, the Assessment; nothing above it."""
