// During the move to src/app: the embedded composition root and the HTTP contract live there.
export { createEmbeddedServices, type EmbeddedOptions, type EmbeddedServices } from './app/embedded';
export { openEmbeddedStorage, type EmbeddedStorage } from './app/embedded-storage';
export type { AppServices } from './app/app-services';
