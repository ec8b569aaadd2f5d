#!/usr/bin/env python3
# loket-web-minify.py — the style sheets and the script as loket-web
# serves them: the sources' comments and indentation left out, so that a
# phone's first load stays under the page budget (docs/web.md) while the
# files in web/ stay written for people.  Conservative on purpose: block
# comments and leading and trailing white space only, plus, in CSS, the
# spaces around punctuation; nothing that could change what runs.  A
# block comment opener inside a string would break this, so the script
# refuses a line with one after a quote.
#
# Usage: loket-web-minify.py INPUT OUTPUT
#
# SPDX-License-Identifier: GPL-3.0-or-later
import re
import sys

source, output = sys.argv[1], sys.argv[2]
text = open(source, encoding="utf-8").read()
for line in text.splitlines():
    if re.search(r"[\"'].*/\*", line):
        sys.exit(f"{source}: a comment opener after a quote: {line.strip()}")
text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
lines = [line.strip() for line in text.splitlines()]
if source.endswith(".css"):
    text = " ".join(line for line in lines if line)
    text = re.sub(r"\s*([{};,>])\s*", r"\1", text)
    text = re.sub(r":\s+", ":", text)   # "color: red" (a selector's ":" has no space after it)
    text = text.replace(";}", "}") + "\n"
else:
    # Each statement keeps its line: no reliance on semicolons being there.
    text = "\n".join(line for line in lines if line) + "\n"
open(output, "w", encoding="utf-8").write(text)
