"""Put finsam-xl's VBA module into xlwings' quickstart vbaProject.bin, without Excel.

A vbaProject.bin is an OLE compound file (MS-CFB) holding the VBA project (MS-OVBA): a compressed
``dir`` stream listing the modules, one stream per module with its compressed source, and the
``PROJECT`` / ``PROJECTwm`` text streams naming them. xlwings' quickstart project already carries
no compiled p-code (its ``_VBA_PROJECT`` stream is the 7-byte header with version 0xFFFF), so Excel
compiles every module from source when the file is opened; replacing a module's source is then
enough. The quickstart's sample ``Module1`` is renamed ``finsam_xl`` and given our source.

olefile reads compound files but can only rewrite a stream in place at the same size, so this
module also writes a complete compound file (version 3, 512-byte sectors), deterministically.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator

import olefile
from oletools.olevba import decompress_stream

ENDOFCHAIN, FREESECT, FATSECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
SECTOR, MINI, CUTOFF = 512, 64, 4096


# --- MS-OVBA compression (2.4.1): the format of ``dir`` and of module sources ------------------


def _compress_chunk(data: bytes) -> bytes:
    out = bytearray()
    pos = 0
    while pos < len(data):
        flags, tokens = 0, bytearray()
        for bit in range(8):
            if pos >= len(data):
                break
            offset, length = _longest_match(data, pos)
            if length >= 3:
                bit_count = max((pos - 1).bit_length(), 4)
                token = ((offset - 1) << (16 - bit_count)) | (length - 3)
                tokens += struct.pack("<H", token)
                flags |= 1 << bit
                pos += length
            else:
                tokens.append(data[pos])
                pos += 1
        out.append(flags)
        out += tokens
    return bytes(out)


def _longest_match(data: bytes, pos: int) -> tuple[int, int]:
    """The spec's match search (2.4.1.3.19.4): the longest match, nearest first, then clamped to
    what a copy token can say. Any valid choice decodes the same; this one is the spec's."""
    if pos == 0:
        return 0, 0
    bit_count = max((pos - 1).bit_length(), 4)
    max_length = (0xFFFF >> bit_count) + 3
    best_offset, best_length = 0, 0
    for candidate in range(pos - 1, -1, -1):
        length = 0
        while pos + length < len(data) and data[candidate + length] == data[pos + length]:
            length += 1
        if length > best_length:
            best_offset, best_length = pos - candidate, length
    return best_offset, min(best_length, max_length)


def compress(data: bytes) -> bytes:
    """The MS-OVBA CompressedContainer for ``data`` (greedy longest match, per the spec)."""
    out = bytearray(b"\x01")
    for start in range(0, len(data), 4096):
        chunk = data[start : start + 4096]
        body = _compress_chunk(chunk)
        if len(body) >= 4096:  # incompressible: a raw chunk is always 4096 bytes
            out += struct.pack("<H", 0x3000 | 4095) + chunk.ljust(4096, b"\x00")
        else:
            out += struct.pack("<H", 0xB000 | (len(body) + 2 - 3)) + body
    return bytes(out)


# --- the dir stream -------------------------------------------------------------------------------


def _records(data: bytes) -> Iterator[tuple[int, bytes]]:
    pos = 0
    while pos < len(data):
        rec_id, size = struct.unpack_from("<HI", data, pos)
        if rec_id == 0x0009:  # PROJECTVERSION: its size field says 4 but 6 bytes follow
            size = 6
        yield rec_id, data[pos + 6 : pos + 6 + size]
        pos += 6 + size


def _pack(records: list[tuple[int, bytes]]) -> bytes:
    out = bytearray()
    for rec_id, body in records:
        size = 4 if rec_id == 0x0009 else len(body)
        out += struct.pack("<HI", rec_id, size) + body
    return bytes(out)


def _rename_module(dir_data: bytes, old: str, new: str) -> bytes:
    """The dir stream with module ``old`` renamed ``new`` and its source at offset 0."""
    records = list(_records(dir_data))
    inside = False
    for ix, (rec_id, body) in enumerate(records):
        if rec_id == 0x0019:  # MODULENAME starts a module's records
            inside = body == old.encode("ascii")
        if not inside:
            continue
        if rec_id in (0x0019, 0x001A):  # MODULENAME, MODULESTREAMNAME
            records[ix] = (rec_id, new.encode("ascii"))
        elif rec_id in (0x0047, 0x0032):  # their UTF-16 twins
            records[ix] = (rec_id, new.encode("utf-16-le"))
        elif rec_id == 0x0031:  # MODULEOFFSET: no p-code before the source
            records[ix] = (rec_id, struct.pack("<I", 0))
        elif rec_id == 0x002B:
            inside = False
    return _pack(records)


def patch_project(project_bin: bytes, source: str, *, old: str = "Module1", new: str) -> bytes:
    """``project_bin`` with module ``old`` replaced by ``new`` holding ``source`` (a .bas text)."""
    ole = olefile.OleFileIO(project_bin)
    try:
        streams = {"/".join(p): ole.openstream(p).read() for p in ole.listdir(streams=True)}
    finally:
        ole.close()
    if streams["VBA/_VBA_PROJECT"][2:4] != b"\xff\xff":
        raise ValueError("the project carries compiled p-code; Excel would not read new source")
    text = source.replace("\r\n", "\n").replace("\n", "\r\n")
    if not text.startswith(f'Attribute VB_Name = "{new}"'):
        raise ValueError(f'the module source must start with Attribute VB_Name = "{new}"')
    dir_data = decompress_stream(bytearray(streams["VBA/dir"]))
    streams["VBA/dir"] = compress(_rename_module(bytes(dir_data), old, new))
    del streams[f"VBA/{old}"]
    streams[f"VBA/{new}"] = compress(text.encode("cp1252"))
    project = streams["PROJECT"].decode("cp1252")
    project = project.replace(f"Module={old}\r\n", f"Module={new}\r\n")
    project = project.replace(f"\r\n{old}=", f"\r\n{new}=")
    streams["PROJECT"] = project.encode("cp1252")
    streams["PROJECTwm"] = streams["PROJECTwm"].replace(
        old.encode() + b"\x00" + old.encode("utf-16-le") + b"\x00\x00",
        new.encode() + b"\x00" + new.encode("utf-16-le") + b"\x00\x00",
    )
    return write_cfb(streams)


# --- MS-CFB writer -------------------------------------------------------------------------------


def _key(name: str) -> tuple[int, str]:
    return len(name), name.upper()  # the order CFB requires of siblings


def write_cfb(streams: dict[str, bytes]) -> bytes:
    """A version-3 compound file holding ``streams`` ("Storage/Stream" paths -> bytes)."""
    entries: list[dict[str, object]] = [{"name": "Root Entry", "type": 5, "kids": []}]
    index = {"": 0}
    for path in sorted(streams, key=lambda p: [_key(x) for x in p.split("/")]):
        parts = path.split("/")
        for depth in range(1, len(parts) + 1):
            sub = "/".join(parts[:depth])
            if sub in index:
                continue
            is_stream = depth == len(parts)
            index[sub] = len(entries)
            entries.append({"name": parts[depth - 1], "type": 2 if is_stream else 1, "kids": []})
            parent = entries[index["/".join(parts[: depth - 1])]]
            parent["kids"].append(index[sub])  # type: ignore[attr-defined]
            if is_stream:
                entries[-1]["data"] = streams[path]
    # Small streams share the mini stream, in 64-byte mini sectors.
    mini, minifat = bytearray(), []
    big: list[tuple[dict[str, object], bytes]] = []
    for entry in entries:
        data = entry.get("data")
        if not isinstance(data, bytes):
            continue
        if len(data) < CUTOFF:
            first, count = len(mini) // MINI, max(1, -(-len(data) // MINI))
            entry["start"] = first if data else ENDOFCHAIN
            minifat += [first + i + 1 for i in range(count - 1)] + [ENDOFCHAIN]
            mini += data.ljust(count * MINI, b"\x00")
        else:
            big.append((entry, data))
    body, chains = bytearray(), []

    def place(data: bytes) -> int:
        if not data:
            return ENDOFCHAIN
        first, count = len(body) // SECTOR, -(-len(data) // SECTOR)
        chains.append((first, count))
        body.extend(data.ljust(count * SECTOR, b"\x00"))
        return first

    for entry, data in big:
        entry["start"] = place(data)
    entries[0]["start"] = place(bytes(mini))
    entries[0]["data"] = bytes(mini)
    dir_start = place(_directory(entries))
    minifat_bytes = struct.pack(f"<{len(minifat)}I", *minifat) if minifat else b""
    minifat_start = place(minifat_bytes)
    n_fat = 1
    while (len(body) // SECTOR + n_fat) > n_fat * (SECTOR // 4):
        n_fat += 1
    fat = [FREESECT] * (n_fat * SECTOR // 4)
    for first, count in chains:
        for i in range(count):
            fat[first + i] = first + i + 1 if i < count - 1 else ENDOFCHAIN
    fat_first = len(body) // SECTOR
    for i in range(n_fat):
        fat[fat_first + i] = FATSECT
    if n_fat > 109:
        raise ValueError("file too large for a header-only DIFAT")
    difat = [fat_first + i for i in range(n_fat)] + [FREESECT] * (109 - n_fat)
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack(
            "<IIIIIIIII",
            0,
            n_fat,
            dir_start,
            0,
            CUTOFF,
            minifat_start,
            -(-len(minifat_bytes) // SECTOR),
            ENDOFCHAIN,
            0,
        )
        + struct.pack("<109I", *difat)
    )
    return header + bytes(body) + struct.pack(f"<{len(fat)}I", *fat)


def _tree(kids: list[int], entries: list[dict[str, object]]) -> int:
    """Link ``kids`` as a balanced binary search tree; its root. Nodes on the deepest level of
    an incomplete tree are red, the rest black, which satisfies the red-black rules CFB asks."""
    order = sorted(kids, key=lambda k: _key(str(entries[k]["name"])))
    depth: dict[int, int] = {}

    def build(lo: int, hi: int, level: int) -> int:
        if lo >= hi:
            return NOSTREAM
        mid = (lo + hi) // 2
        node = order[mid]
        depth[node] = level
        entries[node]["left"] = build(lo, mid, level + 1)
        entries[node]["right"] = build(mid + 1, hi, level + 1)
        return node

    root = build(0, len(order), 0)
    deepest = max(depth.values(), default=0)
    perfect = len(order) == 2 ** (deepest + 1) - 1
    for node, level in depth.items():
        entries[node]["color"] = 0 if (level == deepest and not perfect and deepest) else 1
    return root


def _directory(entries: list[dict[str, object]]) -> bytes:
    for entry in entries:
        entry["child"] = _tree(entry["kids"], entries) if entry["kids"] else NOSTREAM  # type: ignore[arg-type]
    out = bytearray()
    for entry in entries:
        name = str(entry["name"]).encode("utf-16-le")
        data = entry.get("data")
        size = len(data) if isinstance(data, bytes) and entry["type"] != 1 else 0
        start = entry.get("start", 0) if entry["type"] != 1 else 0
        out += name.ljust(64, b"\x00") + struct.pack(
            "<HBBIII16sIQQIQ",
            len(name) + 2,
            entry["type"],
            entry.get("color", 1),
            entry.get("left", NOSTREAM),
            entry.get("right", NOSTREAM),
            entry["child"],
            bytes(16),
            0,
            0,
            0,
            start,
            size,
        )
    while len(out) % SECTOR:
        out += bytes(64) + struct.pack(
            "<HBBIII16sIQQIQ", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM, bytes(16), 0, 0, 0, 0, 0
        )
    return bytes(out)
