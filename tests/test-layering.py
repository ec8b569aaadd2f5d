#!/usr/bin/env python3
# test-layering.py — the shape of the tree holds (docs/architecture.md):
# four libraries, each including only the libraries below it, and the
# programs linking only what they need.  TAP on stdout.
#
#   protocol ← report ← office        protocol ← app
#
# A header included from a library it may not use fails here before it
# turns into a link-time dependency (the apps pulling in SQLite, loketd
# pulling in cairo).  The programs are checked by their ELF NEEDED
# entries (readelf -d), the libraries they load themselves.  And
# po/POTFILES.in lists every source with strings to translate.
#
# No app and not loketd link libpq (loket-sync and loketctl do, and
# loket-web for --central, the region's page: it links the region's query
# library, sync/libloket_region, which holds no SQLite, and still no cairo
# or pango — the report library's PDF writers stay out of it).
#
# Usage: test-layering.py SOURCE_ROOT KIOSK DISPLAY COUNTER LOKETD WEB [SYNC]
#
# loket-sync (sync/, where libpq is) sits beside loketd: it may include
# protocol, report and office, and of app only the connection settings
# (loket-app-connection.h: libloket-connection, no GTK, which loket-web
# uses too — the sync tells the supervisors through loketd), and links
# SQLite and libpq but no GTK or cairo.
#
# SPDX-License-Identifier: GPL-3.0-or-later
import os
import re
import subprocess
import sys

ALLOWED = {
    "protocol": {"protocol"},
    "report": {"protocol", "report"},
    "office": {"protocol", "report", "office"},
    "app": {"protocol", "app"},
}

results = []


def check(ok, name, detail=""):
    results.append((ok, name, detail))


def library_headers(common):
    where = {}
    for lib in ALLOWED:
        for f in os.listdir(os.path.join(common, lib)):
            if f.endswith(".h"):
                where[f] = lib
    return where


def check_includes(common):
    where = library_headers(common)
    for lib, allowed in ALLOWED.items():
        folder = os.path.join(common, lib)
        wrong = []
        for f in sorted(os.listdir(folder)):
            if not f.endswith((".c", ".h")):
                continue
            text = open(os.path.join(folder, f), encoding="utf-8").read()
            for header in re.findall(r'^#include\s+"([^"]+)"', text, re.M):
                owner = where.get(header)
                if owner is not None and owner not in allowed:
                    wrong.append(f"{f} includes {owner}/{header}")
            if lib != "office" and re.search(r"^#include\s+<sqlite3\.h>", text, re.M):
                wrong.append(f"{f} includes sqlite3.h")
        check(not wrong, f"common/{lib} includes only {', '.join(sorted(allowed))}",
              "; ".join(wrong))


def needed(binary):
    out = subprocess.run(["readelf", "-d", binary], check=True,
                         capture_output=True, text=True).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out)


def check_links(kiosk, display, counter, loketd, web):
    for name, binary in (("kiosk", kiosk), ("board", display), ("counter", counter)):
        libs = needed(binary)
        check(libs and not any(l.startswith("libsqlite3") for l in libs),
              f"the {name} does not link SQLite", " ".join(libs))
    libs = needed(loketd)
    bad = [l for l in libs if l.startswith(("libcairo", "libpango", "libgtk"))]
    check(libs and any(l.startswith("libsqlite3") for l in libs) and not bad,
          "loketd links SQLite and not cairo, pango or GTK", " ".join(libs))
    libs = needed(web)
    bad = [l for l in libs if l.startswith(("libsqlite3", "libcairo", "libpango", "libgtk", "libadwaita"))]
    check(libs and any(l.startswith("libsoup-3") for l in libs) and not bad,
          "loket-web links libsoup and not SQLite, cairo, pango or GTK", " ".join(libs))
    # The region's PostgreSQL is for loket-sync and the tools that read the
    # centre (loketctl report --central, loket-web --central): no app and
    # not loketd link libpq.
    linking = [name for name, binary in (("kiosk", kiosk), ("board", display), ("counter", counter),
                                         ("loketd", loketd))
               if any(l.startswith("libpq") for l in needed(binary))]
    check(not linking, "no app and not loketd link libpq", " ".join(linking))


TRANSLATABLE = re.compile(r'\b(?:_|N_|C_|g_dngettext)\s*\(|translatable="yes"')


def check_potfiles(root):
    """po/POTFILES.in names existing files, and every program source a
    person reads strings from (gettext calls, translatable UI): a moved
    file would otherwise drop its strings from the next loket.pot."""
    listed = set()
    for line in open(os.path.join(root, "po", "POTFILES.in"), encoding="utf-8"):
        line = line.strip()
        if line and not line.startswith("#"):
            listed.add(line)
    missing = sorted(f for f in listed if not os.path.isfile(os.path.join(root, f)))
    check(not missing, "po/POTFILES.in names only files that exist", " ".join(missing))
    unlisted = []
    for top in ("common", "kiosk", "display", "counter", "server", "web"):
        for folder, _, files in os.walk(os.path.join(root, top)):
            for f in files:
                if not f.endswith((".c", ".ui")):
                    continue
                path = os.path.relpath(os.path.join(folder, f), root)
                text = open(os.path.join(root, path), encoding="utf-8").read()
                if TRANSLATABLE.search(text) and path not in listed:
                    unlisted.append(path)
    check(not unlisted, "po/POTFILES.in lists every source with translatable strings",
          " ".join(sorted(unlisted)))


def check_sync(root, sync):
    where = library_headers(os.path.join(root, "common"))
    folder = os.path.join(root, "sync")
    wrong = []
    for f in sorted(os.listdir(folder)):
        if f.endswith((".c", ".h")):
            text = open(os.path.join(folder, f), encoding="utf-8").read()
            for header in re.findall(r'^#include\s+"([^"]+)"', text, re.M):
                if where.get(header) == "app" and header != "loket-app-connection.h":
                    wrong.append(f"{f} includes app/{header}")
    check(not wrong, "sync/ includes only protocol, report, office and app's connection settings",
          "; ".join(wrong))
    libs = needed(sync)
    bad = [l for l in libs if l.startswith(("libcairo", "libpango", "libgtk", "libadwaita"))]
    check(any(l.startswith("libpq") for l in libs) and any(l.startswith("libsqlite3") for l in libs)
          and not bad, "loket-sync links libpq and SQLite and not cairo, pango or GTK",
          " ".join(libs))


def main():
    if len(sys.argv) not in (7, 8):
        print(__doc__, file=sys.stderr)
        return 2
    root, kiosk, display, counter, loketd, web = sys.argv[1:7]
    if len(sys.argv) == 8:
        check_sync(root, sys.argv[7])
    check_includes(os.path.join(root, "common"))
    check_potfiles(root)
    check_links(kiosk, display, counter, loketd, web)
    print(f"1..{len(results)}")
    for i, (ok, name, detail) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {i} {name}")
        if not ok and detail:
            print(f"# {detail}")
    return 0 if all(ok for ok, _, _ in results) else 1


sys.exit(main())
