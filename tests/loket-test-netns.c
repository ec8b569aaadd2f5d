/* loket-test-netns.c — network namespaces, veth pairs and their clean-up,
 * driven through iproute2's `ip` as an administrator would.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "loket-test-netns.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#define NETNS_PREFIX "loket-test-"
#define VETH_PREFIX "lkt"          /* + pid + o|i + n: within IFNAMSIZ */
#define NETNS_DIR "/run/netns"

/* Runs `ip` with the NULL-terminated arguments; FALSE with what it said. */
static gboolean
ip_run (GError **error, const char *first, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *err = NULL;
  int status = 0;
  va_list list;

  g_ptr_array_add (argv, "ip");
  va_start (list, first);
  for (const char *a = first; a != NULL; a = va_arg (list, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (list);
  g_ptr_array_add (argv, NULL);
  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &err, &status, error))
    return FALSE;
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_autofree char *line = g_strjoinv (" ", (char **) argv->pdata);

      g_set_error (error, G_SPAWN_EXIT_ERROR, status, "%s: %s", line, g_strstrip (err));
      return FALSE;
    }
  return TRUE;
}

/* The same, where a failure is the test's failure. */
#define IP_OR_FAIL(...) G_STMT_START {                                  \
    g_autoptr(GError) ip_error = NULL;                                  \
    if (!ip_run (&ip_error, __VA_ARGS__, NULL))                         \
      g_error ("%s", ip_error->message);                                \
  } G_STMT_END

/* Whether the pid in @digits (up to its first non-digit) still runs. */
static gboolean
pid_alive (const char *digits)
{
  pid_t pid = (pid_t) strtol (digits, NULL, 10);

  return pid > 0 && (kill (pid, 0) == 0 || errno == EPERM);
}

/* Namespaces and veths left by test runs that died before their guardian
 * could clean up (it was killed too): gone before we make ours. */
static void
sweep_stale (void)
{
  g_autoptr(GDir) netns = g_dir_open (NETNS_DIR, 0, NULL);
  g_autoptr(GDir) links = g_dir_open ("/sys/class/net", 0, NULL);
  const char *name;

  while (netns != NULL && (name = g_dir_read_name (netns)) != NULL)
    if (g_str_has_prefix (name, NETNS_PREFIX) && !pid_alive (name + strlen (NETNS_PREFIX)))
      {
        g_test_message ("removing the stale network namespace %s", name);
        ip_run (NULL, "netns", "delete", name, NULL);
      }
  while (links != NULL && (name = g_dir_read_name (links)) != NULL)
    if (g_str_has_prefix (name, VETH_PREFIX) && g_ascii_isdigit (name[strlen (VETH_PREFIX)]) &&
        !pid_alive (name + strlen (VETH_PREFIX)))
      {
        g_test_message ("removing the stale link %s", name);
        ip_run (NULL, "link", "delete", name, NULL);
      }
}

static void
guardian_setup (gpointer user_data)
{
  /* Its own session: a test runner that kills the test's process group
   * on a timeout leaves the guardian to do its work. */
  setsid ();
}

/* A shell that waits for the end of its standard input — the test closing
 * it, or dying — and then deletes the veth pair and the namespace.  The
 * pair explicitly: a namespace outlives its deletion while any socket in
 * it lingers (loketd's, killed while its replies went nowhere, still
 * retransmitting its FIN), and the pair with it. */
static void
start_guardian (LoketTestNetns *ns)
{
  const char *argv[] = { "/bin/sh", "-c",
                         "cat >/dev/null; ip link delete \"$1\"; exec ip netns delete \"$0\"",
                         ns->name, ns->outer_if, NULL };
  g_autoptr(GError) error = NULL;

  g_spawn_async_with_pipes (NULL, (char **) argv, NULL,
                            G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                            guardian_setup, NULL, &ns->guardian, &ns->guardian_fd, NULL, NULL, &error);
  g_assert_no_error (error);
  /* Only the test may hold the pipe open, not loketd or another child. */
  fcntl (ns->guardian_fd, F_SETFD, FD_CLOEXEC);
}

/* A /30 of 198.18.0.0/15 that no link of this namespace uses yet. */
static void
pick_addresses (LoketTestNetns *ns, guint n)
{
  g_autofree char *in_use = NULL;
  const char *argv[] = { "ip", "-o", "-4", "address", "show", NULL };
  guint32 index = ((guint32) getpid () * 8 + n) & 0x7fff;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &in_use, NULL, NULL, NULL));
  for (guint tries = 0; tries < 0x8000; tries++, index = (index + 1) & 0x7fff)
    {
      guint32 base = (198u << 24 | 18u << 16) + index * 4;
      g_autofree char *needle = NULL;

      g_free (ns->outer_addr);
      g_free (ns->inner_addr);
      ns->outer_addr = g_strdup_printf ("%u.%u.%u.%u", base >> 24, (base >> 16) & 255, (base >> 8) & 255, (base & 255) + 1);
      ns->inner_addr = g_strdup_printf ("%u.%u.%u.%u", base >> 24, (base >> 16) & 255, (base >> 8) & 255, (base & 255) + 2);
      needle = g_strdup_printf (" %s/", ns->outer_addr);
      if (strstr (in_use, needle) == NULL)
        return;
    }
  g_error ("no free /30 in 198.18.0.0/15");
}

LoketTestNetns *
loket_test_netns_new (char **why_not)
{
  static guint n_made;
  g_autoptr(LoketTestNetns) ns = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ip = g_find_program_in_path ("ip");
  g_autofree char *outer_cidr = NULL;
  g_autofree char *inner_cidr = NULL;
  guint n = ++n_made;

  if (geteuid () != 0)
    {
      *why_not = g_strdup ("a network namespace needs root");
      return NULL;
    }
  if (ip == NULL)
    {
      *why_not = g_strdup ("ip (package iproute2) is not installed");
      return NULL;
    }
  sweep_stale ();
  ns = g_new0 (LoketTestNetns, 1);
  ns->guardian_fd = -1;
  ns->name = g_strdup_printf (NETNS_PREFIX "%d-%u", (int) getpid (), n);
  if (!ip_run (&error, "netns", "add", ns->name, NULL))
    {
      *why_not = g_strdup_printf ("cannot make a network namespace here: %s", error->message);
      g_clear_pointer (&ns->name, g_free);   /* nothing to remove */
      return NULL;
    }
  ns->outer_if = g_strdup_printf (VETH_PREFIX "%do%u", (int) getpid (), n);
  ns->inner_if = g_strdup_printf (VETH_PREFIX "%di%u", (int) getpid (), n);
  start_guardian (ns);
  pick_addresses (ns, n);
  outer_cidr = g_strdup_printf ("%s/30", ns->outer_addr);
  inner_cidr = g_strdup_printf ("%s/30", ns->inner_addr);
  /* Made with its far end already inside: no moment where a half-made
   * pair sits in the test's namespace. */
  IP_OR_FAIL ("link", "add", ns->outer_if, "type", "veth", "peer", "name", ns->inner_if, "netns", ns->name);
  IP_OR_FAIL ("address", "add", outer_cidr, "dev", ns->outer_if);
  IP_OR_FAIL ("link", "set", ns->outer_if, "up");
  IP_OR_FAIL ("-n", ns->name, "address", "add", inner_cidr, "dev", ns->inner_if);
  IP_OR_FAIL ("-n", ns->name, "link", "set", ns->inner_if, "up");
  IP_OR_FAIL ("-n", ns->name, "link", "set", "lo", "up");
  ns->link_up = TRUE;
  g_test_message ("network namespace %s: %s (%s) <-> %s (%s)", ns->name, ns->outer_addr, ns->outer_if,
                  ns->inner_addr, ns->inner_if);
  return g_steal_pointer (&ns);
}

void
loket_test_netns_set_link (LoketTestNetns *ns,
                           gboolean        up)
{
  IP_OR_FAIL ("link", "set", ns->outer_if, up ? "up" : "down");
  ns->link_up = up;
}

void
loket_test_netns_drop_replies (LoketTestNetns *ns,
                               gboolean        drop)
{
  g_autofree char *to = g_strdup_printf ("%s/32", ns->outer_addr);

  /* A route more precise than the link's own /30 wins: everything loketd
   * sends towards the test's end goes nowhere, silently, as on a cable
   * that lost one direction. */
  IP_OR_FAIL ("-n", ns->name, "route", drop ? "add" : "delete", "blackhole", to);
  ns->replies_dropped = drop;
}

void
loket_test_netns_free (LoketTestNetns *ns)
{
  g_autofree char *path = NULL;
  int status = 0;

  if (ns == NULL)
    return;
  if (ns->guardian_fd >= 0)
    {
      g_autofree char *link = g_build_filename ("/sys/class/net", ns->outer_if, NULL);

      /* The guardian removes them, the one way they ever go. */
      close (ns->guardian_fd);
      g_assert_cmpint (waitpid (ns->guardian, &status, 0), ==, ns->guardian);
      g_spawn_close_pid (ns->guardian);
      path = g_build_filename (NETNS_DIR, ns->name, NULL);
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
      g_assert_false (g_file_test (link, G_FILE_TEST_EXISTS));
    }
  g_free (ns->name);
  g_free (ns->outer_if);
  g_free (ns->inner_if);
  g_free (ns->outer_addr);
  g_free (ns->inner_addr);
  g_free (ns);
}

void
loket_test_server_in_netns (LoketTestServer *server,
                            LoketTestNetns  *ns)
{
  const char *port = strrchr (server->listen, ':') + 1;
  guint64 number = g_ascii_strtoull (port, NULL, 10);
  const char *wrapper[] = { "ip", "netns", "exec", ns->name, NULL };

  g_free (server->listen);
  g_free (server->publish);
  server->listen = g_strdup_printf ("tcp://%s:%" G_GUINT64_FORMAT, ns->inner_addr, number);
  server->publish = g_strdup_printf ("tcp://%s:%" G_GUINT64_FORMAT, ns->inner_addr, number + 1);
  g_strfreev (server->wrapper);
  server->wrapper = g_strdupv ((char **) wrapper);
}
