"""The composition root: the `fivesteps` command. It wires settings, stores, engine and app."""
