import fs from 'node:fs';
import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { z } from 'zod';
import { schemaProblems } from './schemaProblems';

/** A content file that does not parse or validate; the message has one `file:line:col: path: problem` per line. */
export class DefinitionError extends Error {
  override name = 'DefinitionError';
}

type Path = readonly PropertyKey[];

/** Reads `file` as YAML and validates it with `schema`; every problem is reported at its line in the file. */
export function loadYaml<S extends z.ZodType>(file: string, schema: S): z.output<S> {
  return parseYaml(fs.readFileSync(file, 'utf8'), file, schema);
}

/** `loadYaml` for text already in memory; `file` only names it in messages. */
export function parseYaml<S extends z.ZodType>(text: string, file: string, schema: S): z.output<S> {
  const lineCounter = new LineCounter();
  // prettyErrors off: the raw message without the source excerpt, positioned by our own line counter.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return `${file}:${Math.max(line, 1)}:${col}`;
  };
  if (doc.errors.length) throw new DefinitionError(doc.errors.map((e) => `${at(e.pos[0])}: ${e.message}`).join('\n'));

  const data: unknown = doc.toJS();
  const result = schema.safeParse(data, { reportInput: true });
  if (result.success) return result.data;
  const problems = schemaProblems(result.error).map(
    ({ path, atKey, message }) => `${at(offsetOf(doc, path, atKey))}: ${displayPath(data, path)}: ${message}`,
  );
  throw new DefinitionError(problems.join('\n'));
}

/** `steps[cross-sell].category`: list items that have an id (or a SKU) are named by it, others by their index. */
export function displayPath(data: unknown, path: Path): string {
  if (path.length === 0) return '(root)';
  let node = data;
  let text = '';
  for (const segment of path) {
    const item =
      Array.isArray(node) && typeof segment === 'number'
        ? (node[segment] as Record<string, unknown> | undefined)
        : undefined;
    const name = item && typeof item === 'object' ? (item.id ?? item.sku) : undefined;
    text += typeof name === 'string' && name ? `[${name}]` : `${text ? '.' : ''}${String(segment)}`;
    node = node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[segment] : undefined;
  }
  return text;
}

/**
 * Start offset of the node at `path`, or of the deepest node that exists on the way (a missing key is reported at
 * the map that lacks it). A map entry points at its value when that is a scalar (or at its key when `atKey`).
 */
function offsetOf(doc: Document, path: Path, atKey: boolean): number {
  let node: unknown = doc.contents;
  let offset = (node as Node | null)?.range?.[0] ?? 0;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      const key = pair.key as Node;
      node = pair.value;
      offset = (isScalar(node) && !atKey ? node.range?.[0] : undefined) ?? key.range?.[0] ?? offset;
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment]) {
      node = node.items[segment];
      offset = (node as Node).range?.[0] ?? offset;
    } else break;
  }
  return offset;
}
