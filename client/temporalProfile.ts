import fs from 'node:fs';
import { type ClientConfigProfile, loadClientConfigProfile } from '@temporalio/envconfig';

/** How to reach Temporal, resolved: the address and namespace always known. */
export type TemporalProfile = ClientConfigProfile & { address: string; namespace: string };

/**
 * Afterglow's earlier names for three of Temporal's standard variables, still read. When both names are set, the
 * standard one wins: it is the name Temporal's CLI and SDKs share.
 */
const ALIASES = {
  TEMPORAL_TLS_CERT_PATH: 'TEMPORAL_TLS_CLIENT_CERT_PATH',
  TEMPORAL_TLS_KEY_PATH: 'TEMPORAL_TLS_CLIENT_KEY_PATH',
  TEMPORAL_TLS_CA_PATH: 'TEMPORAL_TLS_SERVER_CA_CERT_PATH',
} as const;

const DEFAULTS = { address: 'localhost:7233', namespace: 'default' };

/**
 * The Temporal connection as Temporal's own tools resolve it (@temporalio/envconfig): the TOML profile
 * (TEMPORAL_CONFIG_FILE, else ~/.config/temporalio/temporal.toml; TEMPORAL_PROFILE, else "default"), overridden
 * by the standard variables (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS,
 * TEMPORAL_TLS_CLIENT_CERT_PATH, …) and by the aliases above. The local dev server's address and the "default"
 * namespace only fill in what none of them sets.
 */
export function temporalProfile(env: NodeJS.ProcessEnv): TemporalProfile {
  const vars: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined) vars[name] = value;
  for (const [alias, standard] of Object.entries(ALIASES))
    if (vars[standard] === undefined && vars[alias]) vars[standard] = vars[alias];
  // The SDK passes over a missing file silently, which suits the default path, not one the operator named.
  if (vars.TEMPORAL_CONFIG_FILE && !fs.existsSync(vars.TEMPORAL_CONFIG_FILE))
    throw new Error(`TEMPORAL_CONFIG_FILE: no such file: ${vars.TEMPORAL_CONFIG_FILE}`);
  const profile = loadClientConfigProfile({ overrideEnvVars: vars });
  const tls = profile.tls;
  if (tls?.disabled && (tls.clientCert || tls.clientKey || tls.serverCACert))
    throw new Error(
      'TEMPORAL_TLS=false (or tls.disabled in the profile) contradicts the TLS certificate files: unset one',
    );
  return {
    ...profile,
    address: profile.address ?? DEFAULTS.address,
    namespace: profile.namespace ?? DEFAULTS.namespace,
  };
}
