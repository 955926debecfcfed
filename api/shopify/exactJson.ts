/**
 * JSON.parse that keeps integers beyond 2^53 exact: Shopify ids outgrow doubles (the documented example order is
 * 820982911946154508), and several payloads name an object by its bare number only (a refund's `order_id`, the
 * customer of a privacy request), with no `admin_graphql_api_id` to read instead. Such integers become their
 * decimal string; every other value is exactly what JSON.parse gives.
 */
export function parseExactJson(text: string): unknown {
  return JSON.parse(quoteLargeIntegers(text));
}

const DIGIT = /[0-9]/;

/** Wraps integer literals outside strings that a double cannot hold exactly in quotes; the text is otherwise unchanged. */
function quoteLargeIntegers(text: string): string {
  let out = '';
  let copiedUpTo = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      // Skip the string, escapes included.
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    if (c !== '-' && !DIGIT.test(c)) {
      i++;
      continue;
    }
    const start = i;
    i++;
    while (i < text.length && /[0-9eE.+-]/.test(text[i])) i++;
    const literal = text.slice(start, i);
    if (/^-?\d{16,}$/.test(literal) && !Number.isSafeInteger(Number(literal))) {
      out += `${text.slice(copiedUpTo, start)}"${literal}"`;
      copiedUpTo = i;
    }
  }
  return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
}
