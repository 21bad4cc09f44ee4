// Types of build-check.mjs (plain JavaScript: bin/taicho.mjs imports it before anything is built).
export declare const ROOT: string;
export declare const DIST: string;
export declare const MANIFEST: string;
export declare function staleReason(root?: string): string | undefined;
