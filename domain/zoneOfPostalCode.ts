import tzLookup from '@photostructure/tz-lookup';
import { getCountry } from 'countries-and-timezones';
import type * as Zipcodes from 'zipcodes';

/*
 * zipcodes ships the centre of every US ZIP code and Canadian forward sortation area (the first half of a postal
 * code) in the package itself; @photostructure/tz-lookup is a maintained, dependency-free coordinate → IANA zone
 * lookup with its map inside the package. Neither downloads anything or runs an install script.
 */

/**
 * zipcodes, loaded on first use: its table takes ~200 ms to load, and most processes (a CLI command, each unit test
 * file) never look up a postal code.
 */
let zipcodes: typeof Zipcodes | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy require is the point (see above)
const lookup = (code: string) => (zipcodes ??= require('zipcodes') as typeof Zipcodes).lookup(code);

/** The part of a postal code zipcodes knows: a ZIP (ZIP+4 allowed), a Canadian FSA (the full code allowed). */
const knownPart: Record<string, RegExp> = {
  US: /^(\d{5})(?:-?\d{4})?$/,
  CA: /^([A-Z]\d[A-Z])(?: ?\d[A-Z]\d)?$/,
};

/**
 * The zone at a US or Canadian postal code's centre; undefined for other countries and unknown codes. tz-lookup is
 * coarse near borders and coasts (some Maine ZIPs land in New Brunswick's zone), so a zone the country does not use
 * (by any of its names: tz-lookup may give "America/Creston" where the country lists "America/Phoenix") is not
 * trusted, and the province decides.
 */
export function zoneOfPostalCode(country: string, postalCode: string): string | undefined {
  const part = knownPart[country]?.exec(postalCode.trim().toUpperCase())?.[1];
  const place = part ? lookup(part) : undefined;
  if (!place) return undefined;
  const zone = tzLookup(place.latitude, place.longitude);
  const countryZones: readonly string[] = getCountry(country, { deprecated: true })?.timezones ?? [];
  return countryZones.includes(zone) ? zone : undefined;
}
