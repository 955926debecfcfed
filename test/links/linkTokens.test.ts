import { ANSWER_LINK_DAYS, signAnswerToken, verifyAnswerToken } from '../../links/answerToken';
import { signClickToken, signOpenToken, verifyClickToken, verifyOpenToken } from '../../links/clickToken';
import { customerLinks } from '../../links/customerLinks';
import { publicBase, publicLinkUrl } from '../../links/publicLinks';
import { signToken, TokenError, verifyToken } from '../../links/signedToken';
import { refusalReason } from '../helpers/tokenRefusal';

const SECRET = 'link-secret-0123456789abcdefghijklmnop';
const NOW = new Date('2026-03-02T15:00:00Z');
const DAY = 86_400_000;

const answer = {
  storeId: 'default',
  customerId: 'c-42',
  orderId: '1001',
  messageKey: 'post-purchase/feedback/SERUM',
  question: 'feedback' as const,
  sku: 'SERUM',
  choice: '4',
  locale: 'en' as const,
};
const message = { messageKey: 'post-purchase/cross-sell/order', journeyId: 'post-purchase', stepId: 'cross-sell' };
const click = { storeId: 'default', customerId: 'c-42', ...message, url: 'https://shop.example.com/products/mask' };

describe('answer links expire after 90 days', () => {
  const token = signAnswerToken(answer, SECRET, NOW);
  const expiry = NOW.getTime() + ANSWER_LINK_DAYS * DAY;

  it.each([
    ['the day it was sent', NOW.getTime()],
    ['exactly at its expiry', expiry],
  ])('works %s', (_name, at) => {
    expect(verifyAnswerToken(token, SECRET, new Date(at))).toEqual({ v: 1, ...answer, exp: expiry / 1000 });
  });

  it('refuses a millisecond later, saying it expired', () => {
    expect(() => verifyAnswerToken(token, SECRET, new Date(expiry + 1000))).toThrow(
      new TokenError('expired', 'the answer link has expired'),
    );
  });

  it("marks a test email's link as a test, and only then", () => {
    expect(verifyAnswerToken(signAnswerToken({ ...answer, test: true }, SECRET, NOW), SECRET, NOW).test).toBe(true);
    expect(verifyAnswerToken(signAnswerToken({ ...answer, test: false }, SECRET, NOW), SECRET, NOW)).not.toHaveProperty(
      'test',
    );
  });
});

describe('a token of one kind never verifies as another', () => {
  const tokens = {
    unsubscribe: signToken({ storeId: 'default', customerId: 'c-42' }, SECRET, NOW),
    answer: signAnswerToken(answer, SECRET, NOW),
    click: signClickToken(click, SECRET),
    open: signOpenToken({ storeId: 'default', customerId: 'c-42', ...message }, SECRET),
  };
  const verifiers = {
    unsubscribe: (t: string) => verifyToken(t, SECRET),
    answer: (t: string) => verifyAnswerToken(t, SECRET, NOW),
    click: (t: string) => verifyClickToken(t, SECRET),
    open: (t: string) => verifyOpenToken(t, SECRET),
  };
  const kinds = Object.keys(tokens) as (keyof typeof tokens)[];

  it.each(kinds.flatMap((kind) => kinds.filter((other) => other !== kind).map((other) => [kind, other] as const)))(
    'a %s token is refused as %s',
    (kind, other) => {
      expect(refusalReason(() => verifiers[other](tokens[kind]))).toBe('bad_signature');
    },
  );

  it.each(kinds)('a %s token verifies as itself', (kind) => {
    expect(verifiers[kind](tokens[kind])).toMatchObject({ v: 1, storeId: 'default', customerId: 'c-42' });
  });
});

describe('public link URLs', () => {
  it.each([
    ['https://links.example.com', 'https://links.example.com/'],
    ['https://example.com/afterglow', 'https://example.com/afterglow/'],
    ['https://example.com/afterglow/', 'https://example.com/afterglow/'],
    ['https://example.com/afterglow?x=1#top', 'https://example.com/afterglow/'],
  ])('%s is the base %s', (publicUrl, base) => {
    expect(publicBase(publicUrl)).toBe(base);
  });

  it('keeps the path prefix of PUBLIC_URL', () => {
    expect(publicLinkUrl('https://example.com/afterglow', 'c', 'tok.en')).toBe(
      'https://example.com/afterglow/c/tok.en',
    );
  });
});

describe("a message's customer links (customerLinks)", () => {
  const settings = { publicUrl: 'https://links.example.com/ag', secrets: [SECRET], listIdDomain: 'shop.example.com' };
  const customer = { storeId: 'default', customerId: 'c-42' };
  const tokenOf = (url: string, kind: string) => url.slice(`https://links.example.com/ag/${kind}/`.length);

  it("tracks the store's links through a signed redirect, and leaves the API's own links alone", () => {
    const track = customerLinks(settings).clickTracker(customer, message);
    const tracked = track('https://shop.example.com/products/mask')!;
    expect(tracked).toMatch(/^https:\/\/links\.example\.com\/ag\/c\//);
    expect(verifyClickToken(tokenOf(tracked, 'c'), SECRET)).toEqual({ v: 1, ...click });
    expect(track('https://links.example.com/ag/a/sometoken')).toBeUndefined();
  });

  it('signs answer links and open pixels for the customer and the message', () => {
    const links = customerLinks(settings);
    const url = links.answerUrl(customer, '1001', answer.messageKey, 'en')('feedback', '4', 'SERUM');
    expect(verifyAnswerToken(tokenOf(url, 'a'), SECRET)).toMatchObject({ ...answer });
    const pixel = links.openPixelUrl(customer, message);
    expect(verifyOpenToken(tokenOf(pixel, 'o'), SECRET)).toEqual({ v: 1, ...customer, ...message });
  });

  it('marks every link of a test email as a test, and no link of a real one', () => {
    const real = customerLinks(settings);
    const trial = customerLinks({ ...settings, test: true });
    const clickOf = (links: typeof real) =>
      verifyClickToken(tokenOf(links.clickTracker(customer, message)(click.url)!, 'c'), SECRET);
    const openOf = (links: typeof real) => verifyOpenToken(tokenOf(links.openPixelUrl(customer, message), 'o'), SECRET);
    const answerOf = (links: typeof real) =>
      verifyAnswerToken(
        tokenOf(links.answerUrl(customer, '1001', answer.messageKey, 'en')('feedback', '4'), 'a'),
        SECRET,
      );
    const unsubscribeOf = (links: typeof real) =>
      verifyToken(new URL(links.unsubscribe(customer).unsubscribeUrl).pathname.split('/').at(-1)!, SECRET);
    expect([clickOf(trial).test, openOf(trial).test, answerOf(trial).test, unsubscribeOf(trial).test]).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect([clickOf(real), openOf(real), answerOf(real), unsubscribeOf(real)].map((p) => 'test' in p)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});
