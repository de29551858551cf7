import type { BuildOptions } from 'esbuild';

export declare const nodeBundleOptions: BuildOptions;
export declare const cliBundleOptions: BuildOptions & { entryPoints: Record<string, string> };
