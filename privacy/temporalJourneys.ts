import { type Client, isGrpcServiceError, WorkflowNotFoundError } from '@temporalio/client';
import { quoted } from '../client/customerFinder';
import { withTemporalDeadline } from '../client/temporalUnavailable';
import type { CustomerState } from '../rules/journeyState';
import { customerWorkflowId, journeyState } from '../workflows/signals';

const GRPC_NOT_FOUND = 5;
const notFound = (err: unknown) =>
  err instanceof WorkflowNotFoundError || (isGrpcServiceError(err) && err.code.valueOf() === GRPC_NOT_FOUND);

/** Listing and deleting may page through many runs: more time than a single call's deadline. */
const LIST_DEADLINE_MS = 15_000;

/**
 * What erasure and export do with a customer's journey in Temporal. Every call runs under a deadline and throws
 * TemporalUnavailableError when Temporal does not answer, so the request is tried again later.
 */
export function temporalJourneys(client: Client) {
  const namespace = client.options.namespace;

  /** Every run of the workflow id: the continue-as-new chain back from the newest, and whatever visibility lists. */
  async function runsOf(workflowId: string): Promise<string[]> {
    const runs = new Set<string>();
    let runId: string | undefined;
    try {
      runId = (await withTemporalDeadline(client, () => client.workflow.getHandle(workflowId).describe())).runId;
    } catch (err) {
      if (!notFound(err)) throw err;
    }
    // Visibility may lag behind the newest runs; the chain, read from each run's first event, does not.
    while (runId && !runs.has(runId)) {
      runs.add(runId);
      const execution = { workflowId, runId };
      const { history } = await withTemporalDeadline(client, () =>
        client.workflowService.getWorkflowExecutionHistory({ namespace, execution, maximumPageSize: 1 }),
      );
      runId = history?.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
    }
    await withTemporalDeadline(
      client,
      async () => {
        for await (const execution of client.workflow.list({ query: `WorkflowId = ${quoted(workflowId)}` }))
          runs.add(execution.runId);
      },
      LIST_DEADLINE_MS,
    );
    return [...runs];
  }

  return {
    /** The customer's journey state as the workflow answers it (sealed fields sealed); undefined without a journey. */
    async state(storeId: string, customerId: string): Promise<CustomerState | undefined> {
      try {
        return await withTemporalDeadline(client, () =>
          client.workflow.getHandle(customerWorkflowId(storeId, customerId)).query(journeyState),
        );
      } catch (err) {
        if (notFound(err)) return undefined;
        throw err;
      }
    },

    /**
     * Ends the customer's journey and deletes every run of it, history and visibility record alike: the running run at
     * once (terminated by its deletion), closed runs (earlier runs of a continue-as-new chain) in the server's
     * background. Returns how many runs were deleted; 0 when there were none (already erased).
     */
    async erase(storeId: string, customerId: string): Promise<number> {
      const workflowId = customerWorkflowId(storeId, customerId);
      // The running run first: deleting it terminates it and removes it at once (a closed run's deletion is queued).
      const runs = await runsOf(workflowId);
      for (const runId of runs)
        try {
          await withTemporalDeadline(client, () =>
            client.workflowService.deleteWorkflowExecution({ namespace, workflowExecution: { workflowId, runId } }),
          );
        } catch (err) {
          if (!notFound(err)) throw err;
        }
      return runs.length;
    },

    /** The customers of a store Temporal knows of (by the StoreId search attribute). */
    async customersOf(storeId: string): Promise<string[]> {
      const prefix = customerWorkflowId(storeId, '');
      const customers = new Set<string>();
      await withTemporalDeadline(
        client,
        async () => {
          for await (const execution of client.workflow.list({
            query: `WorkflowType = "customerJourney" AND StoreId = ${quoted(storeId)}`,
          }))
            if (execution.workflowId.startsWith(prefix)) customers.add(execution.workflowId.slice(prefix.length));
        },
        LIST_DEADLINE_MS,
      );
      return [...customers];
    },
  };
}
export type TemporalJourneys = ReturnType<typeof temporalJourneys>;
