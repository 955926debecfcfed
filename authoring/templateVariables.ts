import { z } from 'zod';
import { handlebars } from '../rendering/helpers';
import { messageContextFor } from '../rendering/messageContext';

/** Which compiled part a source becomes: only the HTML part is rendered with @subject and @preheader. */
export type TemplatePart = 'html' | 'text' | 'subject' | 'preheader';

export interface ExpressionIssue {
  /** 1-based line in the checked source. */
  line: number;
  message: string;
  /** The source does not parse, so nothing else in it was checked. */
  syntax?: true;
}

/** Something a template can reach: its type in MessageContext ('unknown' past `lookup`) and its name for messages. */
interface Value {
  type: z.ZodType | 'unknown';
  name: string;
}

interface Scope {
  /** `this` of each enclosing #each / #with, innermost first: what ../ climbs (#if keeps the context, as in Handlebars 4). */
  contexts: Value[];
  blockParams: ReadonlyMap<string, Value>;
  /** @-variables of each #each frame, innermost first (inner frames inherit outer ones): what @../ climbs. */
  data: ReadonlyMap<string, Value>[];
  /** Names of nullable values an enclosing #if or #with has checked. */
  checked: ReadonlySet<string>;
}

type Node = hbs.AST.Node;
type Call = hbs.AST.MustacheStatement | hbs.AST.SubExpression | hbs.AST.BlockStatement;

const UNKNOWN: Value = { type: 'unknown', name: '' };
const HELPERS = Object.keys(handlebars.helpers).filter((name) => !name.endsWith('Missing'));

/**
 * Every variable a Handlebars source uses, checked against the MessageContext schema rather than one sample context,
 * so a branch the sample would not take is checked too. Follows Handlebars' own scoping: #each and #with change
 * `this` (and ../), block params and @index/@key/@first/@last come from #each, @root is the context everywhere.
 * Templates render in strict mode, so also reported: a nullable object used past an unchecked null (that throws),
 * an object or list written out as text, {{{ }}} (unescaped), unknown helpers and partials not on a line of their own.
 */
export function checkExpressions(
  source: string,
  part: TemplatePart,
  productFields: readonly string[] = [],
): ExpressionIssue[] {
  let program: hbs.AST.Program;
  try {
    program = handlebars.parse(source);
  } catch (err) {
    return [syntaxIssue(err as Error & { lineNumber?: number })];
  }
  const root: Value = { type: messageContextFor(productFields), name: '' };
  const data = new Map([['root', root]]);
  if (part === 'html')
    for (const name of ['subject', 'preheader']) data.set(name, { type: z.string(), name: `@${name}` });
  const walker = new Walker();
  walker.program(program, { contexts: [root], blockParams: new Map(), data: [data], checked: new Set() });
  return walker.issues;
}

class Walker {
  readonly issues: ExpressionIssue[] = [];

  program(program: hbs.AST.Program | undefined, scope: Scope): void {
    for (const node of program?.body ?? []) this.statement(node, scope);
  }

  private statement(node: Node, scope: Scope): void {
    if (node.type === 'ContentStatement' || node.type === 'CommentStatement') return;
    if (node.type === 'BlockStatement') return this.block(node as hbs.AST.BlockStatement, scope);
    if (node.type === 'MustacheStatement') {
      const mustache = node as hbs.AST.MustacheStatement;
      const written = this.call(mustache, scope);
      if (!mustache.escaped)
        this.report(
          node,
          `{{{ }}} writes ${source(mustache.path)} unescaped: use {{ }} so customer text stays escaped`,
        );
      const { inner } = unwrap(written.type);
      if (inner instanceof z.ZodObject || inner instanceof z.ZodArray)
        this.report(
          node,
          `${source(mustache.path)} is ${kind(inner)}, not text: write one of its fields${inner instanceof z.ZodArray ? ' inside {{#each}}' : ''}`,
        );
      return;
    }
    if (node.type === 'PartialStatement')
      return this.report(
        node,
        `{{> ${source((node as hbs.AST.PartialStatement).name)}}} is only included when it stands alone on its line`,
      );
    this.report(node, `${node.type} is not supported in templates`);
  }

  /** A mustache or subexpression: a helper call (its arguments checked) or a variable. */
  private call(node: Call, scope: Scope): Value {
    node.params.forEach((p) => this.expression(p, scope));
    node.hash?.pairs.forEach((p) => this.expression(p.value, scope));
    if (this.helper(node.path, scope)) return UNKNOWN;
    if (node.params.length || node.hash) {
      this.report(node, `unknown helper "${source(node.path)}" (helpers: ${HELPERS.join(', ')})`);
      return UNKNOWN;
    }
    return this.expression(node.path, scope);
  }

  private block(node: hbs.AST.BlockStatement, scope: Scope): void {
    const helper = this.helper(node.path, scope);
    const called = this.call(node, scope); // checks a helper's arguments, or resolves a section's variable
    const first = node.params[0];
    // Already checked (and reported) by call(): only looked up again to know what the block is about.
    const target = !helper ? called : first?.type === 'PathExpression' ? this.expression(first, scope, false) : UNKNOWN;
    const { inner } = unwrap(target.type);
    // Without a helper, {{#x}} is a Mustache section: a list iterates, true/false decides, anything else is a context.
    const as = helper ?? (inner instanceof z.ZodArray ? 'each' : inner instanceof z.ZodBoolean ? 'if' : 'with');
    const checked = { ...scope, checked: new Set([...scope.checked, target.name]) };
    if (as === 'each') this.program(node.program, this.eachScope(node, target, scope));
    else if (as === 'with')
      this.program(node.program, this.enter(node.program, { type: inner, name: target.name }, checked, []));
    else this.program(node.program, as === 'if' ? checked : scope);
    this.program(node.inverse, as === 'unless' ? checked : scope);
  }

  private eachScope(node: hbs.AST.BlockStatement, list: Value, scope: Scope): Scope {
    const { inner } = unwrap(list.type);
    const isList = inner instanceof z.ZodArray;
    if (!isList && inner !== 'unknown' && !(inner instanceof z.ZodObject))
      this.report(node, `{{#each}} needs a list, but ${label(list)} is ${kind(inner)}`);
    const item: Value = isList
      ? { type: inner.element as z.ZodType, name: `${list.name}[]` }
      : { ...UNKNOWN, name: `${list.name}[]` };
    const key: Value = { type: isList ? z.number() : z.string(), name: '@key' };
    const frame = new Map([
      ...scope.data[0],
      ['index', { type: z.number(), name: '@index' }],
      ['key', key],
      ['first', { type: z.boolean(), name: '@first' }],
      ['last', { type: z.boolean(), name: '@last' }],
    ]);
    return this.enter(node.program, item, { ...scope, data: [frame, ...scope.data] }, [key]);
  }

  /** The scope inside a block that changes `this` to `context`: its block params name the context, then `extra`. */
  private enter(program: hbs.AST.Program | undefined, context: Value, scope: Scope, extra: Value[]): Scope {
    const params = new Map(scope.blockParams);
    (program?.blockParams ?? []).forEach((name, i) => params.set(name, [context, ...extra][i] ?? UNKNOWN));
    return { ...scope, contexts: [context, ...scope.contexts], blockParams: params };
  }

  /** A helper's name when `path` calls one (a block param of the same name shadows it, as in Handlebars). */
  private helper(path: hbs.AST.PathExpression | hbs.AST.Literal, scope: Scope): string | undefined {
    if (path.type !== 'PathExpression') return undefined;
    const { data, depth, parts } = path as hbs.AST.PathExpression;
    if (
      data ||
      depth ||
      parts.length !== 1 ||
      scoped(path as hbs.AST.PathExpression) ||
      scope.blockParams.has(parts[0])
    )
      return undefined;
    return Object.hasOwn(handlebars.helpers, parts[0]) ? parts[0] : undefined;
  }

  private expression(node: Node, scope: Scope, report = true): Value {
    if (node.type === 'SubExpression') return this.call(node as hbs.AST.SubExpression, scope);
    if (node.type !== 'PathExpression') return UNKNOWN; // a literal
    const path = node as hbs.AST.PathExpression;
    const resolved = resolve(path, scope);
    if (typeof resolved !== 'string') return resolved;
    if (report) this.report(node, `${path.original}: ${resolved}`);
    return UNKNOWN;
  }

  private report(node: Node, message: string): void {
    this.issues.push({ line: node.loc.start.line, message });
  }
}

/** The value a path names, or why the context has none. */
function resolve(path: hbs.AST.PathExpression, scope: Scope): Value | string {
  if (path.data) {
    const [head, ...rest] = path.parts;
    const frame = scope.data[path.depth];
    const start = frame?.get(head);
    if (!start)
      return `there is no @${head} here (available: ${[...(frame ?? scope.data[0]).keys()].map((k) => `@${k}`).join(', ')})`;
    return walk(start, rest, scope, path.original);
  }
  const param = path.depth === 0 && !scoped(path) ? scope.blockParams.get(path.parts[0]) : undefined;
  if (param) return walk(param, path.parts.slice(1), scope, path.original);
  const context = scope.contexts[path.depth];
  if (!context) return '../ climbs above the message context';
  return walk(context, path.parts, scope, path.original);
}

function walk(start: Value, parts: string[], scope: Scope, original: string): Value | string {
  let value = start;
  for (const [i, part] of parts.entries()) {
    if (value.type === 'unknown') return value;
    const { inner, nullable } = unwrap(value.type);
    if (nullable && !scope.checked.has(value.name)) {
      const guard =
        original
          .split('.')
          .slice(0, i - parts.length)
          .join('.') || 'this';
      return `${label(value)} can be null: use it inside {{#if ${guard}}}`;
    }
    if (inner instanceof z.ZodObject && Object.hasOwn(inner.shape, part))
      value = { type: inner.shape[part] as z.ZodType, name: join(value.name, part) };
    else if (inner instanceof z.ZodObject)
      return `${label(value)} has no "${part}" (it has ${Object.keys(inner.shape).join(', ') || 'none'})`;
    else if (inner instanceof z.ZodArray && part === 'length')
      value = { type: z.number(), name: join(value.name, part) };
    else if (inner instanceof z.ZodArray && /^\d+$/.test(part))
      value = { type: inner.element as z.ZodType, name: `${value.name}[]` };
    else return `${label(value)} is ${kind(inner)}, it has no "${part}"`;
  }
  return value;
}

function unwrap(type: Value['type']): { inner: Value['type']; nullable: boolean } {
  let inner = type;
  let nullable = false;
  while (inner instanceof z.ZodNullable || inner instanceof z.ZodOptional) {
    inner = inner.unwrap() as z.ZodType;
    nullable = true;
  }
  return { inner, nullable };
}

/** this, this.x, ./x and ../x never name a block param or a helper. */
function scoped(path: hbs.AST.PathExpression): boolean {
  return /^\.|this\b/.test(path.original);
}

function join(parent: string, part: string): string {
  return parent ? `${parent}.${part}` : part;
}

function label(value: Value): string {
  if (!value.name) return 'the message context';
  return value.name.endsWith('[]') ? `each item of ${value.name.slice(0, -2)}` : value.name;
}

function kind(type: Value['type']): string {
  if (type instanceof z.ZodArray) return 'a list';
  if (type instanceof z.ZodObject) return 'an object';
  if (type instanceof z.ZodNumber) return 'a number';
  if (type instanceof z.ZodBoolean) return 'true or false';
  return 'text';
}

function source(node: Node): string {
  return node.type === 'PathExpression'
    ? (node as hbs.AST.PathExpression).original
    : String((node as hbs.AST.StringLiteral).value ?? node.type);
}

function syntaxIssue(err: Error & { lineNumber?: number }): ExpressionIssue {
  const lines = err.message.split('\n');
  const line = err.lineNumber ?? Number(/on line (\d+)/.exec(lines[0])?.[1] ?? 1);
  // Parser errors are "Parse error on line N:", the text, a caret, "Expecting …, got 'X'" (the list of tokens only
  // helps grammar authors); block mismatches are "if doesn't match each - 3:4".
  const got = /got '(\w+)'$/.exec(lines[3] ?? '')?.[1];
  const reason = got === 'EOF' ? 'the template ends inside a block (a {{/…}} is missing)' : `unexpected ${got}`;
  const detail = got ? ` near "${lines[1].trim()}": ${reason}` : `: ${lines[0].replace(/ - \d+:\d+$/, '')}`;
  return { line, message: `Handlebars syntax error${detail}`, syntax: true };
}
