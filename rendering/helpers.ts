import Handlebars from 'handlebars';
import { DateTime } from 'luxon';
import { memoized } from '../rules/memoized';

/**
 * The Handlebars instance templates compile with. Private, so helpers registered here never leak into (or get
 * overwritten by) other code using the global instance.
 */
export const handlebars = Handlebars.create();

type Options = Handlebars.HelperOptions;
interface Root {
  locale: string;
  timezone: string;
}

const root = (options: Options): Root => (options.data as { root: Root }).root;

/** Luxon's named formats usable by name, e.g. {{formatDate order.placedAt "DATE_MED"}}. */
const PRESETS = {
  DATE_SHORT: DateTime.DATE_SHORT,
  DATE_MED: DateTime.DATE_MED,
  DATE_FULL: DateTime.DATE_FULL,
  DATE_HUGE: DateTime.DATE_HUGE,
  DATETIME_MED: DateTime.DATETIME_MED,
  DATETIME_FULL: DateTime.DATETIME_FULL,
} as const;

/**
 * {{formatDate iso [format]}}: the instant in the message's time zone and language. `format` is a preset name above
 * (default DATE_FULL) or a Luxon token string such as "yyyy-MM-dd".
 */
handlebars.registerHelper('formatDate', (value: unknown, ...rest: unknown[]) => {
  const options = rest.pop() as Options;
  const { locale, timezone } = root(options);
  return formatDate(String(value), rest.length ? String(rest[0]) : 'DATE_FULL', locale, timezone);
});

// Luxon's time-zone and Intl work is most of a render's cost; the same dates and formats recur across sends.
const formatDate = memoized(
  (value: string, format: string, locale: string, timezone: string) => {
    const date = DateTime.fromISO(value, { zone: timezone, locale });
    if (!date.isValid) throw new Error(`formatDate: "${value}" is not an ISO 8601 date`);
    return format in PRESETS ? date.toLocaleString(PRESETS[format as keyof typeof PRESETS]) : date.toFormat(format);
  },
  (value, format, locale, timezone) => `${value} ${format} ${locale} ${timezone}`,
);

const moneyFormat = memoized(
  (locale: string, currency: string) => new Intl.NumberFormat(locale, { style: 'currency', currency }),
  (locale, currency) => `${locale} ${currency}`,
);

/** {{formatMoney amount currency}}: a decimal string as currency in the message's language ("$49.00", "￥4,900"). */
handlebars.registerHelper('formatMoney', (amount: unknown, currency: unknown, options: Options) => {
  const value = Number(amount);
  if (!Number.isFinite(value)) throw new Error(`formatMoney: "${String(amount)}" is not a number`);
  return moneyFormat(root(options).locale, String(currency)).format(value);
});

/** {{#if (eq a b)}} */
handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);

/** {{#if (gt a b)}}, e.g. (gt products.length 1) to word copy for several products. */
handlebars.registerHelper('gt', (a: unknown, b: unknown) => Number(a) > Number(b));

/** {{inc @index}}: 1-based step numbers in plain-text lists. */
handlebars.registerHelper('inc', (value: unknown) => Number(value) + 1);
