import { z } from 'zod';

/** Template locales Afterglow ships copy for. A store lists the subset it uses. */
export const Locale = z.enum(['en', 'ja']);
export type Locale = z.infer<typeof Locale>;

/** Copy in every locale; English is required because it is the fallback for any other language. */
export const localized = <T extends z.ZodType>(value: T) => z.object({ en: value, ja: value.optional() }).strict();
export type Localized<T> = { en: T; ja?: T };

/** The copy for `locale`, or English when that locale has none. */
export function pick<T>(text: Localized<T>, locale: Locale): T {
  return text[locale] ?? text.en;
}
