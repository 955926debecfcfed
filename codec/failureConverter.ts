import {
  ApplicationFailure,
  DefaultFailureConverter,
  type PayloadConverter,
  type ProtoFailure,
} from '@temporalio/common';

/** The SDK hands a validator's error over as an ApplicationFailure whose type is the error's class name. */
const isRefusal = (err: unknown) =>
  err instanceof ApplicationFailure
    ? err.type === 'SupportActionRejected'
    : err instanceof Error && err.name === 'SupportActionRejected';

/**
 * Loaded by path (`DataConverter.failureConverterPath`) in the client, the worker and the workflow sandbox, so
 * this file imports nothing but @temporalio/common. Error messages and stack traces go into a payload (and so
 * through the encryption codec) instead of the history in clear: a bounce such as "550 <ada@example.com>: no such
 * user" is personal data too. The Web UI decodes them through the codec endpoint like any other payload.
 *
 * One exception: support's refusals (rules/supportActions.ts `SupportActionRejected`, thrown by update validators)
 * are written to hold ids and times only, and the Web UI's update dialog never decodes a failure, so they go in
 * clear, without a stack: support reads "the journey is not paused" instead of "Encoded failure". Validator
 * refusals are not written to the history.
 */
class AfterglowFailureConverter extends DefaultFailureConverter {
  private readonly readable = new DefaultFailureConverter();

  override errorToFailure(err: unknown, payloadConverter: PayloadConverter): ProtoFailure {
    if (!isRefusal(err)) return super.errorToFailure(err, payloadConverter);
    return { ...this.readable.errorToFailure(err, payloadConverter), stackTrace: '' };
  }
}

export const failureConverter = new AfterglowFailureConverter({ encodeCommonAttributes: true });
