import fs from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import type { SimulationResult } from './runSimulation';
import type { TimelineRow } from './timeline';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Writes every simulated email as HTML and an index page of the timeline linking to them; returns the index path. */
export function writeTimelineHtml(dir: string, result: SimulationResult, rows: TimelineRow[]): string {
  fs.mkdirSync(dir, { recursive: true });
  const files = new Map<string, string>();
  result.mails.forEach((mail, i) => {
    const step = mail.headers['X-Afterglow-Step'] ?? 'message';
    const name = `${String(i + 1).padStart(2, '0')}-${step}.html`;
    fs.writeFileSync(path.join(dir, name), mail.html);
    files.set(mail.subject, name);
  });
  const when = (ms: number | undefined, zone: string) =>
    ms === undefined ? 'not scheduled' : DateTime.fromMillis(ms, { zone }).toFormat('yyyy-MM-dd HH:mm');
  const body = rows
    .map((r) => {
      const file = r.subject ? files.get(r.subject) : undefined;
      const what = file ? `<a href="${escape(file)}">${escape(r.subject!)}</a>` : escape(r.note);
      return `<tr class="${escape(r.status)}"><td>${when(r.at, result.zone)}</td><td>${when(r.at, 'UTC')}</td><td>${escape(r.orderId)}</td><td>${escape(r.stepId)} ${escape(r.item)}</td><td>${escape(r.status)}</td><td>${what}</td></tr>`;
    })
    .join('\n');
  const index = path.join(dir, 'index.html');
  fs.writeFileSync(
    index,
    `<!doctype html><meta charset="utf-8"><title>Simulated journey</title>
<style>body{font-family:system-ui,sans-serif;margin:2em}td,th{padding:4px 10px;text-align:left;border-bottom:1px solid #ddd}tr.skipped,tr.cancelled{color:#888}</style>
<h1>Simulated journey</h1><table><tr><th>local (${escape(result.zone)})</th><th>UTC</th><th>order</th><th>step</th><th>status</th><th>subject / reason</th></tr>
${body}</table>`,
  );
  return index;
}
