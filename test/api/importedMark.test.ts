import { STORE_HEADERS, testApp, validOrder } from './helpers';

/** Only `afterglow import orders` marks an order imported (rules/importedOrders.ts); a store's request cannot. */
it('POST /v1/orders drops an "imported" mark: the journey gets a live order', async () => {
  const { app, gateway } = await testApp();
  try {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/orders',
      payload: JSON.stringify({ ...validOrder(), imported: true }),
      headers: STORE_HEADERS,
    });
    expect(res.statusCode).toBe(202);
    expect(gateway.calls).toHaveLength(1);
    expect(gateway.calls[0]).toMatchObject({ method: 'placeOrder', order: { orderId: validOrder().orderId } });
    expect(gateway.calls[0]).not.toHaveProperty('order.imported');
  } finally {
    await app.close();
  }
});
