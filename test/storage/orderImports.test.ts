import { orderImportStore } from '../../storage/orderImports';
import { dialects, storageFor } from './backends';

const NOW = Date.parse('2026-03-05T12:00:00.000Z');

describe.each(dialects)('order imports on %s', (dialect) => {
  const stores = storageFor(dialect);

  it('remembers imported orders per store, survives a reopen, and a second mark changes nothing', async () => {
    const at = await stores.location();
    const first = await stores.open(at);
    const imports = orderImportStore(first.db);
    await imports.markImported('shop-a', '1001', NOW);
    await imports.markImported('shop-a', '1001', NOW + 1_000);
    await imports.markImported('shop-b', '1002', NOW);
    await first.close();

    // A new process (the rerun after a kill) finds what the first one did.
    const second = await stores.open(at);
    const again = orderImportStore(second.db);
    expect([...(await again.importedAmong('shop-a', ['1001', '1002', '1003']))]).toEqual(['1001']);
    expect([...(await again.importedAmong('shop-b', ['1001', '1002']))]).toEqual(['1002']);
    const rows = await second.db.selectFrom('order_imports').selectAll().where('store_id', '=', 'shop-a').execute();
    expect(rows.map((r) => [r.order_id, Number(r.imported_ms)])).toEqual([['1001', NOW]]);
  });

  it('answers for more ids than one query takes (chunked)', async () => {
    const { db } = await stores.open();
    const imports = orderImportStore(db);
    const ids = Array.from({ length: 1_203 }, (_, i) => `o-${i}`);
    for (const id of ids.filter((_, i) => i % 3 === 0)) await imports.markImported('shop', id, NOW);
    const found = await imports.importedAmong('shop', ids);
    expect(found.size).toBe(401);
    expect(found.has('o-1200')).toBe(true);
    expect(found.has('o-1201')).toBe(false);
  });
});
