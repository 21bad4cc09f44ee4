// Worker threads start as plain Node: give them tsx's loader, then load the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
const worker = await import('./verify-worker.ts');
export default worker.default;
