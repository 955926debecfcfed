import { mutationConfig } from './shared.mjs';

/**
 * The security code: signed links, Shopify webhooks, the admin token, escaping in rendered email (the Handlebars
 * compile options and the one-line subject), the exactly-once send ledger. Below 90% the run fails.
 */
export default mutationConfig({
  area: 'security',
  mutate: [
    'links/**/*.ts',
    'api/shopify/**/*.ts',
    'api/adminAuth.ts',
    'rendering/compiledTemplates.ts',
    'rendering/renderMessage.ts',
    'storage/sendLedger.ts',
  ],
  breakAt: 90,
});
