import { getCountry } from 'countries-and-timezones';
import { cityMapping } from 'city-timezones';
import { z } from 'zod';

/**
 * Where an order ships (else its billing address), as much as a time zone needs: no street, no name. Country is the
 * ISO 3166-1 alpha-2 code; province is the state/province/prefecture name ("British Columbia") or a US state code.
 */
export const PlaceAddress = z.object({
  country: z.string().regex(/^[A-Za-z]{2}$/, 'must be a two-letter country code such as "JP"').transform((c) => c.toUpperCase()),
  province: z.string().trim().min(1).max(100).optional(),
  postalCode: z.string().trim().min(1).max(20).optional(),
});
export type PlaceAddress = z.infer<typeof PlaceAddress>;

/** Where the customer's time zone came from: the store sent it, or it was inferred from the address. */
export type ZoneSource = 'given' | 'address';

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();

/**
 * The IANA zone of an address: the country's only zone, else that of the most populous city of the address's
 * province (city-timezones, from Natural Earth's populated places), else of the country's most populous city when the
 * province is not known. Undefined for a country neither dataset knows. (Postal codes would split the few states that
 * span two zones, such as Indiana or Oregon; the largest city's zone stands for those.)
 */
export function zoneOfAddress(address: PlaceAddress): string | undefined {
  const country = getCountry(address.country);
  const zones = country?.timezones ?? [];
  if (zones.length === 1) return zones[0];
  const cities = cityMapping.filter((c) => c.iso2 === address.country && c.timezone);
  const province = address.province && fold(address.province);
  const inProvince = province ? cities.filter((c) => fold(c.province ?? '') === province || fold(c.state_ansi ?? '') === province) : [];
  const candidates = inProvince.length ? inProvince : cities;
  const largest = candidates.reduce<(typeof cities)[number] | undefined>((best, c) => (!best || c.pop > best.pop ? c : best), undefined);
  return largest?.timezone ?? zones[0];
}

/** The main language of a country, as a BCP 47 tag ("ja-JP"), from the runtime's CLDR likely-subtags data. */
export function localeOfCountry(country: string): string | undefined {
  if (!getCountry(country)) return undefined;
  try {
    const { language } = new Intl.Locale(`und-${country}`).maximize();
    return language && language !== 'und' ? `${language}-${country}` : undefined;
  } catch {
    return undefined;
  }
}

/** The customer's zone and language: what the store sent wins; otherwise inferred from the address, if it tells. */
export function placeCustomer<C extends { timezone?: string; locale?: string }>(customer: C, address: PlaceAddress | undefined): C & { timezoneSource?: ZoneSource } {
  if (customer.timezone) return { ...customer, timezoneSource: 'given' };
  if (!address) return customer;
  const timezone = zoneOfAddress(address);
  const locale = customer.locale ?? localeOfCountry(address.country);
  return { ...customer, ...(locale && { locale }), ...(timezone && { timezone, timezoneSource: 'address' as const }) };
}
