import { google } from '@temporalio/proto';
import { protoMs } from '../../client/protoTime';

describe('protoMs', () => {
  it('reads a Timestamp decoded off the wire (seconds as a Long) to the millisecond', () => {
    const at = Date.UTC(2026, 4, 10, 9, 30, 15, 250);
    const timestamp = google.protobuf.Timestamp.fromObject({ seconds: Math.floor(at / 1000), nanos: 250_999_999 });
    const wire = google.protobuf.Timestamp.encode(timestamp).finish();
    expect(protoMs(google.protobuf.Timestamp.decode(wire))).toBe(at);
  });

  it('reads a Duration with plain-number seconds, and nothing as undefined', () => {
    expect(protoMs({ seconds: 90, nanos: 500_000_000 })).toBe(90_500);
    expect(protoMs({})).toBe(0);
    expect(protoMs(null)).toBeUndefined();
  });
});
