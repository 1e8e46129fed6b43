"""The pure core: text in, frozen structures out. No I/O, no framework, no network."""
