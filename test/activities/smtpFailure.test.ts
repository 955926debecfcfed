import { inspect } from 'node:util';
import { createMailTransport } from '../../activities/mailTransport';
import { describeSmtpFailure, smtpFailure, smtpFailureError } from '../../activities/smtpFailure';
import { freePort } from '../helpers/faultProcesses';
import { type SmtpSink, startSmtpSink } from '../../devtools/smtpSink';

/** Real nodemailer errors from a real SMTP server whose refusals echo the address, as Postfix's do. */
let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink({
    rejectRcpt: (address) =>
      address.startsWith('grey') && { code: 450, text: `4.2.0 <${address}>: Recipient address rejected: Greylisted` },
    rejectData: ([to]) =>
      to.startsWith('spam') ? { code: 554, text: `5.7.1 Message for <${to}> rejected` } : undefined,
  });
});
afterAll(() => sink.close());

async function sendError(smtpUrl: string, to: string): Promise<unknown> {
  const transport = createMailTransport(smtpUrl, { maxConnections: 1 });
  try {
    await transport.sendMail({ from: 'hello@shop.example.com', to, subject: 'Ada, your order', text: 'Hello Ada' });
    throw new Error('the send did not fail');
  } catch (err) {
    return err;
  } finally {
    transport.close();
  }
}

const everything = (value: unknown) => `${inspect(value, { depth: Infinity })} ${JSON.stringify(value)}`;

describe('a failed send, as logs and Temporal see it', () => {
  it('greylisting (450 at RCPT) keeps the code, status and stage, is retryable, and names nobody', async () => {
    const err = await sendError(sink.url, 'grey.ada@example.com');
    expect(everything(err)).toContain('grey.ada@example.com'); // what the transport hands us
    const failure = smtpFailure(err);
    expect(failure).toEqual({
      responseCode: 450,
      enhancedStatus: '4.2.0',
      command: 'RCPT TO',
      code: 'EENVELOPE',
      permanent: false,
      badRecipient: false,
    });
    const thrown = smtpFailureError(failure);
    expect(thrown).toMatchObject({
      type: 'SmtpTemporaryFailure',
      nonRetryable: false,
      message: 'SMTP send failed temporarily (450 4.2.0 at RCPT TO)',
    });
    expect(everything(thrown)).not.toMatch(/grey\.ada|Ada/);
  });

  it('a refusal after DATA (554) is permanent: not retried, and the quoted message is gone', async () => {
    const err = await sendError(sink.url, 'spam.ada@example.com');
    const thrown = smtpFailureError(smtpFailure(err));
    expect(thrown).toMatchObject({
      type: 'SmtpPermanentFailure',
      nonRetryable: true,
      message: 'SMTP refused the message permanently (554 5.7.1 at DATA)',
    });
    expect(everything(thrown)).not.toMatch(/spam\.ada|Ada/);
  });

  it.each([
    [
      'an unknown mailbox at RCPT',
      { responseCode: 550, command: 'RCPT TO', response: '550 5.1.1 <x@example.com>: unknown' },
      true,
      true,
    ],
    [
      'a mailbox refused after DATA with an address status',
      { responseCode: 550, command: 'DATA', response: '550 5.1.1 user unknown' },
      true,
      true,
    ],
    ['a content filter after DATA', { responseCode: 554, command: 'DATA', response: '554 5.7.1 spam' }, true, false],
    [
      'wrong credentials at AUTH',
      { responseCode: 535, command: 'AUTH PLAIN', response: '535 5.7.8 bad credentials' },
      false,
      false,
    ],
    [
      'a sender the relay refuses',
      { responseCode: 553, command: 'MAIL FROM', response: '553 5.7.1 sender not allowed' },
      false,
      false,
    ],
    ['greylisting', { responseCode: 450, command: 'RCPT TO', response: '450 4.2.0 greylisted' }, false, false],
  ])('%s: permanent %s, a hard bounce %s', (_, fields, permanent, badRecipient) => {
    expect(smtpFailure(Object.assign(new Error('x'), { code: 'EENVELOPE', ...fields }))).toMatchObject({
      permanent,
      badRecipient,
    });
  });

  it('no server at all: the system code says why, and the ledger can tell nothing was sent', async () => {
    const failure = smtpFailure(await sendError(`smtp://127.0.0.1:${await freePort()}`, 'ada@example.com'));
    expect(failure).toEqual({
      code: 'ESOCKET',
      systemCode: 'ECONNREFUSED',
      command: 'CONN',
      permanent: false,
      badRecipient: false,
    });
    expect(describeSmtpFailure(failure)).toBe('ESOCKET ECONNREFUSED at CONN');
  });

  it('drops fields that are not identifiers rather than pass their text on', () => {
    const odd = Object.assign(new Error('Invalid recipient "ada@example.com"'), {
      code: 'bad <ada@example.com>',
      command: 'RCPT TO:<ada@example.com>',
      originalCode: 'ada@example.com',
    });
    expect(smtpFailure(odd)).toEqual({ code: 'Error', permanent: false, badRecipient: false });
  });
});
