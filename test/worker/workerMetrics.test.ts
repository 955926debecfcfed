import net from 'node:net';
import { Runtime } from '@temporalio/worker';
import { loadConfig } from '../../temporal.config';
import { exportWorkerMetrics } from '../../worker/prometheusRuntime';

/** WORKER_METRICS_ADDRESS: validated like the SDK will bind it, and the SDK then serves /metrics there. */
describe('WORKER_METRICS_ADDRESS', () => {
  it('takes an IPv4 or bracketed IPv6 address with a port, and refuses host names and bare addresses', () => {
    expect(loadConfig({ WORKER_METRICS_ADDRESS: '127.0.0.1:9464' }).WORKER_METRICS_ADDRESS).toBe('127.0.0.1:9464');
    expect(loadConfig({ WORKER_METRICS_ADDRESS: '[::1]:9464' }).WORKER_METRICS_ADDRESS).toBe('[::1]:9464');
    expect(loadConfig({}).WORKER_METRICS_ADDRESS).toBeUndefined();
    for (const bad of ['localhost:9464', '127.0.0.1', '::1:9464', '127.0.0.1:0', '127.0.0.1:70000'])
      expect(() => loadConfig({ WORKER_METRICS_ADDRESS: bad })).toThrow(
        /WORKER_METRICS_ADDRESS: must be an IP address and port/,
      );
  });

  it('has the SDK serve Prometheus metrics there, and names the variable when the port is taken', async () => {
    const port = await freePort();
    exportWorkerMetrics(`127.0.0.1:${port}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    } finally {
      await Runtime.instance().shutdown();
    }

    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const takenPort = (taken.address() as net.AddressInfo).port;
    try {
      expect(() => exportWorkerMetrics(`127.0.0.1:${takenPort}`)).toThrow(
        new RegExp(`^WORKER_METRICS_ADDRESS=127.0.0.1:${takenPort}: .*in use`),
      );
    } finally {
      taken.close();
    }
  });
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
