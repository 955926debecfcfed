import type { ColumnType } from 'kysely';

/**
 * A point in time. PostgreSQL keeps it as `timestamptz` (read back as a Date), SQLite as fixed-width ISO-8601 UTC
 * text (read back as that string), which sorts and compares like the instant it names. Always written as the ISO
 * string from `toIso`, so both dialects are given exactly the same value.
 */
export type Timestamp = ColumnType<Date | string, string, string>;

export const toIso = (date: Date): string => date.toISOString();

export const toDate = (value: Date | string): Date => (value instanceof Date ? value : new Date(value));

export const optionalDate = (value: Date | string | null): Date | undefined =>
  value === null ? undefined : toDate(value);
