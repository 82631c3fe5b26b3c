"""An ICC profile's names replaced, for the plain kit's posters: a profile's description and
device names are free text that may name whoever made it (the bundled one says "pressroom
FOGRA39 …"), and a PDF/X-4 poster embeds the profile whole in its output intent.

Only ICC v2 text description tags (`desc`, `dmnd`, `dmdd`, of type `desc`) are rewritten, in
place: the tag keeps its size, its ASCII text becomes the new name (cut to fit), and its Unicode
and ScriptCode parts are emptied. v2 profiles carry no checksum, so nothing else changes. A
profile of another version is returned as it is.
"""

from __future__ import annotations

NAMED_TAGS = (b"desc", b"dmnd", b"dmdd")  # profile description, device maker and model
HEADER = 128  # bytes before the tag count


def renamed(profile: bytes, name: str) -> bytes:
    """`profile` with every text description tag saying `name` (ASCII), when it is ICC v2."""
    if len(profile) < HEADER + 4 or profile[8] != 2:
        return profile
    out = bytearray(profile)
    count = int.from_bytes(profile[HEADER : HEADER + 4], "big")
    for i in range(count):
        entry = HEADER + 4 + 12 * i
        sig = profile[entry : entry + 4]
        offset = int.from_bytes(profile[entry + 4 : entry + 8], "big")
        size = int.from_bytes(profile[entry + 8 : entry + 12], "big")
        if sig in NAMED_TAGS and profile[offset : offset + 4] == b"desc" and size >= 91:
            out[offset : offset + size] = _description(name, size)
    return bytes(out)


def _description(name: str, size: int) -> bytes:
    """A textDescriptionType tag of `size` bytes holding `name` (cut to fit), nothing else."""
    room = size - 12 - 8 - 3 - 67 - 1  # the header, Unicode and ScriptCode parts, the NUL
    text = name.encode("ascii", "replace")[: max(0, room)] + b"\0"
    tag = b"desc" + bytes(4) + len(text).to_bytes(4, "big") + text
    return tag + bytes(size - len(tag))  # Unicode and ScriptCode parts: empty (counts 0)
