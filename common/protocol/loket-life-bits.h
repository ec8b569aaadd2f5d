/* loket-life-bits.h — the two words every transition table speaks: a
 * state's bit in a row's set of from-states, and the to-state of a row
 * that leaves the state as it was.  Shared by the ticket's and counter's
 * tables (common/office/loket-life-cycle.h) and the complaint's
 * (loket-complaint-life.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

/* A row's to-state when the act leaves the state as it was (a recall, a
 * print result that arrives after the ticket was called, a hand-over, a
 * complaint's note). */
#define LOKET_LIFE_UNCHANGED (-1)

/* The bit of a state in a row's set of from-states. */
#define LOKET_LIFE_BIT(state) (1u << (state))
