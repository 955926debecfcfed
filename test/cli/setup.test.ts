import { TestWorkflowEnvironment } from '@temporalio/testing';
import { devServer } from '../helpers/temporalBinaries';
import { runCli } from './runCli';

it('afterglow setup registers the search attributes on a cluster, and says so again without change', async () => {
  const env = await TestWorkflowEnvironment.createLocal({ server: devServer() });
  try {
    const address = env.connection.options.address;
    const first = await runCli(['setup'], { TEMPORAL_ADDRESS: address });
    expect(first.stderr).toBe('');
    expect(first.stdout).toContain(
      'registered CustomerId, StoreId, OrderIds, JourneyStage, NextMessageAt, LastOrderAt, MarketingStatus, JourneyVersions, EmailHash on namespace "default"',
    );
    const { customAttributes } = await env.connection.operatorService.listSearchAttributes({ namespace: 'default' });
    expect(Object.keys(customAttributes ?? {})).toEqual(
      expect.arrayContaining(['CustomerId', 'NextMessageAt', 'OrderIds']),
    );
    const again = await runCli(['setup'], { TEMPORAL_ADDRESS: address });
    expect(again.stdout).toContain('namespace "default" already has CustomerId');
  } finally {
    await env.teardown();
  }
});
