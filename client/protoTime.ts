/** A protobuf Timestamp or Duration as the SDK hands it over: `seconds` is a Long when it came off the wire. */
interface ProtoTime {
  seconds?: number | { toNumber(): number } | null;
  nanos?: number | null;
}

/** A protobuf Timestamp (since the epoch) or Duration in milliseconds; undefined when absent. */
export function protoMs(value: ProtoTime | null | undefined): number | undefined {
  if (!value) return undefined;
  const seconds = typeof value.seconds === 'number' ? value.seconds : (value.seconds?.toNumber() ?? 0);
  return seconds * 1000 + Math.floor((value.nanos ?? 0) / 1_000_000);
}
