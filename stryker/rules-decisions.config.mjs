import { rulesPart } from './rulesParts.mjs';

/** The journey's rules, part "decisions" (stryker/rulesParts.mjs lists its files). Below 85% the run fails. */
export default rulesPart('decisions');
