"""The press room's files: the fact sheets (factsheet) and the logo pack and favicon (logos)."""
