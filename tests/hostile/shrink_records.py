#!/usr/bin/env python3
"""Rewrites a genzoo archive (.pt) so that tensor records hold fewer bytes than their pickle declares, and
recomputes the archive's SHA-256 header, as a crafted file from a stranger would.

    shrink_records.py IN OUT KEEP [largest|all]   # the largest record (default) or every one keeps KEEP bytes
"""
import hashlib
import io
import sys
import zipfile

MAGIC = b"GENZOO-ARCHIVE-1\n"


def main(src, dst, keep, which="largest"):
    raw = open(src, "rb").read()
    body = raw[len(MAGIC) + 64:] if raw.startswith(MAGIC) else raw
    zin = zipfile.ZipFile(io.BytesIO(body))
    records = [i for i in zin.infolist() if "/data/" in i.filename and not i.filename.endswith("/")]
    chosen = records if which == "all" else [max(records, key=lambda i: i.file_size)]
    names = {i.filename for i in chosen}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            zout.writestr(info.filename, data[:keep] if info.filename in names else data)
    body = out.getvalue()
    open(dst, "wb").write(MAGIC + hashlib.sha256(body).hexdigest().encode() + body)
    print(f"{len(names)} record(s) cut to {keep} bytes")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), *sys.argv[4:])
