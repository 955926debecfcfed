import type { Payload, PayloadCodec } from '@temporalio/common';
import { adminAuth } from '../adminAuth';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PayloadDecryptionError } from '../../codec/encryptionCodec';
import { PayloadJsonError, payloadsFromJson, PayloadsJson, payloadToJson } from '../../codec/payloadsJson';
import { ApiError } from '../errors';
import { errorAnswers } from '../routeSchemas';
import { ADMIN_TOKEN } from '../securitySchemes';

/**
 * Temporal's remote codec protocol, so support reads decrypted payloads in the Web UI (and `temporal --codec-endpoint
 * http://…/codec --codec-auth "Bearer $AFTERGLOW_ADMIN_TOKEN"` on the CLI): `POST /codec/decode` and
 * `POST /codec/encode` with `{ payloads: [{ metadata: { key: base64 }, data: base64 }] }` (Temporal's JSON of
 * temporal.api.common.v1.Payloads, read as Temporal's codec servers read it: see codec/payloadsJson.ts), answered in
 * the same shape.
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
   * bearer token). Browsers set Origin themselves, so other pages cannot pose as the UI; anyone can write the
   * header, though, so it counts only from a caller on this machine (loopback, not relayed by a proxy).
   */
  trustUiOrigins?: boolean;
}

const CODEC_PREFIX = '/codec';
/**
 * Above the API's 256 KiB: one payload may be up to Temporal's 2 MiB blob limit (a journey state carried through
 * continue-as-new is the largest we make), and base64 in JSON adds a third.
 */
const CODEC_BODY_LIMIT = 4 * 1024 * 1024;

const ALLOWED_HEADERS = 'content-type, authorization, authorization-extras, x-namespace';

/** Headers a reverse proxy adds: a request relayed from elsewhere is not a loopback caller, whatever its socket says. */
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'];

/** A connection from this machine (127.0.0.0/8 or ::1, also IPv4-mapped) that no proxy relayed. */
function isLoopbackCaller(request: FastifyRequest): boolean {
  const address = request.socket.remoteAddress ?? '';
  const loopback = address === '::1' || /^(::ffff:)?127\./.test(address);
  return loopback && FORWARDING_HEADERS.every((header) => request.headers[header] === undefined);
}

export const codecRoutes: FastifyPluginAsyncZod<CodecRoutesOptions> = async (
  app,
  { codec, adminToken, uiOrigins, bodyLimit = CODEC_BODY_LIMIT, trustUiOrigins = false },
) => {
  const tokenCheck = adminAuth(adminToken, 'afterglow-codec');
  const origins = new Set(uiOrigins);
  const authenticate = async (request: FastifyRequest, reply: FastifyReply) => {
    if (
      trustUiOrigins &&
      request.headers.origin !== undefined &&
      origins.has(request.headers.origin) &&
      isLoopbackCaller(request)
    )
      return;
    return tokenCheck(request, reply);
  };

  // Runs before auth so that rejections carry CORS headers too (else the browser hides the status from the UI).
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const origin = request.headers.origin;
    if (origin === undefined) return; // not a browser: the CLI, curl
    if (!origins.has(origin))
      return reply
        .code(403)
        .send({ error: 'forbidden_origin', message: `origin ${origin} may not call the codec endpoint` });
    reply
      .header('access-control-allow-origin', origin)
      .header('vary', 'Origin')
      .header('access-control-allow-credentials', 'true');
  });

  for (const operation of ['encode', 'decode'] as const) {
    const url = `${CODEC_PREFIX}/${operation}`;
    // Preflights are public: browsers send them without credentials.
    const preflight = {
      summary: `CORS preflight of ${url}`,
      tags: ['codec'],
      response: { 204: z.null().meta({ description: 'the allowed methods and headers, for an allowed origin' }) },
    };
    app.options(url, { schema: preflight }, async (_request, reply) =>
      reply
        .code(204)
        .header('access-control-allow-methods', 'POST, OPTIONS')
        .header('access-control-allow-headers', ALLOWED_HEADERS)
        .header('access-control-max-age', '600')
        .send(null),
    );
    const schema = {
      summary: `Temporal's remote codec: ${operation} payloads`,
      tags: ['codec'],
      security: ADMIN_TOKEN,
      body: PayloadsJson,
      response: { 200: z.object({ payloads: z.array(z.unknown()) }), ...errorAnswers(400, 401, 403, 413, 415) },
    };
    app.post(url, { onRequest: authenticate, bodyLimit, schema }, async (request) => {
      let output: Payload[];
      try {
        const input = payloadsFromJson(request.body);
        output = operation === 'encode' ? await codec.encode(input) : await codec.decode(input);
      } catch (err) {
        if (err instanceof PayloadJsonError)
          throw new ApiError(400, 'invalid_request', '1 invalid field', [{ path: err.path, message: err.message }]);
        if (err instanceof PayloadDecryptionError) throw new ApiError(400, 'bad_request', err.message);
        throw err;
      }
      // Only counts: these bodies are the personal data the encryption is there to protect.
      request.log.info(
        { operation, payloads: output.length, namespace: request.headers['x-namespace'] },
        'codec request',
      );
      return { payloads: output.map(payloadToJson) };
    });
  }
};
