/**
 * A time zone where it is between 10:00 and 17:00 now, so that a message a test or recording on the real clock makes
 * due is inside the default send window (09:00-20:00 local) whatever time it runs.
 */
export function zoneInsideSendWindow(): string {
  const zones = [
    'Asia/Tokyo',
    'Asia/Kolkata',
    'Europe/Berlin',
    'America/Sao_Paulo',
    'America/New_York',
    'America/Los_Angeles',
    'Pacific/Honolulu',
    'Pacific/Auckland',
  ];
  const hour = (zone: string) =>
    Number(new Intl.DateTimeFormat('en-GB', { hour: 'numeric', hourCycle: 'h23', timeZone: zone }).format(new Date()));
  return zones.find((zone) => hour(zone) >= 10 && hour(zone) < 17)!;
}
