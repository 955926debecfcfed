import { z } from 'zod';
import { fieldIssues, issueLines, issuePath } from '../../domain/zodIssues';

const Order = z.strictObject({
  orderId: z.string().min(1, 'required'),
  lineItems: z.array(z.object({ sku: z.string().min(1, 'required') })),
});
const errorOf = (value: unknown) => Order.safeParse(value).error!;

describe('zod issues as field paths and messages', () => {
  it('dots a nested path and names the whole value for an issue without a path', () => {
    expect(issuePath(['lineItems', 0, 'sku'], '(body)')).toBe('lineItems.0.sku');
    expect(issuePath([], '(body)')).toBe('(body)');
    expect(issuePath([Symbol('key')], '(body)')).toBe('Symbol(key)');
  });

  it('lists every issue with its path and message, never the value', () => {
    const error = errorOf({ orderId: '', lineItems: [{ sku: '' }], secret: 'ada@example.com' });
    expect(fieldIssues(error, '(body)')).toEqual([
      { path: 'orderId', message: 'required' },
      { path: 'lineItems.0.sku', message: 'required' },
      { path: '(body)', message: 'Unrecognized key: "secret"' },
    ]);
    expect(issueLines(error, '(body)').join('\n')).not.toContain('ada@example.com');
  });

  it('puts the paths under where the parsed value sits', () => {
    expect(fieldIssues(errorOf({ orderId: 'o', lineItems: [{}] }), '(body)', ['Message'])).toEqual([
      { path: 'Message.lineItems.0.sku', message: 'Invalid input: expected string, received undefined' },
    ]);
  });

  it('writes one "path: message" line an issue', () => {
    expect(issueLines(errorOf({ orderId: '', lineItems: [] }), 'the order')).toEqual(['orderId: required']);
    expect(issueLines(errorOf('not an order'), 'the order')).toEqual([
      'the order: Invalid input: expected object, received string',
    ]);
  });
});
