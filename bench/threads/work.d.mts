// The types of work.mjs, for the TypeScript in bench/ that imports it.
export declare const double: (j: number) => number;
export declare const SIDE: number;
export declare const PASSES: number;
export declare function blur(seed: number): number;
export declare const BYTES: number;
export declare function makeBuffer(j: number): Uint8Array<ArrayBuffer>;
export declare function mark(b: Uint8Array): Uint8Array;
export declare function markedIndex(b: Uint8Array): number;
