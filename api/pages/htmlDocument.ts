export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The shell every page the API serves shares: UTF-8, mobile viewport, not indexed by search engines, inline style. */
export function htmlDocument({
  lang,
  title,
  style,
  body,
}: {
  lang: string;
  title: string;
  style: string;
  body: string;
}): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${style}</style>
</head>
<body>
${body}
</body>
</html>
`;
}
