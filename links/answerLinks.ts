/** `{publicUrl}/a/{token}`: the page where a customer confirms an answer (api/routes/answers.ts). */
export function answerLinkUrl(publicUrl: string, token: string): string {
  const base = new URL(publicUrl);
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  base.search = '';
  base.hash = '';
  return new URL(`a/${token}`, base).href;
}
