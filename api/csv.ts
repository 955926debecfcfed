/**
 * RFC 4180 CSV: a header row, then one row per record, CRLF line ends. A cell that a spreadsheet would read as a
 * formula (=, +, -, @ first) gets a leading apostrophe: the comments are the customer's words, not trusted input.
 */
export function toCsv<T extends object>(columns: (keyof T & string)[], rows: T[]): string {
  const cell = (value: unknown) => {
    let text =
      value === undefined || value === null
        ? ''
        : value instanceof Date
          ? value.toISOString()
          : typeof value === 'object'
            ? JSON.stringify(value)
            : `${value as string | number | boolean | bigint}`;
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [columns.join(','), ...rows.map((row) => columns.map((c) => cell(row[c])).join(','))].join('\r\n') + '\r\n';
}
