import { z } from 'zod';

/** True when the runtime knows the IANA zone ("Asia/Tokyo"); rejects offsets and typos. */
function isIanaTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}

export const IanaTimeZone = z.string().refine(isIanaTimeZone, 'must be an IANA time zone such as "Asia/Tokyo"');
