"""Reading what people edit, safely: regular files inside their folder (files), YAML that
remembers its lines (yamlfile), and SHA-256 digests of bytes and files (digest)."""
