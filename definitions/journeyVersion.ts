import { createHash } from 'node:crypto';
import path from 'node:path';
import type { JourneyDefinition } from './journeySchema';
import { folderHash } from './folderHash';

/** Key-sorted JSON, so that formatting and key order in the YAML file never change a version. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/**
 * A journey's version: derived from its parsed content, so comments and whitespace do not make a new one; with
 * `templates` (name -> hash of its files) the templates it sends are part of it, so a template edit is a new
 * version too, which running customers do not get unless migrated.
 */
export function journeyVersion(definition: unknown, templates?: Record<string, string>): string {
  return createHash('sha256')
    .update(canonicalJson(templates ? { definition, templates } : definition))
    .digest('hex')
    .slice(0, 12);
}

/** Per template the journey's steps name, a hash of every file its rendering can read: its folder, layouts, partials. */
export function templateHashes(contentDir: string, definition: JourneyDefinition): Record<string, string> {
  const templatesDir = path.join(contentDir, 'templates');
  const shared = folderHash(templatesDir, ['layouts', 'partials']);
  const names = new Set(definition.steps.flatMap((step) => ('template' in step ? [step.template] : [])));
  return Object.fromEntries(
    [...names].map((name) => [name, `${shared}:${folderHash(templatesDir, [path.join('messages', name)])}`]),
  );
}
