import type { Payload } from '@temporalio/common';
import type { Root } from 'protobufjs';
import { fromJson, toJson } from 'protobufjs/ext/protojson';
import { z } from 'zod';

/**
 * The codec endpoint's wire format: Temporal's JSON encoding (proto3 JSON) of temporal.api.common.v1.Payloads, as
 * the Web UI, the CLI and the SDKs' remote codecs send it and as Temporal's own codec servers read it (Go's
 * `converter.NewPayloadCodecHTTPHandler` parses with protojson). So: empty fields may be left out (`{}` is zero
 * payloads: the CLI sends that for a query without arguments), `null` means absent, field names come in JSON or
 * proto spelling (`externalPayloads` / `external_payloads`), bytes in standard or URL-safe base64 with or without
 * padding, and an unknown field is an error. protobufjs's ProtoJSON reader does the conversion; the zod schema in
 * front of it only names the exact field of a bad value (`payloads.0.metadata.encoding`).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- at run time the package is a protobufjs Root, which its typings do not say
const temporalProtos = require('@temporalio/proto') as Root;
const PayloadType = temporalProtos.lookupType('temporal.api.common.v1.Payload');

/** A Web UI page decodes one event's payloads at a time; this bounds the work of a single request. */
export const MAX_CODEC_PAYLOADS = 1_000;

const Base64 = z
  .string()
  .regex(/^[A-Za-z0-9+/_-]*={0,2}$/, 'expected base64')
  .refine((text) => text.replace(/=+$/, '').length % 4 !== 1, 'expected base64');

// `.loose()`: the other Payload fields (externalPayloads) are ProtoJSON's to read, and to refuse when unknown.
const JsonPayload = z.object({ metadata: z.record(z.string(), Base64).nullish(), data: Base64.nullish() }).loose();

export const PayloadsJson = z.strictObject({ payloads: z.array(JsonPayload).max(MAX_CODEC_PAYLOADS).nullish() });

/** A ProtoJSON value that zod let through but protobufjs refused: where, and why (without the type's package). */
export class PayloadJsonError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

/** The payloads of a body that `PayloadsJson` accepted. */
export function payloadsFromJson(body: z.output<typeof PayloadsJson>): Payload[] {
  return (body.payloads ?? []).map((json, index) => {
    try {
      return fromJson(PayloadType, json) as Payload;
    } catch (err) {
      throw new PayloadJsonError(
        `payloads.${index}`,
        (err as Error).message.replace(/^\.temporal\.api\.common\.v1\./, ''),
      );
    }
  });
}

/** ProtoJSON of a payload, always with both `metadata` and `data`: the Web UI only takes objects with both for payloads. */
export function payloadToJson(payload: Payload): Record<string, unknown> {
  const { metadata, data, ...rest } = toJson(PayloadType, payload) as Record<string, unknown>;
  return { metadata: metadata ?? {}, data: data ?? '', ...rest };
}
