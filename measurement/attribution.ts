/** A message the customer received or clicked before an order. */
export interface Touch {
  messageKey: string;
  journeyId: string;
  /** Absent for a click whose message's 'sent' fact is unknown. */
  journeyVersion?: string;
  stepId: string;
  at: number;
}

export interface Attribution {
  /** The last message a person clicked within the window (the report's main view). */
  byClick?: Touch;
  /** The last message received within the window (for comparison: it credits messages nobody clicked). */
  byReceipt?: Touch;
}

/** The last touch in [placedAt - window, placedAt]; ties go to the later message in the list. */
function lastWithin(touches: Touch[], placedAt: number, windowMs: number): Touch | undefined {
  let best: Touch | undefined;
  for (const touch of touches) {
    if (touch.at > placedAt || touch.at < placedAt - windowMs) continue;
    if (!best || touch.at >= best.at) best = touch;
  }
  return best;
}

/**
 * Which message an order is credited to: the last message the same customer clicked (machine clicks already left
 * out by the caller) within `windowMs` before the order, and separately the last message they received.
 */
export function attributeOrder(placedAt: number, clicks: Touch[], received: Touch[], windowMs: number): Attribution {
  const byClick = lastWithin(clicks, placedAt, windowMs);
  const byReceipt = lastWithin(received, placedAt, windowMs);
  return { ...(byClick && { byClick }), ...(byReceipt && { byReceipt }) };
}
