import { mutationConfig } from './shared.mjs';

/** The journey's rules: pure functions the workflow decides with. Below 85% the run fails. */
export default mutationConfig({ area: 'rules', mutate: ['rules/**/*.ts'], breakAt: 85 });
