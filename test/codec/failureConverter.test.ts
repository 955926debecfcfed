import { ApplicationFailure, ensureTemporalFailure } from '@temporalio/common';
import { defaultPayloadConverter } from '@temporalio/common';
import { failureConverter } from '../../codec/failureConverter';
import { SupportActionRejected } from '../../rules/supportActions';

describe('failureConverter', () => {
  it("leaves support's refusals readable (no stack), as the update dialog shows them", () => {
    // The SDK hands a validator's error over as an ApplicationFailure typed with the error's class name.
    const failure = failureConverter.errorToFailure(
      ensureTemporalFailure(new SupportActionRejected('the journey is not paused')),
      defaultPayloadConverter,
    );
    expect(failure).toMatchObject({ message: 'the journey is not paused', stackTrace: '' });
    expect(failure.encodedAttributes).toBeFalsy();
  });

  it('encodes every other failure: a bounce may quote the address', () => {
    const failure = failureConverter.errorToFailure(
      ApplicationFailure.nonRetryable('550 <ada@example.com>: no such user', 'ResendFailed'),
      defaultPayloadConverter,
    );
    expect(failure.message).toBe('Encoded failure');
    expect(JSON.stringify(failure)).not.toContain('ada@example.com');
  });
});
