import { localeOfCountry, type PlaceAddress, zoneOfAddress } from '../../domain/customerPlace';
import { Order } from '../../domain/order';
import { describeZone } from '../../rules/planRun';

/** Issue #20: the customer's own time zone from the address when the store sends none. */
describe('zoneOfAddress', () => {
  it.each([
    ['Tokyo', { country: 'JP', province: 'Tokyo', postalCode: '150-0041' }, 'Asia/Tokyo'],
    ['Osaka', { country: 'JP', province: 'Osaka' }, 'Asia/Tokyo'],
    ['New York', { country: 'US', province: 'NY', postalCode: '10001' }, 'America/New_York'],
    ['Los Angeles', { country: 'US', province: 'California' }, 'America/Los_Angeles'],
    ['Phoenix (no daylight saving)', { country: 'US', province: 'AZ', postalCode: '85004' }, 'America/Phoenix'],
    ['Honolulu', { country: 'US', province: 'HI' }, 'Pacific/Honolulu'],
    ['Toronto', { country: 'CA', province: 'Ontario' }, 'America/Toronto'],
    ['Vancouver', { country: 'CA', province: 'British Columbia' }, 'America/Vancouver'],
    ['Perth', { country: 'AU', province: 'Western Australia' }, 'Australia/Perth'],
    ['Sydney', { country: 'AU', province: 'New South Wales' }, 'Australia/Sydney'],
    ['São Paulo', { country: 'BR', province: 'Sao Paulo' }, 'America/Sao_Paulo'],
    ['Berlin', { country: 'DE', province: 'Berlin' }, 'Europe/Berlin'],
    ['London', { country: 'GB', postalCode: 'SW1A 1AA' }, 'Europe/London'],
    ['an unknown country: nothing (the store zone applies)', { country: 'XX' }, undefined],
  ])('%s', (_, address, zone) => expect(zoneOfAddress(address)).toBe(zone));

  // Expected zones checked against where the place is, not against what the code returned.
  it.each<[string, PlaceAddress, string | undefined]>([
    // ISO 3166-2 codes, as Shopify's province_code sends them
    ['US WA: Seattle', { country: 'US', province: 'WA' }, 'America/Los_Angeles'],
    ['US OR: Portland', { country: 'US', province: 'OR' }, 'America/Los_Angeles'],
    ['US IN: Indianapolis', { country: 'US', province: 'IN' }, 'America/Indiana/Indianapolis'],
    ['US FL: Jacksonville/Miami', { country: 'US', province: 'FL' }, 'America/New_York'],
    ['US TX: Houston', { country: 'US', province: 'TX' }, 'America/Chicago'],
    ['US AZ: no daylight saving', { country: 'US', province: 'AZ' }, 'America/Phoenix'],
    ['US HI', { country: 'US', province: 'HI' }, 'Pacific/Honolulu'],
    ['US AK', { country: 'US', province: 'AK' }, 'America/Anchorage'],
    ['CA BC', { country: 'CA', province: 'BC' }, 'America/Vancouver'],
    ['CA ON', { country: 'CA', province: 'ON' }, 'America/Toronto'],
    ['CA AB', { country: 'CA', province: 'AB' }, 'America/Edmonton'],
    ['CA NS', { country: 'CA', province: 'NS' }, 'America/Halifax'],
    ['CA NL: Newfoundland, half an hour off', { country: 'CA', province: 'NL' }, 'America/St_Johns'],
    ['AU WA, not Washington', { country: 'AU', province: 'WA' }, 'Australia/Perth'],
    ['AU NT', { country: 'AU', province: 'NT' }, 'Australia/Darwin'],
    ['AU SA', { country: 'AU', province: 'SA' }, 'Australia/Adelaide'],
    ['AU QLD: no daylight saving', { country: 'AU', province: 'QLD' }, 'Australia/Brisbane'],
    ['BR AM: Manaus', { country: 'BR', province: 'AM' }, 'America/Manaus'],
    ['BR SP', { country: 'BR', province: 'SP' }, 'America/Sao_Paulo'],
    ['MX SON: no daylight saving', { country: 'MX', province: 'SON' }, 'America/Hermosillo'],
    ['MX BCN: Tijuana', { country: 'MX', province: 'BCN' }, 'America/Tijuana'],
    ['RU NVS: Novosibirsk', { country: 'RU', province: 'NVS' }, 'Asia/Novosibirsk'],
    ['ES B: Barcelona', { country: 'ES', province: 'B' }, 'Europe/Madrid'],
    ['ES TF: Tenerife, an hour behind Madrid', { country: 'ES', province: 'TF' }, 'Atlantic/Canary'],
    ['a lowercase code', { country: 'US', province: 'wa' }, 'America/Los_Angeles'],
    ['a lowercase Canadian code', { country: 'CA', province: 'bc' }, 'America/Vancouver'],
    ['a code with its country (US-WA)', { country: 'US', province: 'US-WA' }, 'America/Los_Angeles'],
    // names
    ['a US state name', { country: 'US', province: 'Washington' }, 'America/Los_Angeles'],
    ['a Russian name with its designator', { country: 'RU', province: 'Novosibirsk Oblast' }, 'Asia/Novosibirsk'],
    [
      "Shopify's own Mexican code (not ISO): the name decides",
      { country: 'MX', provinceCode: 'BC', province: 'Baja California' },
      'America/Tijuana',
    ],
    // postal codes split the states that span two zones
    ['Evansville IN 47708', { country: 'US', province: 'IN', postalCode: '47708' }, 'America/Chicago'],
    ['Indianapolis IN 46204, no province', { country: 'US', postalCode: '46204' }, 'America/Indiana/Indianapolis'],
    ['Ontario OR 97914', { country: 'US', province: 'OR', postalCode: '97914' }, 'America/Boise'],
    ['Pensacola FL 32501', { country: 'US', province: 'FL', postalCode: '32501' }, 'America/Chicago'],
    ['Pensacola FL, ZIP+4', { country: 'US', province: 'FL', postalCode: '32501-1234' }, 'America/Chicago'],
    ['Tallahassee FL 32301', { country: 'US', province: 'FL', postalCode: '32301' }, 'America/New_York'],
    ['El Paso TX 79901', { country: 'US', province: 'TX', postalCode: '79901' }, 'America/Denver'],
    ['Kenora ON P9N 1A1', { country: 'CA', province: 'ON', postalCode: 'P9N 1A1' }, 'America/Winnipeg'],
    ['Labrador A0P, lowercase', { country: 'CA', province: 'NL', postalCode: 'a0p 1a0' }, 'America/Goose_Bay'],
    // falling back
    [
      'an unknown ZIP: the province',
      { country: 'US', province: 'IN', postalCode: '00000' },
      'America/Indiana/Indianapolis',
    ],
    ['a malformed ZIP: the province', { country: 'US', province: 'TX', postalCode: '7990' }, 'America/Chicago'],
    [
      'a border ZIP the coordinate map puts in Canada (Calais ME): the province',
      { country: 'US', province: 'ME', postalCode: '04619' },
      'America/New_York',
    ],
    ['an unknown province: the country', { country: 'US', province: 'Atlantis' }, 'America/New_York'],
    ['a single-zone country', { country: 'JP', province: 'JP-27', postalCode: '530-0001' }, 'Asia/Tokyo'],
    ['a country no dataset places (Heard Island)', { country: 'HM' }, undefined],
  ])('%s', (_, address, zone) => expect(zoneOfAddress(address)).toBe(zone));

  it.each([
    ['JP', 'ja-JP'],
    ['US', 'en-US'],
    ['BR', 'pt-BR'],
    ['XX', undefined],
  ])('the main language of %s is %s', (country, locale) => expect(localeOfCountry(country)).toBe(locale));
});

describe('an order without a customer time zone', () => {
  const base = {
    orderId: 'A-1',
    placedAt: '2026-03-02T01:15:00Z',
    currency: 'USD',
    total: '10.00',
    lineItems: [{ sku: 'VC-SERUM-30', title: 'Serum', quantity: 1, unitPrice: '10.00' }],
  };
  const customer = { id: 'c-1', email: 'c@example.com' };

  it.each([
    [
      'takes the shipping address',
      {
        shippingAddress: { country: 'CA', province: 'British Columbia' },
        billingAddress: { country: 'US', province: 'NY' },
      },
      'America/Vancouver',
      'address',
    ],
    [
      'else the billing address',
      { billingAddress: { country: 'AU', province: 'Western Australia' } },
      'Australia/Perth',
      'address',
    ],
    ['keeps the store zone when nothing tells', {}, undefined, undefined],
  ])('%s', (_, addresses, timezone, source) => {
    const order = Order.parse({ ...base, customer, ...addresses });
    expect(order.customer.timezone).toBe(timezone);
    expect(order.customer.timezoneSource).toBe(source);
    // The address itself is not kept.
    expect(order).not.toHaveProperty('shippingAddress');
    expect(order).not.toHaveProperty('billingAddress');
  });

  it("never overrides the store's own time zone or language", () => {
    const order = Order.parse({
      ...base,
      customer: { ...customer, timezone: 'Europe/Berlin', locale: 'de' },
      shippingAddress: { country: 'JP' },
    });
    expect(order.customer).toMatchObject({ timezone: 'Europe/Berlin', timezoneSource: 'given', locale: 'de' });
  });

  it('gets the language of its country when the store sends none', () => {
    expect(Order.parse({ ...base, customer, shippingAddress: { country: 'JP' } }).customer.locale).toBe('ja-JP');
  });

  it('names the field of a bad address', () => {
    const result = Order.safeParse({ ...base, customer, shippingAddress: { country: 'Japan' } });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]).toMatchObject({
      path: ['shippingAddress', 'country'],
      message: 'must be a two-letter country code such as "JP"',
    });
  });
});

describe('support sees where the zone came from', () => {
  it.each([
    [{ timezone: 'Asia/Tokyo', timezoneSource: 'address' as const }, 'Asia/Tokyo (from the address)'],
    [{ timezone: 'Europe/Berlin', timezoneSource: 'given' as const }, 'Europe/Berlin (sent by the store)'],
    [{ timezone: 'Europe/Berlin' }, 'Europe/Berlin (sent by the store)'],
    [{}, "America/New_York (the store's: the order gave no zone or address)"],
  ])('%j → %s', (customer, text) => expect(describeZone(customer, 'America/New_York')).toBe(text));
});
