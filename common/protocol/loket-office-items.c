/* loket-office-items.c — tickets, counters, services and device reports
 * as the office model holds them.
 *
 * Each class is described by a table of its fields (property name, JSON
 * member, type, place in the struct); one set of functions installs the
 * properties, reads them, copies them from JSON and notifies only what
 * changed.  A field without a JSON member is kept by the model itself (a
 * counter's ticket-number, a service's waiting).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "loket-office-model"

#include "loket-office-items-private.h"
#include "loket-i18n.h"
#include "loket-message.h"

#include <stddef.h>

typedef enum {
  FIELD_STRING,
  FIELD_INT64,
  FIELD_UINT,
  FIELD_BOOLEAN,
  FIELD_STRV,
} FieldType;

typedef struct {
  const char *name;   /* property */
  const char *json;   /* member, or NULL: kept by the model */
  FieldType   type;
  gsize       offset;
  /* A member sent only sometimes (estimated_wait_from_minutes): absent
   * while this one is present means null, not "unchanged". */
  const char *absent_with;
} Field;

/* ---- fields, whatever the class ---------------------------------------- */

static void
install_fields (GObjectClass *klass, const Field *fields, guint n, GParamSpec **pspecs)
{
  for (guint i = 0; i < n; i++)
    {
      const char *name = fields[i].name;
      GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

      switch (fields[i].type)
        {
        case FIELD_STRING:  pspecs[i + 1] = g_param_spec_string (name, NULL, NULL, NULL, flags); break;
        case FIELD_INT64:   pspecs[i + 1] = g_param_spec_int64 (name, NULL, NULL, G_MININT64, G_MAXINT64, 0, flags); break;
        case FIELD_UINT:    pspecs[i + 1] = g_param_spec_uint (name, NULL, NULL, 0, G_MAXUINT, 0, flags); break;
        case FIELD_BOOLEAN: pspecs[i + 1] = g_param_spec_boolean (name, NULL, NULL, FALSE, flags); break;
        case FIELD_STRV:    pspecs[i + 1] = g_param_spec_boxed (name, NULL, NULL, G_TYPE_STRV, flags); break;
        }
    }
  g_object_class_install_properties (klass, n + 1, pspecs);
}

static void
get_field (GObject *object, const Field *field, GValue *value)
{
  gpointer p = G_STRUCT_MEMBER_P (object, field->offset);

  switch (field->type)
    {
    case FIELD_STRING:  g_value_set_string (value, *(char **) p); break;
    case FIELD_INT64:   g_value_set_int64 (value, *(gint64 *) p); break;
    case FIELD_UINT:    g_value_set_uint (value, *(guint *) p); break;
    case FIELD_BOOLEAN: g_value_set_boolean (value, *(gboolean *) p); break;
    case FIELD_STRV:    g_value_set_boxed (value, *(char ***) p); break;
    }
}

static char **
json_strv (JsonNode *node)
{
  JsonArray *array = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      const char *s = json_node_get_string (json_array_get_element (array, i));

      if (s != NULL)
        g_strv_builder_add (builder, s);
    }
  return g_strv_builder_end (builder);
}

static gboolean
strv_equal (char **a, char **b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_strv_equal ((const char * const *) a, (const char * const *) b);
}

/* Stores @node (NULL for JSON null) in @field; TRUE if the value changed. */
static gboolean
set_field (GObject *object, const Field *field, JsonNode *node)
{
  gpointer p = G_STRUCT_MEMBER_P (object, field->offset);
  gboolean is_null = node == NULL || JSON_NODE_HOLDS_NULL (node);

  switch (field->type)
    {
    case FIELD_STRING:
      {
        const char *s = is_null || !JSON_NODE_HOLDS_VALUE (node) ? NULL : json_node_get_string (node);

        if (g_strcmp0 (*(char **) p, s) == 0)
          return FALSE;
        g_free (*(char **) p);
        *(char **) p = g_strdup (s);
        return TRUE;
      }
    case FIELD_INT64:
    case FIELD_UINT:
      {
        gint64 v = is_null || !JSON_NODE_HOLDS_VALUE (node) ? 0 : json_node_get_int (node);

        if (field->type == FIELD_UINT)
          {
            guint u = (guint) CLAMP (v, 0, G_MAXUINT);

            if (*(guint *) p == u)
              return FALSE;
            *(guint *) p = u;
            return TRUE;
          }
        if (*(gint64 *) p == v)
          return FALSE;
        *(gint64 *) p = v;
        return TRUE;
      }
    case FIELD_BOOLEAN:
      {
        gboolean v = !is_null && JSON_NODE_HOLDS_VALUE (node) && json_node_get_boolean (node);

        if (*(gboolean *) p == v)
          return FALSE;
        *(gboolean *) p = v;
        return TRUE;
      }
    case FIELD_STRV:
      {
        char **v = is_null ? NULL : json_strv (node);

        if (strv_equal (*(char ***) p, v))
          {
            g_strfreev (v);
            return FALSE;
          }
        g_strfreev (*(char ***) p);
        *(char ***) p = v;
        return TRUE;
      }
    }
  return FALSE;
}

/* Copies the members @json carries; notifies, after the last one, each
 * property that changed. */
static void
update_fields (GObject *object, const Field *fields, guint n, GParamSpec **pspecs, JsonObject *json)
{
  g_object_freeze_notify (object);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node;

      if (fields[i].json == NULL)
        continue;
      if (json_object_has_member (json, fields[i].json))
        node = json_object_get_member (json, fields[i].json);
      else if (fields[i].absent_with != NULL && json_object_has_member (json, fields[i].absent_with))
        node = NULL;
      else
        continue;
      if (set_field (object, &fields[i], node))
        g_object_notify_by_pspec (object, pspecs[i + 1]);
    }
  g_object_thaw_notify (object);
}

static void
free_fields (GObject *object, const Field *fields, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      gpointer p = G_STRUCT_MEMBER_P (object, fields[i].offset);

      if (fields[i].type == FIELD_STRING)
        g_clear_pointer ((char **) p, g_free);
      else if (fields[i].type == FIELD_STRV)
        g_clear_pointer ((char ***) p, g_strfreev);
    }
}

/* A field the model keeps: set and notified if it changed. */
static void
set_string (GObject *object, char **field, const char *value, GParamSpec *pspec)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (object, pspec);
}

static void
set_int64 (GObject *object, gint64 *field, gint64 value, GParamSpec *pspec)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (object, pspec);
}

/* The class's get_property, finalize and class_init from its table. */
#define ITEM_BOILERPLATE(Type, type, TYPE_MACRO)                                          \
  G_DEFINE_FINAL_TYPE (Type, type, G_TYPE_OBJECT)                                         \
  static GParamSpec *type##_props[G_N_ELEMENTS (type##_fields) + 1];                      \
  static void                                                                             \
  type##_get_property (GObject *object, guint id, GValue *value, GParamSpec *pspec)       \
  {                                                                                       \
    if (id == 0 || id > G_N_ELEMENTS (type##_fields))                                     \
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, id, pspec);                              \
    else                                                                                  \
      get_field (object, &type##_fields[id - 1], value);                                  \
  }                                                                                       \
  static void                                                                             \
  type##_finalize (GObject *object)                                                       \
  {                                                                                       \
    free_fields (object, type##_fields, G_N_ELEMENTS (type##_fields));                    \
    G_OBJECT_CLASS (type##_parent_class)->finalize (object);                              \
  }                                                                                       \
  static void                                                                             \
  type##_class_init (Type##Class *klass)                                                  \
  {                                                                                       \
    G_OBJECT_CLASS (klass)->get_property = type##_get_property;                           \
    G_OBJECT_CLASS (klass)->finalize = type##_finalize;                                   \
    install_fields (G_OBJECT_CLASS (klass), type##_fields, G_N_ELEMENTS (type##_fields),  \
                    type##_props);                                                        \
  }                                                                                       \
  static void type##_init (Type *self) { }                                                \
  Type *                                                                                  \
  type##_new (JsonObject *json)                                                           \
  {                                                                                       \
    Type *self = g_object_new (TYPE_MACRO, NULL);                                         \
    type##_update (self, json);                                                           \
    return self;                                                                          \
  }                                                                                       \
  void                                                                                    \
  type##_update (Type *self, JsonObject *json)                                            \
  {                                                                                       \
    update_fields (G_OBJECT (self), type##_fields, G_N_ELEMENTS (type##_fields),          \
                   type##_props, json);                                                   \
  }

#define GETTER(Type, type, ctype, field) \
  ctype type##_get_##field (Type *self) { return self->field; }

/* ---- tickets ----------------------------------------------------------- */

struct _LoketTicketItem
{
  GObject  parent_instance;
  gint64   id;
  char    *number;
  char    *series;
  char    *service;
  char    *issued_service;
  char    *priority;
  char    *state;
  gint64   issued_at, arrival_at, called_at, started_at, finished_at;
  char    *counter;
  char    *clerk;
  guint    recalls;
  guint    transfers;
  char    *outcome;
  char    *device;
  gint64   call_seq;
  char    *call_type;
  gint64   call_time;
  guint    promised_wait_minutes;     /* its own (0: none recorded) */
  guint    promised_service_minutes;
};

#define T(name, json, type, member) { name, json, FIELD_##type, offsetof (LoketTicketItem, member) }
static const Field loket_ticket_item_fields[] = {
  T ("id", "id", INT64, id),
  T ("number", "number", STRING, number),
  T ("series", "series", STRING, series),
  T ("service", "service", STRING, service),
  T ("issued-service", "issued_service", STRING, issued_service),
  T ("priority", "priority", STRING, priority),
  T ("state", "state", STRING, state),
  T ("issued-at", "issued_at", INT64, issued_at),
  T ("arrival-at", "arrival_at", INT64, arrival_at),
  T ("called-at", "called_at", INT64, called_at),
  T ("started-at", "started_at", INT64, started_at),
  T ("finished-at", "finished_at", INT64, finished_at),
  T ("counter", "counter", STRING, counter),
  T ("clerk", "clerk", STRING, clerk),
  T ("recalls", "recalls", UINT, recalls),
  T ("transfers", "transfers", UINT, transfers),
  T ("outcome", "outcome", STRING, outcome),
  T ("device", "device", STRING, device),
  T ("call-seq", "call_seq", INT64, call_seq),
  T ("call-type", "call_type", STRING, call_type),
  T ("call-time", "call_time", INT64, call_time),
  T ("promised-wait-minutes", "promised_wait_minutes", UINT, promised_wait_minutes),
  T ("promised-service-minutes", "promised_service_minutes", UINT, promised_service_minutes),
};
#undef T
enum { TICKET_PROP_CALL_SEQ = 19, TICKET_PROP_CALL_TYPE, TICKET_PROP_CALL_TIME };

ITEM_BOILERPLATE (LoketTicketItem, loket_ticket_item, LOKET_TYPE_TICKET_ITEM)

void
loket_ticket_item_set_call (LoketTicketItem *self, gint64 seq, const char *type, gint64 time)
{
  g_object_freeze_notify (G_OBJECT (self));
  set_int64 (G_OBJECT (self), &self->call_seq, seq, loket_ticket_item_props[TICKET_PROP_CALL_SEQ]);
  set_string (G_OBJECT (self), &self->call_type, type, loket_ticket_item_props[TICKET_PROP_CALL_TYPE]);
  set_int64 (G_OBJECT (self), &self->call_time, time, loket_ticket_item_props[TICKET_PROP_CALL_TIME]);
  g_object_thaw_notify (G_OBJECT (self));
}

GETTER (LoketTicketItem, loket_ticket_item, gint64, id)
GETTER (LoketTicketItem, loket_ticket_item, const char *, number)
GETTER (LoketTicketItem, loket_ticket_item, const char *, service)
GETTER (LoketTicketItem, loket_ticket_item, const char *, priority)
GETTER (LoketTicketItem, loket_ticket_item, const char *, state)
GETTER (LoketTicketItem, loket_ticket_item, const char *, counter)
GETTER (LoketTicketItem, loket_ticket_item, const char *, clerk)
GETTER (LoketTicketItem, loket_ticket_item, gint64, issued_at)
GETTER (LoketTicketItem, loket_ticket_item, gint64, arrival_at)
GETTER (LoketTicketItem, loket_ticket_item, gint64, called_at)
GETTER (LoketTicketItem, loket_ticket_item, gint64, started_at)
GETTER (LoketTicketItem, loket_ticket_item, guint, recalls)
GETTER (LoketTicketItem, loket_ticket_item, gint64, call_seq)
gboolean
loket_ticket_item_state_is (LoketTicketItem *self, gboolean (*test) (LoketTicketState state))
{
  LoketTicketState state;

  return loket_ticket_state_from_string (self->state, &state) && test (state);
}

GETTER (LoketTicketItem, loket_ticket_item, const char *, call_type)
GETTER (LoketTicketItem, loket_ticket_item, gint64, call_time)
GETTER (LoketTicketItem, loket_ticket_item, guint, promised_wait_minutes)
GETTER (LoketTicketItem, loket_ticket_item, guint, promised_service_minutes)

/* ---- counters ---------------------------------------------------------- */

struct _LoketCounterItem
{
  GObject  parent_instance;
  char    *id;
  char    *name;
  char    *state;
  char    *clerk;
  char    *pause_reason;
  gint64   paused_since;
  gint64   current_ticket;
  gint64   pause_total;
  char   **services;
  char    *pause_note;
  char    *ticket_number;
  char    *ticket_state;
};

#define C(name, json, type, member) { name, json, FIELD_##type, offsetof (LoketCounterItem, member) }
static const Field loket_counter_item_fields[] = {
  C ("id", "id", STRING, id),
  C ("name", "name", STRING, name),
  C ("state", "state", STRING, state),
  C ("clerk", "clerk", STRING, clerk),
  C ("pause-reason", "pause_reason", STRING, pause_reason),
  C ("paused-since", "paused_since", INT64, paused_since),
  C ("current-ticket", "current_ticket", INT64, current_ticket),
  C ("pause-total", "pause_total", INT64, pause_total),
  C ("services", "services", STRV, services),
  C ("pause-note", "pause_note", STRING, pause_note),
  C ("ticket-number", NULL, STRING, ticket_number),
  C ("ticket-state", NULL, STRING, ticket_state),
};
#undef C
enum { COUNTER_PROP_TICKET_NUMBER = 11, COUNTER_PROP_TICKET_STATE };

ITEM_BOILERPLATE (LoketCounterItem, loket_counter_item, LOKET_TYPE_COUNTER_ITEM)

void
loket_counter_item_set_ticket (LoketCounterItem *self, LoketTicketItem *ticket)
{
  g_object_freeze_notify (G_OBJECT (self));
  set_string (G_OBJECT (self), &self->ticket_number, ticket ? ticket->number : NULL,
              loket_counter_item_props[COUNTER_PROP_TICKET_NUMBER]);
  set_string (G_OBJECT (self), &self->ticket_state, ticket ? ticket->state : NULL,
              loket_counter_item_props[COUNTER_PROP_TICKET_STATE]);
  g_object_thaw_notify (G_OBJECT (self));
}

GETTER (LoketCounterItem, loket_counter_item, const char *, id)
GETTER (LoketCounterItem, loket_counter_item, const char *, name)
GETTER (LoketCounterItem, loket_counter_item, const char *, state)
GETTER (LoketCounterItem, loket_counter_item, const char *, clerk)
GETTER (LoketCounterItem, loket_counter_item, const char *, pause_reason)
GETTER (LoketCounterItem, loket_counter_item, const char *, pause_note)
GETTER (LoketCounterItem, loket_counter_item, gint64, paused_since)
GETTER (LoketCounterItem, loket_counter_item, gint64, current_ticket)
GETTER (LoketCounterItem, loket_counter_item, const char *, ticket_number)
GETTER (LoketCounterItem, loket_counter_item, const char *, ticket_state)

const char * const *
loket_counter_item_get_services (LoketCounterItem *self)
{
  return (const char * const *) self->services;
}

/* ---- services ---------------------------------------------------------- */

struct _LoketServiceItem
{
  GObject  parent_instance;
  char    *id;
  char    *series;
  char    *name;
  char    *name_en;
  char    *product;
  char    *product_en;
  guint    promised_wait_minutes;
  guint    promised_service_minutes;
  guint    daily_quota;
  guint    issued_today;
  guint    estimated_wait_minutes;
  guint    called_today;
  guint    called_within_promise;
  guint    waiting_overdue;
  gboolean available;
  char    *unavailable;
  char   **requirements;
  char   **requirements_en;
  char    *procedure;
  char    *procedure_en;
  gint64   cost;
  guint    estimated_wait_from_minutes;
  guint    waiting;
};

#define S(name, json, type, member) { name, json, FIELD_##type, offsetof (LoketServiceItem, member) }
static const Field loket_service_item_fields[] = {
  S ("id", "id", STRING, id),
  S ("series", "series", STRING, series),
  S ("name", "name", STRING, name),
  S ("name-en", "name_en", STRING, name_en),
  S ("product", "product", STRING, product),
  S ("product-en", "product_en", STRING, product_en),
  S ("promised-wait-minutes", "promised_wait_minutes", UINT, promised_wait_minutes),
  S ("promised-service-minutes", "promised_service_minutes", UINT, promised_service_minutes),
  S ("daily-quota", "daily_quota", UINT, daily_quota),
  S ("issued-today", "issued_today", UINT, issued_today),
  S ("estimated-wait-minutes", "estimated_wait_minutes", UINT, estimated_wait_minutes),
  S ("called-today", "called_today", UINT, called_today),
  S ("called-within-promise", "called_within_promise", UINT, called_within_promise),
  S ("waiting-overdue", "waiting_overdue", UINT, waiting_overdue),
  S ("available", "available", BOOLEAN, available),
  S ("unavailable", "unavailable", STRING, unavailable),
  S ("requirements", "requirements", STRV, requirements),
  S ("requirements-en", "requirements_en", STRV, requirements_en),
  S ("procedure", "procedure", STRING, procedure),
  S ("procedure-en", "procedure_en", STRING, procedure_en),
  S ("cost", "cost", INT64, cost),
  { "estimated-wait-from-minutes", "estimated_wait_from_minutes", FIELD_UINT,
    offsetof (LoketServiceItem, estimated_wait_from_minutes), "estimated_wait_minutes" },
  S ("waiting", NULL, UINT, waiting),
};
#undef S
/* "waiting" is the last field: its property id is the table's length. */
enum { SERVICE_PROP_WAITING = G_N_ELEMENTS (loket_service_item_fields) };

ITEM_BOILERPLATE (LoketServiceItem, loket_service_item, LOKET_TYPE_SERVICE_ITEM)

void
loket_service_item_set_waiting (LoketServiceItem *self, guint waiting)
{
  if (self->waiting == waiting)
    return;
  self->waiting = waiting;
  g_object_notify_by_pspec (G_OBJECT (self), loket_service_item_props[SERVICE_PROP_WAITING]);
}

static const char *
pick (const char *local, const char *english)
{
  return g_strcmp0 (loket_i18n_get_language (), "en") == 0 && english != NULL ? english : local;
}

const char *
loket_service_item_get_label (LoketServiceItem *self)
{
  return pick (self->name, self->name_en);
}

const char *
loket_service_item_get_short_label (LoketServiceItem *self)
{
  const char *product = pick (self->product, self->product_en);

  return product ? product : loket_service_item_get_label (self);
}

GETTER (LoketServiceItem, loket_service_item, const char *, id)
GETTER (LoketServiceItem, loket_service_item, const char *, series)
GETTER (LoketServiceItem, loket_service_item, guint, waiting)
GETTER (LoketServiceItem, loket_service_item, guint, promised_wait_minutes)
GETTER (LoketServiceItem, loket_service_item, guint, promised_service_minutes)
GETTER (LoketServiceItem, loket_service_item, guint, called_today)
GETTER (LoketServiceItem, loket_service_item, guint, called_within_promise)
GETTER (LoketServiceItem, loket_service_item, guint, estimated_wait_minutes)
GETTER (LoketServiceItem, loket_service_item, guint, estimated_wait_from_minutes)
GETTER (LoketServiceItem, loket_service_item, gint64, cost)

const char * const *
loket_service_item_get_requirements (LoketServiceItem *self)
{
  gboolean english = g_strcmp0 (loket_i18n_get_language (), "en") == 0 &&
                     self->requirements_en != NULL && self->requirements_en[0] != NULL;

  return (const char * const *) (english ? self->requirements_en : self->requirements);
}

const char *
loket_service_item_get_procedure (LoketServiceItem *self)
{
  return pick (self->procedure, self->procedure_en);
}

const char *
loket_service_item_get_product (LoketServiceItem *self)
{
  return pick (self->product, self->product_en);
}

char *
loket_service_item_format_wait (LoketServiceItem *self)
{
  g_autoptr(JsonObject) o = json_object_new ();

  json_object_set_int_member (o, "estimated_wait_minutes", self->estimated_wait_minutes);
  if (self->estimated_wait_from_minutes > 0)
    json_object_set_int_member (o, "estimated_wait_from_minutes", self->estimated_wait_from_minutes);
  return loket_i18n_format_wait (o);
}

/* ---- device reports ---------------------------------------------------- */

struct _LoketDeviceItem
{
  GObject  parent_instance;
  char    *device;
  char    *component;
  char    *state;
  char    *detail;
  gint64   since;
  gint64   updated_at;
};

#define D(name, json, type, member) { name, json, FIELD_##type, offsetof (LoketDeviceItem, member) }
static const Field loket_device_item_fields[] = {
  D ("device", "device", STRING, device),
  D ("component", "component", STRING, component),
  D ("state", "state", STRING, state),
  D ("detail", "detail", STRING, detail),
  D ("since", "since", INT64, since),
  D ("updated-at", "updated_at", INT64, updated_at),
};
#undef D

ITEM_BOILERPLATE (LoketDeviceItem, loket_device_item, LOKET_TYPE_DEVICE_ITEM)

char *
loket_device_item_key (const char *device, const char *component)
{
  return g_strdup_printf ("%s/%s", device ? device : "", component ? component : "");
}

GETTER (LoketDeviceItem, loket_device_item, const char *, device)
GETTER (LoketDeviceItem, loket_device_item, const char *, component)
GETTER (LoketDeviceItem, loket_device_item, const char *, state)
GETTER (LoketDeviceItem, loket_device_item, const char *, detail)
GETTER (LoketDeviceItem, loket_device_item, gint64, since)
GETTER (LoketDeviceItem, loket_device_item, gint64, updated_at)
