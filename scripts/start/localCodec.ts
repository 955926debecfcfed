/**
 * How the Web UI that `npm start` runs reads encrypted payloads: it calls the API's codec endpoint from the browser,
 * and the endpoint lets exactly that UI's origins decode without the token (the UI cannot send one). Whatever the
 * operator set stays as set; when that leaves the UI unable to decode, they are told why.
 */
export interface LocalCodecInput {
  /** The environment as the operator gave it, plus the secrets npm start made. */
  env: {
    AFTERGLOW_PAYLOAD_KEYS?: string;
    AFTERGLOW_ADMIN_TOKEN?: string;
    AFTERGLOW_CODEC_UI_ORIGINS?: string;
    AFTERGLOW_CODEC_TRUST_UI?: string;
  };
  /** The port of the Web UI npm start runs; undefined when it uses a Temporal server it did not start. */
  uiPort: number | undefined;
  /** Where the browser reaches the API, e.g. `http://127.0.0.1:3000`. */
  apiUrl: string;
  /** The API listens on loopback only (API_HOST), the one case where the UI origin may be trusted. */
  apiOnLoopback: boolean;
}

export interface LocalCodecPlan {
  /** Variables to add to the environment of the API. */
  env: { AFTERGLOW_CODEC_UI_ORIGINS?: string; AFTERGLOW_CODEC_TRUST_UI?: string };
  /** `--ui-codec-endpoint` for the dev server; undefined when there is nothing to decode or nothing to decode with. */
  uiCodecEndpoint: string | undefined;
  /** Why the Web UI will show payloads encrypted, one sentence each. */
  warnings: string[];
}

/** A browser shows the UI under either name of loopback, and sends the one in its address bar as Origin. */
export const uiOriginsFor = (port: number): string[] => [`http://localhost:${port}`, `http://127.0.0.1:${port}`];

export function localCodecPlan({ env, uiPort, apiUrl, apiOnLoopback }: LocalCodecInput): LocalCodecPlan {
  const plan: LocalCodecPlan = { env: {}, uiCodecEndpoint: undefined, warnings: [] };
  if (!env.AFTERGLOW_PAYLOAD_KEYS) return plan; // nothing is encrypted: the UI reads payloads as they are
  const endpoint = `${apiUrl}/codec`;
  if (uiPort === undefined) {
    plan.warnings.push(
      `the Temporal server is not one npm start runs: its Web UI decodes payloads only when started with --ui-codec-endpoint ${endpoint} ` +
        'and its origin listed in AFTERGLOW_CODEC_UI_ORIGINS',
    );
    return plan;
  }
  const ui = `http://localhost:${uiPort}`;
  if (!env.AFTERGLOW_ADMIN_TOKEN) {
    plan.warnings.push(
      `AFTERGLOW_ADMIN_TOKEN is not set, so the API serves no codec endpoint: the Web UI at ${ui} shows payloads encrypted`,
    );
    return plan;
  }
  plan.uiCodecEndpoint = endpoint;
  const started = uiOriginsFor(uiPort);
  if (env.AFTERGLOW_CODEC_UI_ORIGINS === undefined) plan.env.AFTERGLOW_CODEC_UI_ORIGINS = started.join(',');
  else {
    const allowed = env.AFTERGLOW_CODEC_UI_ORIGINS.split(',').map((origin) => origin.trim());
    const missing = started.filter((origin) => !allowed.includes(origin));
    if (missing.length)
      plan.warnings.push(
        `AFTERGLOW_CODEC_UI_ORIGINS=${env.AFTERGLOW_CODEC_UI_ORIGINS} leaves out ${missing.join(' and ')}: the Web UI opened there cannot decode payloads`,
      );
  }
  if (env.AFTERGLOW_CODEC_TRUST_UI === 'false')
    plan.warnings.push(
      `AFTERGLOW_CODEC_TRUST_UI=false: the Web UI at ${ui} cannot send the admin token, so it shows payloads encrypted (unless a proxy adds the token)`,
    );
  else if (!apiOnLoopback)
    plan.warnings.push(
      `the API is not on loopback (API_HOST), so the codec endpoint trusts no origin: the Web UI at ${ui} shows payloads encrypted (unless a proxy adds the token)`,
    );
  else if (env.AFTERGLOW_CODEC_TRUST_UI === undefined) plan.env.AFTERGLOW_CODEC_TRUST_UI = 'true';
  return plan;
}
