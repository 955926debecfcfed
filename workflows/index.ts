export { customerJourney } from './customerJourney';
