/**
 * The API's view of journeys. The contract lives with its Temporal implementation (client/journeyGateway.ts) and is
 * re-exported here rather than redeclared: a second JourneyNotFoundError class would make `instanceof` miss the
 * errors the real gateway throws, turning "no journey" 404s into 500s.
 */
export type { JourneyGateway } from '../client/journeyGateway';
export { JourneyNotFoundError } from '../client/journeyGateway';
