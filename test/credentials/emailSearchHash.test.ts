import { createHash } from 'node:crypto';
import { emailSearchHash } from '../../credentials/emailSearchHash';

describe('emailSearchHash', () => {
  const secret = 'x'.repeat(32);

  it('hashes the normalised address, so support may type it as the ticket shows it', () => {
    expect(emailSearchHash(secret, '  Ada@Example.COM ')).toBe(emailSearchHash(secret, 'ada@example.com'));
    expect(emailSearchHash(secret, 'ada@example.com')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('depends on the secret, so a list of known addresses cannot be hashed and matched without it', () => {
    expect(emailSearchHash(secret, 'ada@example.com')).not.toBe(emailSearchHash('y'.repeat(32), 'ada@example.com'));
    expect(emailSearchHash(secret, 'ada@example.com')).not.toBe(
      createHash('sha256').update('ada@example.com').digest('hex'),
    );
  });
});
