/**
 * A time zone where it is between 10:00 and 17:00 at `at` (now by default), so that a message a test, recording or
 * benchmark on the real clock makes due is inside the default send window (09:00-20:00 local) whatever time it runs.
 */
export function zoneInsideSendWindow(at = Date.now()): string {
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
    Number(
      new Intl.DateTimeFormat('en-GB', { hour: 'numeric', hourCycle: 'h23', timeZone: zone }).format(new Date(at)),
    );
  const zone = zones.find((z) => hour(z) >= 10 && hour(z) < 17);
  if (!zone) throw new Error('no candidate zone is between 10:00 and 17:00 then');
  return zone;
}
