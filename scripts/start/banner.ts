/** A box listing where each service is, e.g. `box('Afterglow is running', [['API', 'http://localhost:3000']], '…')`. */
export function box(title: string, rows: [label: string, value: string][], footer: string): string {
  const labelWidth = Math.max(...rows.map(([label]) => label.length));
  const lines = [title, '', ...rows.map(([label, value]) => `${label.padEnd(labelWidth)}   ${value}`), '', footer];
  const width = Math.max(...lines.map((line) => line.length));
  const bar = '─'.repeat(width + 4);
  return [`┌${bar}┐`, ...lines.map((line) => `│  ${line.padEnd(width)}  │`), `└${bar}┘`].join('\n');
}

/** One line that places a first order through the API with the demo store's key, so the first journey is a paste away. */
export function curlHint(apiUrl: string, storeKey: string, now = new Date()): string {
  const order = {
    orderId: `demo-${now.getTime()}`,
    placedAt: now.toISOString(),
    currency: 'USD',
    total: '58.00',
    customer: { id: 'c-42', email: 'ada@example.com', firstName: 'Ada', acceptsMarketing: true },
    lineItems: [{ sku: 'SERUM-C-30', title: 'Vitamin C Serum', quantity: 1, unitPrice: '58.00' }],
  };
  return `curl -sS -X POST ${apiUrl}/v1/orders -H "authorization: Bearer ${storeKey}" -H 'content-type: application/json' -d '${JSON.stringify(order)}'`;
}
