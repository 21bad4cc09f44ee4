// The HTTP layer sees the domain only through this type (a type-only import: nothing
// Node-specific is bundled into the app), so another composition root can serve it elsewhere.
export type { Services } from '../services';
