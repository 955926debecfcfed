/** A field and what is wrong with it; never the value, which may be personal data or a secret. */
export interface FieldIssue {
  path: string;
  message: string;
}

/** A zod error, or what a workflow's schema-like validator reports: its issues' paths and messages are all we read. */
interface Issues {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}

/** Where an issue is, dotted (`lineItems.0.sku`); `whole` names the value itself, for an issue without a path. */
export function issuePath(path: readonly PropertyKey[], whole: string): string {
  return path.map(String).join('.') || whole;
}

/** Every issue of a zod error as a field path and its message; `under` is where the parsed value sits. */
export function fieldIssues(error: Issues, whole: string, under: readonly PropertyKey[] = []): FieldIssue[] {
  return error.issues.map((i) => ({ path: issuePath([...under, ...i.path], whole), message: i.message }));
}

/** Every issue of a zod error as a `path: message` line. */
export function issueLines(error: Issues, whole: string): string[] {
  return fieldIssues(error, whole).map(({ path, message }) => `${path}: ${message}`);
}
