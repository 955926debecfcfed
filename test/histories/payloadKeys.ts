import { dataConverterFor } from '../../codec/dataConverter';
import { parsePayloadKeys } from '../../codec/keyRing';

/**
 * The payload keys the saved histories were encrypted with, as `AFTERGLOW_PAYLOAD_KEYS` text. Test-only keys that
 * protect nothing (the recorded customers are made up); they sit in the repository because a history can only be
 * replayed with the key that wrote it. Put a new key first if you ever need one, and keep the old ones after it.
 */
export const HISTORY_PAYLOAD_KEYS = 'histories-2026-12:DWIkQrROyCgNdaUcj0Sfl2SRU+C+aHV6sIjdYqQsNnE=';

/** The data converter production runs with encryption on (codec/dataConverter.ts), over these keys. */
export const historyDataConverter = () => dataConverterFor(parsePayloadKeys(HISTORY_PAYLOAD_KEYS))!;
