import { getCountry } from 'countries-and-timezones';
import { z } from 'zod';
import { zoneOfPostalCode } from './zoneOfPostalCode';
import { zoneOfLargestCity, zoneOfProvince } from './zoneOfProvince';

/**
 * Where an order ships (else its billing address), as much as a time zone needs: no street, no name. Country is the
 * ISO 3166-1 alpha-2 code; province is the state/province/prefecture name ("British Columbia") or its ISO 3166-2 code
 * ("BC"); provinceCode is that code when a store sends both (Shopify does; its codes are not always ISO, its names help).
 */
export const PlaceAddress = z.object({
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'must be a two-letter country code such as "JP"')
    .transform((c) => c.toUpperCase()),
  province: z.string().trim().min(1).max(100).optional(),
  provinceCode: z.string().trim().min(1).max(20).optional(),
  postalCode: z.string().trim().min(1).max(20).optional(),
});
export type PlaceAddress = z.infer<typeof PlaceAddress>;

/** Where the customer's time zone came from: the store sent it, or it was inferred from the address. */
export type ZoneSource = 'given' | 'address';

/**
 * The IANA zone of an address, from the narrowest thing known: the country's only zone; else a US or Canadian postal
 * code's (zipcodes, tz-lookup), which splits states such as Indiana or Florida; else that of the most populous city of
 * the province (country-region-data for codes, city-timezones); else of the country's most populous city. Undefined
 * for a country no dataset places. countries-and-timezones stays the one list of each country's zones.
 */
export function zoneOfAddress(address: PlaceAddress): string | undefined {
  const zones = getCountry(address.country)?.timezones ?? [];
  if (zones.length === 1) return zones[0];
  const provinces = [address.provinceCode, address.province].filter((p) => p !== undefined);
  return (
    (address.postalCode && zoneOfPostalCode(address.country, address.postalCode)) ||
    provinces.map((p) => zoneOfProvince(address.country, p)).find(Boolean) ||
    (zoneOfLargestCity(address.country) ?? zones[0])
  );
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
export function placeCustomer<C extends { timezone?: string; locale?: string }>(
  customer: C,
  address: PlaceAddress | undefined,
): C & { timezoneSource?: ZoneSource } {
  if (customer.timezone) return { ...customer, timezoneSource: 'given' };
  if (!address) return customer;
  const timezone = zoneOfAddress(address);
  const locale = customer.locale ?? localeOfCountry(address.country);
  return { ...customer, ...(locale && { locale }), ...(timezone && { timezone, timezoneSource: 'address' as const }) };
}
