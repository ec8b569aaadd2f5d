/* loket-keys.h — CURVE keys, roles and the allowlist.
 *
 * A key directory (made by `loketctl keys init DIR`) holds:
 *   DIR/server.key         the server's key pair (mode 0600)
 *   DIR/allowlist.ini      one group per client: [NAME] Role= PublicKey=
 *   DIR/clients/NAME.key   a client's key pair plus the server's public key
 *                          and its role (mode 0600) — the one file a device
 *                          needs to talk to the server
 * All keys are Z85 text (40 characters).  Every client has exactly one role.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  LOKET_ROLE_NONE = 0,
  LOKET_ROLE_KIOSK = 1 << 0,
  LOKET_ROLE_DISPLAY = 1 << 1,
  LOKET_ROLE_COUNTER = 1 << 2,
  LOKET_ROLE_SUPERVISOR = 1 << 3,
  /* The public web gateway (loket-web): reads the office, writes nothing. */
  LOKET_ROLE_WEB = 1 << 4,
  /* The region sync (loket-sync): reports its own state, reads nothing. */
  LOKET_ROLE_SYNC = 1 << 5,
} LoketRole;

/* The devices inside the office; and every role there is. */
#define LOKET_ROLE_OFFICE (LOKET_ROLE_KIOSK | LOKET_ROLE_DISPLAY | LOKET_ROLE_COUNTER | LOKET_ROLE_SUPERVISOR)
#define LOKET_ROLE_ANY (LOKET_ROLE_OFFICE | LOKET_ROLE_WEB | LOKET_ROLE_SYNC)

/* The ZAP domain every Loket socket uses. */
#define LOKET_ZAP_DOMAIN "loket"

const char *loket_role_to_string   (LoketRole   role);
gboolean    loket_role_from_string (const char *str,
                                    LoketRole  *role);

#define LOKET_Z85_KEY_LEN 40

typedef struct {
  char public_key[LOKET_Z85_KEY_LEN + 1];
  char secret_key[LOKET_Z85_KEY_LEN + 1];
} LoketKeyPair;

/* What a client device loads: who it is and whom it talks to. */
typedef struct {
  char         *name;
  LoketRole     role;
  LoketKeyPair  pair;
  char          server_public_key[LOKET_Z85_KEY_LEN + 1];
} LoketClientKey;

gboolean        loket_key_pair_generate   (LoketKeyPair *pair,
                                           GError      **error);

/* Creates DIR (0700), DIR/server.key and an empty allowlist.  Refuses to
 * overwrite an existing server key. */
gboolean        loket_keys_init           (const char   *dir,
                                           GError      **error);
/* Generates a key pair for NAME, writes DIR/clients/NAME.key and adds
 * NAME with ROLE to the allowlist.  NAME: [A-Za-z0-9_.-]{1,64}, unique. */
gboolean        loket_keys_add            (const char   *dir,
                                           const char   *name,
                                           LoketRole     role,
                                           GError      **error);
/* Removes NAME from the allowlist and deletes its client key file. */
gboolean        loket_keys_revoke         (const char   *dir,
                                           const char   *name,
                                           GError      **error);
gboolean        loket_keys_load_server    (const char   *dir,
                                           LoketKeyPair *pair,
                                           GError      **error);

LoketClientKey *loket_client_key_load     (const char   *dir,
                                           const char   *name,
                                           GError      **error);
void            loket_client_key_free     (LoketClientKey *key);

/* The server's view of DIR/allowlist.ini. */
typedef struct _LoketAllowlist LoketAllowlist;

LoketAllowlist *loket_allowlist_load      (const char     *dir,
                                           GError        **error);
void            loket_allowlist_free      (LoketAllowlist *list);
/* Looks a client up by its Z85 public key; returns its name (borrowed) or
 * NULL, and its role. */
const char     *loket_allowlist_lookup_key  (LoketAllowlist *list,
                                             const char     *public_key_z85,
                                             LoketRole      *role);
/* Role of a client by name; LOKET_ROLE_NONE if not (or no longer) listed. */
LoketRole       loket_allowlist_lookup_name (LoketAllowlist *list,
                                             const char     *name);
guint           loket_allowlist_size        (LoketAllowlist *list);
/* TRUE if every key of @old is still in @fresh: nothing was revoked. */
gboolean        loket_allowlist_keeps_all   (LoketAllowlist *fresh,
                                             LoketAllowlist *old);

/* Socket set-up.  Both set ZMQ_ZAP_DOMAIN; the server side also sets
 * ZMQ_ZAP_ENFORCE_DOMAIN so that no connection bypasses the handler. */
gboolean        loket_keys_apply_server   (void               *socket,
                                           const LoketKeyPair *server,
                                           GError            **error);
gboolean        loket_keys_apply_client   (void                 *socket,
                                           const LoketClientKey *key,
                                           GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketClientKey, loket_client_key_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoketAllowlist, loket_allowlist_free)

G_END_DECLS
