import type Sharp from 'sharp';
import { lazily } from './lazily';

/**
 * sharp, loaded at its first use rather than with the module that uses it: loading it (libvips
 * and its checks) took a sixth of the server's start-up CPU, for images that are drawn or
 * checked only when someone signs or uploads one (bench/start-up.ts).
 */
export const loadSharp: () => Promise<typeof Sharp> = lazily(() => import('sharp').then((m) => m.default));
