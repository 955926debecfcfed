import { DefaultFailureConverter } from '@temporalio/common';

/**
 * Loaded by path (`DataConverter.failureConverterPath`) in the client, the worker and the workflow sandbox, so
 * this file imports nothing but @temporalio/common. Error messages and stack traces go into a payload (and so
 * through the encryption codec) instead of the history in clear: a bounce such as "550 <ada@example.com>: no such
 * user" is personal data too. The Web UI decodes them through the codec endpoint like any other payload.
 */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
