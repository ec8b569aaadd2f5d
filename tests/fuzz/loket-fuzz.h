/* loket-fuzz.h — what the fuzz harnesses in tests/fuzz share.
 *
 * Each harness is one LLVMFuzzerTestOneInput().  Built with
 * -Dfuzzing=true (clang) it is linked with libFuzzer; otherwise with
 * loket-fuzz-replay.c, a g_test that runs it over every file of its
 * corpus, so that the normal suite replays the seeds and every past crash
 * on each CI run.  Either way, a GLib warning or critical is a finding:
 * loket_fuzz_init() makes them abort, and keeps the rest of the log quiet
 * so that a fuzzer's speed is not spent on printing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

G_BEGIN_DECLS

int  LLVMFuzzerInitialize   (int *argc, char ***argv);
int  LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Once per process: warnings and criticals abort, the rest is dropped
 * (LOKET_FUZZ_VERBOSE=1 keeps it, for reading a reproduction). */
void loket_fuzz_init        (void);

/* Asserts that are not compiled out, whatever the build: a fuzzer's
 * invariant must hold in every build type. */
#define loket_fuzz_assert(expr) \
  G_STMT_START { if (G_UNLIKELY (!(expr))) loket_fuzz_fail (__FILE__, __LINE__, #expr); } G_STMT_END

G_NORETURN void loket_fuzz_fail (const char *file, int line, const char *expr);

G_END_DECLS
