import type * as CityTimezones from 'city-timezones';
import { allCountries } from 'country-region-data';

/*
 * country-region-data (maintained, ISO 3166-2 short codes for every country's regions) turns a code such as "WA" or
 * "NVS" into a name; city-timezones (Natural Earth's populated places, with population and zone) then gives the zone
 * where most of that province lives: that of its most populous city.
 */

/** Words the datasets add or leave out ("Novosibirsk Oblast" / "Novosibirsk", "Estado de México" / "México"). */
const DESIGNATORS = /\b(?:oblast|krai|republic|autonomous|okrug|province|estado|of|de|del)\b/g;

/** A name reduced to what both datasets agree on: no accents, case, punctuation or designators. */
const placeKey = (name: string) =>
  name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(DESIGNATORS, ' ')
    .replace(/\s+/g, ' ')
    .trim();

interface City {
  country: string;
  province: string;
  city: string;
  pop: number;
  timezone: string;
}

/**
 * The cities with their names reduced, built on first use: loading and reducing 7,300 cities takes ~50 ms, which
 * most processes (a CLI command, each unit test file) would pay without ever placing an address.
 */
let reduced: City[] | undefined;
function cities(): City[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy require is the point (see above)
  reduced ??= (require('city-timezones') as typeof CityTimezones).cityMapping
    .filter((c) => c.timezone)
    .map((c) => ({
      country: c.iso2,
      province: placeKey(c.province ?? ''),
      city: placeKey(c.city),
      pop: c.pop,
      timezone: c.timezone,
    }));
  return reduced;
}

const largest = (among: City[]) =>
  among.reduce<City | undefined>((best, c) => (!best || c.pop > best.pop ? c : best), undefined);

/** The region an ISO 3166-2 code names in a country ("WA", "wa", "US-WA"; Shopify sends Japan's as "JP-13"). */
function regionName(country: string, code: string): string | undefined {
  const upper = code.toUpperCase();
  const short = upper.startsWith(`${country}-`) ? upper.slice(country.length + 1) : upper;
  return allCountries.find(([, c]) => c === country)?.[2].find(([, shortCode]) => shortCode === short)?.[0];
}

/** The zone of the most populous city of a province given by code or by name; undefined when neither dataset knows it. */
export function zoneOfProvince(country: string, province: string): string | undefined {
  const key = placeKey(regionName(country, province) ?? province);
  if (!key) return undefined;
  const ofCountry = cities().filter((c) => c.country === country);
  const inProvince = ofCountry.filter((c) => c.province === key);
  // Provinces named after their capital that the city data files under another region ("Barcelona", in Cataluña).
  return largest(inProvince.length ? inProvince : ofCountry.filter((c) => c.city === key))?.timezone;
}

/** The zone of a country's most populous city: where most of its customers are when nothing narrower is known. */
export function zoneOfLargestCity(country: string): string | undefined {
  return largest(cities().filter((c) => c.country === country))?.timezone;
}
