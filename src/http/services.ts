// The HTTP layer sees the domain only through this interface (a type-only import: nothing
// Node-specific is bundled into the app), so another composition root can serve it elsewhere.
export type { AppServices as Services } from '../app/app-services';
