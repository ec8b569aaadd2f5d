/* test-web-limiter.c — the public gateway's rate per address
 * (web/loket-web-limiter.h): a burst, then the rate; the wait it names;
 * exempt networks; and a table that stays bounded when many addresses
 * come at once, without giving newcomers the known ones' share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-web-limiter.h"

#include <string.h>

#define SECOND G_USEC_PER_SEC

static void
test_burst_then_rate (void)
{
  g_autoptr(LoketWebLimiter) limiter = loket_web_limiter_new (2, 5, 100);
  guint after = 0;

  for (guint i = 0; i < 5; i++)
    g_assert_true (loket_web_limiter_take (limiter, "192.0.2.1", 0, &after));
  g_assert_false (loket_web_limiter_take (limiter, "192.0.2.1", 0, &after));
  g_assert_cmpuint (after, ==, 1);
  /* Half a second brings one back (two a second)… */
  g_assert_true (loket_web_limiter_take (limiter, "192.0.2.1", SECOND / 2, &after));
  g_assert_false (loket_web_limiter_take (limiter, "192.0.2.1", SECOND / 2, &after));
  /* …an idle minute the whole burst, and no more. */
  for (guint i = 0; i < 5; i++)
    g_assert_true (loket_web_limiter_take (limiter, "192.0.2.1", 60 * SECOND, &after));
  g_assert_false (loket_web_limiter_take (limiter, "192.0.2.1", 60 * SECOND, &after));
  /* Another address has its own. */
  g_assert_true (loket_web_limiter_take (limiter, "192.0.2.2", 60 * SECOND, &after));
  g_assert_cmpuint (loket_web_limiter_get_size (limiter), ==, 2);
}

/* A slow rate names a longer wait, in whole seconds rounded up. */
static void
test_retry_after (void)
{
  g_autoptr(LoketWebLimiter) limiter = loket_web_limiter_new (0.25, 1, 100);
  guint after = 0;

  g_assert_true (loket_web_limiter_take (limiter, "2001:db8::1", 0, &after));
  g_assert_false (loket_web_limiter_take (limiter, "2001:db8::1", 0, &after));
  g_assert_cmpuint (after, ==, 4);
  g_assert_false (loket_web_limiter_take (limiter, "2001:db8::1", 3 * SECOND, &after));
  g_assert_cmpuint (after, ==, 1);
  g_assert_true (loket_web_limiter_take (limiter, "2001:db8::1", 4 * SECOND, &after));
}

static void
test_exempt (void)
{
  g_autoptr(LoketWebLimiter) limiter = loket_web_limiter_new (1, 1, 100);
  const char *networks[] = { "10.1.0.0/16", " 2001:db8::/32 ", NULL };
  const char *bad[] = { "10.1.0.0/16", "the office wifi", NULL };
  g_autoptr(GError) error = NULL;
  guint after = 0;

  g_assert_true (loket_web_limiter_set_exempt (limiter, networks, &error));
  for (guint i = 0; i < 100; i++)
    {
      g_assert_true (loket_web_limiter_take (limiter, "10.1.200.7", 0, &after));
      g_assert_true (loket_web_limiter_take (limiter, "2001:db8:5::9", 0, &after));
    }
  g_assert_true (loket_web_limiter_take (limiter, "10.2.0.1", 0, &after));
  g_assert_false (loket_web_limiter_take (limiter, "10.2.0.1", 0, &after));
  g_assert_cmpuint (loket_web_limiter_get_size (limiter), ==, 1);
  g_assert_false (loket_web_limiter_set_exempt (limiter, bad, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "“the office wifi” is not a network"));
}

/* A thousand new addresses against a table of ten: the table stays at
 * ten; idle addresses make room again; the known keep their share. */
static void
test_bounded (void)
{
  g_autoptr(LoketWebLimiter) limiter = loket_web_limiter_new (1, 2, 10);
  guint after = 0, admitted = 0;

  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *address = g_strdup_printf ("198.51.100.%u", i);

      g_assert_true (loket_web_limiter_take (limiter, address, 0, &after));
    }
  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *address = g_strdup_printf ("203.0.%u.%u", i / 256, i % 256);

      admitted += loket_web_limiter_take (limiter, address, 0, &after);
    }
  g_assert_cmpuint (loket_web_limiter_get_size (limiter), ==, 10);
  g_assert_cmpuint (admitted, ==, 2);   /* the newcomers' one shared burst */
  g_assert_true (loket_web_limiter_take (limiter, "198.51.100.3", 0, &after));
  /* Ten seconds later every known bucket is full again: forgotten, and
   * a new address gets a bucket of its own. */
  g_assert_true (loket_web_limiter_take (limiter, "192.0.2.99", 10 * SECOND, &after));
  g_assert_true (loket_web_limiter_take (limiter, "192.0.2.99", 10 * SECOND, &after));
  g_assert_false (loket_web_limiter_take (limiter, "192.0.2.99", 10 * SECOND, &after));
  g_assert_cmpuint (loket_web_limiter_get_size (limiter), ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/web-limiter/burst-then-rate", test_burst_then_rate);
  g_test_add_func ("/web-limiter/retry-after", test_retry_after);
  g_test_add_func ("/web-limiter/exempt", test_exempt);
  g_test_add_func ("/web-limiter/bounded", test_bounded);
  return g_test_run ();
}
