/* SPDX-License-Identifier: MIT
 *
 * cpm-types.c: civil-date arithmetic on day numbers (no time zones, no libc
 * time functions, so daylight saving can never shift a date), parsing and
 * formatting of `YYYY-MM-DDTHH:MM`, and names of the shared enumerations.
 */
#include "cpm-error.h"
#include "cpm-types.h"

#include <string.h>

GQuark
cpm_error_quark(void)
{
  return g_quark_from_static_string("cpm-error-quark");
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * algorithm): O(1), exact for any year. */
gint64
cpm_days_from_civil(gint year, guint month, guint day)
{
  gint64 y = (gint64)year - (month <= 2);
  gint64 era = (y >= 0 ? y : y - 399) / 400;
  gint64 yoe = y - era * 400;
  gint64 mp = (month + 9) % 12;
  gint64 doy = (153 * mp + 2) / 5 + day - 1;
  gint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void
cpm_civil_from_days(gint64 days, gint *year_out, guint *month_out, guint *day_out)
{
  gint64 z = days + 719468;
  gint64 era = (z >= 0 ? z : z - 146096) / 146097;
  gint64 doe = z - era * 146097;
  gint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  gint64 y = yoe + era * 400;
  gint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  gint64 mp = (5 * doy + 2) / 153;
  gint64 d = doy - (153 * mp + 2) / 5 + 1;
  gint64 m = mp < 10 ? mp + 3 : mp - 9;
  *year_out = (gint)(y + (m <= 2));
  *month_out = (guint)m;
  *day_out = (guint)d;
}

guint
cpm_weekday(gint64 days)
{
  /* 1970-01-01 was a Thursday (4). */
  gint64 w = (days + 4) % 7;
  return (guint)(w < 0 ? w + 7 : w);
}

CpmTime
cpm_time_from_civil(gint year, guint month, guint day, guint hour, guint minute)
{
  return cpm_days_from_civil(year, month, day) * CPM_MINUTES_PER_DAY + hour * 60 + minute;
}

gint64
cpm_time_day(CpmTime t)
{
  return t >= 0 ? t / CPM_MINUTES_PER_DAY : -((-t + CPM_MINUTES_PER_DAY - 1) / CPM_MINUTES_PER_DAY);
}

const gchar *
cpm_time_format(CpmTime t, gchar buf[CPM_TIME_FORMAT_LEN])
{
  if (t == CPM_TIME_NONE) {
    buf[0] = '\0';
    return buf;
  }
  gint64 day = cpm_time_day(t);
  gint64 mod = t - day * CPM_MINUTES_PER_DAY;
  gint y;
  guint m, d;
  cpm_civil_from_days(day, &y, &m, &d);
  g_snprintf(buf, CPM_TIME_FORMAT_LEN, "%04d-%02u-%02uT%02u:%02u", y, m, d, (guint)(mod / 60),
             (guint)(mod % 60));
  return buf;
}

static gboolean
types_digits(const gchar *s, guint n, guint *value_out)
{
  guint v = 0;
  for (guint i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9')
      return FALSE;
    v = v * 10 + (guint)(s[i] - '0');
  }
  *value_out = v;
  return TRUE;
}

static guint
types_days_in_month(gint year, guint month)
{
  static const guint8 days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0))
    return 29;
  return days[month - 1];
}

gboolean
cpm_time_parse(const gchar *text, CpmTime *time_out)
{
  guint y, mo, d, h = 0, mi = 0, s = 0;

  if (text == NULL)
    return FALSE;
  while (*text == ' ' || *text == '\t' || *text == '\n' || *text == '\r')
    text++;
  gsize len = strlen(text);
  while (len > 0
         && (text[len - 1] == ' ' || text[len - 1] == '\t' || text[len - 1] == '\n'
             || text[len - 1] == '\r'))
    len--;
  if (len < 10 || !types_digits(text, 4, &y) || text[4] != '-' || !types_digits(text + 5, 2, &mo)
      || text[7] != '-' || !types_digits(text + 8, 2, &d))
    return FALSE;
  if (len > 10) {
    if ((text[10] != 'T' && text[10] != ' ') || len < 16 || !types_digits(text + 11, 2, &h)
        || text[13] != ':' || !types_digits(text + 14, 2, &mi))
      return FALSE;
    gsize pos = 16;
    if (len > pos) {
      if (text[pos] != ':' || len < pos + 3 || !types_digits(text + pos + 1, 2, &s))
        return FALSE;
      pos += 3;
      if (len > pos) {
        /* Fractional seconds only. */
        if (text[pos] != '.')
          return FALSE;
        for (pos++; pos < len; pos++)
          if (text[pos] < '0' || text[pos] > '9')
            return FALSE;
      }
    }
  }
  if (y < CPM_YEAR_MIN || y > CPM_YEAR_MAX || mo < 1 || mo > 12 || d < 1
      || d > types_days_in_month((gint)y, mo))
    return FALSE;
  /* 24:00 is accepted as the end of the day. */
  if (h > 24 || mi > 59 || s > 59 || (h == 24 && (mi != 0 || s != 0)))
    return FALSE;
  *time_out = cpm_time_from_civil((gint)y, mo, d, h, mi);
  return TRUE;
}

const gchar *
cpm_link_type_to_string(CpmLinkType type)
{
  switch (type) {
    case CPM_LINK_FS:
      return "FS";
    case CPM_LINK_SS:
      return "SS";
    case CPM_LINK_FF:
      return "FF";
    case CPM_LINK_SF:
      return "SF";
    default:
      return "?";
  }
}

const gchar *
cpm_constraint_to_string(CpmConstraintType c)
{
  switch (c) {
    case CPM_CSTR_NONE:
      return "";
    case CPM_CSTR_START_ON:
      return "Start On";
    case CPM_CSTR_START_ON_OR_AFTER:
      return "Start On or After";
    case CPM_CSTR_START_ON_OR_BEFORE:
      return "Start On or Before";
    case CPM_CSTR_FINISH_ON:
      return "Finish On";
    case CPM_CSTR_FINISH_ON_OR_AFTER:
      return "Finish On or After";
    case CPM_CSTR_FINISH_ON_OR_BEFORE:
      return "Finish On or Before";
    case CPM_CSTR_MANDATORY_START:
      return "Mandatory Start";
    case CPM_CSTR_MANDATORY_FINISH:
      return "Mandatory Finish";
    case CPM_CSTR_ALAP:
      return "As Late As Possible";
    default:
      return "?";
  }
}

const gchar *
cpm_status_to_string(CpmStatus status)
{
  switch (status) {
    case CPM_STATUS_NOT_STARTED:
      return "not_started";
    case CPM_STATUS_IN_PROGRESS:
      return "in_progress";
    case CPM_STATUS_COMPLETED:
      return "completed";
    default:
      return "?";
  }
}
