import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { adminAuth } from '../adminAuth';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { PayloadDecryptionError } from '../../codec/encryptionCodec';
import { ApiError, parseOrThrow } from '../errors';

/**
 * Temporal's remote codec protocol, so support reads decrypted payloads in the Web UI (and `temporal --codec-endpoint
 * http://…/codec --codec-auth "Bearer $AFTERGLOW_ADMIN_TOKEN"` on the CLI): `POST /codec/decode` and
 * `POST /codec/encode` with `{ payloads: [{ metadata: { key: base64 }, data: base64 }] }` (protobuf JSON of
 * temporal.api.common.v1.Payloads), answered in the same shape.
 *
 * The UI (and the CLI) call `<endpoint>/decode?…`, so the endpoint is `https://…/codec` without a trailing slash.
 * The UI calls straight from the browser with `Content-Type`, `X-Namespace` and, only when
 * "pass access token" is on and the endpoint is https, `Authorization: Bearer <the signed-in UI user's OIDC
 * access token>` (+ `Authorization-Extras: <id token>`). It has no field for a static token: with a static admin
 * token, the UI reaches this endpoint through an authenticating proxy that adds the header (the UI's "include
 * cross-origin credentials" sends that proxy's session cookie). Anything that decrypts is admin-only, so every
 * POST needs the token; OPTIONS preflights carry no credentials and are answered for the allowed UI origins.
 */
export interface CodecRoutesOptions {
  codec: PayloadCodec;
  /** Bearer token for encode and decode; 32+ characters. */
  adminToken: string;
  /** Browser origins of the Web UI allowed to call (CORS), e.g. `http://localhost:8233`. */
  uiOrigins: readonly string[];
  /** Largest request body in bytes; default CODEC_BODY_LIMIT. */
  bodyLimit?: number;
  /**
   * Local development only: let the listed UI origins decode without the token (the Web UI cannot send a static
   * bearer token). Browsers set Origin themselves, so other pages cannot pose as the UI; non-browser callers still
   * need the token.
   */
  trustUiOrigins?: boolean;
}

export const CODEC_PREFIX = '/codec';
/** A Web UI page decodes one event's payloads at a time; this bounds the work of a single request. */
export const MAX_CODEC_PAYLOADS = 1_000;
/**
 * Above the API's 256 KiB: one payload may be up to Temporal's 2 MiB blob limit (a journey state carried through
 * continue-as-new is the largest we make), and base64 in JSON adds a third.
 */
export const CODEC_BODY_LIMIT = 4 * 1024 * 1024;

const ALLOWED_HEADERS = 'content-type, authorization, authorization-extras, x-namespace';

// Protobuf JSON of Payload: bytes as base64. `.loose()` keeps other fields (externalPayloads) for fromObject.
const JsonPayload = z
  .object({ metadata: z.record(z.string(), z.base64()).nullish(), data: z.base64().nullish() })
  .loose();
const CodecBody = z.object({ payloads: z.array(JsonPayload).max(MAX_CODEC_PAYLOADS) });
type JsonPayload = z.infer<typeof JsonPayload>;

const ProtoPayload = temporal.api.common.v1.Payload;

function fromJson(json: JsonPayload, index: number): Payload {
  try {
    return ProtoPayload.fromObject(json);
  } catch (err) {
    throw new ApiError(400, 'invalid_request', '1 invalid field', [{ path: `payloads.${index}`, message: (err as Error).message }]);
  }
}

/** Always both `metadata` and `data`: the Web UI only treats objects with both keys as payloads. */
function toJson(payload: Payload): Record<string, unknown> {
  const { metadata, data, ...rest } = ProtoPayload.toObject(ProtoPayload.fromObject(payload), { bytes: String });
  return { metadata: metadata ?? {}, data: data ?? '', ...rest };
}

export const codecRoutes: FastifyPluginAsync<CodecRoutesOptions> = async (app, { codec, adminToken, uiOrigins, bodyLimit = CODEC_BODY_LIMIT, trustUiOrigins = false }) => {
  const tokenCheck = adminAuth(adminToken, 'afterglow-codec');
  const origins = new Set(uiOrigins);
  const authenticate = async (request: FastifyRequest, reply: FastifyReply) => {
    if (trustUiOrigins && request.headers.origin !== undefined && origins.has(request.headers.origin)) return;
    return tokenCheck(request, reply);
  };

  // Runs before auth so that rejections carry CORS headers too (else the browser hides the status from the UI).
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const origin = request.headers.origin;
    if (origin === undefined) return; // not a browser: the CLI, curl
    if (!origins.has(origin))
      return reply.code(403).send({ error: 'forbidden_origin', message: `origin ${origin} may not call the codec endpoint` });
    reply.header('access-control-allow-origin', origin).header('vary', 'Origin').header('access-control-allow-credentials', 'true');
  });

  for (const operation of ['encode', 'decode'] as const) {
    const url = `${CODEC_PREFIX}/${operation}`;
    app.options(url, async (_request, reply) =>
      reply
        .code(204)
        .header('access-control-allow-methods', 'POST, OPTIONS')
        .header('access-control-allow-headers', ALLOWED_HEADERS)
        .header('access-control-max-age', '600')
        .send(),
    );
    app.post(url, { onRequest: authenticate, bodyLimit }, async (request) => {
      const { payloads } = parseOrThrow(CodecBody, request.body);
      const input = payloads.map(fromJson);
      let output: Payload[];
      try {
        output = operation === 'encode' ? await codec.encode(input) : await codec.decode(input);
      } catch (err) {
        if (err instanceof PayloadDecryptionError) throw new ApiError(400, 'bad_request', err.message);
        throw err;
      }
      // Only counts: these bodies are the personal data the encryption is there to protect.
      request.log.info({ operation, payloads: output.length, namespace: request.headers['x-namespace'] }, 'codec request');
      return { payloads: output.map(toJson) };
    });
  }
};
